"""Pure analyses of a finished plan: initiative matrix, sensitivity of the ranking, and the critical path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.planning import Assessment
from fahrplan.agents.ranking import BUSINESS_MODULES, top_initiatives
from fahrplan.core.roadmap import CriticalPath, InitiativeAssessment, Milestone, RankingStability, Roadmap
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import MODULE_IDS

__all__ = [
    "CriterionPoints",
    "SensitivityResult",
    "analyse_roadmap",
    "criteria_sensitivity",
    "critical_path",
    "initiative_matrix",
    "rank_order",
    "weight_sensitivity",
]

SCALE_MONTHS = 6  # a scaling step spans its phase


@dataclass(frozen=True)
class SensitivityResult:
    """Whether the module ranking survives each weight moving by ±delta."""

    stable: bool
    variants: tuple[tuple[str, tuple[str, ...]], ...]  # (variant code, ranking) for each one that changed it


def rank_order(
    scores: Mapping[str, tuple[float, float]],
    w_impact: float,
    w_feasibility: float,
    order: Sequence[str],
    track: Mapping[str, int] | None = None,
) -> tuple[str, ...]:
    """Rank ids by track (value before enabling), then w_impact * impact + w_feasibility * feasibility.

    Ties keep the given order; without ``track`` every id is on one track.
    """
    tracks = track or {}
    return tuple(
        sorted(
            scores,
            key=lambda k: (
                tracks.get(k, 0),
                -(w_impact * scores[k][0] + w_feasibility * scores[k][1]),
                order.index(k),
            ),
        )
    )


def weight_sensitivity(
    scores: Mapping[str, tuple[float, float]],
    w_impact: float,
    w_feasibility: float,
    order: Sequence[str],
    delta: float = 0.2,
    track: Mapping[str, int] | None = None,
) -> SensitivityResult:
    """Recompute the ranking with each weight scaled by (1 ± delta); report rankings that differ."""
    base = rank_order(scores, w_impact, w_feasibility, order, track)
    changed = []
    for label, wi, wf in (
        ("impact+", w_impact * (1 + delta), w_feasibility),
        ("impact-", w_impact * (1 - delta), w_feasibility),
        ("feasibility+", w_impact, w_feasibility * (1 + delta)),
        ("feasibility-", w_impact, w_feasibility * (1 - delta)),
    ):
        ranking = rank_order(scores, wi, wf, order, track)
        if ranking != base:
            changed.append((label, ranking))
    return SensitivityResult(stable=not changed, variants=tuple(changed))


@dataclass(frozen=True)
class CriterionPoints:
    """One initiative that drives its module's score: catalog base values and points per criterion."""

    impact: float
    feasibility: float
    base_impact: float
    base_feasibility: float
    points: Mapping[str, float]  # "impact.goal_fit" -> 1.8, "feasibility.cost_share" -> -0.5


def _clamp(value: float) -> float:
    return min(10.0, max(0.0, value))


def _rescaled(ini: CriterionPoints, key: str, factor: float) -> tuple[float, float]:
    """Impact and feasibility of ``ini`` with criterion ``key``'s points scaled by ``factor``."""
    impact, feasibility = ini.base_impact, ini.base_feasibility
    for name, value in ini.points.items():
        scaled = value * factor if name == key else value
        if name.startswith("impact."):
            impact += scaled
        else:
            feasibility += scaled
    return _clamp(impact), _clamp(feasibility)


