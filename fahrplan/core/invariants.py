"""Contract invariants of roadmap.json, as a pure checker returning every violation found."""

from __future__ import annotations

from collections.abc import Callable

from fahrplan.core.roadmap import Roadmap
from fahrplan.core.vocab import MODULE_IDS, PHASES

__all__ = ["check_invariants"]


def check_invariants(roadmap: Roadmap, resolves: Callable[[str], bool]) -> list[str]:
    """Return the contract violations of ``roadmap`` (empty when it satisfies the contract).

    ``resolves`` tells whether a citation id exists in the knowledge base.
    """
    problems: list[str] = []
    ids = [m.id for m in roadmap.modules]
    if sorted(ids) != sorted(MODULE_IDS) or len(ids) != len(MODULE_IDS):
        problems.append(f"modules must be the six ids once each, got {ids}")
    ranks = [m.priority.rank for m in roadmap.modules]
    if ranks != list(range(1, len(ranks) + 1)):
        problems.append(f"modules not ordered by rank: {ranks}")
    milestones = {ms.id: ms for m in roadmap.modules for ms in m.milestones}
    count = sum(len(m.milestones) for m in roadmap.modules)
    if count != len(milestones):
        problems.append("milestone ids are not unique")
    for ms in milestones.values():
        for dep in ms.depends_on:
            if dep not in milestones:
                problems.append(f"{ms.id}: depends on unknown milestone {dep}")
            elif PHASES.index(milestones[dep].phase) > PHASES.index(ms.phase):
                problems.append(f"{ms.id} ({ms.phase}) precedes its prerequisite {dep} ({milestones[dep].phase})")
        problems += [f"{ms.id}: unresolved citation {c}" for c in ms.citations if not resolves(c)]
    for m in roadmap.modules:
        problems += [f"{m.id}: unresolved citation {c.id}" for c in m.citations if not resolves(c.id)]
        problems += [
            f"{m.id}: quick win {q} is not a 0-6 milestone"
            for q in m.quick_wins
            if q in milestones and milestones[q].phase != "0-6"
        ]
    for f in roadmap.compliance_findings:
        problems += [f"finding {f.use_case!r}: unresolved citation {c}" for c in f.citations if not resolves(c)]
    b = roadmap.budget
    if sum(b.by_phase.values()) != b.total_eur:
        problems.append(f"phase sums {sum(b.by_phase.values())} != total {b.total_eur}")
    spent = sum(ms.budget_eur for ms in milestones.values())
    if spent != b.total_eur:
        problems.append(f"milestone budgets {spent} != total {b.total_eur}")
    if b.within_limit != (b.total_eur <= b.limit_eur):
        problems.append("within_limit does not match total vs limit")
    return problems + _coverage_problems(roadmap, resolves)


def _coverage_problems(roadmap: Roadmap, resolves: Callable[[str], bool]) -> list[str]:
    """Contract 1.1: coverage, where given, follows the profile's goals and use cases and names real ids."""
    problems: list[str] = []
    goals = list(roadmap.profile.get("goals") or [])
    if roadmap.goal_coverage and [g.goal for g in roadmap.goal_coverage] != goals:
        problems.append("goal_coverage must list the profile's goals once each, in order")
    cases = list(roadmap.profile.get("planned_use_cases") or [])
    if roadmap.use_case_coverage and [u.use_case for u in roadmap.use_case_coverage] != cases:
        problems.append("use_case_coverage must list the profile's planned use cases once each, in order")
    named = [i for g in roadmap.goal_coverage for i in g.initiatives]
    named += [i for u in roadmap.use_case_coverage for i in u.initiatives]
    problems += [f"coverage: unknown initiative {i}" for i in named if not resolves(i)]
    return problems
