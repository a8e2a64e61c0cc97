"""The LLM module agent: the offline draft, refined by a model into concrete, company-specific text.

Loop: retrieve -> offline draft -> structured LLM output -> meaning checks -> one repair round ->
else degrade to the offline draft with a visible warning. Budgets, FTE, ids and dependencies stay
computed; the model writes text, picks citations among numbered sources, may only delay phases.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.llm import StructuredLLM
from fahrplan.agents.module_agent import plan_module
from fahrplan.agents.prompts import PromptError, PromptSet, fence
from fahrplan.agents.repair import refine_with_repair
from fahrplan.agents.validation import Check, check_milestones, map_citations, ungrounded_numbers
from fahrplan.core.i18n import eur
from fahrplan.core.profile import Profile
from fahrplan.core.texts import MODULE_TITLES, t
from fahrplan.core.vocab import Lang, agent_node
from fahrplan.knowledge.schema import ModuleId

__all__ = ["LLMModulePlanner", "MilestoneText", "ModuleRefinement", "profile_block", "refine_module"]

MAX_SOURCES = 24
MAX_SOURCE_CHARS = 400
# Length rules are checked after parsing, not in the schema: grammar-constrained servers
# (llama.cpp) cannot compile long repetition bounds.
MIN_CHARS = {"goal": 10, "scaling": 10, "title": 3, "description": 10, "owner": 2}
MAX_CHARS = {"goal": 1500, "scaling": 1500, "title": 200, "description": 1500, "owner": 120, "item": 300}
MAX_ITEMS = 6


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class MilestoneText(BaseModel):
    """The model's text for one draft milestone."""

    id: str = Field(description="Milestone id exactly as given in the draft.")
    title: str = Field(description="Concrete title for this company.")
    description: str = Field(description="What is done, how, with whom.")
    owner: str = Field(description="Accountable role.")
    phase: Literal["0-6", "6-12", "12-24"] = Field(description="Phase; never earlier than in the draft.")
    kpis: list[str] = Field(default_factory=list, description="Measurable KPIs.")
    citations: list[int] = Field(default_factory=list, description="Numbers of the sources this relies on.")


class ModuleRefinement(BaseModel):
    """The model's refinement of one module (reasoning first)."""

    reasoning: str = Field(description="Short reasoning first: what to sharpen for this company and why.")
    goal: str = Field(description="Goal and business value of the module.")
    success_factors: list[str] = Field(description="Success factors.")
    scaling: str = Field(description="How successes are scaled.")
    milestones: list[MilestoneText] = Field(description="One entry per draft milestone.")


def profile_block(profile: Profile) -> str:
    """The profile as fenced YAML data for a prompt."""
    data = profile.model_dump(mode="json", exclude_none=True)
    return fence(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).strip())


def _sources(draft: ModuleDraft, deps: AgentDeps) -> list[str]:
    ids: list[str] = []
    for m in draft.milestones:
        ids += m.citations
    ids += list(draft.retrieved) + [h.id for h in draft.documents]
    return list(dict.fromkeys(ids))[:MAX_SOURCES]


def _source_text(entry_id: str, deps: AgentDeps, draft: ModuleDraft) -> str:
    catalog, lang = deps.catalog, deps.lang
    if entry_id in catalog.legal:
        e = catalog.legal[entry_id]
        return f"{e.instrument} {e.article}: {e.title.get(lang)} — {e.text.get(lang)}"
    if entry_id in catalog.initiatives:
        i = catalog.initiatives[entry_id]
        return f"{i.title.get(lang)} — {i.description.get(lang)}"
    doc = next((h for h in draft.documents if h.id == entry_id), None)
    return doc.label if doc else entry_id


def _draft_block(draft: ModuleDraft, lang: Lang) -> str:
    lines = []
    for m in draft.milestones:
        deps_text = f" | depends_on: {', '.join(m.depends_on)}" if m.depends_on else ""
        lines.append(
            f"- id: {m.id} | phase: {m.phase} | budget: {eur(m.budget_eur, lang)} | fte: {m.fte:g} | "
            f"title: {m.title} | owner: {m.owner} | description: {m.description}{deps_text}"
        )
    return fence("\n".join(lines))


def _check(
    ref: ModuleRefinement, draft: ModuleDraft, sources: list[str], context: list[str]
) -> tuple[Check, dict[str, Any]]:
    check = Check()
    known = {m.id: m for m in draft.milestones}
    too_short = [name for name in ("goal", "scaling") if len(getattr(ref, name).strip()) < MIN_CHARS[name]]
    for m in ref.milestones:
        too_short += [
            f"{m.id}.{name}"
            for name in ("title", "description", "owner")
            if len(getattr(m, name).strip()) < MIN_CHARS[name]
        ]
    if too_short:
        check.problems.append("empty or too short: " + ", ".join(too_short))
    phases = check_milestones({m.id: m.phase for m in ref.milestones}, known, check)
    texts = [ref.goal, ref.scaling, *ref.success_factors]
    for m in ref.milestones:
        texts += [m.title, m.description, m.owner, *m.kpis]
    invented = ungrounded_numbers(texts, context)
    if invented:
        check.problems.append(
            "numbers not found in the profile, draft or sources: " + ", ".join(invented) + " — remove them"
        )
    cites = {m.id: map_citations(m.citations, sources, check, m.id) for m in ref.milestones if m.id in known}
    return check, {"phases": phases, "citations": cites}


