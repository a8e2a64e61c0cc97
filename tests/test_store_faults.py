"""An unusable knowledge-store directory: a clear message naming it, exit code 1, no traceback.

Exit code 1 (not 2): the store is part of the environment, not of the user's input; the same code
as a damaged store. Covers ``fahrplan run`` and ``fahrplan kb build``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import fahrplan.knowledge.store as store_module
from fahrplan.cli.main import main

REPO = Path(__file__).resolve().parents[1]
# root ignores file permissions; without these capabilities it does not (util-linux setpriv)
NO_DAC = ["--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]


def commands(kb: Path, profile: Path, out: Path) -> list[list[str]]:
    """The two commands that open the store."""
    return [
        ["run", str(profile), "-o", str(out), "--kb-dir", str(kb), "--quiet", "--no-checkpoint"],
        ["kb", "build", "--kb-dir", str(kb)],
    ]


def assert_clear_failure(code: int, out: str, err: str, *expected: str) -> None:
    assert code == 1, err
    assert "Traceback" not in out + err
    for text in expected:
        assert text in err, err


@pytest.fixture()
def locked_copy(kb_dir: Path, store: Any, tmp_path: Path) -> Iterator[Path]:
    """A copy of the session's store whose database another process holds an exclusive lock on."""
    copy = tmp_path / "kb-locked"
    shutil.copytree(kb_dir, copy)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "conn.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n",
            str(copy / "chroma.sqlite3"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield copy
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_file_where_the_directory_should_be(
    tmp_path: Path, example_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "kb"
    blocker.write_text("not a directory", encoding="utf-8")
    for kb in (blocker, blocker / "nested"):
        for args in commands(kb, example_path("modehaus-nord"), tmp_path / "out"):
            code = main(args)
            out, err = capsys.readouterr()
            assert_clear_failure(code, out, err, str(kb), f"{blocker} is a file, not a directory")
    assert blocker.read_text(encoding="utf-8") == "not a directory" and not (tmp_path / "out").exists()


def test_a_store_locked_by_another_process(
    locked_copy: Path,
    tmp_path: Path,
    example_path: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store_module, "LOCK_WAIT_S", 0.3)  # Chroma itself would wait for ever
    for args in commands(locked_copy, example_path("modehaus-nord"), tmp_path / "out"):
        code = main(args)
        out, err = capsys.readouterr()
        assert_clear_failure(code, out, err, str(locked_copy), "locked by another process")
    assert not (tmp_path / "out").exists()


def test_the_lock_probe_leaves_a_free_store_usable(kb_dir: Path, store: Any, tmp_path: Path) -> None:
    copy = tmp_path / "kb-free"
    shutil.copytree(kb_dir, copy)
    store_module._check_directory(copy)
    reopened = store_module.KnowledgeStore.open(store.catalog, copy)
    assert reopened.size == store.size


def _no_dac_works(probe_dir: Path) -> bool:
    if shutil.which("setpriv") is None:
        return False
    probe = subprocess.run(
        ["setpriv", *NO_DAC, sys.executable, "-c", f"open({str(probe_dir / 'x')!r}, 'w')"],
        capture_output=True,
        check=False,
    )
    return probe.returncode != 0


@pytest.mark.parametrize("existing", [False, True], ids=["fresh-build", "existing-store"])
def test_a_read_only_directory(existing: bool, kb_dir: Path, store: Any, tmp_path: Path, example_path: Any) -> None:
    kb = tmp_path / "kb-ro"
    if existing:
        shutil.copytree(kb_dir, kb)
    else:
        kb.mkdir()
    for path in [kb, *kb.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    if not _no_dac_works(kb):
        pytest.skip("cannot drop root's permission override here (needs setpriv)")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for args in commands(kb, example_path("modehaus-nord"), tmp_path / "out"):
        result = subprocess.run(
            ["setpriv", *NO_DAC, sys.executable, "-m", "fahrplan", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=env,
            timeout=300,
            check=False,
        )
        assert_clear_failure(result.returncode, result.stdout, result.stderr, str(kb), "is not writable")
