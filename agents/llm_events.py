"""What a model call is doing, for the live view: events, and the reason a request failed.

:class:`fahrplan.agents.llm.StructuredLLM` reports each step of a call (waiting for a slot of
ours, sent, retrying and why, answered, given up) as a :class:`CallEvent` to an optional observer;
the command line turns them into "wartet auf Endpunkt (Versuch 2/4, Timeout)". Pure functions of
the client's exception, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "OVERLOAD",
    "CallEvent",
    "CallObserver",
    "EventKind",
    "Reason",
    "failure_reason",
    "is_retryable",
    "retry_after_s",
]

EventKind = Literal["queued", "sent", "retry", "answered", "failed"]
Reason = Literal["timeout", "rate_limit", "overloaded", "server_error", "connection", "client_error", "other"]
OVERLOAD: frozenset[Reason] = frozenset({"timeout", "rate_limit", "overloaded"})
"""Reasons that mean "too many requests for this endpoint": the adaptive limiter lowers its limit."""
MAX_RETRY_AFTER_S = 60.0


@dataclass(frozen=True)
class CallEvent:
    """One step of one agent's model call.

    ``attempt`` counts from 1 up to ``attempts`` (1 + max_retries); ``reason`` is set for "retry"
    and "failed"; ``wait_s`` is the backoff before the next attempt ("retry") and ``limit`` the
    requests allowed in flight at that moment (None without a limiter).
    """

    agent: str
    kind: EventKind
    attempt: int
    attempts: int
    reason: Reason | None = None
    wait_s: float = 0.0
    limit: int | None = None


CallObserver = Callable[[CallEvent], None]


def _status(err: BaseException) -> int | None:
    status = getattr(err, "status_code", None)
    return status if isinstance(status, int) else None


def failure_reason(err: BaseException) -> Reason:
    """Classify a failed request: timeout, 429, 503/502/504, other 5xx, connection, other 4xx, other."""
    try:
        import openai
    except ImportError:  # pragma: no cover - openai ships with langchain-openai
        openai = None  # type: ignore[assignment]
    if isinstance(err, TimeoutError) or (openai is not None and isinstance(err, openai.APITimeoutError)):
        return "timeout"
    if isinstance(err, ConnectionError) or (openai is not None and isinstance(err, openai.APIConnectionError)):
        return "connection"
    status = _status(err)
    if status == 429:
        return "rate_limit"
    if status in (502, 503, 504):
        return "overloaded"
    if status is not None and status >= 500:
        return "server_error"
    if status is not None and status >= 400:
        return "client_error"
    return "other"


def is_retryable(err: BaseException) -> bool:
    """Timeouts, connection errors, 429 and 5xx are worth retrying; other errors are not."""
    return failure_reason(err) in ("timeout", "connection", "rate_limit", "overloaded", "server_error")


def retry_after_s(err: BaseException) -> float | None:
    """Seconds the server asked us to wait (``Retry-After`` in seconds), capped at a minute; else None."""
    response = getattr(err, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        value = float(headers.get("retry-after", ""))
    except (TypeError, ValueError):
        return None
    return min(max(value, 0.0), MAX_RETRY_AFTER_S)
