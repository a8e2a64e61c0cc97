"""The coordinator's LLM step: rewrite the executive summary from computed facts, numbers grounded."""

from __future__ import annotations

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from fahrplan.agents.llm import StructuredLLM
from fahrplan.agents.prompts import PromptError, PromptSet, fence
from fahrplan.agents.repair import REASONING_MAX_CHARS, refine_with_repair
from fahrplan.agents.validation import ungrounded_numbers
from fahrplan.core.i18n import eur
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.texts import t

__all__ = ["SummaryRefinement", "refine_summary", "summary_facts"]

MIN_BULLETS, MAX_BULLETS = 3, 8


BULLET_MAX_CHARS = 240


class SummaryRefinement(BaseModel):
    """The executive summary as the model writes it (reasoning first)."""

    # the length bounds are for grammar-constrained servers (llama.cpp), so that a small model's
    # ramble ends in time; they are not validated (an OpenAI model's longer answer is checked as usual)
    reasoning: str = Field(
        description="Short reasoning first: what the board must take away.",
        json_schema_extra={"maxLength": REASONING_MAX_CHARS},
    )
    bullets: list[str] = Field(
        description="4-6 concise bullet points.",
        json_schema_extra={"maxItems": 6, "items": {"type": "string", "maxLength": BULLET_MAX_CHARS}},
    )


def summary_facts(roadmap: Roadmap) -> str:
    """The computed facts the summary may use, one per line."""
    lang = roadmap.generated_with.language
    lines = list(roadmap.executive_summary)
    for m in roadmap.modules:
        p = m.priority
        lines.append(f"{p.rank}. {m.title}: score {p.score:.1f}, budget {eur(m.resources.budget_eur, lang)}")
    for f in roadmap.compliance_findings:
        if f.source == "planned_use_case":
            lines.append(f"use case {f.use_case}: {f.verdict}, AI Act risk {f.ai_act_risk}")
    return fence("\n".join(lines))


def refine_summary(roadmap: Roadmap, llm: StructuredLLM, prompts: PromptSet) -> Roadmap:
    """Return ``roadmap`` with the model's summary, or unchanged plus a warning if it is unusable."""
    lang = roadmap.generated_with.language
    facts = summary_facts(roadmap)
    try:
        messages: list[BaseMessage] = [
            SystemMessage(prompts.get("coordinator.system", lang).render()),
            HumanMessage(prompts.get("coordinator.task", lang).render(facts=facts)),
        ]
    except PromptError as err:
        return _degraded(roadmap, str(err))

    def accept(out: SummaryRefinement, raw: str, attempt: int) -> tuple[Roadmap | None, list[str]]:
        bullets = [" ".join(b.split()) for b in out.bullets if b.strip()][:MAX_BULLETS]
        invented = ungrounded_numbers(bullets, [facts])
        problems = [f"numbers not in the facts: {', '.join(invented)} — remove them"] if invented else []
        if len(bullets) < MIN_BULLETS:
            problems.append(f"give at least {MIN_BULLETS} bullet points")
        if problems:
            return None, problems
        return roadmap.model_copy(update={"executive_summary": bullets}), []

    return refine_with_repair(
        llm,
        prompts,
        lang,
        agent="coordinator",
        schema=SummaryRefinement,
        messages=messages,
        accept=accept,
        degrade=lambda reason: _degraded(roadmap, reason),
    )


def _degraded(roadmap: Roadmap, reason: str) -> Roadmap:
    lang = roadmap.generated_with.language
    warning = t("w_summary_degraded", lang, reason=reason)
    return roadmap.model_copy(update={"warnings": [*roadmap.warnings, warning]})
