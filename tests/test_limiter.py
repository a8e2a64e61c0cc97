"""Adaptive concurrency (AIMD) and the call events of StructuredLLM: fewer requests in flight under overload."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import openai
import pytest
from langchain_core.messages import BaseMessage, HumanMessage
from pydantic import BaseModel

from fahrplan.agents.limiter import AdaptiveLimiter
from fahrplan.agents.llm import LLMError, StructuredLLM
from fahrplan.agents.llm_events import CallEvent, failure_reason, retry_after_s
from fahrplan.evals.fakes import Recorder, ScriptedChatModel


def test_overload_halves_once_per_event_and_successes_raise_it_again() -> None:
    limiter = AdaptiveLimiter(6)
    tickets = [limiter.acquire() for _ in range(6)]
    assert limiter.limit == 6 and not limiter.slot_free()
    assert limiter.overload(tickets[0]) is True
    assert limiter.limit == 3
    for ticket in tickets[1:4]:  # sent before the decrease: the same congestion event, no second cut
        assert limiter.overload(ticket) is False
    assert limiter.limit == 3
    limiter.release(tickets[4])
    limiter.success(tickets[5])  # sent before the decrease: frees its slot, says nothing of the new limit
    late = limiter.acquire()
    assert limiter.overload(late) is True and limiter.limit == 1
    for _ in range(3):  # additive increase: about one more slot per window of answered calls
        limiter.success(limiter.acquire())
    assert limiter.limit == 2
    summary = limiter.summary()
    assert summary["start"] == 6 and summary["lowest_limit"] == 1 and summary["reductions"] == 2
    assert summary["sustained"] == 1 and summary["peak_in_flight"] == 6


def test_a_timeout_lowers_the_limit_to_the_answers_that_came_while_it_waited() -> None:
    limiter = AdaptiveLimiter(6)
    tickets = [limiter.acquire() for _ in range(6)]
    limiter.success(tickets[0])  # one answer while the others waited: the server serves one at a time
    assert limiter.overload(tickets[1], timed_out=True) is True
    assert limiter.limit == 1  # not 3: half of 6 would still queue two behind the one it can serve
    parallel = AdaptiveLimiter(8)
    more = [parallel.acquire() for _ in range(8)]
    for ticket in more[:5]:
        parallel.success(ticket)
    assert parallel.overload(more[5], timed_out=True) and parallel.limit == 4  # halving is the smaller cut


def test_slow_answers_do_not_raise_the_limit() -> None:
    limiter = AdaptiveLimiter(4, headroom_s=30.0)
    limiter.overload(limiter.acquire())
    limiter.overload(limiter.acquire())
    assert limiter.limit == 1
    for _ in range(3):
        limiter.success(limiter.acquire(), latency_s=39.0)  # more than half the timeout: one more would time out
    assert limiter.limit == 1
    limiter.success(limiter.acquire(), latency_s=5.0)
    assert limiter.limit == 2


def test_a_timed_out_request_keeps_its_slot_while_the_server_may_still_work_on_it() -> None:
    scheduled: list[tuple[float, Any]] = []
    limiter = AdaptiveLimiter(2, max_hold_s=60.0, schedule=lambda delay, action: scheduled.append((delay, action)))
    for latency in (10.0, 30.0, 20.0):
        limiter.success(limiter.acquire(), latency_s=latency)
    assert limiter.hold_s() == 20.0  # the median recent answer
    first, second = limiter.acquire(), limiter.acquire()
    limiter.overload(first, timed_out=True)
    limiter.release(second)
    assert limiter.limit == 1 and not limiter.slot_free()  # the abandoned request may still run there
    [(delay, free)] = scheduled
    assert delay == 20.0
    free()
    assert limiter.slot_free()
    assert limiter.summary()["timeouts_alone"] == 0  # it had company: the pressure, not the timeout, was wrong


def test_the_limit_never_leaves_one_to_maximum() -> None:
    limiter = AdaptiveLimiter(2)
    for _ in range(5):
        limiter.overload(limiter.acquire())
    assert limiter.limit == 1
    for _ in range(50):
        limiter.success(limiter.acquire())
    assert limiter.limit == 2
    with pytest.raises(ValueError, match="at least 1"):
        AdaptiveLimiter(0)


def test_a_waiting_caller_gets_the_freed_slot() -> None:
    limiter = AdaptiveLimiter(1)
    first = limiter.acquire()
    admitted = threading.Event()

    def second() -> None:
        limiter.success(limiter.acquire())
        admitted.set()

    worker = threading.Thread(target=second)
    worker.start()
    assert not admitted.wait(0.05)  # no slot while the first request is in flight
    limiter.success(first)
    assert admitted.wait(5)
    worker.join(5)


def _request() -> httpx.Request:
    return httpx.Request("POST", "http://127.0.0.1:1/v1/chat/completions")


def _status(code: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    response = httpx.Response(code, headers=headers or {}, request=_request())
    cls = openai.RateLimitError if code == 429 else openai.InternalServerError
    return cls(f"Error code: {code}", response=response, body=None)


@pytest.mark.parametrize(
    ("err", "reason"),
    [
        (openai.APITimeoutError(request=_request()), "timeout"),
        (openai.APIConnectionError(request=_request()), "connection"),
        (_status(429), "rate_limit"),
        (_status(503), "overloaded"),
        (_status(500), "server_error"),
        (ValueError("bad"), "other"),
    ],
)
def test_failures_are_classified(err: BaseException, reason: str) -> None:
    assert failure_reason(err) == reason


def test_retry_after_is_honoured_and_capped() -> None:
    assert retry_after_s(_status(429, {"retry-after": "7"})) == 7.0
    assert retry_after_s(_status(429, {"retry-after": "3600"})) == 60.0
    assert retry_after_s(_status(429)) is None


def _llm(failures: list[BaseException], events: list[CallEvent], limiter: AdaptiveLimiter) -> StructuredLLM:
    def script(messages: list[BaseMessage], tool: str) -> Any:
        if failures:
            raise failures.pop(0)
        return {"value": "ok"}

    return StructuredLLM(
        models={"default": ScriptedChatModel(script=script, recorder=Recorder())},
        model_names={"default": "m"},
        max_retries=3,
        sleep=lambda _s: None,
        limiter=limiter,
        observer=events.append,
    )


class Tiny(BaseModel):
    value: str


def test_timeouts_lower_the_limit_and_the_events_tell_attempt_and_reason() -> None:
    events: list[CallEvent] = []
    limiter = AdaptiveLimiter(4)
    llm = _llm([openai.APITimeoutError(request=_request()), _status(429)], events, limiter)
    out, _ = llm.invoke("agent_x", [HumanMessage("hi")], Tiny)
    assert out.value == "ok"
    assert [(e.kind, e.attempt, e.reason) for e in events] == [
        ("sent", 1, None),
        ("retry", 1, "timeout"),
        ("sent", 2, None),
        ("retry", 2, "rate_limit"),
        ("sent", 3, None),
        ("answered", 3, None),
    ]
    assert all(e.attempts == 4 for e in events)
    assert limiter.summary()["reductions"] == 2 and llm.usage["agent_x"].retries == 2


def test_a_request_that_fails_for_good_frees_its_slot() -> None:
    events: list[CallEvent] = []
    limiter = AdaptiveLimiter(1)
    llm = _llm([ValueError("not retryable")], events, limiter)
    with pytest.raises(LLMError, match="after 1 attempt"):
        llm.invoke("agent_x", [HumanMessage("hi")], Tiny)
    assert events[-1].kind == "failed" and events[-1].reason == "other"
    assert limiter.slot_free()
