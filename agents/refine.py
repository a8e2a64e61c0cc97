"""The LLM module agent: the offline draft, with the decisions a model makes on it for this company.

Loop: retrieve -> offline draft -> numbered candidates from the draft (:class:`Choices`) -> the
model's decisions through a schema built from them -> checks per part -> one repair round for the
parts that failed -> the parts that passed order or extend what the roadmap shows (the others stay
the draft's, named in a visible warning); with no part passed, degrade to the offline draft with a
visible warning (:mod:`agents.refine_fields` says what "refined" means). Milestones, budgets, FTE,
phases, citations and dependencies stay computed.

With ``mode`` "rewrite" (setting ``refine_mode``, a capable model) the same call also asks for the
draft's texts — the module's goal, its scaling, the first milestones' titles, descriptions and owners —
and :mod:`agents.refine_rewrite` checks each on its own (one structured call: the decisions and the
texts are judged on the same draft, and a repair round covers both).

The prompt carries only what the decisions need: compact company facts (fenced as data), the
module's steps with the goals they serve, and the candidates — not the whole profile, draft or
knowledge base (a few hundred tokens instead of several thousand).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.llm import StructuredLLM
from fahrplan.agents.module_agent import plan_module
from fahrplan.agents.prompts import PromptError, PromptSet, fence
from fahrplan.agents.refine_fields import Accepted, Choices, accept_fields, kept_summary, refinement_schema
from fahrplan.agents.refine_prompt import choices_of, draft_block, numbered, profile_block, profile_facts
from fahrplan.agents.refine_rewrite import REWRITE_ECHO_PROBLEMS, accept_rewrite, rewrite_schema, texts_block
from fahrplan.agents.repair import ECHO_PROBLEMS, refine_with_repair, repair_request
from fahrplan.agents.tailoring import online_only
from fahrplan.core.profile import Profile
from fahrplan.core.texts import MODULE_TITLES, t
from fahrplan.core.vocab import Lang, RefineMode, agent_node
from fahrplan.knowledge.schema import ModuleId

__all__ = ["LLMModulePlanner", "profile_block", "refine_module"]


def _apply(draft: ModuleDraft, acc: Accepted) -> ModuleDraft:
    """The draft with the accepted parts: the lead KPI first in the milestones that measure it, the texts."""
    kpi = acc.texts.get("lead_kpi")
    milestones = []
    for m in draft.milestones:
        update: dict[str, object] = dict(acc.milestones.get(m.id, {}))  # rewrite mode: title, description, owner
        if kpi in m.kpis:
            update["kpis"] = [kpi, *(k for k in m.kpis if k != kpi)]
        milestones.append(m.model_copy(update=update) if update else m)
    return dataclasses.replace(draft, milestones=tuple(milestones), texts=dict(acc.texts))


def _degrade(draft: ModuleDraft, reason: str, lang: Lang) -> ModuleDraft:
    title = MODULE_TITLES[draft.module][lang]
    warning = t("w_degraded", lang, module=title, reason=reason)
    return dataclasses.replace(draft, degraded=reason, warnings=(*draft.warnings, warning))


@dataclass(frozen=True)
class _Request:
    """What a module agent sends and checks against: the messages, the schema, the prompts' own wording."""

    system: str
    task: str
    schema: type[BaseModel]
    instructions: str
    """The prompts' own wording and the problems a repair round can name: a note mostly repeating it is an echo."""
    repair: str = ""
    """Rewrite mode: the repair prompt with every problem it can name, which a rewritten text must not repeat (the
    module's own prompt shares its subject's words with any good text about it)."""


