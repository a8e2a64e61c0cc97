"""``fahrplan check``'s recommendation from what it measured (pure: no I/O, no clock).

Method: the configured one if it worked, else the other one if that did. Concurrency: the
server's slots where it reports them, 1 when of two calls sent at once the later took about twice as long,
else the configured value (the adaptive limit lowers it on overload anyway). Timeout: twice the
estimated time of a call that reads a module agent's prompt and writes ``max_output_tokens`` at
the measured speed. Token limit: what fits the context beside a module agent's prompt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from fahrplan.app.probe import CheckReport
from fahrplan.app.settings import Settings

__all__ = ["AGENT_PROMPT_TOKENS", "SERIAL_RATIO", "Advice", "advise"]

AGENT_PROMPT_TOKENS = 4000
"""About the largest prompt a module agent sends (profile, draft, numbered sources), in tokens."""
SERIAL_RATIO = 1.5
"""Two calls at once taking this many times one call's latency or more: the server works one at a time."""
PROMPT_SPEEDUP = 10
"""A server reads prompt tokens about this many times faster than it writes output tokens (a rough rule)."""
MIN_OUTPUT_TOKENS = 512
TIMEOUT_STEP_S = 10
MAX_TIMEOUT_S = 3600


@dataclass(frozen=True)
class Advice:
    """Recommended settings, and text keys (with values) that explain them."""

    usable: bool
    method: str | None
    concurrency: int
    timeout_s: float
    max_output_tokens: int
    reasons: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def _concurrency(settings: Settings, report: CheckReport, reasons: list[tuple[str, dict[str, object]]]) -> int:
    if report.info.slots:
        reasons.append(("cli.check.why_slots", {"n": report.info.slots}))
        return min(report.info.slots, 64)
    if report.parallel_ratio is not None and report.parallel_ratio >= SERIAL_RATIO:
        reasons.append(("cli.check.why_serial", {"ratio": report.parallel_ratio}))
        return 1
    return settings.max_concurrency


def _tokens(settings: Settings, report: CheckReport, reasons: list[tuple[str, dict[str, object]]]) -> int:
    context = report.info.context
    if context is None or context - AGENT_PROMPT_TOKENS >= settings.max_output_tokens:
        return settings.max_output_tokens
    room = max(context - AGENT_PROMPT_TOKENS, MIN_OUTPUT_TOKENS)
    reasons.append(("cli.check.why_context", {"n": context, "prompt": AGENT_PROMPT_TOKENS}))
    return room


def _timeout(
    settings: Settings, report: CheckReport, tokens: int, reasons: list[tuple[str, dict[str, object]]]
) -> float:
    working = report.call if report.call is not None and report.call.ok else report.alternative
    speed = working.tokens_per_s if working is not None else None
    if working is None or speed is None:
        return settings.timeout_s
    estimate = working.latency_s + AGENT_PROMPT_TOKENS / (PROMPT_SPEEDUP * speed) + tokens / speed
    timeout = min(max(math.ceil(2 * estimate / TIMEOUT_STEP_S) * TIMEOUT_STEP_S, 30), MAX_TIMEOUT_S)
    reasons.append(("cli.check.why_timeout", {"tokens": tokens, "s": estimate, "tps": speed}))
    return float(timeout)


def advise(settings: Settings, report: CheckReport) -> Advice:
    """The settings that let a run work against this endpoint (``usable`` False: none do)."""
    reasons: list[tuple[str, dict[str, object]]] = []
    method = None
    if report.call is not None and report.call.ok:
        method = report.call.method
    elif report.alternative is not None and report.alternative.ok:
        method = report.alternative.method
        reasons.append(("cli.check.why_method", {"method": method, "configured": settings.structured_method}))
    concurrency = _concurrency(settings, report, reasons)
    tokens = _tokens(settings, report, reasons)
    timeout = _timeout(settings, report, tokens, reasons)
    return Advice(method is not None, method, concurrency, timeout, tokens, reasons)
