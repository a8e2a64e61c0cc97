"""Benchmarks: knowledge index build, retrieval quality and latency, warm offline runs.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). Figures are printed, never
asserted: speed is evidence here, not a unit test. Each figure is shown next to a baseline
measured in the same run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evals.retrieval_eval import evaluate, load_queries  # noqa: E402
from fahrplan.profile_io import load_profile  # noqa: E402
from fahrplan.runner import run_roadmap  # noqa: E402
from fahrplan.settings import Settings  # noqa: E402
from knowledge.catalog import load_catalog  # noqa: E402
from knowledge.store import KnowledgeStore  # noqa: E402

EXAMPLES = REPO.parent / "shared" / "examples" / "profiles"


def timed(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    """Print every benchmark figure."""
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        cold = timed(lambda: KnowledgeStore.open(catalog, Path(tmp)))[0]
        warm = statistics.median(timed(lambda: KnowledgeStore.open(catalog, Path(tmp)), repeat=3))
        store = KnowledgeStore.open(catalog, Path(tmp))
        print(f"knowledge entries                  {store.size}")
        print(f"cold index build                   {cold:7.2f} s")
        print(f"warm store open (no rebuild)       {warm:7.2f} s   cold/warm {cold / warm:6.1f}x")

        queries = load_queries()
        print(f"retrieval quality ({len(queries)} labelled queries, recall@5 / MRR):")
        for score in evaluate(store, queries):
            print(f"  {score.method:7s}                          {score.recall:.3f} / {score.mrr:.3f}")
        sample = [q.query for q in queries[:40]]
        for method in ("dense", "bm25", "hybrid"):
            runs = timed(lambda m=method: [store.search(q, k=5, method=m) for q in sample], repeat=3)  # type: ignore[misc]
            per_query = statistics.median(runs) / len(sample) * 1000
            print(f"warm query latency {method:7s}         {per_query:7.1f} ms per query")

        for name in ("modehaus-nord", "frischmarkt-sued"):
            profile = load_profile(EXAMPLES / f"{name}.yaml")
            runs = timed(lambda p=profile: run_roadmap(p, Settings(), store=store), repeat=5)  # type: ignore[misc]
            median, low, high = statistics.median(runs), min(runs), max(runs)
            print(f"warm offline run {name:17s} {median:7.2f} s median of 5 (min {low:.2f}, max {high:.2f})")


if __name__ == "__main__":
    main()
