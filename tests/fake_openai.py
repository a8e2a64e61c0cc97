"""A scripted OpenAI-compatible server on loopback: ``GET /v1/models`` and ``POST /v1/chat/completions``.

For tests of what the client does with an endpoint that lists models, rejects a structured-output
method or answers garbage. Answers are chosen per request by a function of the path and JSON body.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.servers import free_port

__all__ = ["Answer", "chat_answer", "fake_openai", "models_answer"]

Answer = tuple[int, bytes]
Route = Callable[[str, dict[str, Any]], Answer]

PROBE_ARGS = {"city": "Berlin", "legs": 4, "note": "A grocer sells food. It runs stores."}


def models_answer(*ids: str) -> Answer:
    """A ``/v1/models`` list of ``ids``."""
    return 200, json.dumps({"object": "list", "data": [{"id": i, "object": "model"} for i in ids]}).encode()


def chat_answer(body: dict[str, Any], args: dict[str, Any] | None = None) -> Answer:
    """A valid completion for ``body``: a tool call when tools were sent, else JSON content."""
    args = PROBE_ARGS if args is None else args
    message: dict[str, Any] = {"role": "assistant", "content": json.dumps(args)}
    if body.get("tools"):
        name = body["tools"][0]["function"]["name"]
        call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
    completion = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "m"),
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 60, "completion_tokens": 30, "total_tokens": 90},
    }
    return 200, json.dumps(completion).encode()


def _handler(route: Route, seen: list[tuple[str, dict[str, Any], dict[str, str]]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, body: dict[str, Any]) -> None:
            seen.append((self.path, body, {k.lower(): v for k, v in self.headers.items()}))
            status, payload = route(self.path, body)
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:
            self._answer({})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length", 0)))
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {}
            self._answer(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def fake_openai(route: Route) -> Iterator[tuple[str, list[tuple[str, dict[str, Any], dict[str, str]]]]]:
    """Serve ``route`` until the block ends; yield the /v1 base URL and the requests seen (path, body, headers)."""
    seen: list[tuple[str, dict[str, Any], dict[str, str]]] = []
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _handler(route, seen))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", seen
    finally:
        server.shutdown()
        server.server_close()
