"""Start a local server process for an integration test and wait until it answers (loopback only).

A server that dies (e.g. llama.cpp with SIGILL on a CPU its wheel was not built for) fails the test
with its exit status and the tail of its log, not with a later, unrelated assertion: ``serve``
checks right after startup and at teardown, and a test calls ``Server.check_alive`` after its
request path.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["Server", "describe_exit", "free_port", "serve"]

LOG_TAIL_CHARS = 2000


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def describe_exit(code: int) -> str:
    """Name an exit status: ``-4 (SIGILL)`` for a signal, ``132 (128+SIGILL)`` as a shell reports it."""
    try:
        if code < 0:
            return f"{code} ({signal.Signals(-code).name})"
        if code > 128:
            return f"{code} (128+{signal.Signals(code - 128).name})"
    except ValueError:  # not a signal number
        pass
    return str(code)


@dataclass
class Server:
    """A running server process started by :func:`serve`."""

    proc: subprocess.Popen[bytes]
    cmd: Sequence[str]
    log_path: Path

    @property
    def name(self) -> str:
        """The command's first words, for messages."""
        return " ".join(self.cmd[:3])

    def log_tail(self) -> str:
        """The last characters of the server's log."""
        try:
            return self.log_path.read_text(errors="replace")[-LOG_TAIL_CHARS:]
        except OSError as err:
            return f"(log unreadable: {err})"

    def death(self, when: str) -> str | None:
        """The failure message if the process has exited, else None."""
        code = self.proc.poll()
        if code is None:
            return None
        status = describe_exit(code)
        return f"server died {when}: {self.name}: exit status {status}\n--- log tail ---\n{self.log_tail()}"

    def check_alive(self, when: str = "after the request") -> None:
        """Fail the test with the exit status and log tail if the server process has exited."""
        if (message := self.death(when)) is not None:
            pytest.fail(message, pytrace=False)


def _wait_ready(server: Server, ready_url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(ready_url, timeout=2):
                return
        except OSError:
            server.check_alive("during startup")
            if time.monotonic() > deadline:
                pytest.fail(f"server did not start within {timeout_s:.0f} s: {server.name}\n{server.log_tail()}")
            time.sleep(0.3)


@contextmanager
def serve(cmd: Sequence[str], ready_url: str, log_path: Path, timeout_s: float = 60) -> Iterator[Server]:
    """Run ``cmd`` until the block ends and yield its :class:`Server`.

    Fails the test (with the exit status and log) if the server never answers ``ready_url``, dies
    before or right after answering, or is found dead when the block ends.
    """
    with log_path.open("w") as log:
        proc = subprocess.Popen(list(cmd), stdout=log, stderr=subprocess.STDOUT)
        server = Server(proc, list(cmd), log_path)
        try:
            _wait_ready(server, ready_url, timeout_s)
            server.check_alive("right after startup")
            try:
                yield server
            except BaseException as err:  # the block failed: say so if the server had died under it
                if (message := server.death("during the test")) is not None:
                    err.add_note(message)
                raise
            server.check_alive("before teardown")
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
