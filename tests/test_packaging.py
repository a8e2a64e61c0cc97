"""Packaging: installing the distribution claims one import name, ``fahrplan``, plus its console script.

The wheel is built offline with this environment's setuptools (``--no-build-isolation``; the dev
extra pins the version ``[build-system]`` needs) from a copy of the source tree, so the build leaves
nothing behind in the repository, and installed without dependencies into a fresh virtualenv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUILD_BACKEND = (77,)  # [build-system] requires setuptools>=77 (the SPDX license string)
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "out",
    "eval-runs",
    "test-artifacts",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    ".fahrplan-cache",
)


def run(*args: str | Path, isolated: Path | None = None) -> None:
    """Run a command, failing with its output; ``isolated``: run in that directory without PYTHONPATH.

    Isolated, a fresh virtualenv's interpreter sees only what was installed into it (not the checkout).
    """
    env = {k: v for k, v in os.environ.items() if not (isolated and k == "PYTHONPATH")}
    argv = [str(a) for a in args]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False, env=env, cwd=isolated)
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"


PIP = (sys.executable, "-m", "pip", "--quiet")


def build_wheel(tmp_path: Path) -> Path:
    """Build the wheel offline from a copy of the checkout (a build writes build/ and *.egg-info beside the source)."""
    import setuptools

    version = tuple(int(part) for part in setuptools.__version__.split(".")[:1])
    if version < BUILD_BACKEND:
        found = setuptools.__version__
        pytest.fail(f"setuptools {found} cannot build the project (>=77 needed): .venv/bin/pip install -e '.[dev]'")
    source, dist = tmp_path / "source", tmp_path / "dist"
    shutil.copytree(REPO, source, symlinks=True, ignore=NOT_SOURCE)
    run(*PIP, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--wheel-dir", dist, source)
    (wheel,) = dist.glob("ki_fahrplan-*.whl")
    return wheel


@pytest.mark.slow
def test_install_exposes_only_the_fahrplan_import_name(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
        assert archive.read(top_level).decode().split() == ["fahrplan"]
    # the design folders are symlinked into the package; the wheel holds them as real modules and data
    for layer in ("agents", "graph", "knowledge", "evals"):
        assert f"fahrplan/{layer}/__init__.py" in names and not any(n.startswith(f"{layer}/") for n in names)
    shipped_index = ("knowledge/data/vectors.npz", "knowledge/data/stems.json")
    for data in ("agents/prompts/VERSION", "evals/dataset/VERSION", "cli/templates/profile.de.yaml", *shipped_index):
        assert f"fahrplan/{data}" in names, data

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, isolated=tmp_path)
    python = venv / "bin" / "python"
    run(*PIP, "--python", python, "install", "--no-deps", "--no-index", wheel, isolated=tmp_path)
    (site,) = (venv / "lib").glob("python3*/site-packages")
    entries = {p.name for p in site.iterdir()} - {"__pycache__"}
    dist_info = {e for e in entries if e.endswith(".dist-info")}
    assert entries - dist_info == {"fahrplan"}, sorted(entries)
    assert len(dist_info) == 1 and next(iter(dist_info)).startswith("ki_fahrplan-")
    assert (venv / "bin" / "fahrplan").is_file()  # the console script
    run(python, "-c", f"import fahrplan; assert fahrplan.__file__.startswith({str(site)!r})", isolated=tmp_path)
