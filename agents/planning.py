"""Pure planning logic of the offline planner: applicability, scoring, phases, budgets, milestones.

Nothing here does I/O or calls a model; every function is deterministic in its inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from fahrplan.agents.tailoring import EXTEND_COST_SHARE, constraint_penalty, extends, fact_exclusion
from fahrplan.core.profile import Profile, size_band_of
from fahrplan.core.roadmap import PHASES, Milestone
from fahrplan.core.texts import t
from fahrplan.core.weights import Criteria, Weights
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative, UseCaseRule

__all__ = [
    "NOT_IN_24_MONTHS",
    "PILOT_SCOPE_REVENUE",
    "SMALL_FTE_SHARE",
    "Assessment",
    "applicability",
    "assess",
    "earliest_phases",
    "maturity_phase",
    "milestones_for",
    "pilot_cost",
    "quadrant",
    "regulatory_burden",
    "scaled_cost",
    "selection_size",
    "step_months",
]

NOT_IN_24_MONTHS = 3
MIN_PILOT_MONTHS = 3
# Scaling is rolled out with the pilot's partner and the business units; planning assumption:
# it binds half the internal FTE of the pilot.
SCALE_FTE_SHARE = 0.5
SMALL_FTE_SHARE: Final = 0.5
"""Internal FTE at small scope: a small retailer (under EUR 50m revenue) buys standard solutions and the vendor
does more of the work, and every company's pilot runs at the scope of a small retailer (selected categories or
stores, see :data:`PILOT_SCOPE_REVENUE`); both take half the catalog's FTE (a planning assumption, like the
size-banded costs). A legal duty's first step covers everyone the duty covers: full FTE."""
Quadrant = Literal["do_now", "quick_win", "strategic_bet", "drop"]

_BAND_REVENUE = {"small": (1e6, 50e6), "medium": (50e6, 1e9), "large": (1e9, 50e9)}


@dataclass(frozen=True)
class Assessment:
    """An initiative scored for one profile."""

    initiative: str
    impact: float
    feasibility: float
    score: float
    quadrant: Quadrant
    goal_fit: float
    matched_goals: tuple[str, ...] = ()
    matched_use_cases: tuple[str, ...] = ()
    cost_eur: int = 0
    pilot_cost_eur: int = 0
    """The pilot's (or one-shot build's) part of ``cost_eur``; the rollout costs the rest."""
    fte: float = 0.0
    """Internal FTE of the initiative at the company's scope (:data:`SMALL_FTE_SHARE`); a pilot needs that of
    small scope, a rollout :data:`SCALE_FTE_SHARE` of it."""
    reasons: tuple[str, ...] = field(default_factory=tuple)
    goal_scores: tuple[tuple[str, float], ...] = ()
    """Relevance (0-1) of this initiative for each profile goal it fits at all."""
    fallback_goals: tuple[tuple[str, float], ...] = ()
    """Goals this initiative serves second-line (with relevance): only where the plan funds no first-line one."""
    contributions: tuple[tuple[str, float], ...] = ()
    """Points per criterion, ("impact.goal_fit", 1.8) ...; base values and clamping excluded."""


def applicability(ini: Initiative, profile: Profile) -> str | None:
    """Return why ``ini`` does not apply to ``profile``, or None if it applies."""
    if ini.requires_channels and not set(ini.requires_channels) & set(profile.channels):
        return "channels:" + ",".join(ini.requires_channels)
    if ini.requires_stores and profile.company.stores <= 0:
        return "stores"
    if ini.max_revenue_eur is not None and profile.company.annual_revenue_eur > ini.max_revenue_eur:
        return "size"
    if ini.sectors and profile.company.sector not in ini.sectors:
        return "sector:" + ",".join(ini.sectors)
    missing = [s for s in ini.requires_systems if not profile.data_and_it.has_system(s)]
    if missing:
        return "systems:" + ",".join(missing)
    fact = fact_exclusion(ini, profile)
    if fact is not None:
        return fact
    if maturity_phase(ini, profile) >= NOT_IN_24_MONTHS:
        return f"maturity:{ini.min_maturity}"
    return None


def maturity_phase(ini: Initiative, profile: Profile) -> int:
    """Return the earliest phase index the maturity gap allows (3 = beyond 24 months)."""
    gap = ini.min_maturity - profile.data_and_it.maturity
    return max(0, min(gap, NOT_IN_24_MONTHS))


