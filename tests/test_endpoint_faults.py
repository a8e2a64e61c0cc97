"""Real OpenAI clients against broken local endpoints: down, garbage, 429 for ever, too slow.

Each run must complete: every agent degrades to its offline draft with a visible warning, the
compliance verdicts are the offline ones, and nothing leaks the API key. Loopback only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from fahrplan.app.runner import build_llm, run_roadmap
from fahrplan.app.settings import load_settings
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.knowledge.store import KnowledgeStore
from tests.servers import free_port

SECRET = "sk-test-ENDPOINT-FAULTS-0123456789"


def _handler(status: int, body: bytes, delay_s: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            time.sleep(delay_s)
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                pass

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def endpoint(status: int = 200, body: bytes = b"", delay_s: float = 0.0) -> Iterator[str]:
    """A local HTTP server that answers every POST the same way; yields its /v1 base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _handler(status, body, delay_s))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def _run(base_url: str, profile: Profile, store: KnowledgeStore, monkeypatch: pytest.MonkeyPatch) -> Roadmap:
    monkeypatch.setenv("FAHRPLAN_API_KEY", SECRET)  # real clients, real key handling
    settings = load_settings(
        None, backend="openai", model="fake-model", base_url=base_url, timeout_s=1.0, max_retries=1, use_cache=False
    )
    runtime = build_llm(settings)
    runtime.llm.backoff_base_s = 0.01  # retries stay, waiting does not
    return run_roadmap(profile, settings, store=store, runtime=runtime)


def _assert_degraded_but_complete(roadmap: Roadmap, offline: Roadmap, error: str) -> None:
    assert len(roadmap.modules) == 6
    degraded = [w for w in roadmap.warnings if "Offline-Entwurf wurde übernommen" in w]
    assert all(error in w for w in degraded), degraded[:1]
    assert len(degraded) == 6  # every module agent of this profile had a draft to refine
    assert any("LLM-Zusammenfassung nicht verwendbar" in w for w in roadmap.warnings)
    assert any(w.startswith("Hebel-Zuordnung") and error in w for w in roadmap.warnings)  # the draft's levers
    assert [(f.use_case, f.verdict) for f in roadmap.compliance_findings] == [
        (f.use_case, f.verdict) for f in offline.compliance_findings
    ]
    assert SECRET not in roadmap.model_dump_json()


@pytest.mark.parametrize(
    ("error", "status", "body", "delay_s"),
    [
        ("after 1 attempt(s)", 200, b"<html>this is not JSON</html>", 0.0),  # garbage: not worth a retry
        ("RateLimitError after 2 attempt(s)", 429, b'{"error": {"message": "slow down", "type": "rate_limit"}}', 0.0),
        ("after 2 attempt(s): Error code: 503", 503, b'{"error": {"message": "overloaded"}}', 0.0),
        ("TimeoutError after 2 attempt(s)", 200, b"{}", 3.0),  # too slow for the 1 s timeout
    ],
)
def test_broken_endpoint_degrades_every_agent_and_completes(
    error: str,
    status: int,
    body: bytes,
    delay_s: float,
    store: KnowledgeStore,
    example_profile: Any,
    plan: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    profile = example_profile("modehaus-nord")
    with endpoint(status, body, delay_s) as url:
        roadmap = _run(url, profile, store, monkeypatch)
    _assert_degraded_but_complete(roadmap, plan(profile), error)


def test_endpoint_down_degrades_every_agent_and_completes(
    store: KnowledgeStore, example_profile: Any, plan: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = example_profile("modehaus-nord")
    closed = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    roadmap = _run(closed, profile, store, monkeypatch)
    _assert_degraded_but_complete(roadmap, plan(profile), "after 2 attempt(s)")
    assert roadmap.generated_with.usage["total"]["calls"] == 0  # no call ever got an answer
