"""The server helper reports a dead server with its exit status and log tail (tiny dummy servers, loopback)."""

from __future__ import annotations

import contextlib
import signal
import sys
import urllib.request
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from tests.servers import Server, describe_exit, free_port, serve

# Answers GET /models (the readiness probe); any other request makes it log a line and die, like
# llama.cpp hitting an illegal instruction on its first completion. EXIT is a signal name or a number.
DUMMY = r"""
import http.server, os, resource, signal, sys
port, how = int(sys.argv[1]), sys.argv[2]
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file from the signal
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/models":
            self.send_response(200); self.end_headers(); self.wfile.write(b"{}")
            return
        print("load_backend: invalid opcode in libggml-cpu.so", file=sys.stderr, flush=True)
        if how.startswith("SIG"):
            os.kill(os.getpid(), getattr(signal, how))
        os._exit(int(how))
    def log_message(self, *args):
        pass
print("dummy server listening", flush=True)
http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


def _serve_dummy(tmp_path: Path, how: str) -> tuple[AbstractContextManager[Server], int]:
    port = free_port()
    cmd = [sys.executable, "-c", DUMMY, str(port), how]
    return serve(cmd, f"http://127.0.0.1:{port}/models", tmp_path / "server.log", timeout_s=30), port


def _request(port: int) -> None:
    with contextlib.suppress(OSError):  # the server dies without answering: that is the point
        urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/chat/completions", timeout=10)


def test_describe_exit_names_signals() -> None:
    assert describe_exit(-signal.SIGILL) == "-4 (SIGILL)"
    assert describe_exit(128 + signal.SIGILL) == "132 (128+SIGILL)"
    assert describe_exit(3) == "3"


def test_check_alive_fails_with_the_signal_and_the_log_tail(tmp_path: Path) -> None:
    ctx, port = _serve_dummy(tmp_path, "SIGILL")
    with pytest.raises(pytest.fail.Exception) as failed, ctx as server:
        server.check_alive()  # alive after startup
        _request(port)
        server.proc.wait(timeout=10)
        server.check_alive("after the request")
    message = str(failed.value)
    assert "server died after the request" in message and "exit status -4 (SIGILL)" in message
    assert "invalid opcode in libggml-cpu.so" in message and "dummy server listening" in message


def test_a_server_found_dead_at_teardown_fails_with_its_exit_status(tmp_path: Path) -> None:
    ctx, port = _serve_dummy(tmp_path, "3")
    with pytest.raises(pytest.fail.Exception) as failed, ctx as server:
        _request(port)
        server.proc.wait(timeout=10)
    message = str(failed.value)
    assert "server died before teardown" in message and "exit status 3" in message
    assert "invalid opcode" in message


def test_a_failing_block_gets_the_death_as_a_note(tmp_path: Path) -> None:
    ctx, port = _serve_dummy(tmp_path, "SIGILL")
    with pytest.raises(AssertionError) as failed, ctx as server:
        _request(port)
        server.proc.wait(timeout=10)
        raise AssertionError("assert 0 >= 5")
    notes = "\n".join(getattr(failed.value, "__notes__", []))
    assert "exit status -4 (SIGILL)" in notes and "invalid opcode" in notes