def earliest_phases(catalog: Catalog, profile: Profile) -> dict[str, int]:
    """Return each initiative's earliest phase index from maturity and prerequisites.

    A dependent starts one phase after a prerequisite that takes longer than three months,
    otherwise in the same phase.
    """
    memo: dict[str, int] = {}

    def visit(ini_id: str) -> int:
        if ini_id in memo:
            return memo[ini_id]
        ini = catalog.initiatives[ini_id]
        phase = maturity_phase(ini, profile)
        for pre_id in ini.prerequisites:
            pre = catalog.initiatives[pre_id]
            lag = 1 if pre.duration_months > 3 else 0
            phase = max(phase, visit(pre_id) + lag)
        memo[ini_id] = min(phase, NOT_IN_24_MONTHS)
        return memo[ini_id]

    for ini_id in catalog.initiatives:
        visit(ini_id)
    return memo


def scaled_cost(ini: Initiative, profile: Profile, *, scope_revenue: float | None = None) -> int:
    """Interpolate the cost range of the company's size band by revenue (log scale), 5k steps.

    Extending a system the company already has costs :data:`~fahrplan.agents.tailoring.EXTEND_COST_SHARE`
    of a new build. ``scope_revenue`` costs a smaller scope than the whole company (a pilot).
    """
    scope = profile.company.annual_revenue_eur if scope_revenue is None else scope_revenue
    band = size_band_of(scope)
    low, high = getattr(ini.cost_eur, band)
    lo_rev, hi_rev = _BAND_REVENUE[band]
    revenue = min(max(scope, lo_rev), hi_rev)
    position = (math.log(revenue) - math.log(lo_rev)) / (math.log(hi_rev) - math.log(lo_rev))
    share = EXTEND_COST_SHARE if extends(ini, profile) else 1.0
    return int(round((low + position * (high - low)) * share / 5000.0) * 5000)


NO_ML_IN_PRODUCTION: Final = 3
"""Data maturity up to "central data + BI" (profile contract): no machine learning runs in production yet."""


def ai_scope_revenue(ini: Initiative, profile: Profile) -> float | None:
    """The scope AI governance is costed at (``cost_scope: ai_use``): the AI the company works with, not its revenue.

    In a small company (under EUR 50m) where no machine learning runs in production yet, the AI inventory lists the
    few systems the first pilots and bought software bring, AI literacy trains the few people who work with them, and
    the gate programmes (transparency notices, vendor checks, DPIAs, documentation) cover those few systems: costed at
    the lower end of the small band (a planning assumption, like every catalog cost). A larger company's duties cover
    many people and systems from the start. ``None``: the company's whole scope.
    """
    band = size_band_of(profile.company.annual_revenue_eur)
    if ini.cost_scope == "ai_use" and band == "small" and profile.data_and_it.maturity <= NO_ML_IN_PRODUCTION:
        return _BAND_REVENUE[band][0]
    return None


PILOT_SCOPE_REVENUE: Final = 50e6
"""A pilot covers selected categories, stores or channels, whatever the company's size: it is costed at the
scope of a retailer with up to EUR 50m revenue (the small band's top), a planning assumption like every catalog
cost; the rollout carries the rest of the initiative's cost."""


def pilot_cost(ini: Initiative, profile: Profile, cost: int) -> int:
    """The pilot's share of ``cost`` (the whole initiative for this company), at most at pilot scope."""
    if ini.pilot_share >= 1.0 or ini.scale_step is None:
        return cost
    if ini.mandatory:  # a legal duty is not piloted on a sample: its first step covers whom the duty covers
        return int(round(cost * ini.pilot_share, -3))
    scope = scaled_cost(ini, profile, scope_revenue=min(profile.company.annual_revenue_eur, PILOT_SCOPE_REVENUE))
    return int(round(min(cost, scope) * ini.pilot_share, -3))


def _clamp(value: float) -> float:
    return round(min(10.0, max(0.0, value)), 1)


def quadrant(impact: float, feasibility: float, threshold: float = 6.0) -> Quadrant:
    """Place an initiative in the value x feasibility matrix."""
    if impact >= threshold:
        return "do_now" if feasibility >= threshold else "strategic_bet"
    return "quick_win" if feasibility >= threshold else "drop"


def regulatory_burden(rules: Sequence[UseCaseRule]) -> float:
    """Share (0-1) of the regulatory-risk weight an initiative's compliance rules cost.

    AI Act high risk 1.0 (deployer duties, oversight, logs); limited risk 0.5 (transparency
    duties); minimal risk with a DPIA or works council agreement 0.25; otherwise 0.
    """
    burden = 0.0
    for rule in rules:
        if rule.ai_act_risk in ("high", "prohibited"):
            burden = max(burden, 1.0)
        elif rule.ai_act_risk == "limited":
            burden = max(burden, 0.5)
        elif {"dpia", "works_council"} & set(rule.measures):
            burden = max(burden, 0.25)
    return burden


