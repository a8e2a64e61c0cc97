"""The coordinator: merge the module drafts, apply the compliance review, schedule, prioritise.

Pure: it takes the drafts, findings and profile and returns a :class:`Roadmap` (no I/O).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from fahrplan.agents.analysis import CriterionPoints, criteria_sensitivity, critical_path, weight_sensitivity
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.planning import Assessment, earliest_phases, milestones_for
from fahrplan.agents.scheduling import Deferral, fit_budget, fte_by_phase, schedule
from fahrplan.agents.summary import TOP_N, budget_summary, build_module_plans, executive_summary
from fahrplan.core.i18n import eur, quote
from fahrplan.core.profile import Profile, assumed_defaults
from fahrplan.core.roadmap import (
    PHASES,
    ComplianceFinding,
    CriticalPath,
    DeferredItem,
    GeneratedWith,
    InitiativeAssessment,
    Milestone,
    RankingStability,
    Roadmap,
)
from fahrplan.core.texts import t
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import MODULE_IDS

__all__ = ["Plan", "coordinate", "default_start_month"]


@dataclass
class Plan:
    """Mutable working set of the coordinator (local to one ``coordinate`` call)."""

    milestones: dict[str, Milestone]
    assessments: dict[str, Assessment]
    warnings: list[str] = field(default_factory=list)
    gates: dict[str, list[str]] = field(default_factory=dict)
    gate_only: set[str] = field(default_factory=set)

    def initiatives(self) -> set[str]:
        return {m.initiative for m in self.milestones.values()}


def default_start_month(knowledge_version: str) -> str:
    """The month after the knowledge release ("2026.11+hash" -> "2026-12"): deterministic, never "now"."""
    year, month = (int(x) for x in knowledge_version.split("+", 1)[0].split(".")[:2])
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def _title(deps: AgentDeps, ini_id: str) -> str:
    return deps.catalog.initiatives[ini_id].title.get(deps.lang)


def _pull(
    plan: Plan,
    ini_id: str,
    by: str,
    profile: Profile,
    deps: AgentDeps,
    phases: Mapping[str, int],
    why: str = "w_pulled",
    by_text: str | None = None,
) -> bool:
    """Add initiative ``ini_id`` (and its prerequisites) to the plan; False if it cannot apply.

    ``by`` names the initiative that needs it; ``by_text`` replaces its title in the warning
    (a planned use case that has no initiative of its own).
    """
    if ini_id in plan.initiatives():
        return True
    assessment = plan.assessments.get(ini_id)
    if assessment is None or phases[ini_id] >= len(PHASES):
        return False
    ini = deps.catalog.initiatives[ini_id]
    if not all(_pull(plan, p, ini_id, profile, deps, phases) for p in ini.prerequisites):
        return False
    for m in milestones_for(ini, assessment, phases[ini_id], lang=deps.lang):
        plan.milestones[m.id] = m
    plan.warnings.append(t(why, deps.lang, title=_title(deps, ini_id), by=by_text or _title(deps, by)))
    if why == "w_gate_pulled":
        plan.gate_only.add(ini_id)
    return True


def _resolve_prerequisites(plan: Plan, profile: Profile, deps: AgentDeps, phases: Mapping[str, int]) -> None:
    """Pull in missing cross-module prerequisites; drop milestones whose prerequisite cannot apply."""
    changed = True
    while changed:
        changed = False
        for m in sorted(plan.milestones.values(), key=lambda x: x.id):
            if m.id not in plan.milestones:
                continue
            for dep in m.depends_on:
                if dep in plan.milestones:
                    continue
                pre = dep.rsplit(".", 1)[0]
                if _pull(plan, pre, m.initiative, profile, deps, phases):
                    changed = True
                    continue
                _drop_initiative(plan, m.initiative)
                plan.warnings.append(
                    t("w_dropped", deps.lang, title=_title(deps, m.initiative), prereq=_title(deps, pre))
                )
                changed = True
                break


def _drop_initiative(plan: Plan, ini_id: str) -> None:
    doomed = {mid for mid, m in plan.milestones.items() if m.initiative == ini_id}
    while doomed:
        for mid in doomed:
            plan.milestones.pop(mid, None)
        doomed = {mid for mid, m in plan.milestones.items() if any(d not in plan.milestones for d in m.depends_on)}


def _apply_findings(
    plan: Plan,
    findings: list[ComplianceFinding],
    matches: tuple[UseCaseMatch, ...],
    profile: Profile,
    deps: AgentDeps,
    phases: Mapping[str, int],
) -> None:
    """Remove non-permitted initiatives; turn required measures into gating milestones."""
    lang = deps.lang
    for match in matches:
        if match.blocked:
            alt = t("w_blocked_alt", lang, title=_title(deps, match.initiative)) if match.initiative else ""
            plan.warnings.append(
                t("w_blocked", lang, use_case=quote(match.use_case, lang)[1:-1], alternative=alt).strip()
            )
        elif match.initiative is None:
            plan.warnings.append(t("w_unmapped", lang, use_case=quote(match.use_case, lang)[1:-1]))
    for f in findings:
        # a use case no rule recognised only gets the fallback review ("DPIA where needed"): nothing to plan yet
        if f.initiative is None and f.source == "planned_use_case" and f.verdict != "not_permitted" and f.rules:
            _prepare_measures(plan, f, profile, deps, phases)
        if f.initiative is None or f.initiative not in plan.initiatives():
            continue
        if f.verdict == "not_permitted":
            _drop_initiative(plan, f.initiative)
            continue
        gated = f"{f.initiative}.pilot"
        for measure_id in f.measure_ids:
            measure = deps.catalog.measures[measure_id]
            if measure.initiative is None or measure.initiative == f.initiative:
                continue
            if not _pull(plan, measure.initiative, f.initiative, profile, deps, phases, why="w_gate_pulled"):
                continue
            gate = f"{measure.initiative}.pilot"
            m = plan.milestones[gated]
            label = measure.label.get(lang)
            plan.milestones[gated] = m.model_copy(
                update={
                    "depends_on": list(dict.fromkeys([*m.depends_on, gate])),
                    "gated_by": list(dict.fromkeys([*m.gated_by, label])),
                }
            )
            plan.gates.setdefault(gate, []).append(gated)


def _prepare_measures(
    plan: Plan, f: ComplianceFinding, profile: Profile, deps: AgentDeps, phases: Mapping[str, int]
) -> None:
    """Plan the measures a use case without its own initiative requires, so it can go live later.

    The use case itself needs its own planning (a warning says so); its legal preconditions,
    e.g. a FRIA for creditworthiness scoring or a works council agreement, are planned now.
    """
    label = quote(f.use_case, deps.lang, 60)[1:-1]
    for measure_id in f.measure_ids:
        measure = deps.catalog.measures[measure_id]
        if measure.initiative is None:
            continue
        _pull(
            plan, measure.initiative, measure.initiative, profile, deps, phases, why="w_measure_pulled", by_text=label
        )


def _gated_initiatives(plan: Plan, m: Milestone) -> list[str]:
    return [g.rsplit(".", 1)[0] for g in plan.gates.get(m.id, [])]


def _value(plan: Plan, m: Milestone) -> float:
    """Planning value of a milestone: its initiative's score; a gate is worth what it gates."""
    scores = [plan.assessments[i].score for i in [m.initiative, *_gated_initiatives(plan, m)] if i in plan.assessments]
    return max(scores, default=0.0)


