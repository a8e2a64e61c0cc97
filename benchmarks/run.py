"""Benchmarks: cold knowledge-index build, warm offline run, retrieval latency. Prints figures.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). Figures are printed, never
asserted: speed is evidence here, not a unit test.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from fahrplan.profile_io import load_profile  # noqa: E402
from fahrplan.runner import run_roadmap  # noqa: E402
from fahrplan.settings import Settings  # noqa: E402
from knowledge.catalog import load_catalog  # noqa: E402
from knowledge.store import KnowledgeStore  # noqa: E402

EXAMPLES = REPO.parent / "shared" / "examples" / "profiles"


def timed(fn, repeat: int = 1) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        cold = timed(lambda: KnowledgeStore.open(catalog, Path(tmp)))[0]
        reopen = timed(lambda: KnowledgeStore.open(catalog, Path(tmp)))[0]
        store = KnowledgeStore.open(catalog, Path(tmp))
        print(f"knowledge entries:              {store.size}")
        print(f"cold index build:               {cold:6.2f} s")
        print(f"warm store open (no rebuild):   {reopen:6.2f} s   (ratio cold/warm {cold / reopen:5.1f}x)")
        queries = ["Nachfrageprognose", "Gesichtserkennung Kunden", "newsletter personalisation", "Betriebsrat"]
        lat = timed(lambda: [store.search(q, k=5) for q in queries], repeat=10)
        per_query = [x / len(queries) * 1000 for x in lat]
        print(f"retrieval latency (warm):       {statistics.median(per_query):6.1f} ms median per query")
        for name in ("modehaus-nord", "frischmarkt-sued"):
            profile = load_profile(EXAMPLES / f"{name}.yaml")
            runs = timed(lambda p=profile: run_roadmap(p, Settings(), store=store), repeat=5)  # type: ignore[misc]
            median, low, high = statistics.median(runs), min(runs), max(runs)
            print(f"warm offline run {name:17s} {median:6.2f} s median of 5 (min {low:.2f}, max {high:.2f})")


if __name__ == "__main__":
    main()
