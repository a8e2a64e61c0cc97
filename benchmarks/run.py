"""Benchmarks: whole-process start-up and runs, knowledge index build, retrieval, warm runs, memory.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). Figures are printed, never
asserted: speed is evidence here, not a unit test. Each figure is shown next to a baseline
measured in the same run. ``--process-only [--tree DIR]`` prints only the whole-process figures,
for the sources in DIR (e.g. an older checkout, for a before/after comparison).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.process import measure_processes, print_processes  # noqa: E402
from fahrplan.app.runner import run_roadmap  # noqa: E402
from fahrplan.app.settings import Settings  # noqa: E402
from fahrplan.core.profile_io import load_profile  # noqa: E402
from fahrplan.evals.retrieval_eval import evaluate, load_queries  # noqa: E402
from fahrplan.graph.checkpoint import open_checkpointer  # noqa: E402
from fahrplan.knowledge import chroma as store_module  # noqa: E402  (where the index build reads the shipped vectors)
from fahrplan.knowledge.catalog import Catalog, load_catalog  # noqa: E402
from fahrplan.knowledge.store import KnowledgeStore  # noqa: E402

EXAMPLES = REPO.parent / "shared" / "examples" / "profiles"


def timed(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def memory_probe(kb: Path, with_run: bool) -> dict[str, float]:
    """In this (fresh) process: open the store, optionally plan once; return peak RSS and heap in MiB.

    The heap figure is the tracemalloc peak of the store open, or with ``with_run`` of the run
    alone (peak reset after the store opened); peak RSS covers the whole process.
    """
    tracemalloc.start()
    store = KnowledgeStore.open(load_catalog(), kb)
    if with_run:
        tracemalloc.reset_peak()
        run_roadmap(load_profile(EXAMPLES / "modehaus-nord.yaml"), Settings(), store=store)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rss_mib": peak_rss_kib() / 1024, "heap_mib": heap_peak / 2**20}


def peak_rss_kib() -> int:
    """This process's peak RSS since it exec'd (VmHWM). Not ru_maxrss: a child forked by a large
    process (the bench) keeps the parent's high-water mark from before its exec in ru_maxrss."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def measure_memory(kb: Path, with_run: bool) -> dict[str, float]:
    """Run :func:`memory_probe` in a child process: the peak RSS of a process cannot be reset."""
    args = [sys.executable, __file__, "--memory-probe", str(kb), "run" if with_run else "store"]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def print_checkpoint_overhead(store: KnowledgeStore, tmp: Path) -> None:
    """Warm offline run with the SQLite checkpointer (as the CLI runs it) against the same run without."""
    profile = load_profile(EXAMPLES / "modehaus-nord.yaml")
    with open_checkpointer(tmp / "checkpoints.sqlite") as saver:
        runs = {
            "without": timed(lambda: run_roadmap(profile, Settings(), store=store), repeat=5),
            "with": timed(lambda: run_roadmap(profile, Settings(), store=store, checkpointer=saver), repeat=5),
        }
    plain, checkpointed = statistics.median(runs["without"]), statistics.median(runs["with"])
    print(
        f"warm offline run with checkpoint     {checkpointed:7.2f} s median of 5   "
        f"vs without {plain:.2f} s: {checkpointed / plain:4.2f}x"
    )


def print_memory(kb: Path) -> None:
    """Peak memory of a warm offline run against the store open alone (the baseline), each in a fresh process."""
    base, run = measure_memory(kb, with_run=False), measure_memory(kb, with_run=True)
    print(f"peak RSS, store open alone (baseline) {base['rss_mib']:7.1f} MiB")
    print(
        f"peak RSS, store open + offline run   {run['rss_mib']:7.1f} MiB   "
        f"run/baseline {run['rss_mib'] / base['rss_mib']:4.2f}x"
    )
    print(f"tracemalloc peak, store open (base)   {base['heap_mib']:7.1f} MiB")
    print(
        f"tracemalloc peak, offline run alone   {run['heap_mib']:7.1f} MiB   "
        f"run/baseline {run['heap_mib'] / base['heap_mib']:4.2f}x"
    )


def in_process_planning(store: KnowledgeStore) -> float:
    """Median seconds of 5 warm in-process offline runs of modehaus-nord (after one warm-up)."""
    profile = load_profile(EXAMPLES / "modehaus-nord.yaml")
    run_roadmap(profile, Settings(), store=store)
    return statistics.median(timed(lambda: run_roadmap(profile, Settings(), store=store), repeat=5))


def print_index_build(catalog: Catalog, tmp: Path) -> KnowledgeStore:
    """Cold build from the shipped vectors, against embedding every entry (the baseline), and a warm open."""
    cold = timed(lambda: KnowledgeStore.open(catalog, tmp / "kb"))[0]
    warm = statistics.median(timed(lambda: KnowledgeStore.open(catalog, tmp / "kb"), repeat=3))
    shipped = store_module.load_shipped
    store_module.load_shipped = lambda: None  # type: ignore[assignment]
    try:
        embedded = timed(lambda: KnowledgeStore.open(catalog, tmp / "kb-embedded"))[0]
    finally:
        store_module.load_shipped = shipped
    store = KnowledgeStore.open(catalog, tmp / "kb")
    print(f"knowledge entries                  {store.size}")
    print(f"cold index build, shipped vectors  {cold:7.2f} s   vs embedding every entry {embedded:.2f} s")
    print(f"warm store open (no rebuild)       {warm:7.2f} s   cold/warm {cold / warm:6.1f}x")
    return store


def main() -> None:
    """Print every benchmark figure."""
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        store = print_index_build(catalog, Path(tmp))
        print_processes(measure_processes(REPO), in_process_planning(store))

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
        print_checkpoint_overhead(store, Path(tmp))
        print_memory(Path(tmp) / "kb")


def process_only(argv: list[str]) -> None:
    """``--process-only [--tree DIR] [--repeat N] [--first-repeat N]``: the whole-process figures alone."""
    parser = argparse.ArgumentParser(prog="benchmarks/run.py --process-only")
    parser.add_argument("--tree", type=Path, default=REPO, help="source tree on PYTHONPATH (default: this one)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--first-repeat", type=int, default=5, help="first runs (each builds a store)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        planning = in_process_planning(KnowledgeStore.open(load_catalog(), Path(tmp)))
    figures = measure_processes(args.tree.resolve(), args.repeat, args.first_repeat)
    print_processes(figures, planning, f" of {args.tree}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory-probe"]:
        print(json.dumps(memory_probe(Path(sys.argv[2]), with_run=sys.argv[3] == "run")))
    elif sys.argv[1:2] == ["--process-only"]:
        process_only(sys.argv[2:])
    else:
        main()
