"""The coordinator's first steps: merge the drafts, apply the compliance findings, pull in prerequisites.

All steps work on one mutable :class:`Plan` that is local to a ``coordinate`` call.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.findings import OPERATION_AGREEMENT, WORKS_COUNCIL_CONSENT, WORKS_COUNCIL_CONSENT_IF
from fahrplan.agents.planning import Assessment, earliest_phases, milestones_for
from fahrplan.core.i18n import quote
from fahrplan.core.profile import Profile, assumed_defaults
from fahrplan.core.roadmap import PHASES, ComplianceFinding, Milestone
from fahrplan.core.texts import default_labels, t
from fahrplan.core.untrusted import instruction_like
from fahrplan.knowledge.schema import Text

__all__ = ["Plan", "apply_findings", "merge_drafts", "placed_pulls", "resolve_prerequisites", "use_case_warnings"]


@dataclass
class Plan:
    """Mutable working set of the coordinator (local to one ``coordinate`` call)."""

    milestones: dict[str, Milestone]
    assessments: dict[str, Assessment]
    phases: Mapping[str, int]
    """Earliest phase index of every initiative for the profile (``len(PHASES)``: cannot apply)."""
    warnings: list[str] = field(default_factory=list)
    gates: dict[str, list[str]] = field(default_factory=dict)
    lead_months: dict[str, int] = field(default_factory=dict)
    """Months before a step's go-live that a measure done within the step needs (a pilot agreement)."""
    gate_only: set[str] = field(default_factory=set)
    reviewed: dict[str, list[ComplianceFinding]] = field(default_factory=dict)
    """The compliance findings of each reviewed initiative: one pulled in later is gated on their measures too."""
    pulled: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """Each "added because" warning: the initiative added and the one that needs it (None: a planned use case)."""

    def initiatives(self) -> set[str]:
        """Return the initiatives with at least one milestone in the plan."""
        return {m.initiative for m in self.milestones.values()}


def merge_drafts(profile: Profile, drafts: Mapping[str, ModuleDraft], deps: AgentDeps) -> Plan:
    """Put the drafts' milestones, assessments and warnings into one plan (assumed defaults first)."""
    plan = Plan(
        milestones={m.id: m for d in drafts.values() for m in d.milestones},
        assessments={k: v for d in drafts.values() for k, v in d.assessments.items()},
        phases=earliest_phases(deps.catalog, profile),
        warnings=[t("w_default", deps.lang, **default_labels(p, v, deps.lang)) for p, v in assumed_defaults(profile)],
    )
    plan.warnings += [w for d in drafts.values() for w in d.warnings]
    plan.warnings += _instruction_warnings(profile, deps)
    return plan


def _instruction_warnings(profile: Profile, deps: AgentDeps) -> list[str]:
    """Say which free-text entries read like instructions: they are treated as data and change nothing."""
    fields = [
        *(("goals", g) for g in profile.goals),
        *(("planned_use_cases", u) for u in profile.planned_use_cases),
        *(("constraints", c) for c in profile.constraints),
        *((("notes", profile.notes),) if profile.notes else ()),
    ]
    return [
        t("w_instruction_ignored", deps.lang, field=t(f"field_{field}", deps.lang), text=quote(text, deps.lang, 60))
        for field, text in fields
        if instruction_like(text)
    ]


def _title(deps: AgentDeps, ini_id: str) -> str:
    return deps.catalog.initiatives[ini_id].title.get(deps.lang)


