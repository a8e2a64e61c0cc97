"""The coordinator's placement step: choose and schedule the merged plan with the portfolio solver.

The module agents propose initiatives (pilot and scaling milestones); here they become solver jobs with
the value each realises per month once done, and :func:`fahrplan.agents.portfolio.solve` decides what
runs in which month. Phases stay the report's view: a milestone's phase is the phase of its start month.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from fahrplan.agents.binding import Relief, binding_limits
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.freeze import default_start_month, frozen_plan_months
from fahrplan.agents.merging import Plan
from fahrplan.agents.planning import Assessment, maturity_phase, step_months
from fahrplan.agents.portfolio import COVER_BY, HORIZON, Job, Limits, Solution, solve
from fahrplan.agents.ranking import BUSINESS_MODULES
from fahrplan.agents.scheduling import Deferral, Schedule
from fahrplan.core.i18n import eur, percent
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Milestone
from fahrplan.core.texts import t
from fahrplan.core.vocab import PHASE_MONTHS, PHASES, phase_of_month
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative

__all__ = [
    "ENABLING_VALUE_SHARE",
    "GOAL_WEIGHT",
    "MANDATORY_URGENCY",
    "PILOT_VALUE_SHARE",
    "QUICK_WIN_COST_SHARE",
    "QUICK_WIN_FEASIBILITY",
    "QUICK_WIN_MONTHS",
    "REQUESTED_BONUS",
    "RESERVE_SHARE",
    "USE_CASE_WEIGHT",
    "Placed",
    "binding_notes",
    "goal_covers",
    "jobs_for",
    "limits_for",
    "parallel_pilot_cap",
    "pilot_cap",
    "place",
]

PILOT_VALUE_SHARE: Final = 0.3
"""Share of an initiative's value a pilot realises before it is scaled (planning assumption)."""
GOAL_WEIGHT: Final = 1.0
"""Extra weight of an initiative's value per unit of fit to a stated goal (fit 0..1)."""
USE_CASE_WEIGHT: Final = 1.0
"""Extra weight of an initiative that realises a use case the company named."""
REQUESTED_BONUS: Final = 1000.0
"""Objective bonus for piloting a use case the company named: above any single initiative's value
(at most about 40 points a month over 24 months), so it is planned whenever budget, FTE and gates allow."""
ENABLING_VALUE_SHARE: Final = 0.1
"""Share of its value an enabling or compliance initiative counts for when no stated goal asks for it."""
MANDATORY_URGENCY: Final = 50.0
"""Value per month of a legal duty: above any business initiative, so duties start in the first months."""
RESERVE_SHARE: Final = 0.10
"""Budget kept back for what the pilots teach (strategy practice: 10-15 %)."""
MAX_PILOTS: Final = 5
QUICK_WIN_MONTHS: Final = 6
QUICK_WIN_COST_SHARE: Final = 0.10
"""A quick win shows value or a scaling decision within six months for at most this share of the budget."""
QUICK_WIN_FEASIBILITY: Final = 6.0
"""Least feasibility of a quick win: the threshold of the value x feasibility matrix (:func:`planning.quadrant`)."""


def pilot_cap(internal_fte: float) -> int:
    """Pilots a company starts in its first six months: about one per two internal FTE, between one and five."""
    return max(1, min(MAX_PILOTS, math.ceil(internal_fte / 2)))


def parallel_pilot_cap(internal_fte: float) -> int:
    """Pilots a company runs at once after its first pilots: about one per 1.5 internal FTE, between one and five
    (strategy practice: three to five for a mid-sized retailer, fewer with one or two FTE). The team starts with
    fewer (:func:`pilot_cap`) while it learns, and runs more once the first pilots are done."""
    return max(pilot_cap(internal_fte), min(MAX_PILOTS, math.ceil(internal_fte / 1.5)))


