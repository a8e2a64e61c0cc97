"""Where a warm offline ``fahrplan run`` spends its time, phase by phase, in this (fresh) process.

Mirrors ``fahrplan run PROFILE --format json --quiet`` step by step (imports, catalog, store open
with the BM25 index, planning, contract check and rendering) and prints the wall time of each
phase; run it twice on the same ``--kb-dir`` so the second is warm. ``benchmarks/run.py`` prints
the median of several fresh processes; ``python -X importtime`` and ``cProfile`` tell what a phase
consists of.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main(profile_path: Path, kb: Path, out: Path) -> dict[str, float]:
    """Run once; return seconds per phase (and whether the embedding model was loaded)."""
    marks = {"interpreter start": time.perf_counter() - STARTED}
    last = time.perf_counter()

    def mark(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        marks[name] = now - last
        last = now

    try:  # as the CLI loads them: collection paused, then what the imports made frozen
        from fahrplan.cli.gc_policy import imports_set_aside
    except ImportError:  # a checkout before that
        imports_set_aside = contextlib.nullcontext
    with imports_set_aside():
        from fahrplan.app.runner import run_roadmap
        from fahrplan.app.settings import load_settings
        from fahrplan.cli.cmd_run import _assert_contract, render
        from fahrplan.core.profile_io import load_profile
        from fahrplan.graph import checkpoint  # noqa: F401  (the CLI loads it too)
        from fahrplan.knowledge import lexical
        from fahrplan.knowledge import store as store_module
        from fahrplan.knowledge.catalog import load_catalog

    mark("imports (graph, agents, rendering)")
    settings = load_settings(kb_dir=kb)
    profile = load_profile(profile_path)
    # as open_store does: the parsed YAML kept in the store directory (a checkout before that parses)
    catalog = (
        load_catalog(cache_dir=kb) if "cache_dir" in inspect.signature(load_catalog).parameters else load_catalog()
    )
    mark("settings, profile, catalog")
    lexical_s = 0.0
    plain = lexical.LexicalIndex

    def timed_index(*args: object) -> lexical.LexicalIndex:
        nonlocal lexical_s
        start = time.perf_counter()
        index = plain(*args)  # type: ignore[arg-type]
        lexical_s += time.perf_counter() - start
        return index

    store_module.LexicalIndex = timed_index  # type: ignore[assignment,misc]
    store = store_module.KnowledgeStore.open(catalog, kb)
    mark("store open")
    marks["store open"] -= lexical_s
    marks["BM25 index"] = lexical_s
    roadmap = run_roadmap(profile, settings, store=store)
    mark("planning (graph, retrieval, solver)")
    _assert_contract(roadmap, store.resolves)
    files = render(roadmap, ["json"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "roadmap.json").write_text(str(files["roadmap.json"]), encoding="utf-8")
    mark("contract check, render, write")
    embedder = getattr(store, "_embedder", None)  # a checkout before the lazy model loaded it on open
    marks["embedding model loaded"] = float(embedder.loaded if embedder is not None else True)
    marks["chromadb imported"] = float("chromadb" in sys.modules)  # a warm store answers from its store cache
    return marks


if __name__ == "__main__":
    result = main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    print(json.dumps(result))
