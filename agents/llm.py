"""Structured LLM calls: retries with backoff, response cache, token/latency/cost accounting, traces.

One :class:`StructuredLLM` per run wraps a LangChain chat model (``ChatOpenAI`` against any
OpenAI-compatible endpoint, or a scripted fake in tests). Failures surface as :class:`LLMError`
so each agent can degrade on its own.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from fahrplan.agents.limiter import AdaptiveLimiter, Ticket
from fahrplan.agents.llm_events import (
    OVERLOAD,
    CallEvent,
    CallObserver,
    EventKind,
    Reason,
    failure_reason,
    is_retryable,
    retry_after_s,
)
from fahrplan.agents.prompts import PromptSet
from fahrplan.core.errors import InternalError

if TYPE_CHECKING:  # langchain-core's model classes take ~0.3 s to import: not on an offline run
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

__all__ = [
    "CallRecord",
    "LLMError",
    "LLMOutputError",
    "LLMRuntime",
    "ResponseCache",
    "StructuredLLM",
    "Tracer",
    "Usage",
    "is_retryable",
    "make_chat_model",
    "usage_summary",
]

T = TypeVar("T", bound=BaseModel)


class LLMError(InternalError, RuntimeError):
    """A model call failed for good (after retries) or returned unusable output."""


class LLMOutputError(LLMError):
    """The model answered, but not in the requested schema (worth one repair round)."""

    def __init__(self, message: str, raw: str) -> None:
        super().__init__(message)
        self.raw = raw


class Tracer(Protocol):
    """Receives one JSON-serialisable event per model call or agent step."""

    def record(self, event: Mapping[str, Any]) -> None:
        """Record an event."""
        ...


@dataclass
class Usage:
    """Accumulated accounting of one agent."""

    calls: int = 0
    cached_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    latency_s: float = 0.0
    cost_usd: float | None = None
    retries: int = 0

    def add(self, record: CallRecord) -> None:
        """Add one call."""
        self.calls += 1
        self.cached_calls += int(record.cached)
        self.input_tokens += record.input_tokens
        self.output_tokens += record.output_tokens
        self.latency_s = round(self.latency_s + record.latency_s, 3)
        self.retries += record.attempts - 1
        if record.cost_usd is not None:
            self.cost_usd = round((self.cost_usd or 0.0) + record.cost_usd, 6)


@dataclass(frozen=True)
class CallRecord:
    """One structured call."""

    agent: str
    model: str
    input_tokens: int
    output_tokens: int
    latency_s: float
    cached: bool
    attempts: int
    cost_usd: float | None


class ResponseCache:
    """On-disk cache of parsed structured outputs, keyed by model, messages and parameters."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """Return the cached entry or None (a corrupt entry counts as a miss)."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store an entry atomically; a full or read-only disk only loses the cache entry."""
        path = self._path(key)
        tmp = path.with_suffix(f".{threading.get_ident()}.tmp")
        try:
            with self._lock:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp.write_text(json.dumps(value, ensure_ascii=False, sort_keys=True), encoding="utf-8")
                tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)


