"""The former greedy placement (phase by phase, by priority), kept as the baseline of `make bench`.

The coordinator places with :mod:`fahrplan.agents.placement` (the portfolio solver); this module is only
compared against it in `benchmarks/`.
"""

from __future__ import annotations

from collections.abc import Callable

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.merging import Plan
from fahrplan.agents.scheduling import Deferral, Schedule, fit_budget, schedule
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Milestone

__all__ = ["place_greedy"]


def place_greedy(plan: Plan, profile: Profile, deps: AgentDeps) -> Schedule:
    """Place the plan's milestones within capacity and budget; legal duties are never deferred.

    Milestones are placed by :func:`_priority_key`; over budget, the least valuable
    unrequested ones are deferred first.
    """
    catalog = deps.catalog

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
    return Schedule(placed=placed, shifts=result.shifts, deferred=(*result.deferred, *budget_deferred, *idle))


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
