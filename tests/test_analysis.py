"""Pure analyses: ranking sensitivity to ±20 % weights, critical path; and their place in the roadmap."""

from __future__ import annotations

from typing import Any

from fahrplan.agents.analysis import critical_path, rank_order, weight_sensitivity
from fahrplan.core.roadmap import Milestone


def ms(mid: str, deps: tuple[str, ...] = (), step: str = "pilot") -> Milestone:
    return Milestone(
        id=mid,
        phase="0-6",
        title=mid,
        description="",
        owner="o",
        budget_eur=0,
        fte=0,
        depends_on=list(deps),
        initiative=mid.rsplit(".", 1)[0],
        step=step,
    )  # type: ignore[arg-type]


def test_rank_order_uses_weights_and_stable_ties() -> None:
    scores = {"a": (9.0, 2.0), "b": (5.0, 9.0), "c": (5.0, 9.0)}
    assert rank_order(scores, 0.6, 0.4, ["a", "b", "c"]) == ("b", "c", "a")
    assert rank_order(scores, 0.9, 0.1, ["a", "b", "c"]) == ("a", "b", "c")


def test_clear_ranking_is_stable() -> None:
    result = weight_sensitivity({"a": (9, 9), "b": (5, 5), "c": (1, 1)}, 0.6, 0.4, ["a", "b", "c"])
    assert result.stable and result.variants == ()


def test_close_ranking_flips_under_a_20_percent_weight_change() -> None:
    # a: 0.6*8 + 0.4*5 = 6.8; b: 0.6*6 + 0.4*8 = 6.8 -> tie broken by order; impact +20 % favours a
    scores = {"b": (6.0, 8.0), "a": (8.0, 5.0)}
    result = weight_sensitivity(scores, 0.6, 0.4, ["b", "a"])
    assert not result.stable
    assert ("impact+", ("a", "b")) in result.variants


def test_critical_path_is_the_longest_chain() -> None:
    items = [
        ms("x.a.pilot"),
        ms("x.b.pilot", ("x.a.pilot",)),
        ms("x.c.pilot"),
        ms("x.b.scale", ("x.b.pilot",), "scale"),
    ]
    path, months = critical_path(items, {"x.a": 3, "x.b": 9, "x.c": 10})
    assert path == ["x.a.pilot", "x.b.pilot", "x.b.scale"] and months == 3 + 9 + 6


def test_the_scheduled_critical_path_leads_to_the_value_that_lands_last() -> None:
    def placed(mid: str, start: int, months: int, deps: tuple[str, ...] = ()) -> Milestone:
        return ms(mid, deps).model_copy(update={"start_month": start, "months": months})

    items = [
        placed("supply_chain.forecast.pilot", 1, 4),
        placed("supply_chain.replenishment.pilot", 5, 6, ("supply_chain.forecast.pilot",)),
        placed("compliance.policy.pilot", 20, 4),  # ends later, but a policy is no value path
    ]
    path, months = critical_path(items, {})
    assert path == ["supply_chain.forecast.pilot", "supply_chain.replenishment.pilot"] and months == 10
    # a decision or preparation step after the value delivers nothing: the path ends with the last value step
    decision = ms("supply_chain.replenishment.review-12-24", ("supply_chain.replenishment.pilot",), step="review")
    decided = [*items, decision.model_copy(update={"start_month": 13, "months": 1})]
    assert critical_path(decided, {}) == (path, 10)
    only_paperwork = [placed("compliance.policy.pilot", 20, 4)]
    assert critical_path(only_paperwork, {}) == (["compliance.policy.pilot"], 23)


def test_roadmap_carries_matrix_stability_and_critical_path(plan: Any, example_profile: Any) -> None:
    roadmap = plan(example_profile("modehaus-nord"))
    planned = {i for m in roadmap.modules for i in m.initiatives}
    assert {i.id for i in roadmap.initiatives if i.status == "planned"} <= planned
    assert all(i.quadrant in ("do_now", "quick_win", "strategic_bet", "drop") for i in roadmap.initiatives)
    assert roadmap.ranking_stability is not None
    ids = {ms.id for m in roadmap.modules for ms in m.milestones}
    assert roadmap.critical_path is not None and set(roadmap.critical_path.milestones) <= ids


def test_criteria_sensitivity_flags_a_criterion_that_decides_the_ranking() -> None:
    from fahrplan.agents.analysis import CriterionPoints, criteria_sensitivity

    # a leads only through goal fit (+2.0 impact); b leads on feasibility
    a = CriterionPoints(7.0, 6.0, 5.0, 6.0, {"impact.goal_fit": 2.0})
    b = CriterionPoints(6.8, 6.2, 6.8, 6.7, {"feasibility.cost_share": -0.5})
    modules = {"a": (7.0, 6.0), "b": (6.8, 6.2)}
    changed = criteria_sensitivity(modules, {"a": [a], "b": [b]}, 0.6, 0.4, ["a", "b"])
    assert ("criteria.goal_fit-", ("b", "a")) in changed
    assert all(not label.startswith("criteria.cost_share") for label, _ in changed)
    clear = criteria_sensitivity({"a": (9.0, 9.0), "b": (2.0, 2.0)}, {"a": [a], "b": [b]}, 0.6, 0.4, ["a", "b"])
    assert clear == ()


def test_roadmap_ranking_stability_covers_the_criteria(plan: Any, example_profile: Any) -> None:
    roadmap = plan(example_profile("modehaus-nord"))
    assert roadmap.ranking_stability is not None
    scored = [i for i in roadmap.initiatives if i.criteria]
    assert scored and all(k.split(".")[0] in ("impact", "feasibility") for i in scored for k in i.criteria)
    for change in roadmap.ranking_stability.changes:
        assert change["ranking"] != [m.id for m in roadmap.modules]
    assert roadmap.ranking_stability.stable == (not roadmap.ranking_stability.changes)