def _weight(plan: Plan, initiative: str, deps: AgentDeps) -> float:
    """Value per month of a fully scaled initiative, in planning points.

    Business value is the impact, discounted by feasibility (a hard initiative is less likely to
    deliver), and weighted up for stated goals and named use cases. Enablers and compliance work count
    a tenth of that unless a stated goal asks for them: they earn their place through what depends on
    them (precedence), not by outbidding business value. A legal duty is urgent: it starts first.
    """
    ini = deps.catalog.initiatives[initiative]
    a = plan.assessments.get(initiative)
    if ini.mandatory:
        return MANDATORY_URGENCY
    if a is None or initiative in plan.gate_only:
        return 0.0
    value = _base_value(a)
    value *= 1.0 + GOAL_WEIGHT * a.goal_fit + (USE_CASE_WEIGHT if a.matched_use_cases else 0.0)
    if (ini.module not in BUSINESS_MODULES or not ini.creates_value) and a.goal_fit < 0.5:
        value *= ENABLING_VALUE_SHARE
    return value


def _base_value(a: Assessment) -> float:
    """Impact discounted by feasibility: half of it at feasibility 0, all of it at 10."""
    return a.impact * (0.5 + 0.05 * a.feasibility)


def _enabling_value(plan: Plan, initiative: str) -> float:
    """Value per month of enabling work nobody asked for: a tenth of its feasibility-weighted impact."""
    a = plan.assessments.get(initiative)
    return 0.0 if a is None else _base_value(a) * ENABLING_VALUE_SHARE


def _requested(plan: Plan, initiative: str) -> bool:
    a = plan.assessments.get(initiative)
    return a is not None and bool(a.matched_use_cases)


def jobs_for(plan: Plan, profile: Profile, deps: AgentDeps) -> list[Job]:
    """Turn the plan's pilot and scaling milestones into solver jobs."""
    catalog = deps.catalog
    frozen = _frozen(profile, deps)
    jobs: list[Job] = []
    for m in sorted(plan.milestones.values(), key=lambda m: m.id):
        ini = catalog.initiatives[m.initiative]
        scalable = m.step in ("pilot", "scale") and ini.scale_step is not None and ini.pilot_share < 1.0
        weight = _weight(plan, ini.id, deps)
        if ini.mandatory:  # the duty is the first step; its rollout is ordinary enabling work
            value = weight if m.step == "pilot" else _enabling_value(plan, ini.id)
        elif m.step == "scale" and ini.module == "compliance":
            value = 0.0  # a compliance programme's rollout (annual review …) waits for the systems it governs
        elif scalable:
            value = weight * (PILOT_VALUE_SHARE if m.step == "pilot" else 1.0 - PILOT_VALUE_SHARE)
        else:
            value = weight
        phase = PHASES[min(maturity_phase(ini, profile), len(PHASES) - 1)]
        business_pilot = m.step == "pilot" and not ini.mandatory and ini.module in BUSINESS_MODULES
        months = _months(m, ini)
        # an enabler in a business module (the POS data feed) is done once its dependents can build on it
        rolled_out = (business_pilot and ini.creates_value) or (m.step == "pilot" and ini.mandatory)
        jobs.append(
            Job(
                id=m.id,
                months=months,
                fte=m.fte,
                cost=m.budget_eur,
                value=round(value, 4),
                earliest=max(PHASE_MONTHS[phase][0], plan.lead_months.get(m.id, 0)),
                start_before=_start_before(plan, m, ini, business_pilot),
                depends_on=tuple(m.depends_on),
                mandatory=ini.mandatory and m.step == "pilot",
                pilot=business_pilot,
                bonus=REQUESTED_BONUS if m.step == "pilot" and _requested(plan, ini.id) else 0.0,
                # pilot purgatory is a business pilot's risk, and a duty's rollout belongs to the duty (AI literacy for
                # everyone who works with AI); a compliance programme or an enabler is done on its own, and its rollout
                # follows the systems that need it (no penalty buys that rollout)
                scale=f"{ini.id}.scale" if rolled_out and f"{ini.id}.scale" in plan.milestones else None,
                excludes=tuple(f"{full}.pilot" for full in ini.entry_for) if m.step == "pilot" else (),
                no_start=_frozen_starts(frozen, months, m.step, ini.module),
            )
        )
    return jobs


