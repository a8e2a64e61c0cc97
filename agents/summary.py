"""Assemble module plans (the five seed fields), rank modules, and write the executive summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fahrplan.agents.deps import AgentDeps, ModuleDraft, UseCaseMatch
from fahrplan.agents.planning import Assessment
from fahrplan.agents.scheduling import fte_by_phase, phase_totals
from fahrplan.core.i18n import eur, quote
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import (
    PHASES,
    BudgetSummary,
    Citation,
    ComplianceFinding,
    Dependency,
    Milestone,
    ModulePlan,
    Priority,
    Resources,
    Responsibility,
    Roadmap,
)
from fahrplan.core.texts import MODULE_GOALS, MODULE_TITLES, t
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import MODULE_IDS, Initiative, ModuleId

__all__ = ["budget_summary", "build_module_plans", "executive_summary", "goal_coverage", "module_scores"]

TOP_N = 3


def _value_text(ini: Initiative, lang: str) -> list[str]:
    out = []
    for lever in ini.value_levers:
        text = lever.text.get(lang)
        if lever.figure is None:
            out.append(text)
        elif lever.evidence == "estimate" and lever.assumption is not None:
            out.append(
                t(
                    "estimate",
                    lang,
                    lever=text.rstrip("."),
                    figure=lever.figure.get(lang),
                    assumption=lever.assumption.get(lang),
                )
            )
        else:
            out.append(t("figure", lang, lever=text.rstrip("."), figure=lever.figure.get(lang), source=lever.source))
    return out


def _citation(catalog: Catalog, entry_id: str, lang: str) -> Citation:
    if entry_id in catalog.legal:
        entry = catalog.legal[entry_id]
        return Citation(id=entry_id, title=entry.title.get(lang), source=entry.source, url=entry.url)
    ini = catalog.initiatives[entry_id]
    sources = sorted({lv.source for lv in ini.value_levers if lv.source})
    return Citation(id=entry_id, title=ini.title.get(lang), source="; ".join(sources) or "Fahrplan knowledge base")


def budget_summary(modules: Sequence[ModulePlan], limit_eur: int) -> BudgetSummary:
    """Budget by phase and by module of the module plans, against ``limit_eur``."""
    totals = phase_totals(m for mod in modules for m in mod.milestones)
    total = sum(totals.values())
    return BudgetSummary(
        limit_eur=limit_eur,
        total_eur=total,
        by_phase=totals,
        by_module={mod.id: mod.resources.budget_eur for mod in modules},
        within_limit=total <= limit_eur,
    )


def module_scores(
    module: ModuleId,
    planned: list[str],
    assessments: Mapping[str, Assessment],
    draft: ModuleDraft,
    *,
    inbound_dependencies: int,
    conditional_findings: int,
    weights_impact: float,
    weights_feasibility: float,
) -> tuple[float, float, float]:
    """Return (impact, feasibility, score) of a module from its top initiatives.

    Foundations gain 0.5 impact per module that depends on them (max 1); the compliance module
    gains 0.25 per use case with conditions or a ban (max 1).
    """
    pool = [assessments[i] for i in planned if i in assessments] or list(draft.assessments.values())
    top = sorted(pool, key=lambda a: (-a.score, a.initiative))[:TOP_N]
    if not top:
        return 0.0, 0.0, 0.0
    impact = sum(a.impact for a in top) / len(top)
    feasibility = sum(a.feasibility for a in top) / len(top)
    impact += min(1.0, 0.5 * inbound_dependencies)
    if module == "compliance":
        impact += min(1.0, 0.25 * conditional_findings)
    impact, feasibility = round(min(10.0, impact), 1), round(min(10.0, feasibility), 1)
    return impact, feasibility, round(weights_impact * impact + weights_feasibility * feasibility, 2)


def _fill_phases(module: ModuleId, ms: list[Milestone], draft: ModuleDraft, deps: AgentDeps) -> list[Milestone]:
    """Give every phase a milestone: preparation before the first step, impact reviews after."""
    lang, catalog = deps.lang, deps.catalog
    if not ms:
        candidates = sorted(draft.assessments.values(), key=lambda a: (-a.score, a.initiative))
        if candidates:
            anchor = candidates[0].initiative
        else:
            anchor = max(catalog.by_module(module), key=lambda i: (i.base_impact, i.id)).id
        ini = catalog.initiatives[anchor]
        ms = [_prepare(ini, "12-24", "12-24", lang)]
    out = list(ms)
    present = {m.phase for m in ms}
    for index, phase in enumerate(PHASES):
        if phase in present:
            continue
        later = [m for m in ms if PHASES.index(m.phase) > index]
        if later:
            first = min(later, key=lambda m: (PHASES.index(m.phase), m.id))
            out.append(_prepare(catalog.initiatives[first.initiative], phase, first.phase, lang))
        else:
            last = max(ms, key=lambda m: (PHASES.index(m.phase), m.id))
            ini = catalog.initiatives[last.initiative]
            out.append(
                Milestone(
                    id=f"{ini.id}.review-{phase}",
                    phase=phase,
                    title=t("review_title", lang, title=ini.title.get(lang)),
                    description=t("review_desc", lang, kpis="; ".join(k.get(lang) for k in ini.kpis[:2])),
                    owner=ini.owner_roles[0].get(lang),
                    budget_eur=0,
                    fte=0.0,
                    kpis=[k.get(lang) for k in ini.kpis],
                    depends_on=[last.id],
                    citations=[ini.id],
                    initiative=ini.id,
                    step="review",
                )
            )
    return sorted(out, key=lambda m: (PHASES.index(m.phase), m.step != "prepare", m.id))


def _prepare(ini: Initiative, phase: str, start: str, lang: str) -> Milestone:
    return Milestone(
        id=f"{ini.id}.prepare-{phase}",
        phase=phase,  # type: ignore[arg-type]
        title=t("prepare_title", lang, title=ini.title.get(lang)),
        description=t("prepare_desc", lang, title=ini.title.get(lang), phase=start),
        owner=ini.owner_roles[0].get(lang),
        budget_eur=0,
        fte=0.0,
        kpis=[],
        citations=[ini.id],
        initiative=ini.id,
        step="prepare",
    )


def build_module_plans(
    profile: Profile,
    placed: tuple[Milestone, ...],
    findings: list[ComplianceFinding],
    assessments: Mapping[str, Assessment],
    drafts: Mapping[str, ModuleDraft],
    deps: AgentDeps,
) -> list[ModulePlan]:
    """Build the six module plans, ordered by priority rank."""
    catalog, lang = deps.catalog, deps.lang
    by_id = {m.id: m for m in placed}
    module_of = {m.id: catalog.initiatives[m.initiative].module for m in placed}
    inbound: dict[str, set[str]] = {mod: set() for mod in MODULE_IDS}
    for m in placed:
        for dep in m.depends_on:
            if dep in module_of and module_of[dep] != module_of[m.id]:
                inbound[module_of[dep]].add(module_of[m.id])
    conditional = sum(1 for f in findings if f.verdict != "permitted")
    scored = []
    for module in MODULE_IDS:
        ms = [m for m in placed if module_of[m.id] == module]
        planned = list(dict.fromkeys(m.initiative for m in ms))
        impact, feasibility, score = module_scores(
            module,
            planned,
            assessments,
            drafts[module],
            inbound_dependencies=len(inbound[module]),
            conditional_findings=conditional,
            weights_impact=deps.weights.impact,
            weights_feasibility=deps.weights.feasibility,
        )
        scored.append((module, ms, planned, impact, feasibility, score))
    scored.sort(key=lambda x: (-x[5], MODULE_IDS.index(x[0])))
    plans = []
    for rank, (module, ms, planned, impact, feasibility, score) in enumerate(scored, start=1):
        drivers = _drivers(module, planned, assessments, profile, len(inbound[module]), conditional, catalog, lang)
        rationale = t("rationale", lang, rank=rank, impact=impact, feasibility=feasibility, drivers=drivers).strip()
        plans.append(
            _module_plan(
                module,
                ms,
                planned,
                Priority(rank=rank, impact=impact, feasibility=feasibility, score=score, rationale=rationale),
                by_id,
                module_of,
                profile,
                assessments,
                drafts[module],
                deps,
            )
        )
    return plans


def _drivers(
    module: ModuleId,
    planned: list[str],
    assessments: Mapping[str, Assessment],
    profile: Profile,
    inbound: int,
    conditional: int,
    catalog: Catalog,
    lang: Lang,
) -> str:
    parts = []
    goals = list(dict.fromkeys(g for i in planned if i in assessments for g in assessments[i].matched_goals))
    if goals:
        parts.append(t("driver_goals", lang, goals=", ".join(quote(g, lang, 60) for g in goals[:3])))
    cases = {c for i in planned if i in assessments for c in assessments[i].matched_use_cases}
    if cases:
        parts.append(t("driver_use_cases", lang, n=len(cases)))
    need = max((catalog.initiatives[i].min_maturity for i in planned), default=0)
    if need > profile.data_and_it.maturity:
        parts.append(t("driver_maturity", lang, have=profile.data_and_it.maturity, need=need))
    if inbound:
        parts.append(t("driver_foundation", lang, n=inbound))
    if any(catalog.initiatives[i].mandatory for i in planned):
        parts.append(t("driver_mandatory", lang))
    if module == "compliance" and conditional:
        parts.append(t("driver_findings", lang, n=conditional))
    return " ".join(parts)


def _module_plan(
    module: ModuleId,
    ms: list[Milestone],
    planned: list[str],
    priority: Priority,
    by_id: Mapping[str, Milestone],
    module_of: Mapping[str, str],
    profile: Profile,
    assessments: Mapping[str, Assessment],
    draft: ModuleDraft,
    deps: AgentDeps,
) -> ModulePlan:
    catalog, lang = deps.catalog, deps.lang
    full = _fill_phases(module, ms, draft, deps)
    # A module with nothing planned still describes what it prepares (its anchor initiative).
    inis = [catalog.initiatives[i] for i in (planned or list(dict.fromkeys(m.initiative for m in full)))]
    goals = list(dict.fromkeys(g for i in planned if i in assessments for g in assessments[i].matched_goals))
    texts = draft.texts or {}
    goal = MODULE_GOALS[module][lang] + "."
    if goals:
        goal += " " + t("goal_fit", lang, goals=", ".join(quote(g, lang, 80) for g in goals))
    cases = list(dict.fromkeys(c for i in planned if i in assessments for c in assessments[i].matched_use_cases))
    if cases:
        goal += " " + t("use_case_fit", lang, cases=", ".join(quote(c, lang, 80) for c in cases))
    # one value statement per line: "<lever>: <figure> (source)"; the renderer lists them
    value = "\n".join(f"{ini.title.get(lang)} – {v}" for ini in inis for v in _value_text(ini, lang)[:2])
    owners: dict[str, list[str]] = {}
    for ini in inis:
        owners.setdefault(ini.owner_roles[0].get(lang), []).append(ini.title.get(lang))
    responsibilities = [
        Responsibility(role=role, owner=role, tasks=t("resp_tasks", lang, items="; ".join(items)))
        for role, items in owners.items()
    ]
    externals = list(dict.fromkeys(ini.external.get(lang) for ini in inis if ini.external))
    resources = Resources(
        budget_eur=sum(m.budget_eur for m in full),
        fte=round(max(fte_by_phase(full).values()), 2),
        external="; ".join(externals) or t("external_none", lang),
    )
    factors = list(dict.fromkeys(sf.get(lang) for ini in inis for sf in ini.success_factors[:2]))
    factors = list(texts.get("success_factors") or factors) + _constraint_factors(profile, lang)
    dependencies = _dependencies(full, by_id, module_of, module, deps)
    scaling = texts.get("scaling") or (
        " ".join(ini.scale_step.get(lang) for ini in inis if ini.scale_step) or t("no_scaling", lang)
    )
    cited = list(dict.fromkeys(c for m in full for c in m.citations))
    document_citations = [Citation(id=h.id, title=h.label, source=h.label.split(",")[0]) for h in draft.documents]
    return ModulePlan(
        id=module,
        title=MODULE_TITLES[module][lang],
        priority=priority,
        goal=texts.get("goal") or goal,
        value=value,
        milestones=full,
        responsibilities=responsibilities,
        resources=resources,
        success_factors=factors[:6],
        dependencies=dependencies,
        quick_wins=[m.id for m in full if m.quick_win],
        scaling=scaling,
        citations=[_citation(catalog, c, lang) for c in cited] + document_citations,
        initiatives=planned,
    )


def _constraint_factors(profile: Profile, lang: str) -> list[str]:
    text = " ".join(profile.constraints).lower()
    out = []
    if "betriebsrat" in text or "works council" in text:
        out.append(t("sf_works_council", lang))
    if any(word in text for word in ("alt", "legacy", "kassensystem")):
        out.append(t("sf_legacy", lang))
    if profile.internal_fte <= 2 or "kapazit" in text or "capacity" in text:
        out.append(t("sf_capacity", lang))
    return out


def _dependencies(
    ms: list[Milestone], by_id: Mapping[str, Milestone], module_of: Mapping[str, str], module: str, deps: AgentDeps
) -> list[Dependency]:
    out: list[Dependency] = []
    measure_initiatives = {mi.initiative for mi in deps.catalog.measures.values() if mi.initiative}
    for m in ms:
        for dep in m.depends_on:
            if dep not in by_id or module_of.get(dep) == module:
                continue
            pre = by_id[dep]
            gate = bool(m.gated_by) and pre.initiative in measure_initiatives
            if gate:
                reason = t("dep_gate", deps.lang, title=m.title, measure=pre.title)
            else:
                reason = t("dep_prereq", deps.lang, title=m.title, prereq=pre.title)
            out.append(Dependency(on=dep, reason=reason, milestone=m.id, kind="gate" if gate else "prerequisite"))
    return out


def goal_coverage(roadmap: Roadmap, goals: list[str], assessments: Mapping[str, Assessment], lang: Lang) -> str:
    """Say for each profile goal which planned initiatives serve it, or why none does within 24 months."""
    status = {i.id: i for i in roadmap.initiatives}
    parts = []
    for goal in goals:
        serving = sorted(
            (a for a in assessments.values() if goal in a.matched_goals and a.initiative in status),
            key=lambda a: (-dict(a.goal_scores).get(goal, 0.0), -a.score, a.initiative),
        )
        planned = [status[a.initiative].title for a in serving if status[a.initiative].status == "planned"]
        later = [status[a.initiative].title for a in serving if status[a.initiative].status != "planned"]
        if planned:
            text = ", ".join(planned[:2])
        elif later:
            text = t("goal_later", lang, items=", ".join(later[:2]))
        else:
            text = t("goal_none", lang)
        parts.append(f"{quote(goal, lang, 80)} → {text}")
    return t("sum_goals", lang, items="; ".join(parts))


def executive_summary(
    roadmap: Roadmap,
    profile: Profile,
    matches: tuple[UseCaseMatch, ...],
    deps: AgentDeps,
    assessments: Mapping[str, Assessment] | None = None,
) -> list[str]:
    """Top priorities, goal coverage, quick wins, budget by phase, key risks and the board's decisions."""
    lang = deps.lang
    top = ", ".join(f"{m.priority.rank}. {m.title} ({m.priority.score:.1f})" for m in roadmap.modules[:3])
    quick = [ms.title for m in roadmap.modules for ms in m.milestones if ms.quick_win]
    b = roadmap.budget
    lines = [t("sum_top", lang, items=top)]
    if profile.goals and assessments is not None:
        lines.append(goal_coverage(roadmap, profile.goals, assessments, lang))
    lines.append(t("sum_quick", lang, items="; ".join(quick[:6])) if quick else t("sum_no_quick", lang))
    lines.append(
        t(
            "sum_budget",
            lang,
            total=eur(b.total_eur, lang),
            limit=eur(b.limit_eur, lang),
            p1=eur(b.by_phase["0-6"], lang),
            p2=eur(b.by_phase["6-12"], lang),
            p3=eur(b.by_phase["12-24"], lang),
            reserve=eur(max(0, b.limit_eur - b.total_eur), lang),
        )
    )
    risks = []
    blocked = [m.use_case for m in matches if m.blocked]
    if blocked:
        risks.append(t("risk_blocked", lang, n=len(blocked), items="; ".join(quote(u, lang, 60) for u in blocked)))
    high = [f for f in roadmap.compliance_findings if f.ai_act_risk == "high" and f.verdict != "not_permitted"]
    if high:
        risks.append(t("risk_high", lang, n=len(high)))
    if roadmap.deferred:
        risks.append(t("risk_deferred", lang, n=len(roadmap.deferred)))
    if profile.data_and_it.maturity <= 2:
        risks.append(t("risk_maturity", lang, level=profile.data_and_it.maturity))
    if risks:
        lines.append(t("sum_risks", lang, items="; ".join(risks)))
    decisions = [t("dec_budget", lang, total=eur(b.total_eur, lang)), t("dec_owner", lang)]
    measures = {mid for f in roadmap.compliance_findings for mid in f.measure_ids}
    if "works_council" in measures:
        decisions.append(t("dec_works_council", lang))
    if blocked:
        decisions.append(t("dec_alternatives", lang))
    if high:
        decisions.append(t("dec_high_risk", lang))
    lines.append(t("sum_decisions", lang, items="; ".join(decisions)))
    return lines