def _pull(
    plan: Plan,
    ini_id: str,
    by: str,
    deps: AgentDeps,
    why: str = "w_pulled",
    by_text: str | None = None,
    condition: Text | None = None,
) -> bool:
    """Add initiative ``ini_id`` (and its prerequisites) to the plan; False if it cannot apply.

    ``by`` names the initiative that needs it; ``by_text`` replaces its title in the warning
    (a planned use case that has no initiative of its own); ``condition`` is what the profile leaves open
    under which it is needed ("if there is a works council"), said in the warning.
    """
    if ini_id in plan.initiatives():
        return True
    assessment = plan.assessments.get(ini_id)
    if assessment is None or plan.phases[ini_id] >= len(PHASES):
        return False
    ini = deps.catalog.initiatives[ini_id]
    if not all(_pull(plan, p, ini_id, deps) for p in ini.prerequisites):
        return False
    for m in milestones_for(ini, assessment, plan.phases[ini_id], lang=deps.lang):
        plan.milestones[m.id] = m
    warning = t(why, deps.lang, title=_title(deps, ini_id), by=by_text or _title(deps, by))
    if condition is not None:
        warning = warning.removesuffix(".") + condition.get(deps.lang) + "."
    plan.warnings.append(warning)
    plan.pulled[warning] = (ini_id, None if by_text else by)
    if why == "w_gate_pulled":
        plan.gate_only.add(ini_id)
    for finding in plan.reviewed.get(ini_id, []):
        if finding.verdict != "not_permitted":  # a prerequisite with its own duties
            _gate_on_measures(plan, finding, ini_id, deps)
    return True


def resolve_prerequisites(plan: Plan, deps: AgentDeps) -> None:
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
                if _pull(plan, pre, m.initiative, deps):
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


def apply_findings(
    plan: Plan, findings: list[ComplianceFinding], matches: tuple[UseCaseMatch, ...], deps: AgentDeps
) -> None:
    """Drop non-permitted initiatives; gate the rest on measures."""
    # a use case the plan realises by a better way (a payment provider instead of own credit scoring) or in a
    # lower-risk design (slotting per zone instead of picker ranking; its finding then names no initiative) is not
    # prepared as stated: its duties (a FRIA, deployer duties) belong to the design the roadmap advises against
    advised_away = {m.use_case for m in matches if m.initiative is not None and not m.blocked}
    plan.reviewed = {}
    for f in findings:
        if f.initiative:
            plan.reviewed.setdefault(f.initiative, []).append(f)
    for f in findings:
        # a use case no rule recognised only gets the fallback review ("DPIA where needed"): nothing to plan yet
        if (
            f.initiative is None
            and f.source == "planned_use_case"
            and f.verdict != "not_permitted"
            and f.rules
            and f.use_case not in advised_away
        ):
            _prepare_measures(plan, f, deps)
        if f.initiative is None or f.initiative not in plan.initiatives():
            continue
        if f.verdict == "not_permitted":
            _drop_initiative(plan, f.initiative)
            continue
        _gate_on_measures(plan, f, f.initiative, deps)
        _gate_operation(plan, f, deps)
        if t("legal_art9_alcohol", deps.lang) in f.rationale:  # the pilot and the step that scales the same profiles
            for step in dict.fromkeys((f.step, "scale")):
                _limit_profiling(plan, f"{f.initiative}.{step}", deps)


def _limit_profiling(plan: Plan, milestone: str, deps: AgentDeps) -> None:
    """A step that profiles buyers of alcohol says what its profiles leave out (no drinking volume or frequency)."""
    ms = plan.milestones.get(milestone)
    note = t("ms_alcohol_limit", deps.lang)
    if ms is not None and note not in ms.description:
        plan.milestones[milestone] = ms.model_copy(update={"description": f"{ms.description} {note}"})


def use_case_warnings(matches: tuple[UseCaseMatch, ...], placed: Collection[str], deps: AgentDeps) -> list[str]:
    """Say which planned use cases are blocked (and whether the plan funds their alternative) or match no
    initiative; ``placed``: the initiatives the placed plan runs."""
    lang = deps.lang
    out: list[str] = []
    for match in matches:
        if match.blocked:
            key = "w_blocked_alt" if match.initiative in placed else "w_blocked_alt_unfunded"
            alt = t(key, lang, title=_title(deps, match.initiative)) if match.initiative else ""
            out.append(t("w_blocked", lang, use_case=quote(match.use_case, lang)[1:-1], alternative=alt).strip())
        elif match.initiative is None:  # where the rules know the kind, its recommendation says how it is done
            key = "w_unmapped_advised" if match.outside is not None else "w_unmapped"
            out.append(t(key, lang, use_case=quote(match.use_case, lang)[1:-1]))
    return out