def _requested(plan: Plan, m: Milestone) -> bool:
    """Whether the milestone realises (or gates) a use case the company asked for."""
    return any(
        plan.assessments[i].matched_use_cases
        for i in [m.initiative, *_gated_initiatives(plan, m)]
        if i in plan.assessments
    )


def _priority_key(plan: Plan, deps: AgentDeps) -> Callable[[Milestone], tuple[int, int, int, float, str]]:
    """Order for placing milestones: legal duties, requested use cases, pilots, then value."""

    def key(m: Milestone) -> tuple[int, int, int, float, str]:
        mandatory = deps.catalog.initiatives[m.initiative].mandatory
        return (
            0 if mandatory else 1,
            0 if _requested(plan, m) else 1,
            0 if m.step == "pilot" else 1,
            -_value(plan, m),
            m.id,
        )

    return key


def _drop_idle_gates(plan: Plan, placed: tuple[Milestone, ...]) -> tuple[tuple[Milestone, ...], list[Deferral]]:
    """Remove measures that were added only to gate use cases which are themselves deferred."""
    kept = {m.id: m for m in placed}
    dropped: list[Deferral] = []
    changed = True
    while changed:
        changed = False
        for m in list(kept.values()):
            if m.initiative not in plan.gate_only or m.step != "pilot":
                continue
            users = [x for x in kept.values() if m.id in x.depends_on and x.initiative != m.initiative]
            if users:
                continue
            for x in [x for x in kept.values() if x.initiative == m.initiative]:
                del kept[x.id]
                dropped.append(Deferral(x.id, "idle_gate"))
            changed = True
    return tuple(m for m in placed if m.id in kept), dropped