def criteria_sensitivity(
    modules: Mapping[str, tuple[float, float]],
    drivers: Mapping[str, Sequence[CriterionPoints]],
    w_impact: float,
    w_feasibility: float,
    order: Sequence[str],
    delta: float = 0.2,
    track: Mapping[str, int] | None = None,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Rank the modules again with each scoring criterion's weight scaled by (1 ± delta).

    ``modules`` holds each module's (impact, feasibility); ``drivers`` the initiatives its score
    is averaged from. A criterion's points are linear in its weight, so scaling the weight scales
    the points; a module moves by the mean change of its drivers. Returns (variant, ranking) for
    every variant that changes the ranking, e.g. ("criteria.goal_fit+", (...)).
    """
    base = rank_order(modules, w_impact, w_feasibility, order, track)
    keys = sorted({k for inis in drivers.values() for ini in inis for k in ini.points})
    changed = []
    for key in keys:
        for sign, factor in (("+", 1 + delta), ("-", 1 - delta)):
            varied: dict[str, tuple[float, float]] = {}
            for module, (impact, feasibility) in modules.items():
                inis = drivers.get(module, ())
                if not inis:
                    varied[module] = (impact, feasibility)
                    continue
                new = [_rescaled(i, key, factor) for i in inis]
                d_impact = sum(n[0] - i.impact for n, i in zip(new, inis, strict=True)) / len(inis)
                d_feas = sum(n[1] - i.feasibility for n, i in zip(new, inis, strict=True)) / len(inis)
                varied[module] = (_clamp(impact + d_impact), _clamp(feasibility + d_feas))
            ranking = rank_order(varied, w_impact, w_feasibility, order, track)
            if ranking != base:
                changed.append((f"criteria.{key.split('.', 1)[1]}{sign}", ranking))
    return tuple(changed)


def critical_path(milestones: Sequence[Milestone], months: Mapping[str, int]) -> tuple[list[str], int]:
    """Longest dependency chain by duration: (milestone ids in order, total months).

    ``months`` gives each initiative's duration (pilot steps); scaling steps count one phase,
    preparation and review steps nothing. When the steps carry the solver's months, the path is the
    dependency chain of the business step (personalisation, supply chain, omnichannel) that ends last,
    and its length is that step's end month; without business steps, of any step.
    """
    by_id = {m.id: m for m in milestones}

    def duration(m: Milestone) -> int:
        if m.months is not None:
            return m.months
        if m.step == "pilot":
            return months.get(m.initiative, 0)
        return SCALE_MONTHS if m.step == "scale" else 0

    best: dict[str, tuple[int, list[str]]] = {}

    def longest(mid: str) -> tuple[int, list[str]]:
        if mid not in best:
            m = by_id[mid]
            prior = [longest(d) for d in m.depends_on if d in by_id]
            length, path = max(prior, key=lambda x: (x[0], x[1]), default=(0, []))
            best[mid] = (length + duration(m), [*path, mid])
        return best[mid]

    if not by_id:
        return [], 0
    scheduled = [m for m in by_id.values() if m.start_month is not None and m.months]
    if scheduled:
        # the plan's own months: the chain that ends last, measured from month 1 to its end
        def end(mid: str) -> int:
            m = by_id[mid]
            return (m.start_month or 1) - 1 + (m.months or 0)

        # the chain to the value that lands last: a pilot or rollout of a business module (a compliance programme's
        # annual review, a preparation or a decision step delivers nothing)
        value = [
            m
            for m in scheduled
            if m.initiative and m.initiative.split(".")[0] in BUSINESS_MODULES and m.step in ("pilot", "scale")
        ]
        last = max(sorted(m.id for m in (value or scheduled)), key=end)
        return longest(last)[1], end(last)
    total, path = max((longest(mid) for mid in sorted(by_id)), key=lambda x: (x[0], x[1]))
    return path, total


# -- the analyses of a roadmap ----------------------------------------------------------------


def analyse_roadmap(roadmap: Roadmap, assessments: Mapping[str, Assessment], deps: AgentDeps) -> dict[str, object]:
    """Initiative matrix, ranking stability under ±20 % weights, critical path (as a roadmap update)."""
    catalog = deps.catalog
    initiatives = initiative_matrix(roadmap, assessments, deps)
    scores: dict[str, tuple[float, float]] = {
        m.id: (m.priority.impact, m.priority.feasibility) for m in roadmap.modules
    }
    w = deps.weights
    track: dict[str, int] = {m.id: 0 if m.priority.track == "value" else 1 for m in roadmap.modules}
    result = weight_sensitivity(scores, w.impact, w.feasibility, list(MODULE_IDS), track=track)
    drivers = _criterion_points_by_module(initiatives, catalog)
    by_criteria = criteria_sensitivity(scores, drivers, w.impact, w.feasibility, MODULE_IDS, track=track)
    variants = [*result.variants, *by_criteria]
    stability = RankingStability(
        stable=not variants, changes=[{"variant": label, "ranking": list(r)} for label, r in variants]
    )
    months = {i.id: i.duration_months for i in catalog.initiatives.values()}
    path, total = critical_path(roadmap.all_milestones(), months)
    return {
        "initiatives": initiatives,
        "ranking_stability": stability,
        "critical_path": CriticalPath(milestones=path, months=total),
    }


def initiative_matrix(
    roadmap: Roadmap, assessments: Mapping[str, Assessment], deps: AgentDeps
) -> list[InitiativeAssessment]:
    """Every assessed initiative (best score first) with its status: planned, deferred or not selected."""
    catalog, lang = deps.catalog, deps.lang
    planned = {i for m in roadmap.modules for i in m.initiatives}
    deferred = {catalog.initiatives[d.milestone.rsplit(".", 1)[0]].id for d in roadmap.deferred} - planned
    return [
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
        for a in sorted(assessments.values(), key=lambda a: (-a.score, a.initiative))
    ]


def _criterion_points_by_module(
    initiatives: list[InitiativeAssessment], catalog: Catalog
) -> dict[str, list[CriterionPoints]]:
    """The criterion points of the initiatives each module's score averages (see :func:`top_initiatives`)."""
    out: dict[str, list[CriterionPoints]] = {}
    for module in MODULE_IDS:
        own = [i for i in initiatives if i.module == module]
        top = top_initiatives([i for i in own if i.status == "planned"], own, lambda i: i.id)
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
