"""The portfolio MIP: precedence, monthly FTE, budgets, pilot caps, mandatory duties, determinism."""

from __future__ import annotations

import dataclasses

import pytest

from fahrplan.agents.binding import binding_limits
from fahrplan.agents.portfolio import DUTY_BY, HORIZON, START_STEP, Job, Limits, solve

ROOMY = Limits(fte=10.0, budget=10_000_000.0)


def _job(name: str, **kw: object) -> Job:
    base: dict[str, object] = {"months": 4, "fte": 1.0, "cost": 100_000, "value": 5.0}
    base.update(kw)
    return Job(id=name, **base)  # type: ignore[arg-type]


def test_a_dependent_starts_after_its_prerequisite_has_finished() -> None:
    jobs = [_job("a", months=5), _job("b", depends_on=("a",), value=20.0)]
    s = solve(jobs, ROOMY)
    assert s.starts["b"] >= s.starts["a"] + 5


def test_without_its_prerequisite_a_dependent_is_not_placed() -> None:
    jobs = [_job("a", months=5, earliest=20), _job("b", depends_on=("a",))]
    s = solve(jobs, ROOMY)
    assert s.starts == {}
    reasons = {u.job: (u.reason, u.because_of) for u in s.unplaced}
    assert reasons == {"a": ("horizon", None), "b": ("dependency", "a")}


def test_monthly_fte_is_never_exceeded() -> None:
    jobs = [_job(f"j{i}", fte=1.5, value=10.0 + i) for i in range(6)]
    s = solve(jobs, Limits(fte=3.0, budget=10_000_000.0))
    for month in range(HORIZON):
        running = [j for j in jobs if j.id in s.starts and s.starts[j.id] <= month < s.starts[j.id] + j.months]
        assert sum(j.fte for j in running) <= 3.0 + 1e-9
    assert len(s.starts) == 6  # sequencing fits them all into 24 months


def test_budget_leaves_out_the_least_valuable_and_says_so() -> None:
    jobs = [_job("cheap", cost=300_000, value=10.0), _job("dear", cost=300_000, value=1.0)]
    s = solve(jobs, Limits(fte=10.0, budget=500_000.0, late_share=0.0))
    assert set(s.starts) == {"cheap"}
    assert [(u.job, u.reason) for u in s.unplaced] == [("dear", "budget")]


def test_mandatory_duties_are_placed_even_when_nothing_else_fits() -> None:
    jobs = [_job("duty", mandatory=True, cost=900_000, value=0.0), _job("option", value=50.0)]
    s = solve(jobs, Limits(fte=10.0, budget=500_000.0, late_share=0.0))
    assert "duty" in s.starts and "option" not in s.starts
    assert s.budget_overflow > 0  # reported, not hidden


def test_pilot_caps_limit_early_and_parallel_pilots() -> None:
    jobs = [_job(f"p{i}", pilot=True, value=10.0, months=4) for i in range(4)]
    s = solve(jobs, Limits(fte=10.0, budget=10_000_000.0, early_pilots=1, parallel_pilots=2))
    assert sum(t < 6 for t in s.starts.values()) <= 1
    for month in range(HORIZON):
        assert sum(t <= month < t + 4 for t in s.starts.values()) <= 2


def test_an_early_pilot_is_planned_with_its_rollout() -> None:
    jobs = [
        _job("p", pilot=True, scale="s", value=20.0, cost=50_000),
        _job("s", depends_on=("p",), months=6, value=0.1, cost=400_000),
        _job("other", value=3.0, cost=300_000),
    ]
    s = solve(jobs, Limits(fte=10.0, budget=450_000.0, late_share=0.0))
    assert s.starts["p"] == 0 and s.starts["s"] >= 4  # the rollout is funded, so "other" has to wait
    assert [(u.job, u.reason) for u in s.unplaced] == [("other", "budget")]


def test_a_goal_pilot_runs_without_a_rollout_the_budget_cannot_carry_other_pilots_do_not() -> None:
    pilot = _job("p", pilot=True, scale="s", value=2.0, cost=50_000)
    rollout = _job("s", depends_on=("p",), months=4, value=5.0, cost=400_000)
    limits = Limits(fte=10.0, budget=100_000.0, late_share=0.0)
    alone = solve([pilot, rollout], limits).starts
    assert alone.get("p", HORIZON) + 4 + 4 > HORIZON  # no pilot purgatory: only too late to roll out anyway
    s = solve([pilot, rollout], limits, {"Bestellungen vereinfachen": ["p"]})
    assert s.starts == {"p": 0} and [(u.job, u.reason) for u in s.unplaced] == [("s", "budget")]