def _reason_text(reason: str, because_of: str | None, lang: str, originals: Mapping[str, Milestone]) -> str:
    """Why a milestone moved or was deferred, in the output language."""
    if reason == "dependency":
        title = originals[because_of].title if because_of else "?"
        return t("reason_dependency", lang, title=title)
    return t(f"reason_{reason}", lang)


def coordinate(
    profile: Profile,
    drafts: Mapping[str, ModuleDraft],
    findings: list[ComplianceFinding],
    matches: tuple[UseCaseMatch, ...],
    deps: AgentDeps,
    generated_with: GeneratedWith,
) -> Roadmap:
    """Merge six module drafts into one consistent, budget-fitting, prioritised roadmap."""
    lang, catalog = deps.lang, deps.catalog
    phases = earliest_phases(catalog, profile)
    assessments = {k: v for d in drafts.values() for k, v in d.assessments.items()}
    plan = Plan(
        milestones={m.id: m for d in drafts.values() for m in d.milestones},
        assessments=assessments,
        warnings=[t("w_default", lang, path=p, value=v) for p, v in assumed_defaults(profile)],
    )
    plan.warnings += [w for d in drafts.values() for w in d.warnings]
    _apply_findings(plan, findings, matches, profile, deps, phases)
    _resolve_prerequisites(plan, profile, deps, phases)
    originals = dict(plan.milestones)

    def must(m: Milestone) -> bool:
        return catalog.initiatives[m.initiative].mandatory

    limit_eur = profile.budget.ai_budget_eur_24m
    shares = deps.phase_budget_shares
    result = schedule(
        plan.milestones.values(),
        capacity_fte=profile.internal_fte,
        priority=_priority_key(plan, deps),
        must_place=must,
        budget_caps={p: share * limit_eur for p, share in shares.items()} if shares else None,
    )
    placed, budget_deferred = fit_budget(
        result.placed,
        limit_eur=limit_eur,
        deferral_key=lambda m: (_requested(plan, m), m.step != "scale", _value(plan, m), m.id),
        protected=must,
    )
    placed, idle = _drop_idle_gates(plan, placed)
    deferrals = [*result.deferred, *budget_deferred, *idle]
    for s in result.shifts:
        reason = _reason_text(s.reason, s.because_of, lang, originals)
        plan.warnings.append(
            t("w_shift", lang, title=originals[s.milestone].title, src=s.from_phase, dst=s.to_phase, reason=reason)
        )
    deferred_items = [
        DeferredItem(
            milestone=d.milestone,
            module=catalog.initiatives[originals[d.milestone].initiative].module,
            title=originals[d.milestone].title,
            budget_eur=originals[d.milestone].budget_eur,
            reason=_reason_text(d.reason, d.because_of, lang, originals),
        )
        for d in deferrals
    ]
    if deferred_items:
        plan.warnings.append(
            t(
                "w_deferred_summary",
                lang,
                n=len(deferred_items),
                total=eur(sum(d.budget_eur for d in deferred_items), lang),
            )
        )
    _capacity_warnings(plan, placed, profile, deps)
    modules = build_module_plans(profile, placed, findings, plan.assessments, drafts, deps)
    budget = budget_summary(modules, int(profile.budget.ai_budget_eur_24m))
    if not budget.within_limit:
        total, limit = eur(budget.total_eur, lang), eur(budget.limit_eur, lang)
        plan.warnings.append(t("w_over_budget", lang, total=total, limit=limit))
    start = deps.start_month or default_start_month(catalog.version)
    if deps.start_month is None:
        plan.warnings.append(t("w_start_assumed", lang, start=start))
    company = profile.company.model_dump(mode="json")
    company["channels"] = list(profile.channels)
    roadmap = Roadmap(
        company=company,
        profile=profile.model_dump(mode="json"),
        assumed_defaults=dict(assumed_defaults(profile)),
        generated_with=generated_with,
        modules=modules,
        compliance_findings=findings,
        budget=budget,
        deferred=deferred_items,
        warnings=plan.warnings,
        start_month=start,
    )
    roadmap = roadmap.model_copy(update=_analyses(roadmap, plan, deps))
    summary = executive_summary(roadmap, profile, matches, deps, plan.assessments)
    return roadmap.model_copy(update={"executive_summary": summary})


