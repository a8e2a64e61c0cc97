"""Goal and use-case coverage of a finished plan (roadmap.json contract 1.1).

Pure functions over the scheduled roadmap and what the planner already knows (goal relevance of
each assessment, the use-case matches and the compliance findings); no new judgement is made here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from fahrplan.agents.drafts import UseCaseMatch
from fahrplan.agents.findings import redesign
from fahrplan.agents.legal_context import addresses_everyone
from fahrplan.agents.levers import classify
from fahrplan.agents.planning import Assessment
from fahrplan.core.i18n import eur
from fahrplan.core.roadmap import ComplianceFinding, GoalCoverage, Phase, Roadmap, UseCaseCoverage
from fahrplan.core.texts import t
from fahrplan.core.vocab import PHASES, Lang, Lever
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative

__all__ = [
    "GOAL_INITIATIVES",
    "advertises_to_everyone",
    "awaits_its_channel",
    "goal_coverage_entries",
    "second_line_served",
    "use_case_coverage_entries",
]

GOAL_INITIATIVES = 2  # initiatives named per goal: the strongest, as in the summary line


def _relevance(a: Assessment, goal: str) -> float:
    return dict(a.goal_scores).get(goal, 0.0) or dict(a.fallback_goals).get(goal, 0.0)


def _serving_initiatives(
    roadmap: Roadmap, goal: str, assessments: Mapping[str, Assessment]
) -> tuple[list[str], list[str]]:
    """Return (planned, not planned) initiative ids that serve ``goal``, most relevant first."""
    status = {i.id: i.status for i in roadmap.initiatives}
    serving = sorted(
        (a for a in assessments.values() if goal in a.matched_goals and a.initiative in status),
        key=lambda a: (-_relevance(a, goal), -a.score, a.initiative),
    )
    planned = [a.initiative for a in serving if status[a.initiative] == "planned"]
    later = [a.initiative for a in serving if status[a.initiative] != "planned"]
    return planned, later


def second_line_served(
    assessments: Mapping[str, Assessment], planned: Collection[str], goals: Sequence[str]
) -> dict[str, Assessment]:
    """Let planned second-line initiatives serve the goals no planned first-line initiative serves.

    Returns the assessments with those goals added to ``matched_goals``, so coverage, module goals and ranking
    reasons tell the same story (the goal scores stay as they were: only the plan's choice changed).
    """
    served = {g for a in assessments.values() if a.initiative in planned for g in a.matched_goals}
    out = dict(assessments)
    for goal in goals:
        if goal in served:
            continue
        for a in sorted(out.values(), key=lambda a: a.initiative):
            if a.initiative in planned and goal in dict(a.fallback_goals):
                out[a.initiative] = replace(a, matched_goals=(*a.matched_goals, goal))
    return out


def _enabler(initiative: Initiative) -> bool:
    """An initiative that moves no business KPI itself (skills, teams, rules): it serves a goal only where nothing
    that moves the goal's KPI is planned, so a goal's first phase is when that work starts, not when a team forms."""
    return set(initiative.levers) <= {"capability", "legal_duty"}


def _first_phase(roadmap: Roadmap, initiatives: Sequence[str]) -> Phase | None:
    """The phase of the earliest pilot or scaling step (preparation and review steps deliver nothing)."""
    phases = [
        ms.phase
        for m in roadmap.modules
        for ms in m.milestones
        if ms.initiative in initiatives and ms.step in ("pilot", "scale")
    ]
    return min(phases, key=PHASES.index) if phases else None


def _own_review(roadmap: Roadmap, initiative: str) -> ComplianceFinding | None:
    """The initiative's own review (its pilot's row): the design the plan would build."""
    rows = (f for f in roadmap.compliance_findings if f.source == "initiative" and f.initiative == initiative)
    return next((f for f in rows if f.step == "pilot"), None)


def _title(roadmap: Roadmap, initiative: str) -> str:
    """The initiative's title as the roadmap lists it (its id where it does not)."""
    return next((i.title for i in roadmap.initiatives if i.id == initiative), initiative)


def _planned_recommendation(roadmap: Roadmap, initiative: str, finding: ComplianceFinding | None, lang: Lang) -> str:
    """What the plan does with a realised use case: pilot (and rollout or not), after which measures."""
    steps = {ms.step for ms in roadmap.all_milestones() if ms.initiative == initiative}
    deferred = any(d.milestone.startswith(f"{initiative}.") for d in roadmap.deferred)
    text = t("cov_uc_pilot_only" if "scale" not in steps and deferred else "cov_uc_planned", lang)
    scheduled = roadmap.milestone_ids()
    kind = redesign(finding, _own_review(roadmap, initiative), scheduled) if finding is not None else None
    if kind is not None:
        # the plan builds a lower-risk design than the use case describes: say so, not the use case's duties
        title = _title(roadmap, initiative)
        if kind == "anonymous" and finding is not None:
            return t("cov_uc_anonymised", lang, title=title, measures="; ".join(finding.required_measures))
        return t("cov_uc_redesigned", lang, title=title)
    if finding is not None and not finding.rules:
        return text + " " + t("cov_uc_unassessed", lang)
    if finding is not None and finding.required_measures:
        return text + " " + t("cov_uc_measures", lang, measures="; ".join(finding.required_measures))
    return text