def _customer_data(ini: Initiative, profile: Profile) -> bool | None:
    """For initiatives built on customer data: whether the company has any (loyalty or newsletter); else None."""
    if not set(ini.compliance_rules) & {"loyalty_profiling", "email_marketing"}:
        return None
    return bool(profile.customers.loyalty_members or profile.customers.newsletter_subscribers)


def _impact_points(
    ini: Initiative, profile: Profile, fit: float, requested: bool, c: Criteria
) -> list[tuple[str, float]]:
    """Impact criteria: goal fit, planned use case and the value levers scaled to the company."""
    points = [("goal_fit", c.goal_fit * fit)]
    if requested:
        points.append(("planned_use_case", c.planned_use_case))
    online = profile.company.online_share_pct
    if ini.requires_channels and set(ini.requires_channels) <= {"webshop", "app", "marketplace"} and online is not None:
        points.append(("online_share", c.online_share if online >= 15 else (-c.online_share if online < 5 else 0.0)))
    has_customers = _customer_data(ini, profile)
    if has_customers is not None:
        points.append(("customer_data", c.customer_data if has_customers else -1.5 * c.customer_data))
    if ini.requires_stores and profile.company.stores >= 50:
        points.append(("store_network", c.store_network))
    return points


def _feasibility_points(
    ini: Initiative, profile: Profile, cost: int, burden: float, c: Criteria
) -> list[tuple[str, float]]:
    """Feasibility criteria: maturity gap, data readiness, cost vs budget, cloud, regulatory risk."""
    points = [("maturity_gap", -c.maturity_gap * max(0, ini.min_maturity - profile.data_and_it.maturity))]
    if ini.ai_use_case is not None:
        quality = {"low": -1.0, "medium": 0.0, "high": 0.5}[profile.data_quality]
        team = profile.data_and_it.data_team_fte or 0.0
        points.append(
            ("data_readiness", c.data_readiness * (quality + (-1.0 if team == 0 else (0.5 if team >= 5 else 0.0))))
        )
    share = cost / profile.budget.ai_budget_eur_24m
    points.append(
        (
            "cost_share",
            -c.cost_share * (1.0 if share > 0.4 else 2 / 3 if share > 0.2 else 1 / 3 if share > 0.1 else 0.0),
        )
    )
    if ini.min_maturity >= 3 and profile.data_and_it.cloud in (None, "none"):
        points.append(("cloud_readiness", -c.cloud_readiness))
    points.append(("regulatory_risk", -c.regulatory_risk * burden))
    points.append(("constraints", -constraint_penalty(ini, profile)))
    return points


def assess(
    ini: Initiative,
    profile: Profile,
    *,
    goal_scores: Mapping[str, float],
    use_case_matches: tuple[str, ...],
    weights: Weights,
    rules: Sequence[UseCaseRule] = (),
    fallback_scores: Mapping[str, float] | None = None,
) -> Assessment:
    """Score impact and feasibility of ``ini`` for ``profile`` from the criteria in ``weights``.

    ``goal_scores`` maps each goal text to its relevance for this initiative in [0, 1];
    ``rules`` are the initiative's compliance rules (for the regulatory-risk criterion).
    """
    reasons: list[str] = []
    fit = max(goal_scores.values(), default=0.0)
    # goal_scores hold the first-line goals only (close to the best initiative that applies): each is served
    matched_goals = tuple(g for g, s in goal_scores.items() if s > 0)
    if use_case_matches:
        reasons.append("planned_use_case")
    has_customers = _customer_data(ini, profile)
    if has_customers is not None:
        reasons.append("customer_data" if has_customers else "no_customer_data")
    if extends(ini, profile):
        reasons.append("extends_existing")
    if constraint_penalty(ini, profile):
        reasons.append("constraint")
    cost = scaled_cost(ini, profile, scope_revenue=ai_scope_revenue(ini, profile))
    c = weights.criteria
    impact_points = _impact_points(ini, profile, fit, bool(use_case_matches), c)
    feasibility_points = _feasibility_points(ini, profile, cost, regulatory_burden(rules), c)
    impact_c = _clamp(ini.base_impact + sum(v for _, v in impact_points))
    feasibility_c = _clamp(ini.base_feasibility + sum(v for _, v in feasibility_points))
    score = round(weights.impact * impact_c + weights.feasibility * feasibility_c, 2)
    contributions = tuple(
        [(f"impact.{k}", round(v, 2)) for k, v in impact_points if v]
        + [(f"feasibility.{k}", round(v, 2)) for k, v in feasibility_points if v]
    )
    return Assessment(
        initiative=ini.id,
        impact=impact_c,
        feasibility=feasibility_c,
        score=score,
        quadrant=quadrant(impact_c, feasibility_c, weights.threshold),
        goal_fit=round(fit, 3),
        matched_goals=matched_goals,
        matched_use_cases=use_case_matches,
        cost_eur=cost,
        pilot_cost_eur=pilot_cost(ini, profile, cost),
        fte=round(ini.fte * (SMALL_FTE_SHARE if profile.size_band == "small" else 1.0), 2),
        reasons=tuple(reasons),
        goal_scores=tuple(sorted(goal_scores.items())),
        fallback_goals=tuple(sorted((fallback_scores or {}).items())),
        contributions=contributions,
    )


