"""``fahrplan check``'s recommendation from what it measured (pure: no I/O, no clock).

Method: the configured one if it worked, else the other one if that did. Refinement depth
(``refine_mode``): "rewrite" only when structured output worked and the server reports a context of
at least :data:`REWRITE_MIN_CONTEXT` tokens, else "decide" — a heuristic: a model served with a
large context is usually a capable one, and the rewrite prompt and answer need the room; a small
model with a large context can still be set to "decide" by hand. Concurrency: the server's slots
where it reports them, 1 when of two calls sent at once the later took about twice as long, else the
configured value (the adaptive limit lowers it on overload anyway). Timeout: twice the estimated
time of the mode's largest call — its largest prompt (:data:`PROMPT_TOKENS`) read at ten times the
measured speed, its largest answer (:data:`ANSWER_TOKENS`, at most ``max_output_tokens``) written at
it. Token limit: what fits the context beside the mode's largest prompt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from fahrplan.app.probe import CheckReport
from fahrplan.app.settings import Settings
from fahrplan.core.vocab import RefineMode

__all__ = [
    "ANSWER_TOKENS",
    "CHARS_PER_TOKEN",
    "PROMPT_TOKENS",
    "REWRITE_MIN_CONTEXT",
    "SERIAL_RATIO",
    "Advice",
    "advise",
]

CHARS_PER_TOKEN = 2.5
"""Characters per token of the German module prompts with SmolLM2-135M's tokenizer (2,096-2,656 characters were
845-1,063 tokens); English text and larger vocabularies take fewer tokens, so figures derived with it are upper
bounds for them."""
PROMPT_TOKENS: dict[RefineMode, int] = {"decide": 1800, "rewrite": 4000}
"""The largest prompt of a run in each mode, tool schema included, in tokens at :data:`CHARS_PER_TOKEN`.

Measured for the example profiles in both languages (``tests/test_advice.py`` builds them and checks
that these bound them, with at most a quarter to spare): decide 4,000 characters (1,600 tokens; a
module agent's messages alone 845-1,210), rewrite 9,306 (3,722 tokens; the draft's texts added).
"""
ANSWER_TOKENS: dict[RefineMode, int] = {"decide": 800, "rewrite": 2100}
"""The largest answer the schemas of a mode's calls allow (their ``maxLength``/``maxItems`` bounds), in tokens.

Decide: the executive summary's (reasoning and six bullets, 1,798 characters; a module agent's decisions
are at most 318, in practice a few dozen tokens); rewrite: a module agent's decisions and texts (4,965
characters). Checked by ``tests/test_advice.py`` against the schemas of the example runs.
"""
REWRITE_MIN_CONTEXT = 16_000
"""Reported context (tokens) from which ``fahrplan check`` recommends ``refine_mode = "rewrite"`` (a heuristic)."""
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
    refine_mode: RefineMode = "decide"


def _concurrency(settings: Settings, report: CheckReport, reasons: list[tuple[str, dict[str, object]]]) -> int:
    if report.info.slots:
        reasons.append(("cli.check.why_slots", {"n": report.info.slots}))
        return min(report.info.slots, 64)
    if report.parallel_ratio is not None and report.parallel_ratio >= SERIAL_RATIO:
        reasons.append(("cli.check.why_serial", {"ratio": report.parallel_ratio}))
        return 1
    return settings.max_concurrency


def _mode(report: CheckReport, usable: bool, reasons: list[tuple[str, dict[str, object]]]) -> RefineMode:
    """ "rewrite" when structured output works and the reported context is large enough (a heuristic)."""
    context = report.info.context
    if usable and context is not None and context >= REWRITE_MIN_CONTEXT:
        reasons.append(("cli.check.why_rewrite", {"n": context, "min": REWRITE_MIN_CONTEXT}))
        return "rewrite"
    if usable:
        key = "cli.check.why_decide_unknown" if context is None else "cli.check.why_decide_context"
        reasons.append((key, {"n": context or 0, "min": REWRITE_MIN_CONTEXT}))
    return "decide"


def _tokens(
    settings: Settings, report: CheckReport, mode: RefineMode, reasons: list[tuple[str, dict[str, object]]]
) -> int:
    context, prompt = report.info.context, PROMPT_TOKENS[mode]
    if context is None or context - prompt >= settings.max_output_tokens:
        return settings.max_output_tokens
    room = max(context - prompt, MIN_OUTPUT_TOKENS)
    reasons.append(("cli.check.why_context", {"n": context, "prompt": prompt, "mode": mode}))
    return room


def _timeout(
    settings: Settings,
    report: CheckReport,
    mode: RefineMode,
    tokens: int,
    reasons: list[tuple[str, dict[str, object]]],
) -> float:
    working = report.call if report.call is not None and report.call.ok else report.alternative
    speed = working.tokens_per_s if working is not None else None
    if working is None or speed is None:
        return settings.timeout_s
    prompt, answer = PROMPT_TOKENS[mode], min(tokens, ANSWER_TOKENS[mode])
    estimate = working.latency_s + prompt / (PROMPT_SPEEDUP * speed) + answer / speed
    timeout = min(max(math.ceil(2 * estimate / TIMEOUT_STEP_S) * TIMEOUT_STEP_S, 30), MAX_TIMEOUT_S)
    values: dict[str, object] = {"mode": mode, "prompt": prompt, "tokens": answer, "s": estimate, "tps": speed}
    reasons.append(("cli.check.why_timeout", values))
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
    mode = _mode(report, method is not None, reasons)
    concurrency = _concurrency(settings, report, reasons)
    tokens = _tokens(settings, report, mode, reasons)
    timeout = _timeout(settings, report, mode, tokens, reasons)
    return Advice(method is not None, method, concurrency, timeout, tokens, reasons, mode)
