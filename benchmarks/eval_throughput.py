"""Eval-harness throughput: samples per second with 1 vs 4 samples in parallel, and the cache hit rate.

Two variants over the whole bundled dataset, through Inspect exactly as ``fahrplan eval run`` does:
the offline planner (CPU-bound, so parallel samples help little on 2 cores), and LLM agents on a
scripted model with injected latency (I/O-bound, where parallel samples pay off), run once with a
cold and once with a warm response cache. Figures are printed, never asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from langchain_core.messages import BaseMessage  # noqa: E402

from fahrplan.agents.llm import ResponseCache, StructuredLLM  # noqa: E402
from fahrplan.agents.prompts import load_prompts  # noqa: E402
from fahrplan.app.paths import kb_dir  # noqa: E402
from fahrplan.app.runner import LLMRuntime, run_roadmap  # noqa: E402
from fahrplan.app.settings import Settings  # noqa: E402
from fahrplan.core.roadmap import Roadmap  # noqa: E402
from fahrplan.evals.dataset import Sample, load_dataset  # noqa: E402
from fahrplan.evals.fakes import Recorder, ScriptedChatModel, good_script  # noqa: E402
from fahrplan.evals.harness import EvalOptions, run_eval  # noqa: E402
from fahrplan.knowledge.catalog import load_catalog  # noqa: E402
from fahrplan.knowledge.store import KnowledgeStore  # noqa: E402

LATENCY_S = 0.3  # injected per model call (7 calls per roadmap: six module agents and the summary)


def slow_script(messages: list[BaseMessage], tool: str) -> Any:
    """Valid answers after a fixed latency, like a remote endpoint."""
    time.sleep(LATENCY_S)
    return good_script(messages, tool)


def llm_planner(store: KnowledgeStore, cache: ResponseCache, recorder: Recorder) -> Callable[[Sample], Roadmap]:
    """Plan each sample with LLM agents on the latency-injected fake, sharing one response cache."""
    prompts = load_prompts()

    def plan(sample: Sample) -> Roadmap:
        model = ScriptedChatModel(script=slow_script, recorder=recorder)
        llm = StructuredLLM(models={"default": model}, model_names={"default": "fake-latency"}, cache=cache)
        settings = Settings(lang=sample.lang)  # type: ignore[arg-type]
        return run_roadmap(sample.profile, settings, store=store, runtime=LLMRuntime(llm, prompts))

    return plan


def timed_run(store: KnowledgeStore, out: Path, concurrency: int, planner: Any = None) -> float:
    started = time.perf_counter()
    run = run_eval(EvalOptions(out_dir=out, force=True, concurrency=concurrency), store=store, planner=planner)
    elapsed = time.perf_counter() - started
    errors = [s.sample for s in run.results.samples if s.error]
    if errors:
        raise SystemExit(f"eval samples failed: {errors}")
    return elapsed


def main() -> None:
    """Print the throughput and cache figures."""
    store = KnowledgeStore.open(load_catalog(), kb_dir(Settings()))
    _, samples = load_dataset()
    n = len(samples)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sequential = timed_run(store, root / "offline-1", 1)
        parallel = timed_run(store, root / "offline-4", 4)
        print(f"eval samples                          {n}")
        print(f"offline eval, 1 sample at a time      {sequential:7.2f} s   {n / sequential:5.2f} samples/s")
        print(
            f"offline eval, 4 samples in parallel   {parallel:7.2f} s   {n / parallel:5.2f} samples/s"
            f"   speed-up {sequential / parallel:4.2f} x"
        )
        recorder = Recorder()
        cache = ResponseCache(root / "cache")
        seq_llm = timed_run(store, root / "llm-1", 1, llm_planner(store, ResponseCache(root / "c1"), Recorder()))
        cold = timed_run(store, root / "llm-cold", 4, llm_planner(store, cache, recorder))
        cold_calls = recorder.count()
        warm = timed_run(store, root / "llm-warm", 4, llm_planner(store, cache, recorder))
        warm_calls = recorder.count() - cold_calls
        print(f"LLM eval ({LATENCY_S:.1f} s/call), 1 at a time     {seq_llm:7.2f} s   {n / seq_llm:5.2f} samples/s")
        print(
            f"LLM eval, 4 in parallel, cold cache   {cold:7.2f} s   {n / cold:5.2f} samples/s"
            f"   speed-up {seq_llm / cold:4.2f} x   ({cold_calls} model calls)"
        )
        print(
            f"LLM eval, 4 in parallel, warm cache   {warm:7.2f} s   {n / warm:5.2f} samples/s"
            f"   ({warm_calls} model calls, hit rate {1 - warm_calls / max(cold_calls, 1):.0%})"
        )


if __name__ == "__main__":
    main()