def _frozen(profile: Profile, deps: AgentDeps) -> frozenset[int]:
    """Plan months of a stated change freeze, counted from the roadmap's start month."""
    return frozen_plan_months(profile, deps.start_month or default_start_month(deps.catalog.version), HORIZON)


def _frozen_starts(frozen: frozenset[int], months: int, step: str, module: str) -> frozenset[int]:
    """Months a step that changes systems (a business or data initiative) may not start in during a stated change
    freeze: a pilot not in it (it may run through it), a rollout not so that it would run in it."""
    if not frozen or module not in (*BUSINESS_MODULES, "data_platform"):
        return frozenset()
    if step == "scale":
        return frozenset(t for t in range(HORIZON) if frozen & set(range(t, t + months)))
    return frozen


def _months(m: Milestone, ini: Initiative) -> int:
    return m.months if m.months is not None else step_months(ini, m.step)


def _start_before(plan: Plan, m: Milestone, ini: Initiative, business_pilot: bool) -> int:
    """A business pilot nobody asked for starts early enough for its rollout to finish within the horizon, or not
    at all: such a pilot without its rollout is year-two filler. A late pilot for a stated goal or a named use case
    prepares the next budget round and stays possible."""
    latest = ini.start_by_month if m.step == "pilot" and ini.start_by_month else HORIZON
    rollout = plan.milestones.get(f"{m.initiative}.scale")
    a = plan.assessments.get(ini.id)
    asked = a is not None and bool(a.matched_goals or a.fallback_goals or a.matched_use_cases)
    if business_pilot and rollout is not None and not asked:
        latest = min(latest, HORIZON - _months(m, ini) - _months(rollout, ini) + 1)
    return latest


def goal_covers(plan: Plan, profile: Profile, catalog: Catalog) -> dict[str, list[str]]:
    """For each stated goal, the pilots in the plan whose initiative serves it, first- or second-line.

    The groundwork of a channel (the store stock view click & collect is built on) serves a goal to open that channel,
    but opens nothing alone: the plan earns the goal's cover with the channel's own pilot, not with a stepping stone
    whose payoff lies beyond the horizon.
    """
    out: dict[str, list[str]] = {}
    for goal in profile.goals:
        serving = {
            a.initiative: dict(a.goal_scores).get(goal, 0.0) or dict(a.fallback_goals).get(goal, 0.0)
            for a in plan.assessments.values()
            if goal in a.matched_goals or goal in dict(a.fallback_goals)
        }
        groundwork = {
            p
            for i, rel in serving.items()
            if "reach_new_channel" in catalog.initiatives[i].levers
            for p in catalog.initiatives[i].prerequisites
            if serving.get(p, rel) < rel
        }
        out[goal] = sorted(f"{i}.pilot" for i in serving if i not in groundwork and f"{i}.pilot" in plan.milestones)
    return out


def limits_for(profile: Profile, deps: AgentDeps) -> Limits:
    """The company's limits: internal FTE, budget minus reserve, phase caps, pilot caps."""
    limit = profile.budget.ai_budget_eur_24m
    shares = deps.phase_budget_shares or {}
    cap = pilot_cap(profile.internal_fte)
    frozen = _frozen(profile, deps)
    return Limits(
        fte=profile.internal_fte,
        budget=limit * (1.0 - RESERVE_SHARE),
        phase_caps={p: share * limit for p, share in shares.items() if share < 1.0},
        early_pilots=cap,
        parallel_pilots=parallel_pilot_cap(profile.internal_fte),
        cover_by=COVER_BY + len({t for t in frozen if t < COVER_BY}),
    )