def goal_coverage_entries(
    roadmap: Roadmap, goals: Sequence[str], assessments: Mapping[str, Assessment], catalog: Catalog, lang: Lang
) -> list[GoalCoverage]:
    """One entry per profile goal: the planned initiatives that serve it, their first phase and KPIs."""
    out: list[GoalCoverage] = []
    for goal in goals:
        planned, later = _serving_initiatives(roadmap, goal, assessments)
        moving = [i for i in planned if not _enabler(catalog.initiatives[i])]
        chosen = (moving or planned)[:GOAL_INITIATIVES]
        titles = ", ".join(catalog.initiatives[i].title.get(lang) for i in chosen)
        if chosen:
            rationale = t("cov_goal_planned", lang, items=titles)
            if _pilots_only(roadmap, moving or planned, catalog):
                rationale += " " + t("cov_goal_pilot_only", lang)
            waiting = _built_on(goal, chosen, later, assessments, catalog)
            if waiting:
                items = ", ".join(catalog.initiatives[i].title.get(lang) for i in waiting)
                rationale += " " + t("cov_goal_first_step", lang, items=items)
        elif later:
            first = _affordable_first(roadmap, later)
            rationale = t("goal_later", lang, items="; ".join(_why_not(roadmap, i, catalog, lang) for i in first))
            rationale += _reserve_option(roadmap, first[0], lang)
        else:
            rationale = t("goal_none", lang)
        levers = set(classify(goal).levers)
        kpis = [_goal_kpi(catalog.initiatives[i], goal, levers, lang) for i in chosen if catalog.initiatives[i].kpis]
        kpis = list(dict.fromkeys(kpis))  # two initiatives measured by the same KPI name it once
        out.append(
            GoalCoverage(
                goal=goal, initiatives=chosen, first_phase=_first_phase(roadmap, chosen), kpis=kpis, rationale=rationale
            )
        )
    return out


def _pilots_only(roadmap: Roadmap, chosen: Sequence[str], catalog: Catalog) -> bool:
    """Whether every business initiative serving a goal is only piloted: its rollout is not in the 24 months."""
    business = [i for i in chosen if catalog.initiatives[i].is_business and catalog.initiatives[i].scale_step]
    scaled = roadmap.scaled_initiatives()
    return bool(business) and not scaled & set(business)


def _affordable_first(roadmap: Roadmap, later: Sequence[str]) -> list[str]:
    """The unplanned initiatives a goal's reason names: the most relevant whose pilot fits the whole budget first (a
    pilot dearer than the budget is no option the board has), at most :data:`GOAL_INITIATIVES`."""
    cost = {d.milestone: d.budget_eur for d in roadmap.deferred}
    limit = roadmap.budget.limit_eur
    ranked = sorted(range(len(later)), key=lambda k: (cost.get(f"{later[k]}.pilot", 0) > limit, k))
    return [later[k] for k in ranked][:GOAL_INITIATIVES]


def _why_not(roadmap: Roadmap, initiative: str, catalog: Catalog, lang: Lang) -> str:
    """An unplanned initiative that would serve a goal, with what its pilot costs and why the plan holds it back."""
    title = catalog.initiatives[initiative].title.get(lang)
    pilot = next((d for d in roadmap.deferred if d.milestone == f"{initiative}.pilot"), None)
    if pilot is None:
        return t("goal_later_unselected", lang, title=title)
    return t("goal_later_item", lang, title=title, cost=eur(pilot.budget_eur, lang), reason=pilot.reason)


def _reserve_option(roadmap: Roadmap, initiative: str, lang: Lang) -> str:
    """Where the money kept back (the reserve and what is not allocated) would pay for the first pilot a goal waits
    for, and only money holds it back: say so, the board may bring the goal forward at the cost of its reserve."""
    deferred = {d.milestone: d for d in roadmap.deferred}
    pilot = deferred.get(f"{initiative}.pilot")
    money = t("reason_budget", lang)
    if pilot is None or not pilot.reason.startswith(money):
        return ""
    steps = [pilot]
    if pilot.reason != money:  # held back with a prerequisite: both cost, and the prerequisite waits for nothing else
        marks = ("“", "”") if lang == "en" else ("„", "“")
        needed = [d for d in roadmap.deferred if f"{marks[0]}{d.title}{marks[1]}" in pilot.reason]
        if len(needed) != 1 or needed[0].reason not in (money, t("reason_idle_gate", lang)):
            return ""
        steps.append(needed[0])
    cost = sum(d.budget_eur for d in steps)
    free = roadmap.budget.limit_eur - roadmap.budget.total_eur
    if cost > free:
        return ""
    items = t("board_and", lang).join(f"{d.title} ({eur(d.budget_eur, lang)})" for d in steps)
    return t(
        "goal_reserve_option",
        lang,
        items=items,
        cost=eur(cost, lang),
        free=eur(free, lang),
        left=eur(free - cost, lang),
    )


