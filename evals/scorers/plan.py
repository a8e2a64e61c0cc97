"""Scorers of the plan's internal consistency: dependencies, budget, prioritisation and quick wins."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter
from itertools import pairwise

from fahrplan.agents.planning import quadrant
from fahrplan.core.roadmap import PHASES, Milestone, Roadmap
from fahrplan.core.texts import t
from fahrplan.core.vocab import LANGS
from fahrplan.evals.schema import Score, ScoreContext
from fahrplan.evals.scorers.base import Tally, milestones_by_id, module_of, phase_index, planned_ids, short
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import MODULE_IDS

__all__ = ["SCORE_TOLERANCE", "budget", "dependencies", "prioritisation", "quick_wins"]

# Scores and weighted sums are rounded to 0.01 by the planner; allow that much slack.
SCORE_TOLERANCE = 0.011


# ------------------------------------------------------------------------------- dependencies ----
def _edge_checks(tally: Tally, milestones: dict[str, Milestone]) -> None:
    for ms in milestones.values():
        for dep in ms.depends_on:
            pre = milestones.get(dep)
            if tally.check(pre is not None, f"{ms.id}: depends on unknown {dep}") and pre is not None:
                tally.check(
                    phase_index(pre) <= phase_index(ms),
                    f"{ms.id} ({ms.phase}) precedes its prerequisite {dep} ({pre.phase})",
                )


def _cycle_check(tally: Tally, milestones: dict[str, Milestone]) -> None:
    graph = {mid: {d for d in ms.depends_on if d in milestones} for mid, ms in milestones.items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as err:
        tally.check(False, "cycle: " + " -> ".join(err.args[1]))
        return
    tally.check(True, "")


def _gate_checks(tally: Tally, milestones: dict[str, Milestone], catalog: Catalog) -> None:
    by_label = {label: m for m in catalog.measures.values() for label in (m.label.de, m.label.en)}
    # where the profile does not say whether there is a works council, its measures read "… – if there is one"
    by_label |= {label + t("legal_if_council", lang): m for label, m in by_label.items() for lang in LANGS}
    measure_initiatives = {m.initiative for m in catalog.measures.values() if m.initiative}
    for ms in milestones.values():
        gates = [
            milestones[d] for d in ms.depends_on if d in milestones and phase_index(milestones[d]) <= phase_index(ms)
        ]
        for label in ms.gated_by:
            measure = by_label.get(label)
            if measure is not None and measure.initiative is None:
                continue  # no catalog initiative delivers it, nothing to schedule
            wanted = {measure.initiative} if measure is not None else measure_initiatives
            ok = any(g.initiative in wanted and g.id != ms.id for g in gates)
            tally.check(ok, f"{ms.id}: gate {short(label, 50)!r} has no preceding gate milestone")


def _module_dependency_checks(tally: Tally, roadmap: Roadmap, milestones: dict[str, Milestone]) -> None:
    owner = module_of(roadmap)
    for m in roadmap.modules:
        for d in m.dependencies:
            known = d.on in milestones or d.on in MODULE_IDS
            if not tally.check(known, f"{m.id}: dependency on unknown {d.on}") or d.milestone is None:
                continue
            own = owner.get(d.milestone) == m.id
            listed = own and (d.on in milestones[d.milestone].depends_on or d.on in MODULE_IDS)
            tally.check(listed, f"{m.id}: dependency {d.milestone} -> {d.on} is not a depends_on of its milestone")


def dependencies(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score dependency consistency (share of checks passed).

    Checks: every ``depends_on`` id exists; each prerequisite's phase is not later than its
    dependent's; the milestone graph has no cycle (one check, graphlib); every ``gated_by`` measure
    that a catalog initiative delivers has a dependency on a milestone of that initiative in the
    same or an earlier phase (an unknown label needs any measure-delivering milestone); every module
    dependency names an existing module or milestone, and when it names the dependent milestone,
    that milestone belongs to the module and lists the dependency in ``depends_on``.
    """
    tally = Tally(noun="dependency checks")
    milestones = milestones_by_id(roadmap)
    _edge_checks(tally, milestones)
    _cycle_check(tally, milestones)
    _gate_checks(tally, milestones, ctx.catalog)
    _module_dependency_checks(tally, roadmap, milestones)
    return tally.score()


