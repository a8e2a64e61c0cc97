"""Scorers of the roadmap's shape: the five seed fields of every module and the contract invariants."""

from __future__ import annotations

from fahrplan.core.invariants import check_invariants
from fahrplan.core.roadmap import PHASES, ModulePlan, Roadmap
from fahrplan.evals.schema import Score, ScoreContext
from fahrplan.evals.scorers.base import Tally, named
from fahrplan.knowledge.schema import MODULE_IDS

__all__ = ["invariants", "structure"]

_SEED_NAMES = (
    "goal_value",
    "milestones",
    "responsibilities_resources",
    "success_factors_dependencies",
    "quick_wins_scaling",
)


def _seed_fields(m: ModulePlan) -> dict[str, bool]:
    """The five seed fields of one module and whether each is complete."""
    phases = {ms.phase for ms in m.milestones}
    milestones_ok = phases == set(PHASES) and all(ms.title.strip() and ms.description.strip() for ms in m.milestones)
    people_ok = (
        bool(m.responsibilities)
        and all(r.role.strip() and r.owner.strip() and r.tasks.strip() for r in m.responsibilities)
        and all(ms.owner.strip() for ms in m.milestones)
        and bool(m.resources.external.strip())
    )
    factors_ok = bool(m.success_factors) and all(s.strip() for s in m.success_factors)
    factors_ok = factors_ok and all(d.on.strip() and d.reason.strip() for d in m.dependencies)
    return {
        "goal_value": bool(m.goal.strip() and m.value.strip()),
        "milestones": milestones_ok,
        "responsibilities_resources": people_ok,
        "success_factors_dependencies": factors_ok,
        "quick_wins_scaling": bool(m.scaling.strip()) and all(q.strip() for q in m.quick_wins),
    }


def structure(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score structural completeness: six modules x five seed fields (30 checks).

    Per module id: ``goal_value`` (goal and value non-empty — Ziel & Mehrwert); ``milestones``
    (at least one milestone in each phase "0-6", "6-12", "12-24", each with title and description);
    ``responsibilities_resources`` (at least one responsibility, each with role, owner and tasks;
    every milestone has an owner; resources name the external support — budget and FTE are typed);
    ``success_factors_dependencies`` (at least one non-blank success factor; every dependency has
    ``on`` and a reason — the list itself may be empty); ``quick_wins_scaling`` (scaling text
    non-empty, no blank quick-win entry — a module may have none). A missing module fails all five.
    """
    tally = Tally(noun="seed fields", verb="incomplete")
    by_id = {m.id: m for m in reversed(roadmap.modules)}  # first occurrence wins
    for module in MODULE_IDS:
        plan = by_id.get(module)
        fields = _seed_fields(plan) if plan else dict.fromkeys(_SEED_NAMES, False)
        for name, ok in fields.items():
            tally.check(ok, f"{module}.{name}" + ("" if plan else " (module missing)"))
    return tally.score()


def invariants(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score the contract invariants (``check_invariants``): 1.0 without violations, else 1 / (1 + n)."""
    problems = check_invariants(roadmap, ctx.resolves)
    if not problems:
        return Score(1.0, "no contract violations")
    return Score(1.0 / (1 + len(problems)), f"{len(problems)} contract violations: " + named(problems))
