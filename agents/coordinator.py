"""The coordinator: merge the module drafts, apply the compliance review, schedule, prioritise.

Pure: it takes the drafts, findings and profile and returns a :class:`Roadmap` (no I/O).
``coordinate`` reads as its list of steps; each step lives in the module named by its import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fahrplan.agents.analysis import analyse_roadmap
from fahrplan.agents.assembly import assemble_roadmap, budget_summary
from fahrplan.agents.board_summary import MAX_NAMES, board_summary
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.coverage import goal_coverage_entries, second_line_served, use_case_coverage_entries
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.executive_summary import executive_summary
from fahrplan.agents.freeze import default_start_month
from fahrplan.agents.merging import (
    apply_findings,
    merge_drafts,
    placed_pulls,
    resolve_prerequisites,
    use_case_warnings,
)
from fahrplan.agents.module_plans import build_module_plans
from fahrplan.agents.money_case import money_case
from fahrplan.agents.placement import binding_notes, place
from fahrplan.agents.planning import ai_scope_revenue
from fahrplan.agents.ranking import rank_modules
from fahrplan.agents.scheduling import Deferral, Shift, fte_by_month
from fahrplan.core.i18n import eur, quote
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import BudgetSummary, ComplianceFinding, DeferredItem, GeneratedWith, Milestone, Roadmap
from fahrplan.core.texts import t, tn
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.money import load_money
from fahrplan.report.board import MAX_BOARD_WORDS, board_blocks, board_words

__all__ = ["coordinate", "default_start_month"]


def coordinate(
    profile: Profile,
    drafts: Mapping[str, ModuleDraft],
    findings: list[ComplianceFinding],
    matches: tuple[UseCaseMatch, ...],
    deps: AgentDeps,
    generated_with: GeneratedWith,
) -> Roadmap:
    """Merge six module drafts into one consistent, budget-fitting, prioritised roadmap."""
    lang = deps.lang
    plan = merge_drafts(profile, drafts, deps)
    apply_findings(plan, findings, matches, deps)
    resolve_prerequisites(plan, deps)
    originals = dict(plan.milestones)  # before placement: what shifted or deferred items were
    placement, placed = place(plan, profile, deps)
    placed_pulls(plan, {m.initiative for m in placement.placed if m.initiative})
    plan.assessments = second_line_served(plan.assessments, {m.initiative for m in placement.placed}, profile.goals)
    binding = binding_notes(plan, placed, deps)
    plan.warnings += _shift_warnings(placement.shifts, originals, lang)
    deferred = _deferred_items(placement.deferred, originals, deps)
    plan.warnings += _deferred_warnings(deferred, lang)
    plan.warnings += _capacity_warnings(placement.placed, profile, lang)
    plan.warnings += use_case_warnings(matches, {m.initiative for m in placement.placed if m.initiative}, deps)
    plan.warnings += _ai_scope_warnings(placement.placed, profile, deps)
    ranked = rank_modules(profile, placement.placed, findings, plan.assessments, drafts, deps)
    modules = build_module_plans(ranked, placement.placed, profile, plan.assessments, drafts, deps)
    budget = budget_summary(modules, int(profile.budget.ai_budget_eur_24m))
    plan.warnings += _over_budget_warnings(budget, lang)
    start = deps.start_month or default_start_month(deps.catalog.version)
    if deps.start_month is None:
        plan.warnings.append(t("w_start_assumed", lang, start=start))
    roadmap = assemble_roadmap(
        profile,
        generated_with,
        modules=modules,
        findings=findings,
        budget=budget,
        warnings=plan.warnings,
        deferred=deferred,
        start_month=start,
    )
    roadmap = roadmap.model_copy(
        update={**analyse_roadmap(roadmap, plan.assessments, deps), "binding_constraints": binding}
    )
    coverage = {
        "goal_coverage": goal_coverage_entries(roadmap, profile.goals, plan.assessments, deps.catalog, lang),
        "use_case_coverage": use_case_coverage_entries(roadmap, matches, lang),
    }
    roadmap = roadmap.model_copy(update=coverage)
    roadmap = roadmap.model_copy(update={"executive_summary": executive_summary(roadmap, profile, matches, deps)})
    return _with_board_part(roadmap, profile, matches, deps)


def _with_board_part(roadmap: Roadmap, profile: Profile, matches: tuple[UseCaseMatch, ...], deps: AgentDeps) -> Roadmap:
    """Add the money case from sourced figures, then the board summary that reads it."""
    money = money_case(roadmap, profile, load_money(deps.catalog), deps.catalog, deps.lang)
    roadmap = roadmap.model_copy(update={"money_case": money})
    for names in range(MAX_NAMES, 0, -1):  # name fewer initiatives until the board part fits its two pages
        board = board_summary(roadmap, profile, matches, deps.catalog, deps.lang, names=names)
        boarded = roadmap.model_copy(update={"board_summary": board})
        if board_words(board_blocks(boarded)) <= MAX_BOARD_WORDS:
            break
    return boarded


def _reason_text(reason: str, because_of: str | None, lang: Lang, originals: Mapping[str, Milestone]) -> str:
    """Why a milestone moved or was deferred, in the output language."""
    if reason in ("dependency", "package_budget", "alternative"):
        title = originals[because_of].title if because_of else "?"
        return t(f"reason_{reason}", lang, title=title)
    return t(f"reason_{reason}", lang)


def _shift_warnings(shifts: Sequence[Shift], originals: Mapping[str, Milestone], lang: Lang) -> list[str]:
    """One warning per milestone placed later than planned, with the reason."""
    return [
        t(
            "w_shift",
            lang,
            title=originals[s.milestone].title,
            src=s.from_phase,
            dst=s.to_phase,
            reason=_reason_text(s.reason, s.because_of, lang, originals),
        )
        for s in shifts
    ]


def _deferred_items(
    deferrals: Sequence[Deferral], originals: Mapping[str, Milestone], deps: AgentDeps
) -> list[DeferredItem]:
    """The milestones moved beyond 24 months, with module, budget and reason."""
    return [
        DeferredItem(
            milestone=d.milestone,
            module=deps.catalog.initiatives[originals[d.milestone].initiative].module,
            title=originals[d.milestone].title,
            budget_eur=originals[d.milestone].budget_eur,
            reason=_reason_text(d.reason, d.because_of, deps.lang, originals),
        )
        for d in deferrals
    ]


def _deferred_warnings(deferred: Sequence[DeferredItem], lang: Lang) -> list[str]:
    """How many milestones were deferred and their budget (nothing if none was)."""
    if not deferred:
        return []
    return [tn("w_deferred_summary", lang, len(deferred), total=eur(sum(d.budget_eur for d in deferred), lang))]


def _capacity_warnings(placed: tuple[Milestone, ...], profile: Profile, lang: Lang) -> list[str]:
    """A warning for the first month whose steps need more FTE than the company has (only duties can)."""
    load = fte_by_month(placed)
    over = [(month, need) for month, need in enumerate(load, start=1) if need > profile.internal_fte + 1e-9]
    if not over:
        return []
    month, need = max(over, key=lambda x: (x[1], -x[0]))
    return [t("w_over_capacity", lang, month=month, need=need, have=profile.internal_fte)]


def _ai_scope_warnings(placed: tuple[Milestone, ...], profile: Profile, deps: AgentDeps) -> list[str]:
    """Say once that the planned AI duties and governance work are costed at the scope of the AI the company uses."""
    started = sorted({m.initiative for m in placed if m.initiative and m.step == "pilot"})
    scoped = [deps.catalog.initiatives[i] for i in started if ai_scope_revenue(deps.catalog.initiatives[i], profile)]
    if not scoped:
        return []
    titles = ", ".join(quote(ini.title.get(deps.lang), deps.lang) for ini in scoped)
    return [t("w_ai_scope", deps.lang, items=titles, maturity=profile.data_and_it.maturity)]


def _over_budget_warnings(budget: BudgetSummary, lang: Lang) -> list[str]:
    """A warning if the planned budget exceeds the limit."""
    if budget.within_limit:
        return []
    return [t("w_over_budget", lang, total=eur(budget.total_eur, lang), limit=eur(budget.limit_eur, lang))]