def _step_findings(plan: Plan, step_id: str) -> list[ComplianceFinding]:
    """The reviewed findings about one step (``<initiative>.<step>``)."""
    initiative, step = step_id.rsplit(".", 1)
    return [f for f in plan.reviewed.get(initiative, []) if f.step == step]


def _gate_on_measures(plan: Plan, f: ComplianceFinding, initiative: str, deps: AgentDeps) -> None:
    """Make the initiative's go-live (the pilot, or the scale step the finding is about) wait for the pilots of
    the measures the finding requires."""
    gated = f"{initiative}.{f.step}"
    if gated not in plan.milestones:
        return
    for measure_id in f.measure_ids:
        measure = deps.catalog.measures[measure_id]
        if measure.initiative is None and measure.gates_go_live:  # done within the step itself (a vendor contract)
            m = plan.milestones[gated]
            label = measure.label.get(deps.lang)
            if measure_id == "balancing_test" and any("consent" in g.measure_ids for g in _step_findings(plan, gated)):
                continue  # one legal basis per go-live: a step that needs consent lists no balancing beside it
            plan.milestones[gated] = m.model_copy(update={"gated_by": list(dict.fromkeys([*m.gated_by, label]))})
            plan.lead_months[gated] = max(plan.lead_months.get(gated, 0), measure.lead_months)
            continue
        if measure.initiative is None or measure.initiative == initiative or not measure.gates_go_live:
            continue
        if not _pull(plan, measure.initiative, initiative, deps, why="w_gate_pulled", condition=measure.condition):
            continue
        gate = f"{measure.initiative}.pilot"
        m = plan.milestones[gated]
        label = measure.label.get(deps.lang)
        plan.milestones[gated] = m.model_copy(
            update={
                "depends_on": list(dict.fromkeys([*m.depends_on, gate])),
                "gated_by": list(dict.fromkeys([*m.gated_by, label])),
            }
        )
        plan.gates.setdefault(gate, []).append(gated)


def _gate_operation(plan: Plan, f: ComplianceFinding, deps: AgentDeps) -> None:
    """A pilot that goes live under a pilot agreement with the works council rolls out under the works agreement for
    regular operation (§ 87(1) No. 6 BetrVG): the scaling step names that gate, negotiated while the pilot runs."""
    scale = plan.milestones.get(f"{f.initiative}.scale")
    consented = {WORKS_COUNCIL_CONSENT, WORKS_COUNCIL_CONSENT_IF} & set(f.measure_ids)
    if f.step != "pilot" or not consented or scale is None:
        return
    if "works_council" in f.measure_ids or any(
        "works_council" in g.measure_ids for g in _step_findings(plan, scale.id)
    ):
        return  # the pilot or the step's own review already requires the works agreement
    label = deps.catalog.measures[OPERATION_AGREEMENT].label.get(deps.lang)
    plan.milestones[scale.id] = scale.model_copy(update={"gated_by": list(dict.fromkeys([*scale.gated_by, label]))})


def _prepare_measures(plan: Plan, f: ComplianceFinding, deps: AgentDeps) -> None:
    """Plan the measures a use case without its own initiative requires, so it can go live later.

    The use case itself needs its own planning (a warning says so); its legal preconditions,
    e.g. a FRIA for creditworthiness scoring or a works council agreement, are planned now.
    """
    label = quote(f.use_case, deps.lang, 60)[1:-1]
    for measure_id in f.measure_ids:
        measure = deps.catalog.measures[measure_id]
        if measure.initiative is None:
            continue
        _pull(plan, measure.initiative, measure.initiative, deps, why="w_measure_pulled", by_text=label)


def placed_pulls(plan: Plan, placed: set[str]) -> None:
    """Keep an "added because" warning only where the plan runs what was added and what needs it: a reason that
    names an initiative the solver left in the backlog tells the board about something the plan does not do."""
    plan.warnings = [
        w
        for w in plan.warnings
        if w not in plan.pulled
        or (plan.pulled[w][0] in placed and (plan.pulled[w][1] is None or plan.pulled[w][1] in placed))
    ]
