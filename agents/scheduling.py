"""Pure scheduling of milestones across modules: dependency order, capacity and budget.

All functions are deterministic and side-effect free; the coordinator composes them.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from fahrplan.core.errors import InternalError
from fahrplan.core.roadmap import PHASES, Milestone, Phase

__all__ = [
    "CycleError",
    "Deferral",
    "Schedule",
    "Shift",
    "fit_budget",
    "fte_by_month",
    "phase_totals",
    "schedule",
    "topological_order",
]

PHASE_INDEX: dict[Phase, int] = {p: i for i, p in enumerate(PHASES)}


class CycleError(InternalError, ValueError):
    """Milestone dependencies form a cycle; the message names it."""


@dataclass(frozen=True)
class Deferral:
    """A milestone moved beyond 24 months, with the reason.

    Reasons: "capacity" (FTE), "phase_budget" (a phase's budget cap), "budget" (the 24-month
    total), "dependency" (a prerequisite was deferred), "idle_gate", "gate_covered".
    """

    milestone: str
    reason: str
    because_of: str | None = None


@dataclass(frozen=True)
class Shift:
    """A milestone moved to a later phase than planned."""

    milestone: str
    from_phase: Phase
    to_phase: Phase
    reason: str
    because_of: str | None = None


@dataclass(frozen=True)
class Schedule:
    """Result of scheduling: placed milestones, shifts and deferrals."""

    placed: tuple[Milestone, ...]
    shifts: tuple[Shift, ...]
    deferred: tuple[Deferral, ...]


def topological_order(milestones: Iterable[Milestone], priority: Callable[[Milestone], tuple]) -> list[Milestone]:  # type: ignore[type-arg]
    """Order milestones so prerequisites come first; among ready ones, by ``priority`` (ascending)."""
    items = {m.id: m for m in milestones}
    indegree = {mid: 0 for mid in items}
    dependents: dict[str, list[str]] = {mid: [] for mid in items}
    for m in items.values():
        for dep in m.depends_on:
            if dep in items:
                indegree[m.id] += 1
                dependents[dep].append(m.id)
    heap = [(priority(items[mid]), mid) for mid, deg in indegree.items() if deg == 0]
    heapq.heapify(heap)
    order: list[Milestone] = []
    while heap:
        _, mid = heapq.heappop(heap)
        order.append(items[mid])
        for nxt in dependents[mid]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(heap, (priority(items[nxt]), nxt))
    if len(order) != len(items):
        stuck = sorted(mid for mid, deg in indegree.items() if deg > 0)
        raise CycleError("dependency cycle among milestones: " + ", ".join(stuck))
    return order


def schedule(
    milestones: Iterable[Milestone],
    *,
    capacity_fte: float,
    priority: Callable[[Milestone], tuple],  # type: ignore[type-arg]
    must_place: Callable[[Milestone], bool],
    budget_caps: Mapping[str, float] | None = None,
) -> Schedule:
    """Place milestones phase by phase without breaking dependencies, per-phase FTE or budget caps.

    A milestone never lands before its prerequisites; when its phase has no FTE (or, with
    ``budget_caps``, no budget) left it moves to the next phase with room, else it is deferred
    (and so is everything that depends on it). ``must_place`` milestones (legal duties) are
    placed at their earliest phase regardless; they still count against the phase's room.
    """
    used = {p: 0.0 for p in PHASES}
    spent = {p: 0.0 for p in PHASES}
    caps = budget_caps or {}

    def fits(index: int, m: Milestone) -> tuple[bool, bool]:
        phase = PHASES[index]
        fte_ok = used[phase] + m.fte <= capacity_fte + 1e-9
        budget_ok = phase not in caps or m.budget_eur == 0 or spent[phase] + m.budget_eur <= caps[phase] + 1e-6
        return fte_ok, budget_ok

    phase_of: dict[str, int] = {}
    placed: list[Milestone] = []
    shifts: list[Shift] = []
    deferred: dict[str, Deferral] = {}
    for m in topological_order(milestones, priority):
        blocked = next((d for d in m.depends_on if d in deferred), None)
        if blocked is not None:
            deferred[m.id] = Deferral(m.id, "dependency", blocked)
            continue
        dep_phase = max((phase_of[d] for d in m.depends_on if d in phase_of), default=0)
        earliest = max(PHASE_INDEX[m.phase], dep_phase)
        if must_place(m):
            target: int | None = earliest
        else:
            target = next((i for i in range(earliest, len(PHASES)) if all(fits(i, m))), None)
        # what blocked the earliest phase: FTE first, then the phase budget
        limit = "capacity" if not fits(earliest, m)[0] else "phase_budget"
        if target is None:
            deferred[m.id] = Deferral(m.id, limit)
            continue
        if target != PHASE_INDEX[m.phase]:
            reason = "dependency" if target == dep_phase and dep_phase > PHASE_INDEX[m.phase] else limit
            cause = (
                next((d for d in m.depends_on if phase_of.get(d) == dep_phase), None)
                if reason == "dependency"
                else None
            )
            shifts.append(Shift(m.id, m.phase, PHASES[target], reason, cause))
            m = m.model_copy(update={"phase": PHASES[target], "quick_win": m.quick_win and target == 0})
        used[m.phase] += m.fte
        spent[m.phase] += m.budget_eur
        phase_of[m.id] = target
        placed.append(m)
    return Schedule(tuple(placed), tuple(shifts), tuple(deferred.values()))


def fit_budget(
    placed: Iterable[Milestone],
    *,
    limit_eur: float,
    deferral_key: Callable[[Milestone], tuple],  # type: ignore[type-arg]
    protected: Callable[[Milestone], bool],
) -> tuple[tuple[Milestone, ...], tuple[Deferral, ...]]:
    """Defer the lowest-value leaf milestones until the total budget fits ``limit_eur``.

    Only leaves (no kept milestone depends on them) are deferred, so dependencies stay whole;
    ``protected`` milestones (legal duties, gates) are never deferred.
    """
    kept = {m.id: m for m in placed}
    deferred: list[Deferral] = []
    total = sum(m.budget_eur for m in kept.values())
    while total > limit_eur:
        needed = {d for m in kept.values() for d in m.depends_on}
        leaves = [m for m in kept.values() if m.id not in needed and not protected(m) and m.budget_eur > 0]
        if not leaves:
            break
        victim = min(leaves, key=deferral_key)
        del kept[victim.id]
        total -= victim.budget_eur
        deferred.append(Deferral(victim.id, "budget"))
    # Greedy deferral can overshoot; take back the most valuable deferred items that fit again.
    by_id = {m.id: m for m in placed}
    for d in sorted(deferred, key=lambda d: deferral_key(by_id[d.milestone]), reverse=True):
        m = by_id[d.milestone]
        if total + m.budget_eur <= limit_eur and all(dep in kept or dep not in by_id for dep in m.depends_on):
            kept[m.id] = m
            total += m.budget_eur
    remaining = tuple(d for d in deferred if d.milestone not in kept)
    order = [m for m in placed if m.id in kept]
    return tuple(order), remaining


def phase_totals(milestones: Iterable[Milestone]) -> dict[Phase, int]:
    """Sum milestone budgets per phase (every phase present, possibly 0)."""
    totals: dict[Phase, int] = {p: 0 for p in PHASES}
    for m in milestones:
        totals[m.phase] += m.budget_eur
    return totals


def fte_by_month(milestones: Iterable[Milestone], months: int = 24) -> list[float]:
    """Internal FTE in each month (1..``months``) of the scheduled steps (unscheduled steps count nowhere)."""
    load = [0.0] * months
    for m in milestones:
        if m.start_month is None or not m.months:
            continue
        for month in range(m.start_month - 1, min(months, m.start_month - 1 + m.months)):
            load[month] += m.fte
    return [round(x, 3) for x in load]


def fte_by_phase(milestones: Iterable[Milestone]) -> Mapping[Phase, float]:
    """Sum internal FTE per phase."""
    totals: dict[Phase, float] = {p: 0.0 for p in PHASES}
    for m in milestones:
        totals[m.phase] += m.fte
    return totals