def test_the_year_two_share_gives_way_to_a_named_use_case_on_a_small_budget() -> None:
    duty = _job("duty", mandatory=True, months=3, cost=30_000, value=50.0)
    named = _job("named", pilot=True, months=3, cost=15_000, value=5.0, bonus=1000.0)
    limits = Limits(fte=10.0, budget=50_000.0)  # the default 25 % late share cannot be met with the pilot early
    assert solve([duty, named], limits).starts["named"] < 12


def test_a_named_use_case_is_piloted_early_even_when_its_rollout_does_not_fit_the_budget() -> None:
    duty = _job("duty", mandatory=True, months=3, cost=30_000, value=50.0)
    named = _job("named", pilot=True, scale="named.scale", months=3, cost=15_000, value=5.0, bonus=1000.0)
    rollout = _job("named.scale", depends_on=("named",), months=4, cost=100_000, value=10.0)
    limits = Limits(fte=10.0, budget=50_000.0)  # no rollout, and year two stays empty unless the pilot waits
    s = solve([duty, named, rollout], limits)
    assert s.starts["named"] < 12 and "named.scale" not in s.starts


def test_starts_follow_the_cadence_and_stay_inside_the_horizon() -> None:
    jobs = [_job(f"j{i}", months=3 + i, earliest=i) for i in range(5)]
    s = solve(jobs, ROOMY)
    for j in jobs:
        assert s.starts[j.id] % START_STEP == 0 and s.starts[j.id] >= j.earliest
        assert s.starts[j.id] + j.months <= HORIZON


def test_a_goal_is_covered_when_one_of_its_jobs_fits() -> None:
    jobs = [_job("big", cost=400_000, value=6.0), _job("goal", cost=400_000, value=5.0)]
    limits = Limits(fte=10.0, budget=500_000.0, late_share=0.0)
    assert set(solve(jobs, limits).starts) == {"big"}
    assert set(solve(jobs, limits, {"Abschriften senken": ["goal"]}).starts) == {"goal"}


def test_same_input_same_plan() -> None:
    jobs = [_job(f"j{i}", value=float(i % 3 + 1), fte=0.5 + i % 2, pilot=i % 2 == 0) for i in range(12)]
    limits = Limits(fte=2.0, budget=800_000.0, early_pilots=2, parallel_pilots=2)
    assert solve(jobs, limits) == solve(list(reversed(jobs)), limits)


def test_binding_limits_name_what_relief_would_buy() -> None:
    jobs = [_job("a", value=10.0, cost=400_000), _job("b", value=8.0, cost=400_000)]
    limits = Limits(fte=10.0, budget=700_000.0, late_share=0.0)  # +20 % budget pays for "b"
    base = solve(jobs, limits)
    reliefs = binding_limits(jobs, limits, base)
    assert [(r.kind, r.job, r.months_earlier) for r in reliefs] == [("budget", "b", None)]
    assert binding_limits(jobs, ROOMY, solve(jobs, ROOMY)) == []


def test_a_relief_that_adds_a_pilot_and_its_rollout_names_the_pilot() -> None:
    base_job = _job("a", value=20.0, cost=475_000)
    pilot = _job("p", months=3, value=2.0, cost=50_000, pilot=True, scale="s")
    rollout = _job("s", months=3, value=9.0, cost=50_000, depends_on=("p",))
    jobs = [base_job, pilot, rollout]
    limits = Limits(fte=10.0, budget=500_000.0, late_share=0.0)  # +20 % pays for the pilot and its rollout
    base = solve(jobs, limits)
    assert set(base.starts) == {"a"}
    reliefs = binding_limits(jobs, limits, base)
    assert [(r.kind, r.job) for r in reliefs] == [("budget", "p")]  # not "s": a rollout without its pilot


def test_the_year_two_share_is_named_when_it_holds_a_rollout_back() -> None:
    # one pilot and its rollout on a small budget: the rollout waits for year two only because of the share
    pilot = _job("pilot", months=3, cost=40_000, value=1.0, pilot=True, scale="scale")
    scale = _job("scale", months=3, cost=60_000, value=4.0, depends_on=("pilot",))
    limits = Limits(fte=10.0, budget=100_000.0)
    base = solve([pilot, scale], limits)
    assert base.starts["scale"] >= 12
    reliefs = binding_limits([pilot, scale], limits, base)
    late = [r for r in reliefs if r.kind == "late_share"]
    assert len(late) == 1 and late[0].job == "scale" and late[0].amount == limits.late_share
    assert late[0].months_earlier is not None and late[0].months_earlier >= 2
    free = dataclasses.replace(limits, late_share=0.0)  # without the rule there is nothing to name
    assert not [r for r in binding_limits([pilot, scale], free, solve([pilot, scale], free)) if r.kind == "late_share"]