def cache_key(
    model: str, method: str, params: Mapping[str, Any], schema: type[BaseModel], messages: list[BaseMessage]
) -> str:
    """Stable hash of everything that determines a model answer."""
    payload = {
        "model": model,
        "method": method,
        "params": dict(params),
        "schema": schema.model_json_schema(),
        "messages": [[m.type, m.content] for m in messages],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class StructuredLLM:
    """Calls a chat model for a pydantic schema with retries, cache and accounting."""

    models: Mapping[str, BaseChatModel]
    model_names: Mapping[str, str]
    method: str = "function_calling"
    params: Mapping[str, Any] = field(default_factory=dict)
    cache: ResponseCache | None = None
    max_retries: int = 3
    backoff_base_s: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.perf_counter
    tracer: Tracer | None = None
    prices: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    usage: dict[str, Usage] = field(default_factory=dict)
    limiter: AdaptiveLimiter | None = None
    """Adaptive limit on requests in flight (None: only the graph's own concurrency limits them)."""
    observer: CallObserver | None = None
    """Receives every step of every call (the live view)."""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _model(self, agent: str) -> tuple[BaseChatModel, str]:
        name = self.model_names.get(agent, self.model_names["default"])
        return self.models.get(agent, self.models["default"]), name

    def _cost(self, model: str, tokens_in: int, tokens_out: int) -> float | None:
        price = self.prices.get(model)
        if not price:
            return None
        return round(tokens_in / 1e6 * price.get("input", 0.0) + tokens_out / 1e6 * price.get("output", 0.0), 6)

    def _account(self, record: CallRecord) -> None:
        with self._lock:
            self.usage.setdefault(record.agent, Usage()).add(record)

    def invoke(self, agent: str, messages: list[BaseMessage], schema: type[T]) -> tuple[T, str]:
        """Return (parsed output, raw JSON text of the tool arguments) or raise :class:`LLMError`."""
        model, name = self._model(agent)
        key = cache_key(name, self.method, self.params, schema, messages)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            try:
                parsed = schema.model_validate(hit["args"])
            except (ValidationError, KeyError):
                parsed = None
            if parsed is not None:
                self._account(CallRecord(agent, name, 0, 0, 0.0, True, 1, 0.0))
                self._trace(agent, name, key, cached=True, raw=hit["args"], error=None)
                return parsed, json.dumps(hit["args"], ensure_ascii=False)
        runnable = model.with_structured_output(schema, method=self.method, include_raw=True)  # type: ignore[arg-type]
        result, attempt, latency = self._call(agent, name, key, runnable, messages)
        raw_message = result.get("raw")
        usage = getattr(raw_message, "usage_metadata", None) or {}
        tokens_in, tokens_out = int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))
        record = CallRecord(
            agent, name, tokens_in, tokens_out, latency, False, attempt, self._cost(name, tokens_in, tokens_out)
        )
        self._account(record)
        args = _tool_args(raw_message)
        parsed = result.get("parsed")
        if parsed is None:
            error = result.get("parsing_error") or "the answer contained no tool call"
            self._trace(agent, name, key, cached=False, raw=args, error=f"unparseable output: {error}")
            raw_text = json.dumps(args, ensure_ascii=False) if args is not None else ""
            raise LLMOutputError(f"output does not match the schema: {str(error)[:300]}", raw_text)
        self._trace(agent, name, key, cached=False, raw=args, error=None)
        if self.cache is not None:
            self.cache.put(key, {"args": parsed.model_dump(mode="json")})
        return parsed, json.dumps(args, ensure_ascii=False) if args is not None else parsed.model_dump_json()

    def _notify(self, agent: str, kind: EventKind, attempt: int, **extra: Any) -> None:
        if self.observer is not None:
            limit = self.limiter.limit if self.limiter is not None else None
            self.observer(CallEvent(agent, kind, attempt, self.max_retries + 1, limit=limit, **extra))

    def _admit(self, agent: str, attempt: int) -> Ticket | None:
        """Wait for a slot of the adaptive limiter (not part of the request's timeout)."""
        if self.limiter is None:
            return None
        if not self.limiter.slot_free():
            self._notify(agent, "queued", attempt)
        return self.limiter.acquire()

    def _settle(self, ticket: Ticket | None, reason: Reason | None, latency_s: float | None = None) -> None:
        """Hand the slot back: an answer may raise the limit, an overload lowers it, anything else only frees it."""
        if ticket is None or self.limiter is None:
            return
        if reason is None:
            self.limiter.success(ticket, latency_s)
        elif reason in OVERLOAD:
            self.limiter.overload(ticket, timed_out=reason == "timeout")
        else:
            self.limiter.release(ticket)

    def _call(
        self, agent: str, name: str, key: str, runnable: Any, messages: list[BaseMessage]
    ) -> tuple[Any, int, float]:
        """Send the request, retrying with backoff; return (result, attempts, latency of the last attempt)."""
        attempt = 0
        while True:
            attempt += 1
            ticket = self._admit(agent, attempt)
            self._notify(agent, "sent", attempt)
            started = self.clock()  # timed from sending, not from waiting for a slot
            try:
                result: Any = runnable.invoke(messages)
            except Exception as err:  # any client error: classified below, never swallowed
                reason = failure_reason(err)
                self._settle(ticket, reason)
                self._trace(agent, name, key, cached=False, raw=None, error=f"{type(err).__name__}: {err}")
                if not (is_retryable(err) and attempt <= self.max_retries):
                    self._notify(agent, "failed", attempt, reason=reason)
                    raise LLMError(f"{type(err).__name__} after {attempt} attempt(s): {err}") from err
                wait = self.backoff_base_s * (2 ** (attempt - 1)) * (1 + random.random() / 4)
                wait = max(wait, retry_after_s(err) or 0.0)
                self._notify(agent, "retry", attempt, reason=reason, wait_s=wait)
                self.sleep(wait)
                continue
            latency = round(self.clock() - started, 3)
            self._settle(ticket, None, latency)
            self._notify(agent, "answered", attempt)
            return result, attempt, latency

    def _trace(self, agent: str, model: str, key: str, *, cached: bool, raw: Any, error: str | None) -> None:
        if self.tracer is not None:
            self.tracer.record(
                {
                    "event": "llm_call",
                    "agent": agent,
                    "model": model,
                    "cache_key": key[:16],
                    "cached": cached,
                    "raw": raw,
                    "error": error,
                }
            )


