"""``fahrplan check``'s measurements: one structured call on a tiny schema, and two at once.

Everything a user would otherwise learn from a failed full run, in a few seconds: does the
configured structured-output method work (and, if not, the other one), how long one call takes
and how many tokens per second it yields, and whether two calls at once take twice as long (a
server that works requests one after another). The calls go through the same client as a run
(:func:`fahrplan.app.runner.structured_llm`), without cache and without retries.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from fahrplan.agents.llm import LLMError, LLMOutputError, StructuredLLM
from fahrplan.agents.llm_events import failure_reason
from fahrplan.app.discovery import ServerInfo, choose_model
from fahrplan.app.endpoint import Reachability, fetch_models, fetch_props
from fahrplan.app.runner import structured_llm
from fahrplan.app.settings import Settings

__all__ = ["METHODS", "CallProbe", "CheckReport", "ProbeAnswer", "probe_call", "run_check"]

METHODS = ("function_calling", "json_schema")
ANSWERED = frozenset({"output", "client_error", "server_error", "other"})
"""Failures after which the other structured-output method is worth a try (the server answered)."""
PROBE_MAX_TOKENS = 256
MIN_PARALLEL_PROBE_S = 0.5
"""Below this latency of one call, two at once say more about noise than about the server's slots."""
PROBE_AGENT = "check"


class ProbeAnswer(BaseModel):
    """The tiny schema of the probe call."""

    city: str = Field(description="The capital of Germany.")
    legs: int = Field(description="How many legs a dog has.")
    note: str = Field(description="One short sentence on what a grocery retailer does.")


@dataclass(frozen=True)
class CallProbe:
    """One probe call: whether it parsed, its latency, its tokens, and the error if it failed."""

    method: str
    ok: bool
    latency_s: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    error: str = ""
    reason: str = ""
    """Why it failed: "output" (answered, not in the schema) or a :data:`fahrplan.agents.llm_events.Reason`."""

    @property
    def tokens_per_s(self) -> float | None:
        """Output tokens per second of the whole call (prompt processing included), if it answered."""
        return self.output_tokens / self.latency_s if self.ok and self.output_tokens and self.latency_s else None


@dataclass(frozen=True)
class CheckReport:
    """Everything ``fahrplan check`` measured."""

    reach: Reachability
    info: ServerInfo
    model: str | None
    call: CallProbe | None = None
    alternative: CallProbe | None = None
    parallel_ratio: float | None = None
    """Of two calls sent at once, the later one's latency over the earlier one's (about 2: one after another)."""


def _messages(n: int) -> list[HumanMessage | SystemMessage]:
    return [
        SystemMessage("Answer only through the given schema."),
        HumanMessage(
            f"Request {n}: What is the capital of Germany, how many legs has a dog, and what does a grocer do?"
        ),
    ]


def _client(settings: Settings, model: str, method: str) -> StructuredLLM:
    tokens = min(settings.max_output_tokens, PROBE_MAX_TOKENS)  # a rambling model must not make the check slow
    probe = settings.model_copy(
        update={
            "use_cache": False,
            "max_retries": 0,
            "max_concurrency": 2,
            "structured_method": method,
            "max_output_tokens": tokens,
        }
    )
    return structured_llm(probe, {"default": model})


def probe_call(llm: StructuredLLM, method: str, n: int = 1) -> CallProbe:
    """One call for :class:`ProbeAnswer` on a fresh client; its latency is timed from sending."""
    try:
        llm.invoke(PROBE_AGENT, list(_messages(n)), ProbeAnswer)
    except LLMOutputError as err:
        return CallProbe(method, False, error=f"output does not match the schema: {str(err)[:200]}", reason="output")
    except LLMError as err:
        cause = err.__cause__
        return CallProbe(method, False, error=str(err)[:300], reason=failure_reason(cause) if cause else "other")
    usage = llm.usage[PROBE_AGENT]
    return CallProbe(method, True, usage.latency_s, usage.input_tokens, usage.output_tokens)


def _parallel_ratio(llm: Callable[[], StructuredLLM], method: str) -> float | None:
    """Send two probe calls at once; return the later one's latency over the earlier one's (None if one failed).

    About 2 when the server works them one after another (the later waits for the earlier), about 1
    when it works them side by side. Comparing the pair with each other, not with the first probe,
    keeps a server's prompt cache (the same prefix again) from hiding the queue.
    """
    results: list[CallProbe] = []
    threads = [threading.Thread(target=lambda n=n: results.append(probe_call(llm(), method, n))) for n in (2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(r.latency_s for r in results if r.ok)
    if len(latencies) < 2 or latencies[0] <= 0:
        return None
    return round(latencies[1] / latencies[0], 2)


def run_check(settings: Settings) -> CheckReport:
    """Probe the endpoint: models, context, one structured call (the other method if it fails), two at once."""
    reach = fetch_models(settings)
    if reach.status in ("unreachable", "auth", "not_api"):
        return CheckReport(reach, reach.info, settings.model)
    info = fetch_props(settings, reach.info)
    model, _ = choose_model(settings.model, info.models)
    if model is None:
        return CheckReport(reach, info, None)
    method = settings.structured_method
    call = probe_call(_client(settings, model, method), method)
    alternative = None
    if not call.ok and call.reason in ANSWERED:
        other = next(m for m in METHODS if m != method)
        alternative = probe_call(_client(settings, model, other), other)
    working = call if call.ok else alternative
    ratio = None
    if working is not None and working.ok and working.latency_s >= MIN_PARALLEL_PROBE_S:
        chosen = working.method
        ratio = _parallel_ratio(lambda: _client(settings, model, chosen), chosen)
    return CheckReport(reach, info, model, call, alternative, ratio)