# ------------------------------------------------------------------------------------- budget ----
def budget(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score budget fit (share of checks passed).

    Checks: the limit equals the profile's ``ai_budget_eur_24m``; total <= limit; ``by_phase`` has
    the three phases and they sum to the total; each phase equals the sum of its milestones' budgets;
    milestone budgets sum to the total; each module's ``resources.budget_eur`` equals its milestones'
    sum and the modules sum to the total; ``by_module`` (when given) matches the module resources;
    ``within_limit`` is true exactly when total <= limit.
    """
    tally = Tally(noun="budget checks")
    b = roadmap.budget
    tally.check(b.limit_eur == round(ctx.profile.budget.ai_budget_eur_24m), f"limit {b.limit_eur} is not the profile's")
    tally.check(b.total_eur <= b.limit_eur, f"total {b.total_eur} exceeds limit {b.limit_eur}")
    tally.check(set(b.by_phase) == set(PHASES), f"by_phase has {sorted(b.by_phase)}")
    tally.check(
        sum(b.by_phase.values()) == b.total_eur, f"phase sums {sum(b.by_phase.values())} != total {b.total_eur}"
    )
    milestones = list(milestones_by_id(roadmap).values())
    for phase in PHASES:
        spent = sum(ms.budget_eur for ms in milestones if ms.phase == phase)
        tally.check(spent == b.by_phase.get(phase, 0), f"phase {phase}: milestones {spent} != {b.by_phase.get(phase)}")
    spent = sum(ms.budget_eur for ms in milestones)
    tally.check(spent == b.total_eur, f"milestone budgets {spent} != total {b.total_eur}")
    for m in roadmap.modules:
        own = sum(ms.budget_eur for ms in m.milestones)
        tally.check(own == m.resources.budget_eur, f"{m.id}: resources {m.resources.budget_eur} != milestones {own}")
        if b.by_module:
            tally.check(b.by_module.get(m.id) == m.resources.budget_eur, f"{m.id}: by_module != resources")
    modules = sum(m.resources.budget_eur for m in roadmap.modules)
    tally.check(modules == b.total_eur, f"module budgets {modules} != total {b.total_eur}")
    tally.check(b.within_limit == (b.total_eur <= b.limit_eur), f"within_limit={b.within_limit} is wrong")
    return tally.score()


# ----------------------------------------------------------------------------- prioritisation ----
def _within(value: float, a: float, b: float) -> bool:
    return min(a, b) - SCORE_TOLERANCE <= value <= max(a, b) + SCORE_TOLERANCE


def prioritisation(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score prioritisation consistency (share of checks passed).

    Checks: each adjacent pair of modules is in track order (value before enabling) and, within a
    track, in non-increasing ``priority.score`` order; the ranks
    are 1..6 in list order; each module's score lies between its impact and feasibility (a convex
    combination, 0.01 rounding slack); each assessed initiative's score lies between its impact and
    feasibility, its quadrant is ``agents.planning.quadrant(impact, feasibility, threshold)`` with the
    run's ``ctx.quadrant_threshold`` and its status is "planned" exactly when a module plans it; every
    ``expect.top_modules`` id ranks in the top three.
    """
    tally = Tally(noun="prioritisation checks")
    mods = roadmap.modules
    for a, b in pairwise(mods):
        # the value track comes first; within a track, by score
        order_ok = (a.priority.track, b.priority.track) == ("value", "enabling") or (
            a.priority.track == b.priority.track and a.priority.score >= b.priority.score
        )
        tally.check(
            order_ok,
            f"{a.id} ({a.priority.track}, {a.priority.score}) before {b.id} ({b.priority.track}, {b.priority.score})",
        )
    ranks = [m.priority.rank for m in mods]
    tally.check(ranks == list(range(1, len(mods) + 1)), f"ranks {ranks}")
    for m in mods:
        p = m.priority
        tally.check(
            _within(p.score, p.impact, p.feasibility), f"{m.id}: score {p.score} outside [{p.impact}, {p.feasibility}]"
        )
    planned = planned_ids(roadmap)
    for ia in roadmap.initiatives:
        tally.check(
            _within(ia.score, ia.impact, ia.feasibility), f"{ia.id}: score {ia.score} outside impact/feasibility"
        )
        expected = quadrant(ia.impact, ia.feasibility, ctx.quadrant_threshold)
        tally.check(ia.quadrant == expected, f"{ia.id}: quadrant {ia.quadrant}, expected {expected}")
        tally.check((ia.status == "planned") == (ia.id in planned), f"{ia.id}: status {ia.status} vs module plans")
    top = [m.id for m in mods[:3]]
    for module in ctx.expect.top_modules:
        tally.check(module in top, f"{module} not in top three {top}")
    return tally.score()


# --------------------------------------------------------------------------------- quick wins ----
def quick_wins(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score the quick wins (share of checks passed).

    Checks: at least ``expect.min_quick_wins`` distinct quick-win entries over all modules; each
    entry that names a milestone id is a 0-6 milestone flagged ``quick_win``, an id-like entry
    (no spaces) that names no milestone fails, a free-text entry passes; each milestone flagged
    ``quick_win`` is in phase 0-6 and listed in its module's ``quick_wins``.
    """
    tally = Tally(noun="quick-win checks")
    milestones = milestones_by_id(roadmap)
    listed = list(dict.fromkeys(q for m in roadmap.modules for q in m.quick_wins))
    need = ctx.expect.min_quick_wins
    tally.check(len(listed) >= need, f"{len(listed)} quick wins, expected at least {need}")
    for m in roadmap.modules:
        for q in m.quick_wins:
            ms = milestones.get(q)
            if ms is None:
                tally.check(bool(q.strip()) and " " in q.strip(), f"{m.id}: quick win {q!r} is no milestone")
            else:
                tally.check(ms.phase == "0-6" and ms.quick_win, f"{m.id}: {q} is not a 0-6 quick-win milestone")
        for ms in m.milestones:
            if ms.quick_win:
                tally.check(
                    ms.phase == "0-6" and ms.id in m.quick_wins, f"{ms.id}: flagged but not a listed 0-6 quick win"
                )
    return tally.score()
