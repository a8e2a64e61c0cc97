"""Write the six module plans (the five seed fields) from the ranked modules and their milestones."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from fahrplan.agents.constraints import constraints_of
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft
from fahrplan.agents.late_start import late_start_notes
from fahrplan.agents.literacy_plan import literacy_notes
from fahrplan.agents.phase_fill import fill_phases
from fahrplan.agents.placement import QUICK_WIN_FEASIBILITY, QUICK_WIN_MONTHS
from fahrplan.agents.planning import Assessment
from fahrplan.agents.ranking import RankedModule
from fahrplan.agents.scheduling import fte_by_month
from fahrplan.agents.tailoring import online_only
from fahrplan.core.i18n import eur, quote
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import (
    Citation,
    Dependency,
    Milestone,
    ModulePlan,
    Resources,
    Responsibility,
)
from fahrplan.core.texts import MODULE_GOALS, MODULE_GOALS_ONLINE, MODULE_TITLES, t
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative, ModuleId

__all__ = ["build_module_plans"]


def build_module_plans(
    ranked: Sequence[RankedModule],
    placed: tuple[Milestone, ...],
    profile: Profile,
    assessments: Mapping[str, Assessment],
    drafts: Mapping[str, ModuleDraft],
    deps: AgentDeps,
) -> list[ModulePlan]:
    """Build the six module plans in rank order."""
    by_id = {m.id: m for m in placed}
    budget, shares = profile.budget.ai_budget_eur_24m, deps.phase_budget_shares
    notes = late_start_notes(placed, deps.catalog, budget, shares, deps.lang)  # why a rollout waits, where known
    for key, note in literacy_notes(placed, deps.catalog, deps.lang).items():  # what the training covers, by when
        notes[key] = f"{notes[key]} {note}" if key in notes else note
    return [_module_plan(r, by_id, profile, assessments, drafts[r.module], deps, notes) for r in ranked]


def _module_plan(
    ranked: RankedModule,
    by_id: Mapping[str, Milestone],
    profile: Profile,
    assessments: Mapping[str, Assessment],
    draft: ModuleDraft,
    deps: AgentDeps,
    notes: Mapping[str, str],
) -> ModulePlan:
    catalog, lang, module, planned = deps.catalog, deps.lang, ranked.module, ranked.planned
    duties = {i.id for i in catalog.initiatives.values() if i.mandatory}
    enablers = {i.id for i in catalog.initiatives.values() if not i.creates_value}
    full = fill_phases(module, ranked.milestones, draft, deps)
    full = [
        m.model_copy(update={"description": f"{m.description} {notes[m.id]}"}) if m.id in notes else m for m in full
    ]
    # A module with nothing planned still describes what it prepares (its anchor initiative).
    inis = [catalog.initiatives[i] for i in (planned or list(dict.fromkeys(m.initiative for m in full)))]
    texts = draft.texts or {}
    # one value statement per line: "<lever>: <figure> (source)"; the renderer lists them
    value = "\n".join(f"{ini.title.get(lang)} – {v}" for ini in inis for v in _value_text(ini, lang)[:2])
    factors = list(dict.fromkeys(sf.get(lang) for ini in inis for sf in ini.success_factors[:2]))
    # the model's chosen success factors (agents/refine_fields.py) lead the list, then what this company's stated
    # constraints call for in this module, then the catalog's (the list is cut at six)
    chosen = texts.get("success_factors", [])
    factors = list(dict.fromkeys([*chosen, *_constraint_factors(profile, module, inis, lang), *factors]))
    # rewrite mode (agents/refine_rewrite.py): the model's goal sentence and scaling text replace the draft's
    scaling = _scaling(inis, full, lang, planned=bool(planned), rewritten=texts.get("scaling"))
    goal = _goal(
        module,
        planned,
        assessments,
        lang,
        online=online_only(profile),
        focus=texts.get("focus_goal"),
        purpose=texts.get("goal"),
    )
    cited = list(dict.fromkeys(c for m in full for c in m.citations))
    document_citations = [Citation(id=h.id, title=h.label, source=h.label.split(",")[0]) for h in draft.documents]
    return ModulePlan(
        id=module,
        title=MODULE_TITLES[module][lang],
        priority=ranked.priority,
        goal=f"{goal} {texts['note']}" if texts.get("note") else goal,
        value=value,
        milestones=full,
        responsibilities=_responsibilities(inis, lang),
        resources=_resources(inis, full, lang),
        success_factors=factors[:6],
        dependencies=_dependencies(full, by_id, module, deps),
        quick_wins=[m.id for m in full if m.quick_win]
        or [_no_quick_win(module, ranked.milestones, duties, enablers, _hard(assessments), lang)],
        scaling=scaling,
        citations=[_citation(catalog, c, lang) for c in cited] + document_citations,
        initiatives=planned,
    )


def _hard(assessments: Mapping[str, Assessment]) -> dict[str, Assessment]:
    """Initiatives too hard for a quick win here (:data:`~fahrplan.agents.placement.QUICK_WIN_FEASIBILITY`)."""
    return {i: a for i, a in assessments.items() if a.feasibility < QUICK_WIN_FEASIBILITY}


def _drags(a: Assessment, lang: Lang) -> str:
    """What makes an initiative hard for this company: its feasibility criteria that cost points, largest first
    (stated constraints, the maturity gap …, named as in the report's criteria), or the initiative itself."""
    costs = sorted((v, k.removeprefix("feasibility.")) for k, v in a.contributions if k.startswith("feasibility."))
    names = [t(f"report.crit_{k}", lang) for v, k in costs if v < 0]
    return ", ".join(names) if names else t("qw_drag_base", lang)


def _no_quick_win(
    module: ModuleId,
    milestones: list[Milestone],
    duties: set[str],
    enablers: set[str],
    hard: Mapping[str, Assessment],
    lang: Lang,
) -> str:
    """Why a module has no quick win: a duty or an enabler comes first, or its first step ends late, is hard for
    this company or costs much."""
    if module == "compliance":
        return t("qw_none_compliance", lang)
    steps = [m for m in milestones if m.step in ("pilot", "scale") and m.start_month is not None]
    if not steps:
        return t("qw_none_nothing", lang)
    first = min(steps, key=lambda m: (m.start_month or 0, m.id))
    end = (first.start_month or 1) - 1 + (first.months or 0)
    if first.initiative in duties:
        return t("qw_none_duty", lang, title=first.title)
    if first.initiative in enablers:
        return t("qw_none_enabling", lang, title=first.title)
    if end <= QUICK_WIN_MONTHS and first.initiative in hard:
        a = hard[first.initiative]
        return t(
            "qw_none_hard", lang, title=first.title, month=end, feasibility=f"{a.feasibility:.1f}", why=_drags(a, lang)
        )
    return t("qw_none_costly" if end <= QUICK_WIN_MONTHS else "qw_none_later", lang, title=first.title, month=end)


def scaling_text(inis: Sequence[Initiative], lang: Lang, *, scaled: Mapping[str, Milestone] | None = None) -> str:
    """The module's scaling text: the scale steps of its initiatives (or that there are none).

    ``scaled``: the placed scaling step of each initiative the plan rolls out within the 24 months (``None``: a
    draft, before placement). After placement there is one line per initiative, with its months and budget, and a
    business pilot whose rollout the plan does not fund says so; a duty's or an enabler's further stage the plan
    does not need is not described as planned.
    """
    steps = [ini for ini in inis if ini.scale_step]
    if scaled is None:
        return " ".join(ini.scale_step.get(lang) for ini in steps if ini.scale_step) or t("no_scaling", lang)
    lines = [_funded_line(ini, scaled[ini.id], lang) for ini in steps if ini.id in scaled]
    return "\n".join([*lines, *_later_lines(steps, scaled, lang)]) or t("no_scaling", lang)


def _funded_line(ini: Initiative, step: Milestone, lang: Lang) -> str:
    start = step.start_month or 1
    return t(
        "scale_funded_item",
        lang,
        title=ini.title.get(lang),
        start=start,
        end=start + max(1, step.months or 1) - 1,
        budget=eur(step.budget_eur, lang),
        step=ini.scale_step.get(lang) if ini.scale_step else "",
    )


def _scaling(
    inis: Sequence[Initiative], full: Sequence[Milestone], lang: Lang, *, planned: bool, rewritten: str | None
) -> str:
    """The module's scaling text after placement; a module with nothing planned scales nothing (its anchor's rollout
    is not this plan's). The model's rewritten text (rewrite mode) keeps the lines on rollouts the plan does not fund:
    it was written before placement."""
    if not planned:
        return rewritten or t("no_scaling", lang)
    scaled = {m.initiative: m for m in full if m.step == "scale" and m.start_month is not None}
    if not rewritten:
        return scaling_text(inis, lang, scaled=scaled)
    return "\n".join([rewritten, *_later_lines(inis, scaled, lang)])


def _later_lines(inis: Sequence[Initiative], scaled: Mapping[str, Milestone], lang: Lang) -> list[str]:
    """The rollouts of business initiatives the plan pilots without funding them (decided after the impact review)."""
    return [
        t("scale_later_item", lang, title=ini.title.get(lang), step=ini.scale_step.get(lang))
        for ini in inis
        if ini.scale_step is not None and ini.id not in scaled and ini.is_business
    ]


def standard_goal(module: ModuleId, online: bool, lang: Lang) -> str:
    """The module's standard goal sentence (store-free for a company without stores)."""
    goals_text = MODULE_GOALS_ONLINE if online and module in MODULE_GOALS_ONLINE else MODULE_GOALS
    return goals_text[module][lang] + "."


def _goal(
    module: ModuleId,
    planned: list[str],
    assessments: Mapping[str, Assessment],
    lang: Lang,
    *,
    online: bool = False,
    focus: str | None = None,
    purpose: str | None = None,
) -> str:
    """The module's goal (store-free for a company without stores), with the goals and use cases it serves.

    ``focus``: the goal the model said the module serves most; named first if the module serves it.
    ``purpose``: the model's goal sentence (rewrite mode), instead of the module's standard one.
    """
    goal = purpose or standard_goal(module, online, lang)
    goals = list(dict.fromkeys(g for i in planned if i in assessments for g in assessments[i].matched_goals))
    if focus in goals:
        goals = [focus, *(g for g in goals if g != focus)]
    if goals:
        goal += " " + t("goal_fit", lang, goals=", ".join(quote(g, lang, 80) for g in goals))
    cases = list(dict.fromkeys(c for i in planned if i in assessments for c in assessments[i].matched_use_cases))
    if cases:
        goal += " " + t("use_case_fit", lang, cases=", ".join(quote(c, lang, 80) for c in cases))
    return goal


def _responsibilities(inis: list[Initiative], lang: Lang) -> list[Responsibility]:
    """One responsibility per owner role, listing the initiatives it owns."""
    owners: dict[str, list[str]] = {}
    for ini in inis:
        owners.setdefault(ini.owner_roles[0].get(lang), []).append(ini.title.get(lang))
    return [
        Responsibility(role=role, owner=role, tasks=t("resp_tasks", lang, items="; ".join(items)))
        for role, items in owners.items()
    ]


def _resources(inis: list[Initiative], milestones: list[Milestone], lang: Lang) -> Resources:
    """Budget and peak monthly FTE of the module's milestones, and the external help its initiatives need."""
    externals = list(dict.fromkeys(ini.external.get(lang) for ini in inis if ini.external))
    return Resources(
        budget_eur=sum(m.budget_eur for m in milestones),
        fte=round(max(fte_by_month(milestones), default=0.0), 2),
        external="; ".join(externals) or t("external_none", lang),
    )


_LABELLED: Final = re.compile(r"(?:\w+\s+)?(?:annahme|planungsannahme|assumption)\b", re.IGNORECASE)
"""An assumption that names itself ("Annahme des Katalogs …", "Catalogue assumption …") needs no label."""


def _value_text(ini: Initiative, lang: Lang) -> list[str]:
    out = []
    for lever in ini.value_levers:
        text = lever.text.get(lang)
        if lever.figure is None:
            out.append(text)
        elif lever.evidence == "estimate" and lever.assumption is not None:
            assumption = lever.assumption.get(lang)
            key = "estimate_labelled" if _LABELLED.match(assumption) else "estimate"  # no "Annahme: Annahme des …"
            out.append(t(key, lang, lever=text.rstrip("."), figure=lever.figure.get(lang), assumption=assumption))
        else:
            out.append(t("figure", lang, lever=text.rstrip("."), figure=lever.figure.get(lang), source=lever.source))
    return out


def _citation(catalog: Catalog, entry_id: str, lang: Lang) -> Citation:
    if entry_id in catalog.legal:
        entry = catalog.legal[entry_id]
        return Citation(id=entry_id, title=entry.title.get(lang), source=entry.source, url=entry.url)
    ini = catalog.initiatives[entry_id]
    sources = sorted({lv.source for lv in ini.value_levers if lv.source})
    # an initiative without a sourced figure is cited as what it is: the catalogue's own planning assumption
    return Citation(id=entry_id, title=ini.title.get(lang), source="; ".join(sources) or t("citation_catalog", lang))


_SYSTEM_MODULES: Final = frozenset({"personalization", "supply_chain", "omnichannel", "data_platform"})
"""Modules that build or buy systems (legacy systems and a ban on public cloud bear on them)."""
_AUTOMATING_MODULES: Final = frozenset({"personalization", "supply_chain", "omnichannel"})
"""Modules whose systems take work off staff (a promise of no layoffs bears on them)."""


def _factor_applies(key: str, module: str, inis: Sequence[Initiative]) -> bool:
    """Whether the success factor a stated constraint calls for concerns this module's initiatives."""
    if key == "sf_works_council":
        return any(any(x.startswith("betrvg") for x in ini.legal_triggers) for ini in inis)
    if key == "sf_partners":
        return any(ini.requires_stores for ini in inis)
    if key in ("sf_legacy", "sf_no_cloud"):
        return module in _SYSTEM_MODULES
    if key == "sf_no_layoffs":
        return module in _AUTOMATING_MODULES
    return True


_CONSTRAINT_FACTORS = (
    (("works_council_approval", "works_council"), "sf_works_council"),
    (("legacy_systems",), "sf_legacy"),
    (("no_cloud",), "sf_no_cloud"),
    (("franchise_staff", "independent_operators"), "sf_partners"),
    (("no_layoffs",), "sf_no_layoffs"),
)


def _constraint_factors(profile: Profile, module: str, inis: Sequence[Initiative], lang: Lang) -> list[str]:
    """Success factors the stated constraints (classified, never followed) and the capacity call for in
    ``module``, whose planned (or prepared) initiatives are ``inis``."""
    kinds = constraints_of(profile)
    out = [
        t(key, lang)
        for names, key in _CONSTRAINT_FACTORS
        if any(n in kinds for n in names) and _factor_applies(key, module, inis)
    ]
    if profile.internal_fte <= 2 or "scarce_capacity" in kinds:
        out.append(t("sf_capacity", lang))
    return out


def _dependencies(
    ms: list[Milestone], by_id: Mapping[str, Milestone], module: str, deps: AgentDeps
) -> list[Dependency]:
    """The module's milestones' dependencies on other modules: compliance gates or prerequisites."""
    out: list[Dependency] = []
    catalog = deps.catalog
    measure_initiatives = {mi.initiative for mi in catalog.measures.values() if mi.initiative}
    for m in ms:
        for dep in m.depends_on:
            if dep not in by_id or catalog.initiatives[by_id[dep].initiative].module == module:
                continue
            pre = by_id[dep]
            gate = bool(m.gated_by) and pre.initiative in measure_initiatives
            if gate:
                reason = t("dep_gate", deps.lang, title=m.title, measure=pre.title)
            else:
                reason = t("dep_prereq", deps.lang, title=m.title, prereq=pre.title)
            out.append(Dependency(on=dep, reason=reason, milestone=m.id, kind="gate" if gate else "prerequisite"))
    return out