def awaits_its_channel(entry: GoalCoverage, lang: Lang) -> bool:
    """Whether a goal to open a channel is served by groundwork only: the initiative that opens the channel is not
    planned (the rationale names it as what builds on the planned ones), so the channel is not opened in 24 months."""
    marker = t("cov_goal_first_step", lang, items="").split(":")[0]
    return marker in entry.rationale and "reach_new_channel" in classify(entry.goal).levers


def _built_on(
    goal: str, chosen: Sequence[str], later: Sequence[str], assessments: Mapping[str, Assessment], catalog: Catalog
) -> list[str]:
    """The unplanned initiatives that serve ``goal`` more directly than any planned one and build on a planned one
    (click & collect on the store stock view): the plan lays the ground for the goal, it does not reach it yet."""
    best = max(_relevance(assessments[i], goal) for i in chosen)
    return [
        i
        for i in later
        if _relevance(assessments[i], goal) > best and set(catalog.initiatives[i].prerequisites) & set(chosen)
    ][:GOAL_INITIATIVES]


def _goal_kpi(ini: Initiative, goal: str, levers: set[Lever], lang: Lang) -> str:
    """The initiative's KPI that measures the goal's lever ("Bestände senken": stock coverage in days, not the time
    per ordering round), among those the one that shares most words with the goal ("acquisition cost": the cost per
    new customer, not the click rate); its first KPI when none measures the lever."""
    fitting = [k for k in ini.kpis if levers & set(classify(k.de).levers)]
    if not fitting:
        return ini.kpis[0].get(lang)
    words = _stems(goal)
    return max(fitting, key=lambda k: len(words & (_stems(k.de) | _stems(k.en)))).get(lang)  # first of equals


def _stems(text: str) -> set[str]:
    """A crude stem of every word of four or more letters (its first five): enough to compare a goal's words with a
    KPI's ("costs" and "cost per", "Retouren" and "Retourenquote")."""
    return {w[:5] for w in re.findall(r"[a-zäöüß]{4,}", text.lower())}


def advertises_to_everyone(use_case: str, finding: ComplianceFinding) -> bool:
    """Whether a use case sends e-mail advertising to everyone in a group ("an alle Kundenkarten-Mitglieder")."""
    return "email_marketing" in finding.rules and addresses_everyone(use_case)


def _deferred_recommendation(roadmap: Roadmap, initiative: str, finding: ComplianceFinding | None, lang: Lang) -> str:
    """Why the initiative that would realise a named use case is not in the plan: the first deferral's reason.

    Where the initiative is a lower-risk design than the use case describes (demand per store and hour instead of
    assigning named staff to shifts), it says so: the initiative "matches" only in that design.
    """
    reasons = (d.reason for d in roadmap.deferred if d.milestone.rsplit(".", 1)[0] == initiative and d.reason)
    reason = next(reasons, "").rstrip(".")
    if finding is not None and redesign(finding, _own_review(roadmap, initiative)) == "ai_act":
        title = _title(roadmap, initiative)
        why = reason or t("cov_uc_not_selected", lang)
        return t("cov_uc_redesigned_deferred", lang, title=title, reason=why)
    return t("cov_uc_deferred_reason", lang, reason=reason) if reason else t("cov_uc_deferred", lang)


def use_case_coverage_entries(roadmap: Roadmap, matches: Sequence[UseCaseMatch], lang: Lang) -> list[UseCaseCoverage]:
    """One entry per planned use case: its verdict, what realises it (or its alternative), what to do."""
    findings = {f.use_case: f for f in roadmap.compliance_findings if f.source == "planned_use_case"}
    planned = {i.id for i in roadmap.initiatives if i.status == "planned"}
    out: list[UseCaseCoverage] = []
    for match in matches:
        finding = findings.get(match.use_case)
        verdict = finding.verdict if finding is not None else "permitted_with_conditions"
        initiatives = [match.initiative] if match.initiative else []
        if match.blocked:
            alternative = finding.alternative if finding is not None and finding.alternative else ""
            recommendation = t("cov_uc_blocked", lang, alternative=alternative).strip()
        elif not initiatives and match.outside is not None:
            recommendation = match.outside.get(lang)
        elif not initiatives:
            recommendation = t("cov_uc_none", lang)
        elif initiatives[0] in planned:
            recommendation = _planned_recommendation(roadmap, initiatives[0], finding, lang)
        else:
            recommendation = _deferred_recommendation(roadmap, initiatives[0], finding, lang)
        if finding is not None and advertises_to_everyone(match.use_case, finding):
            recommendation = f"{t('cov_uc_not_everyone', lang)} {recommendation}"  # UWG § 7(2) No. 2, § 7(3)
        out.append(
            UseCaseCoverage(
                use_case=match.use_case, verdict=verdict, initiatives=initiatives, recommendation=recommendation
            )
        )
    return out
