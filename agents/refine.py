"""The LLM module agent: the offline draft, refined by a model into concrete, company-specific text.

Loop: retrieve -> offline draft -> structured LLM output -> meaning checks per field -> one repair
round for the fields that failed -> the fields that passed replace the draft's (the others stay the
draft's, named in a visible warning); with no field passed, degrade to the offline draft with a
visible warning (:mod:`agents.refine_fields` says what "refined" means). Budgets, FTE, ids and
dependencies stay computed; the model writes text, picks citations among numbered sources, may
only delay phases.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import yaml
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.llm import StructuredLLM
from fahrplan.agents.module_agent import plan_module
from fahrplan.agents.prompts import PromptError, PromptSet, fence
from fahrplan.agents.refine_fields import (
    Accepted,
    MilestoneText,
    ModuleRefinement,
    accept_fields,
    clip,
    kept_summary,
)
from fahrplan.agents.repair import ECHO_PROBLEMS, refine_with_repair, repair_request
from fahrplan.core.i18n import eur
from fahrplan.core.profile import Profile
from fahrplan.core.texts import MODULE_TITLES, t
from fahrplan.core.vocab import Lang, agent_node
from fahrplan.knowledge.schema import ModuleId

__all__ = ["LLMModulePlanner", "MilestoneText", "ModuleRefinement", "profile_block", "refine_module"]

MAX_SOURCES = 24
MAX_SOURCE_CHARS = 400


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


def _apply(draft: ModuleDraft, acc: Accepted) -> ModuleDraft:
    """The draft with the accepted fields of the model's answer; every other field stays the draft's."""
    milestones = []
    for m in draft.milestones:
        new = acc.milestones.get(m.id)
        if new is None:
            milestones.append(m)
            continue
        update = {k: v for k, v in new.items() if k != "citations"}
        update["citations"] = list(dict.fromkeys([*m.citations, *new["citations"]]))
        milestones.append(m.model_copy(update=update))
    return dataclasses.replace(draft, milestones=tuple(milestones), texts=dict(acc.texts))


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
        f"[{n}] {fence(clip(_source_text(s, deps, draft), MAX_SOURCE_CHARS))}" for n, s in enumerate(sources, start=1)
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

    instructions = repair_request(prompts, lang, ECHO_PROBLEMS)
    best: list[Accepted] = []  # the answer with the most accepted fields so far

    def accept(ref: ModuleRefinement, raw: str, attempt: int) -> tuple[ModuleDraft | None, list[str]]:
        acc = accept_fields(ref, draft.milestones, sources, context, instructions)
        _trace(llm, agent, attempt, sources, raw, acc)
        if acc.accepted and (not best or acc.accepted >= best[0].accepted):
            best[:] = [acc]
        if acc.kept and attempt == 1:
            return None, acc.rejected  # one repair round for the fields that failed
        if best:
            return _refined(draft, best[0], lang), []
        return None, acc.rejected

    def degrade(reason: str) -> ModuleDraft:
        # a repair round that failed keeps what the first answer got right
        return _refined(draft, best[0], lang) if best else _degrade(draft, reason, lang)

    return refine_with_repair(
        llm,
        prompts,
        lang,
        agent=agent,
        schema=ModuleRefinement,
        messages=messages,
        accept=accept,
        degrade=degrade,
    )


def _refined(draft: ModuleDraft, acc: Accepted, lang: Lang) -> ModuleDraft:
    """The draft with the accepted fields, a warning naming the fields kept from the draft, and the notes."""
    module = MODULE_TITLES[draft.module][lang]
    warnings = [t("w_llm_note", lang, module=module, note=n) for n in acc.notes]
    if acc.kept:
        reasons = "; ".join(dict.fromkeys(r.partition(": ")[2] for r in acc.rejected))
        fields = kept_summary(acc)
        warnings.insert(
            0,
            t("w_partly_refined", lang, module=module, n=acc.accepted, total=acc.total, fields=fields, reason=reasons),
        )
    refined = _apply(draft, acc)
    return dataclasses.replace(refined, warnings=(*refined.warnings, *warnings), refined=(acc.accepted, acc.total))


def _trace(llm: StructuredLLM, agent: str, attempt: int, sources: list[str], raw: str, acc: Accepted) -> None:
    if llm.tracer is not None:
        llm.tracer.record(
            {
                "event": "agent_output",
                "agent": agent,
                "attempt": attempt,
                "retrieved": sources,
                "raw": raw,
                "problems": acc.rejected,
                "notes": acc.notes,
                "accepted": acc.accepted,
                "fields": acc.total,
                "texts": acc.texts,
                "milestones": acc.milestones,
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