def _apply(draft: ModuleDraft, ref: ModuleRefinement, fixed: dict[str, Any]) -> ModuleDraft:
    by_id = {m.id: m for m in ref.milestones}
    milestones = []
    for m in draft.milestones:
        new = by_id.get(m.id)
        if new is None or m.id not in fixed["phases"]:
            milestones.append(m)
            continue
        kpis = [_clip(k, MAX_CHARS["item"]) for k in new.kpis if k.strip()][:MAX_ITEMS]
        milestones.append(
            m.model_copy(
                update={
                    "title": _clip(new.title, MAX_CHARS["title"]),
                    "description": _clip(new.description, MAX_CHARS["description"]),
                    "owner": _clip(new.owner, MAX_CHARS["owner"]),
                    "phase": fixed["phases"][m.id],
                    "kpis": kpis or m.kpis,
                    "citations": list(dict.fromkeys([*m.citations, *fixed["citations"].get(m.id, [])])),
                }
            )
        )
    factors = [_clip(f, MAX_CHARS["item"]) for f in ref.success_factors if f.strip()][:MAX_ITEMS]
    texts = {
        "goal": _clip(ref.goal, MAX_CHARS["goal"]),
        "success_factors": factors,
        "scaling": _clip(ref.scaling, MAX_CHARS["scaling"]),
    }
    return dataclasses.replace(draft, milestones=tuple(milestones), texts=texts)


def _degrade(draft: ModuleDraft, reason: str, lang: Lang) -> ModuleDraft:
    title = MODULE_TITLES[draft.module][lang]
    warning = t("w_degraded", lang, module=title, reason=reason)
    return dataclasses.replace(draft, degraded=reason, warnings=(*draft.warnings, warning))


def refine_module(
    draft: ModuleDraft, profile: Profile, deps: AgentDeps, llm: StructuredLLM, prompts: PromptSet
) -> ModuleDraft:
    """Refine ``draft`` with the model; on failure return it degraded, with a warning."""
    lang, agent = deps.lang, agent_node(draft.module)
    if not draft.milestones:
        return draft  # nothing planned in this module: no text to refine
    sources = _sources(draft, deps)
    numbered = "\n".join(
        f"[{n}] {fence(_clip(_source_text(s, deps, draft), MAX_SOURCE_CHARS))}" for n, s in enumerate(sources, start=1)
    )
    profile_text, draft_text = profile_block(profile), _draft_block(draft, lang)
    try:
        messages: list[BaseMessage] = [
            SystemMessage(prompts.get(f"{draft.module}.system", lang).render()),
            HumanMessage(
                prompts.get(f"{draft.module}.task", lang).render(
                    profile=profile_text, draft=draft_text, sources=numbered
                )
            ),
        ]
    except PromptError as err:
        return _degrade(draft, str(err), lang)
    context = [profile_text, draft_text, numbered]

    def accept(ref: ModuleRefinement, raw: str, attempt: int) -> tuple[ModuleDraft | None, list[str]]:
        check, fixed = _check(ref, draft, sources, context)
        _trace(llm, agent, attempt, sources, raw, check)
        if not check.ok:
            return None, check.problems
        refined = _apply(draft, ref, fixed)
        notes = tuple(t("w_llm_note", lang, module=MODULE_TITLES[draft.module][lang], note=n) for n in check.notes)
        return dataclasses.replace(refined, warnings=(*refined.warnings, *notes)), []

    return refine_with_repair(
        llm,
        prompts,
        lang,
        agent=agent,
        schema=ModuleRefinement,
        messages=messages,
        accept=accept,
        degrade=lambda reason: _degrade(draft, reason, lang),
    )


def _trace(llm: StructuredLLM, agent: str, attempt: int, sources: list[str], raw: str, check: Check) -> None:
    if llm.tracer is not None:
        llm.tracer.record(
            {
                "event": "agent_output",
                "agent": agent,
                "attempt": attempt,
                "retrieved": sources,
                "raw": raw,
                "problems": check.problems,
                "notes": check.notes,
            }
        )


@dataclass(frozen=True)
class LLMModulePlanner:
    """Module planner for LLM backends: offline draft, then model refinement."""

    llm: StructuredLLM
    prompts: PromptSet

    def __call__(
        self, module: ModuleId, profile: Profile, matches: tuple[UseCaseMatch, ...], deps: AgentDeps
    ) -> ModuleDraft:
        draft = plan_module(module, profile, matches, deps)
        return refine_module(draft, profile, deps, self.llm, self.prompts)
