"""JSONL traces of a run: one event per line, secrets redacted before anything is written."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["JsonlTracer", "redact"]

REDACTED = "[redacted]"


def redact(value: Any, secrets: Iterable[str]) -> Any:
    """Replace every occurrence of a secret in strings nested anywhere in ``value``."""
    secrets = [s for s in secrets if s and len(s) >= 4]
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, REDACTED)
        return value
    if isinstance(value, Mapping):
        return {str(k): redact(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, secrets) for v in value]
    return value


class JsonlTracer:
    """Collects events in memory (thread-safe) and writes them as JSONL on :meth:`dump`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = [s for s in secrets if s]
        self._events: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def record(self, event: Mapping[str, Any]) -> None:
        """Record one event (redacted immediately, so secrets never sit in memory traces)."""
        clean = redact(dict(event), self._secrets)
        with self._lock:
            self._events.append(clean)

    @property
    def events(self) -> list[dict[str, Any]]:
        """A copy of the recorded events."""
        with self._lock:
            return list(self._events)

    def text(self) -> str:
        """All events as JSONL text."""
        return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True, default=str) + "\n" for e in self.events)

    def dump(self, path: Path) -> None:
        """Write the events to ``path``."""
        path.write_text(self.text(), encoding="utf-8")
