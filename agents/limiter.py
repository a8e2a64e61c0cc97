"""Adaptive concurrency for model calls (AIMD): fewer requests in flight when the endpoint is overloaded.

A local server with one slot queues what it cannot serve, and every queued request's timeout runs
while it waits there; retrying at the same pressure times out again. :class:`AdaptiveLimiter`
starts at the configured concurrency and, on an overload signal (timeout, 429, 503), halves the
limit — after a timeout to at most the number of requests answered while the timed-out one was in
flight, since a server that answers ``c`` requests per timeout cannot serve more than ``c`` at once
in time. One congestion event lowers the limit once: requests sent before the last decrease
(``Ticket.epoch``) do not lower it again. Answers raise the limit by about one per window of
calls, but only answers that came within ``headroom_s``: on a server that works one request after
another, a call taking more than half the timeout would time out with one more beside it, and
finding that out costs a timeout and the server's time for the abandoned request.

A request that timed out keeps its slot for about as long as an answer takes (the median of the
recent answers): the client gave up, but a server that does not notice keeps generating it, and a
retry sent at once would wait behind that abandoned work and time out in turn.

Pure logic and a condition variable, no I/O; the time a caller waits here is not part of a
request's timeout (the request is sent after :meth:`AdaptiveLimiter.acquire` returns).
"""

from __future__ import annotations

import math
import statistics
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["AdaptiveLimiter", "Ticket"]

Schedule = Callable[[float, Callable[[], None]], None]
RECENT_ANSWERS = 8


def _timer(delay_s: float, action: Callable[[], None]) -> None:
    timer = threading.Timer(delay_s, action)
    timer.daemon = True
    timer.start()


@dataclass(frozen=True)
class Ticket:
    """One admitted request: the limiter's epoch when it was sent and how many were in flight with it."""

    epoch: int
    level: int
    answered: int
    """Answers the limiter had counted when this request was sent."""


class AdaptiveLimiter:
    """Additive-increase, multiplicative-decrease limit on requests in flight, between 1 and ``maximum``."""

    def __init__(
        self,
        maximum: int,
        *,
        headroom_s: float | None = None,
        max_hold_s: float = 0.0,
        decrease: float = 0.5,
        schedule: Schedule = _timer,
    ) -> None:
        if maximum < 1:
            raise ValueError("maximum must be at least 1")
        self.maximum = maximum
        self.headroom_s = headroom_s
        self.max_hold_s = max_hold_s
        self._decrease = decrease
        self._schedule = schedule
        self._recent: deque[float] = deque(maxlen=RECENT_ANSWERS)
        self._answered = 0
        self._timeouts_alone = 0
        self._limit = float(maximum)
        self._in_flight = 0
        self._epoch = 0
        self._lowest = maximum
        self._reductions = 0
        self._sustained = 0  # most requests in flight together, all answered, since the last decrease
        self._peak = 0
        self._cond = threading.Condition()

    @property
    def limit(self) -> int:
        """Requests currently allowed in flight."""
        with self._cond:
            return self._current()

    def _current(self) -> int:
        return max(1, math.floor(self._limit))

    def slot_free(self) -> bool:
        """Whether a request would be admitted now without waiting."""
        with self._cond:
            return self._in_flight < self._current()

    def acquire(self) -> Ticket:
        """Wait for a free slot; return the ticket for :meth:`success`, :meth:`overload` or :meth:`release`."""
        with self._cond:
            while self._in_flight >= self._current():
                self._cond.wait()
            self._in_flight += 1
            self._peak = max(self._peak, self._in_flight)
            return Ticket(self._epoch, self._in_flight, self._answered)

    def success(self, ticket: Ticket, latency_s: float | None = None) -> None:
        """The request was answered: free its slot and raise the limit by 1/limit if it came within the headroom."""
        with self._cond:
            self._in_flight -= 1
            self._answered += 1
            if latency_s is not None:
                self._recent.append(latency_s)
            if ticket.epoch == self._epoch:
                self._sustained = max(self._sustained, ticket.level)
            quick = self.headroom_s is None or latency_s is None or latency_s <= self.headroom_s
            if quick:
                self._limit = min(float(self.maximum), self._limit + 1.0 / self._limit)
            self._cond.notify_all()

    def overload(self, ticket: Ticket, *, timed_out: bool = False) -> bool:
        """The endpoint was overloaded (timeout, 429, 503): lower the limit once per event.

        After a timeout the new limit is also at most the number of answers that came while this
        request was in flight (at least 1), and the slot stays taken for :meth:`hold_s` (the server
        may still be working on it); otherwise it is freed at once. Returns whether this call
        lowered the limit (False for requests sent before the last decrease).
        """
        with self._cond:
            hold = self._hold() if timed_out else 0.0
            self._timeouts_alone += int(timed_out and ticket.level == 1 and self._in_flight == 1)
            if hold <= 0:
                self._in_flight -= 1
            lowered = ticket.epoch == self._epoch
            if lowered:
                target = math.floor(self._current() * self._decrease)
                if timed_out:
                    target = min(target, self._answered - ticket.answered)
                self._limit = float(max(1, target))
                self._epoch += 1
                self._reductions += 1
                self._sustained = 0
                self._lowest = min(self._lowest, self._current())
            self._cond.notify_all()
        if hold > 0:
            self._schedule(hold, self._free)
        return lowered

    def _hold(self) -> float:
        return min(statistics.median(self._recent), self.max_hold_s) if self._recent else 0.0

    def hold_s(self) -> float:
        """How long a timed-out request keeps its slot: the median recent answer, at most ``max_hold_s``."""
        with self._cond:
            return self._hold()

    def _free(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._cond.notify_all()

    def release(self, ticket: Ticket) -> None:
        """The request failed for another reason (bad output, connection refused): free the slot only."""
        self._free()

    def summary(self) -> dict[str, Any]:
        """What the endpoint sustained: the configured start, the limit it ended at and the decreases.

        ``sustained`` is the most requests in flight together that were all answered since the last
        decrease (the configured maximum if nothing was ever answered there, e.g. all from the cache);
        ``timeouts_alone`` counts timeouts of requests sent with no other in flight: no concurrency
        helps there, the timeout is too short for the call.
        """
        with self._cond:
            sustained = self._sustained or (self._current() if self._reductions else self.maximum)
            return {
                "start": self.maximum,
                "sustained": min(sustained, self.maximum),
                "final_limit": self._current(),
                "lowest_limit": self._lowest,
                "peak_in_flight": self._peak,
                "reductions": self._reductions,
                "timeouts_alone": self._timeouts_alone,
            }