def _analyses(roadmap: Roadmap, plan: Plan, deps: AgentDeps) -> dict[str, object]:
    """Initiative matrix, ranking stability under ±20 % weights, critical path."""
    catalog, lang = deps.catalog, deps.lang
    planned = {i for m in roadmap.modules for i in m.initiatives}
    deferred = {catalog.initiatives[d.milestone.rsplit(".", 1)[0]].id for d in roadmap.deferred} - planned
    initiatives = [
        InitiativeAssessment(
            id=a.initiative,
            module=catalog.initiatives[a.initiative].module,
            title=catalog.initiatives[a.initiative].title.get(lang),
            impact=a.impact,
            feasibility=a.feasibility,
            score=a.score,
            quadrant=a.quadrant,
            status="planned" if a.initiative in planned else "deferred" if a.initiative in deferred else "not_selected",
            criteria=dict(a.contributions),
        )
        for a in sorted(plan.assessments.values(), key=lambda a: (-a.score, a.initiative))
    ]
    scores: dict[str, tuple[float, float]] = {
        m.id: (m.priority.impact, m.priority.feasibility) for m in roadmap.modules
    }
    w = deps.weights
    result = weight_sensitivity(scores, w.impact, w.feasibility, list(MODULE_IDS))
    by_criteria = criteria_sensitivity(scores, _drivers(initiatives, catalog), w.impact, w.feasibility, MODULE_IDS)
    variants = [*result.variants, *by_criteria]
    stability = RankingStability(
        stable=not variants, changes=[{"variant": label, "ranking": list(r)} for label, r in variants]
    )
    months = {i.id: i.duration_months for i in catalog.initiatives.values()}
    path, total = critical_path([ms for m in roadmap.modules for ms in m.milestones], months)
    return {
        "initiatives": initiatives,
        "ranking_stability": stability,
        "critical_path": CriticalPath(milestones=path, months=total),
    }


def _drivers(initiatives: list[InitiativeAssessment], catalog: Catalog) -> dict[str, list[CriterionPoints]]:
    """The initiatives each module's score averages (as in :func:`agents.summary.module_scores`)."""
    out: dict[str, list[CriterionPoints]] = {}
    for module in MODULE_IDS:
        own = [i for i in initiatives if i.module == module]
        pool = [i for i in own if i.status == "planned"] or own
        top = sorted(pool, key=lambda i: (-i.score, i.id))[:TOP_N]
        out[module] = [
            CriterionPoints(
                impact=i.impact,
                feasibility=i.feasibility,
                base_impact=catalog.initiatives[i.id].base_impact,
                base_feasibility=catalog.initiatives[i.id].base_feasibility,
                points=i.criteria,
            )
            for i in top
        ]
    return out


def _capacity_warnings(plan: Plan, placed: tuple[Milestone, ...], profile: Profile, deps: AgentDeps) -> None:
    for phase, need in fte_by_phase(placed).items():
        if need > profile.internal_fte + 1e-9:
            plan.warnings.append(t("w_over_capacity", deps.lang, phase=phase, need=need, have=profile.internal_fte))
