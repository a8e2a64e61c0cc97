"""Fan-out speed-up with a latency-injected fake model, and the response cache on a second run.

Prints the wall time of one run with the six module agents in parallel versus sequentially
(LangGraph max_concurrency 6 vs 1), relative to the slowest single agent, and the number of model
calls of an identical second run (served from the cache).
"""

from __future__ import annotations

import sys
import tempfile
import time
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
from fahrplan.core.profile_io import load_profile  # noqa: E402
from fahrplan.evals.fakes import Recorder, ScriptedChatModel, good_script, module_of  # noqa: E402
from fahrplan.knowledge.catalog import load_catalog  # noqa: E402
from fahrplan.knowledge.store import KnowledgeStore  # noqa: E402

PROFILE = REPO.parent / "shared" / "examples" / "profiles" / "modehaus-nord.yaml"
# Injected latency per agent (seconds): module agents differ, the coordinator's summary is short.
LATENCY = {
    "personalization": 1.0,
    "supply_chain": 1.6,
    "omnichannel": 1.2,
    "upskilling": 0.8,
    "data_platform": 1.4,
    "compliance": 1.1,
}
SUMMARY_LATENCY = 0.1


def slow_script(messages: list[BaseMessage], tool: str) -> Any:
    """Valid answers after the injected latency of the calling agent."""
    delay = SUMMARY_LATENCY if tool == "SummaryRefinement" else LATENCY.get(module_of(messages), 1.0)
    time.sleep(delay)
    return good_script(messages, tool)


def one_run(store: KnowledgeStore, concurrency: int, cache: ResponseCache | None) -> tuple[float, int]:
    recorder = Recorder()
    model = ScriptedChatModel(script=slow_script, recorder=recorder)
    llm = StructuredLLM(models={"default": model}, model_names={"default": "fake-latency"}, cache=cache)
    runtime = LLMRuntime(llm, load_prompts())
    settings = Settings(max_concurrency=concurrency)
    started = time.perf_counter()
    run_roadmap(load_profile(PROFILE), settings, store=store, runtime=runtime)
    return time.perf_counter() - started, recorder.count()


def main() -> None:
    """Print the fan-out and cache figures."""
    store = KnowledgeStore.open(load_catalog(), kb_dir(Settings()))
    slowest = max(LATENCY.values())
    parallel, calls = one_run(store, 6, None)
    sequential, _ = one_run(store, 1, None)
    print(f"slowest single agent latency       {slowest:7.2f} s")
    print(f"run, agents in parallel            {parallel:7.2f} s   = {parallel / slowest:4.2f} x slowest agent")
    print(f"run, agents sequential (baseline)  {sequential:7.2f} s   = {sequential / slowest:4.2f} x slowest agent")
    print(f"speed-up parallel vs sequential    {sequential / parallel:7.2f} x   ({calls} model calls per run)")
    with tempfile.TemporaryDirectory() as tmp:
        cache = ResponseCache(Path(tmp))
        first, first_calls = one_run(store, 6, cache)
        second, second_calls = one_run(store, 6, cache)
    print(
        f"cache: first run {first_calls} calls in {first:.2f} s, identical second run {second_calls} calls "
        f"in {second:.2f} s (hit rate {1 - second_calls / max(first_calls, 1):.0%})"
    )


if __name__ == "__main__":
    main()
