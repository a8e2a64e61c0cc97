"""Code layout rules of the layered package: small modules, small functions (issue: one direction of imports).

The import direction itself is checked by import-linter (``.importlinter``, ``make lint``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE_DIRS = ("fahrplan", "agents", "graph", "knowledge", "evals")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Table modules: data, not logic (one entry per text key, both languages).
TABLE_MODULES = frozenset({"fahrplan/core/texts/planner.py", "fahrplan/core/texts/report.py"})


def _sources() -> list[Path]:
    files: list[Path] = []
    for name in PACKAGE_DIRS:
        root = REPO / name
        for path in sorted(root.rglob("*.py")):
            # fahrplan/<design folder> are symlinks to the root folders: count each file once
            if name == "fahrplan" and path.relative_to(root).parts[0] in PACKAGE_DIRS[1:]:
                continue
            files.append(path)
    return files


def test_the_sources_are_found() -> None:
    names = {p.relative_to(REPO).as_posix() for p in _sources()}
    assert {"agents/coordinator.py", "fahrplan/core/vocab.py", "evals/harness.py", "graph/builder.py"} <= names


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_modules_and_functions_stay_small(path: Path) -> None:
    rel = path.relative_to(REPO).as_posix()
    source = path.read_text(encoding="utf-8")
    lines = source.count("\n")
    if rel not in TABLE_MODULES:
        assert lines <= MAX_MODULE_LINES, f"{rel}: {lines} lines (split it by job)"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{rel}: functions over {MAX_FUNCTION_LINES} lines: {long}"