def _quick_win(m: Milestone, end: int, profile: Profile, plan: Plan, deps: AgentDeps) -> bool:
    """A step that moves a business lever (not a legal duty, compliance paperwork or an enabler such as a
    leadership workshop), ends by month six at low cost and is feasible for this company: a pilot the value x
    feasibility matrix calls a strategic bet (an integration into an old ERP with no data team) is no quick win."""
    ini = deps.catalog.initiatives[m.initiative]
    cheap = m.budget_eur <= QUICK_WIN_COST_SHARE * profile.budget.ai_budget_eur_24m
    a = plan.assessments.get(m.initiative)
    feasible = a is not None and a.feasibility >= QUICK_WIN_FEASIBILITY
    return m.step == "pilot" and end <= QUICK_WIN_MONTHS and cheap and ini.is_business and feasible


@dataclass(frozen=True)
class Placed:
    """The solver's inputs and its solution, kept so the binding-limit analysis re-solves the same problem."""

    jobs: tuple[Job, ...]
    limits: Limits
    covers: Mapping[str, list[str]]
    solution: Solution


def place(plan: Plan, profile: Profile, deps: AgentDeps) -> tuple[Schedule, Placed]:
    """Choose and schedule the plan's milestones; return the schedule and what the solver saw and chose."""
    jobs = tuple(jobs_for(plan, profile, deps))
    limits, covers = limits_for(profile, deps), goal_covers(plan, profile, deps.catalog)
    solution = solve(jobs, limits, covers, cache=deps.solver_cache)
    months = {j.id: j.months for j in jobs}
    placed: list[Milestone] = []
    for m in sorted(plan.milestones.values(), key=lambda m: (solution.starts.get(m.id, 99), m.id)):
        start = solution.starts.get(m.id)
        if start is None:
            continue
        update = {
            "phase": phase_of_month(start),
            "start_month": start + 1,
            "months": months[m.id],
            "quick_win": _quick_win(m, start + months[m.id], profile, plan, deps),
        }
        placed.append(m.model_copy(update=update))
    live = {m.id for m in placed}
    deferred = tuple(
        Deferral(u.job, _deferral_reason(plan, u.job, u.reason, live), u.because_of) for u in solution.unplaced
    )
    return Schedule(placed=tuple(placed), shifts=(), deferred=deferred), Placed(jobs, limits, covers, solution)


def _deferral_reason(plan: Plan, job: str, reason: str, live: set[str]) -> str:
    """Why a step is deferred. A gate's step is idle when nothing its pilot gates runs ("not needed yet"); while
    something runs (a loss-prevention analysis under the Art. 26 duties), its pilot covers that, and a rollout
    to further systems is not needed for this plan. ``live``: the placed steps."""
    initiative = plan.milestones[job].initiative
    if initiative not in plan.gate_only:
        return reason
    return "gate_covered" if live.intersection(plan.gates.get(f"{initiative}.pilot", [])) else "idle_gate"


def binding_notes(plan: Plan, placed: Placed, deps: AgentDeps) -> list[str]:
    """Name the limits that bind the plan and what relaxing each would buy, in the output language."""
    reliefs = binding_limits(placed.jobs, placed.limits, placed.solution, placed.covers, cache=deps.solver_cache)
    return [_relief_text(r, plan, placed.limits, deps) for r in reliefs]


def _relief_text(relief: Relief, plan: Plan, limits: Limits, deps: AgentDeps) -> str:
    lang = deps.lang
    title = plan.milestones[relief.job].title
    # "ein Pilot mehr … brächte", "ein Fünftel mehr … Budget brächte", "+2 FTE … brächten"
    one = "_one" if relief.kind in ("pilots", "late_share", "budget") else ""
    if relief.months_earlier is None:
        effect = t(f"bind_added{one}", lang, title=title)
    else:
        effect = t(f"bind_earlier{one}", lang, title=title, n=relief.months_earlier)
    if relief.kind == "fte_early":
        return t("bind_fte", lang, extra=f"{relief.amount:g}", effect=effect)
    if relief.kind == "budget":
        return t("bind_budget", lang, extra=eur(relief.amount, lang), effect=effect)
    if relief.kind == "late_share":
        return t("bind_late", lang, share=percent(100 * relief.amount, lang), effect=effect)
    return t("bind_pilots", lang, cap=limits.parallel_pilots, effect=effect)