def _request(
    draft: ModuleDraft, profile: Profile, choices: Choices, deps: AgentDeps, prompts: PromptSet, mode: RefineMode
) -> _Request:
    """The system and task prompt of ``draft``'s agent and its schema in ``mode`` (raises :class:`PromptError`)."""
    lang = deps.lang
    task_prompt = prompts.get(f"{draft.module}.task", lang)
    task = task_prompt.render(
        profile=fence(profile_facts(profile, choices, lang)),
        draft=fence(draft_block(draft, choices)),
        factors=fence(numbered(choices.factors)),
        kpis=fence(numbered(choices.kpis)),
    )
    system = prompts.get(f"{draft.module}.system", lang).render()
    parts = [repair_request(prompts, lang, ECHO_PROBLEMS), system, task_prompt.template]
    if mode == "decide":
        return _Request(system, task, refinement_schema(choices), "\n".join(parts))
    rewrite = prompts.get("rewrite.task", lang)
    texts = rewrite.render(texts=fence(texts_block(draft, profile, deps.catalog, lang)))
    repair = repair_request(prompts, lang, (*ECHO_PROBLEMS, *REWRITE_ECHO_PROBLEMS))
    schema = rewrite_schema(choices, draft)
    return _Request(system, f"{task}\n\n{texts}", schema, "\n".join([*parts, rewrite.template]), repair)


def refine_module(
    draft: ModuleDraft,
    profile: Profile,
    deps: AgentDeps,
    llm: StructuredLLM,
    prompts: PromptSet,
    mode: RefineMode = "decide",
) -> ModuleDraft:
    """Ask the model for its decisions on ``draft`` (and its texts in ``mode`` "rewrite"); on failure return the
    draft degraded, with a warning."""
    lang, agent = deps.lang, agent_node(draft.module)
    if not draft.milestones:
        return draft  # nothing planned in this module: nothing to decide
    choices = choices_of(draft, profile, deps)
    try:
        request = _request(draft, profile, choices, deps, prompts, mode)
    except PromptError as err:
        return _degrade(draft, str(err), lang)
    messages: list[BaseMessage] = [SystemMessage(request.system), HumanMessage(request.task)]
    context, instructions = [request.task], request.instructions
    storeless = online_only(profile)  # no store wording for a retailer without stores, from the model either
    retrieved = list(dict.fromkeys([*(c for m in draft.milestones for c in m.citations), *draft.retrieved]))
    best: list[Accepted] = []  # the answer with the most accepted parts so far

    def accept(ref: BaseModel, raw: str, attempt: int) -> tuple[ModuleDraft | None, list[str]]:
        acc = accept_fields(ref, choices, context, instructions, storeless=storeless)
        if mode == "rewrite":
            accept_rewrite(ref, draft, acc, context, request.repair, storeless=storeless)
        _trace(llm, agent, attempt, retrieved, raw, acc)
        if acc.accepted and (not best or acc.accepted >= best[0].accepted):
            best[:] = [acc]
        if acc.kept and attempt == 1:
            return None, acc.rejected  # one repair round for the parts that failed
        if best:
            return _refined(draft, best[0], lang), []
        return None, acc.rejected or ["no decision in the answer"]

    def degrade(reason: str) -> ModuleDraft:
        # a repair round that failed keeps what the first answer got right
        return _refined(draft, best[0], lang) if best else _degrade(draft, reason, lang)

    return refine_with_repair(
        llm,
        prompts,
        lang,
        agent=agent,
        schema=request.schema,
        messages=messages,
        accept=accept,
        degrade=degrade,
    )


def _refined(draft: ModuleDraft, acc: Accepted, lang: Lang) -> ModuleDraft:
    """The draft with the accepted parts, a warning naming the parts kept from the draft, and the notes."""
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


def _trace(llm: StructuredLLM, agent: str, attempt: int, retrieved: list[str], raw: str, acc: Accepted) -> None:
    if llm.tracer is not None:
        llm.tracer.record(
            {
                "event": "agent_output",
                "agent": agent,
                "attempt": attempt,
                "retrieved": retrieved,
                "raw": raw,
                "problems": acc.rejected,
                "notes": acc.notes,
                "accepted": acc.accepted,
                "fields": acc.total,
                "texts": {**acc.texts, **({"milestones": acc.milestones} if acc.milestones else {})},
            }
        )


@dataclass(frozen=True)
class LLMModulePlanner:
    """Module planner for LLM backends: offline draft, then model refinement."""

    llm: StructuredLLM
    prompts: PromptSet
    mode: RefineMode = "decide"

    def __call__(
        self, module: ModuleId, profile: Profile, matches: tuple[UseCaseMatch, ...], deps: AgentDeps
    ) -> ModuleDraft:
        draft = plan_module(module, profile, matches, deps)
        return refine_module(draft, profile, deps, self.llm, self.prompts, self.mode)
