"""The LLM step that classifies goals and planned use cases to value levers, with the classifier's answer as draft.

Loop as for every refinement: the deterministic classification (:func:`fahrplan.agents.goal_fit.classify_text`)
is the draft -> the model answers with levers from the closed list -> meaning checks -> one repair round ->
else the draft, with a visible warning. Text that reads like an instruction to the tool is never sent: it
names no goal and keeps no levers. The result is a mapping text -> levers that every later agent reads
through :attr:`fahrplan.agents.context.AgentDeps.lever_overrides`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.goal_fit import classify_text
from fahrplan.agents.llm import StructuredLLM
from fahrplan.agents.prompts import PromptError, PromptSet, fence
from fahrplan.agents.repair import REASONING_MAX_CHARS, refine_with_repair
from fahrplan.core.texts import t
from fahrplan.core.untrusted import instruction_like
from fahrplan.core.vocab import Lever

__all__ = ["LEVER_AGENT", "MAX_LEVERS", "LeverChoice", "LeverClassifier", "LeverRefinement", "check_levers"]

LEVER_AGENT = "levers"
MAX_LEVERS = 3
_MAX_TEXT_CHARS = 300

Classified = tuple[dict[str, tuple[Lever, ...]], list[str]]
"""Levers per text the model settled on, and the warnings of the step."""


class LeverChoice(BaseModel):
    """The model's levers for one numbered text."""

    index: int = Field(description="Number of the text, as given.")
    levers: list[Lever] = Field(
        description="One to three value levers from the list, the most direct first (none only if the text names "
        "no business goal).",
        json_schema_extra={"maxItems": MAX_LEVERS},
    )


class LeverRefinement(BaseModel):
    """The model's classification of all numbered texts (reasoning first)."""

    reasoning: str = Field(
        description="Short reasoning first: the mechanism behind each text's KPI.",
        json_schema_extra={"maxLength": REASONING_MAX_CHARS},  # a grammar-constrained server's ramble ends
    )
    items: list[LeverChoice] = Field(description="One entry per numbered text.")


def _items_block(texts: Sequence[str], drafts: Sequence[tuple[Lever, ...]]) -> str:
    lines = [
        f"[{n}] <daten>{fence(text[:_MAX_TEXT_CHARS])}</daten> draft: {', '.join(draft) or '-'}"
        for n, (text, draft) in enumerate(zip(texts, drafts, strict=True), start=1)
    ]
    return "\n".join(lines)


def check_levers(
    ref: LeverRefinement, drafts: Sequence[tuple[Lever, ...]]
) -> tuple[dict[int, tuple[Lever, ...]], list[str]]:
    """Return each numbered text's levers (1-based) and the problems that make the answer unusable.

    A text keeps no lever only when the draft found none either (it names no business goal).
    """
    count = len(drafts)
    problems: list[str] = []
    out: dict[int, tuple[Lever, ...]] = {}
    for item in ref.items:
        if not 1 <= item.index <= count:
            problems.append(f"item {item.index}: there is no text with this number (1-{count})")
        elif item.index in out:
            problems.append(f"item {item.index}: answered twice")
        elif not item.levers and drafts[item.index - 1]:
            problems.append(f"item {item.index}: give at least one lever")
        elif len(item.levers) > MAX_LEVERS or len(set(item.levers)) < len(item.levers):
            problems.append(f"item {item.index}: one to {MAX_LEVERS} different levers")
        else:
            out[item.index] = tuple(item.levers)
    missing = [n for n in range(1, count + 1) if n not in out and not any(p.startswith(f"item {n}:") for p in problems)]
    if missing:
        problems.append("no answer for text(s) " + ", ".join(str(n) for n in missing))
    return out, problems


@dataclass(frozen=True)
class LeverClassifier:
    """Classify goal and use-case texts to levers with the model; the deterministic classifier is the draft."""

    llm: StructuredLLM
    prompts: PromptSet

    def __call__(self, texts: Sequence[str], deps: AgentDeps) -> Classified:
        """Return the levers per text the model settled on (empty when it degraded) and any warnings."""
        lang = deps.lang
        asked = [text for text in dict.fromkeys(texts) if text.strip() and not instruction_like(text)]
        drafts = [classify_text(text, deps).levers for text in asked]
        if not asked:
            return {}, []
        try:
            messages: list[BaseMessage] = [
                SystemMessage(self.prompts.get(f"{LEVER_AGENT}.system", lang).render()),
                HumanMessage(self.prompts.get(f"{LEVER_AGENT}.task", lang).render(items=_items_block(asked, drafts))),
            ]
        except PromptError as err:
            return {}, [t("w_levers_degraded", lang, reason=str(err))]

        def accept(ref: LeverRefinement, raw: str, attempt: int) -> tuple[Classified | None, list[str]]:
            chosen, problems = check_levers(ref, drafts)
            self._trace(attempt, raw, problems)
            if problems:
                return None, problems
            return ({asked[n - 1]: levers for n, levers in sorted(chosen.items())}, []), []

        return refine_with_repair(
            self.llm,
            self.prompts,
            lang,
            agent=LEVER_AGENT,
            schema=LeverRefinement,
            messages=messages,
            accept=accept,
            degrade=lambda reason: ({}, [t("w_levers_degraded", lang, reason=reason)]),
        )

    def _trace(self, attempt: int, raw: str, problems: list[str]) -> None:
        if self.llm.tracer is not None:
            self.llm.tracer.record(
                {"event": "agent_output", "agent": LEVER_AGENT, "attempt": attempt, "raw": raw, "problems": problems}
            )