def _tool_args(message: Any) -> Any:
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return calls[0].get("args")
    content = getattr(message, "content", None)
    return content if content else None


def make_chat_model(
    *,
    model: str,
    base_url: str | None,
    api_key: str | None,
    temperature: float,
    timeout_s: float,
    max_tokens: int,
    token_limit_param: str = "max_tokens",
) -> BaseChatModel:
    """Create a ChatOpenAI client for an OpenAI-compatible endpoint (retries are ours, not the SDK's).

    ``token_limit_param``: "max_tokens" is understood by llama.cpp, vLLM, Ollama and OpenAI chat
    models; OpenAI reasoning models need "max_completion_tokens".
    """
    from langchain_openai import ChatOpenAI

    limit: dict[str, Any] = (
        {"max_tokens": max_tokens}  # ChatOpenAI sends this field as max_completion_tokens
        if token_limit_param == "max_completion_tokens"
        else {"extra_body": {"max_tokens": max_tokens}}
    )
    return ChatOpenAI(
        model=model,
        base_url=base_url,
        api_key=api_key or "not-needed",  # type: ignore[arg-type]
        temperature=temperature,
        timeout=timeout_s,
        max_retries=0,
        **limit,
    )


def usage_summary(usage: Mapping[str, Usage]) -> dict[str, Any]:
    """Per-agent usage and the total over all agents (calls, tokens, latency, retries, cost)."""
    total = Usage()
    per_agent: dict[str, Any] = {}
    for agent, u in sorted(usage.items()):
        per_agent[agent] = vars(u).copy()
        total.calls += u.calls
        total.cached_calls += u.cached_calls
        total.input_tokens += u.input_tokens
        total.output_tokens += u.output_tokens
        total.latency_s = round(total.latency_s + u.latency_s, 3)
        total.retries += u.retries
        if u.cost_usd is not None:
            total.cost_usd = round((total.cost_usd or 0.0) + u.cost_usd, 6)
    return {"agents": per_agent, "total": vars(total).copy()}


@dataclass(frozen=True)
class LLMRuntime:
    """The model side of an LLM run: structured caller and prompt set."""

    llm: StructuredLLM
    prompts: PromptSet