def selection_size(profile: Profile) -> int:
    """How many optional initiatives per module the budget and internal capacity can carry.

    Budget: 2 up to EUR 1m, +1 at 1m, 3m and 10m. Capacity: one optional initiative per module
    for every three internal FTE (a pilot and its scaling bind about 1.5 FTE-phases each, and
    legal duties and gates come on top).
    """
    budget = profile.budget.ai_budget_eur_24m
    by_budget = 2 + sum(budget >= limit for limit in (1e6, 3e6, 10e6))
    by_capacity = max(1, round(profile.internal_fte / 3))
    return min(by_budget, by_capacity)


def step_months(ini: Initiative, step: str) -> int:
    """Months a step takes: a one-shot build its whole duration; a pilot about its budget share of the
    duration (three to six months: long enough to measure its KPI); the rollout the rest, at least three."""
    if ini.pilot_share >= 1.0 or ini.scale_step is None:
        return ini.duration_months
    pilot = min(6, max(MIN_PILOT_MONTHS, math.ceil(ini.duration_months * ini.pilot_share)))
    return pilot if step == "pilot" else max(3, ini.duration_months - pilot)


def milestones_for(
    ini: Initiative,
    assessment: Assessment,
    phase_index: int,
    *,
    lang: str,
) -> list[Milestone]:
    """Turn a scheduled initiative into its pilot (or implementation) and scaling milestones."""
    title = ini.title.get(lang)
    owner = ini.owner_roles[0].get(lang)
    kpis = [k.get(lang) for k in ini.kpis]
    one_shot = ini.pilot_share >= 1.0 or ini.scale_step is None
    pilot_budget = assessment.cost_eur if one_shot else assessment.pilot_cost_eur
    # a pilot runs at small scope (selected categories or stores); a legal duty covers everyone it covers
    small_scope = not one_shot and not ini.mandatory
    pilot_fte = min(assessment.fte, round(ini.fte * SMALL_FTE_SHARE, 2)) if small_scope else assessment.fte
    first = Milestone(
        id=f"{ini.id}.pilot",
        phase=PHASES[phase_index],
        title=t("build_title" if one_shot else "pilot_title", lang, title=title),
        description=ini.description.get(lang),
        owner=owner,
        budget_eur=pilot_budget,
        fte=pilot_fte,
        kpis=kpis,
        depends_on=[f"{p}.pilot" for p in ini.prerequisites],
        quick_win=phase_index == 0 and ini.duration_months <= 6 and assessment.quadrant in ("do_now", "quick_win"),
        citations=[ini.id, *ini.legal_triggers],
        initiative=ini.id,
        step="pilot",
        months=step_months(ini, "pilot"),
    )
    out = [first]
    if not one_shot and ini.scale_step is not None:
        out.append(
            Milestone(
                id=f"{ini.id}.scale",
                phase=PHASES[min(phase_index + 1, len(PHASES) - 1)],
                title=t("scale_title", lang, title=title),
                description=ini.scale_step.get(lang),
                owner=owner,
                budget_eur=assessment.cost_eur - pilot_budget,
                fte=round(assessment.fte * SCALE_FTE_SHARE, 2),
                kpis=kpis,
                depends_on=[first.id],
                quick_win=False,
                citations=[ini.id],
                initiative=ini.id,
                step="scale",
                months=step_months(ini, "scale"),
            )
        )
    return out