def test_a_legal_duty_starts_in_the_first_six_months_outside_the_phase_caps() -> None:
    # the first phase's cap is spent on a valuable pilot; the overdue duty still starts by month six
    jobs = [_job("pilot", cost=100_000, value=50.0), _job("duty", mandatory=True, cost=50_000, value=0.0)]
    limits = Limits(fte=10.0, budget=1_000_000.0, phase_caps={"0-6": 100_000.0}, late_share=0.0)
    s = solve(jobs, limits)
    assert s.starts["duty"] < DUTY_BY and s.starts["pilot"] < 6
    assert s.budget_overflow == 0.0


def test_a_chain_of_duties_that_cannot_all_start_early_is_still_planned() -> None:
    jobs = [
        _job("first", mandatory=True, months=4),
        _job("second", mandatory=True, months=4, depends_on=("first",)),
        _job("third", mandatory=True, months=4, depends_on=("second",)),
    ]
    s = solve(jobs, ROOMY)
    assert set(s.starts) == {"first", "second", "third"}
    assert s.starts["first"] < DUTY_BY


def test_a_relaxed_solve_started_from_the_base_plan_finds_at_least_its_value() -> None:
    jobs = [_job(f"j{i}", value=5.0 + i, cost=200_000) for i in range(5)]
    tight = Limits(fte=10.0, budget=500_000.0, late_share=0.0)
    base = solve(jobs, tight)
    roomier = Limits(fte=10.0, budget=900_000.0, late_share=0.0)
    warm = solve(jobs, roomier, start_from=base.starts)
    assert warm.value >= base.value and len(warm.starts) == 4
    assert warm.value == pytest.approx(solve(jobs, roomier).value, rel=5e-3)


def test_a_use_case_whose_gate_package_exceeds_the_budget_says_so() -> None:
    # the gate alone fits, the use case alone fits, both together do not: the backlog names the budget,
    # not a circular "waits for its gate" / "gate not needed without its use case"
    jobs = [
        _job("gate", cost=300_000, value=0.0),
        _job("use_case", cost=300_000, value=10.0, depends_on=("gate",)),
    ]
    s = solve(jobs, Limits(fte=10.0, budget=500_000.0, late_share=0.0))
    reasons = {u.job: (u.reason, u.because_of) for u in s.unplaced}
    assert reasons["use_case"] == ("package_budget", "gate")
    roomy = solve(jobs, Limits(fte=10.0, budget=700_000.0, late_share=0.0))
    assert set(roomy.starts) == {"gate", "use_case"}


def test_an_entry_level_offer_and_its_full_version_never_run_both() -> None:
    jobs = [
        _job("entry", excludes=("full",), value=8.0, cost=50_000),
        _job("full", value=10.0, cost=200_000),
        _job("after_full", depends_on=("full",), value=10.0, cost=100_000),
    ]
    roomy = solve(jobs, ROOMY)
    assert not {"entry", "full"} <= set(roomy.starts)  # with money enough for both, still one way only
    assert {"full", "after_full"} <= set(roomy.starts)  # the more valuable way wins where it fits
    assert [(u.job, u.reason, u.because_of) for u in roomy.unplaced] == [("entry", "alternative", "full")]
    tight = solve(jobs, Limits(fte=10.0, budget=120_000.0, late_share=0.0))
    assert set(tight.starts) == {"entry"}
    reasons = {u.job: (u.reason, u.because_of) for u in tight.unplaced}
    assert reasons["full"] == ("alternative", "entry")


def test_a_step_worth_doing_only_early_starts_early_or_not_at_all() -> None:
    """A workshop that sets the portfolio starts before its money is committed, never as year-two filler."""
    early = _job("workshop", value=0.2, cost=10_000, start_before=6)
    free = _job("workshop_free", value=0.2, cost=10_000)
    busy = _job("pilot", fte=10.0, months=6, value=50.0)  # takes all FTE for the first six months
    s = solve([early, free, busy], Limits(fte=10.0, budget=1_000_000.0, late_share=0.0))
    assert s.starts["pilot"] == 0
    assert "workshop" not in s.starts and s.starts["workshop_free"] >= 6
    assert [(u.job, u.reason) for u in s.unplaced] == [("workshop", "capacity")]
