"""The command line: outputs, exit codes, no clobbering, clear messages without tracebacks."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from fahrplan.cli import gc_policy
from fahrplan.cli.main import main


@pytest.fixture()
def cli(kb_dir: Path, store: Any, capsys: pytest.CaptureFixture[str]) -> Any:
    """Run the CLI against the session's knowledge store; return (code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--kb-dir", str(kb_dir)] if args and args[0] == "run" else list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_run_writes_markdown_and_json_and_prints_location(cli: Any, tmp_path: Path, example_path: Any) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = cli("run", str(example_path("frischmarkt-sued")), "-o", str(out))
    assert code == 0, stderr
    assert str(out / "roadmap.md") in stdout and str(out / "roadmap.json") in stdout
    data = json.loads((out / "roadmap.json").read_text(encoding="utf-8"))
    assert data["schema_version"].startswith("1.") and len(data["modules"]) == 6
    assert (out / "roadmap.md").read_text(encoding="utf-8").startswith("# KI-Roadmap für Frischmarkt Süd eG")
    assert not list(out.glob(".*.tmp"))


def test_existing_output_is_not_overwritten_without_force(cli: Any, tmp_path: Path, example_path: Any) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "roadmap.md").write_text("meine Notizen", encoding="utf-8")
    code, _, stderr = cli("run", str(example_path("modehaus-nord")), "-o", str(out))
    assert code == 2 and "--force" in stderr and "roadmap.md" in stderr
    assert (out / "roadmap.md").read_text(encoding="utf-8") == "meine Notizen"
    assert not (out / "roadmap.json").exists()
    code, _, _ = cli("run", str(example_path("modehaus-nord")), "-o", str(out), "--force", "--quiet")
    assert code == 0 and "Modehaus Nord" in (out / "roadmap.md").read_text(encoding="utf-8")


def test_bad_profile_exit_2_without_traceback(cli: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("company: {name: X}\n", encoding="utf-8")
    code, stdout, stderr = cli("run", str(bad), "-o", str(tmp_path / "o"))
    assert code == 2
    assert "company.sector" in stderr and "Traceback" not in stderr + stdout
    assert not (tmp_path / "o").exists()


def test_format_selection_and_bad_format(cli: Any, tmp_path: Path, example_path: Any) -> None:
    code, _, _ = cli(
        "run", str(example_path("modehaus-nord")), "-o", str(tmp_path / "j"), "--format", "json", "--quiet"
    )
    assert code == 0 and (tmp_path / "j" / "roadmap.json").exists() and not (tmp_path / "j" / "roadmap.md").exists()
    code, _, stderr = cli("run", str(example_path("modehaus-nord")), "-o", str(tmp_path / "x"), "--format", "pdfx")
    assert code == 2 and "pdfx" in stderr


def test_english_flag(cli: Any, tmp_path: Path, example_path: Any) -> None:
    code, stdout, _ = cli(
        "run", str(example_path("modehaus-nord")), "-o", str(tmp_path / "en"), "--lang", "en", "--quiet"
    )
    assert code == 0 and "Roadmap written" in stdout
    assert (tmp_path / "en" / "roadmap.md").read_text(encoding="utf-8").startswith("# AI roadmap for Modehaus Nord")


def test_output_path_is_a_file(cli: Any, tmp_path: Path, example_path: Any) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, stderr = cli("run", str(example_path("modehaus-nord")), "-o", str(blocker), "--quiet")
    assert code == 2 and "kein Verzeichnis" in stderr and str(blocker) in stderr


def test_schema_command_prints_json_schema(cli: Any) -> None:
    code, stdout, _ = cli("schema")
    schema = json.loads(stdout)
    assert code == 0 and schema["title"] == "Roadmap"
    assert {"modules", "compliance_findings", "budget", "generated_with", "warnings"} <= set(schema["properties"])


def test_unknown_command_is_bad_input(cli: Any) -> None:
    code, _, _ = cli("fly")
    assert code == 2


def test_the_final_collection_is_skipped_once_however_often_main_runs(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    registered: list[object] = []
    fake = SimpleNamespace(
        register=registered.append,
        unregister=lambda func: registered.__setitem__(slice(None), [f for f in registered if f != func]),
    )
    monkeypatch.setattr(gc_policy, "atexit", fake)
    cli("schema")
    cli("schema")
    cli("fly")
    assert registered == [gc.freeze]  # freeze at exit, registered once, not once per call


def test_a_command_loads_its_modules_without_collecting_and_hands_them_back(cli: Any) -> None:
    with gc_policy.imports_set_aside():
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc_policy.release()
    assert gc.get_freeze_count() == 0
    gc.disable()
    try:
        with gc_policy.imports_set_aside():
            pass
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()
        gc_policy.release()
    code, _, _ = cli("schema")
    assert code == 0 and gc.get_freeze_count() == 0 and gc.isenabled()  # nothing stays frozen in this process
