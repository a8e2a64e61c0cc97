"""A stated change freeze: read from the constraint's months, kept by the schedule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fahrplan.agents.constraints import classify_constraint
from fahrplan.agents.freeze import _months_of, frozen_plan_months
from fahrplan.agents.portfolio import Job, Limits, solve
from fahrplan.agents.ranking import BUSINESS_MODULES
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Von Oktober bis Dezember keine Systemumstellungen in Filialen und Shop (Code Freeze)", {10, 11, 12}),
        ("Group-wide IT change freeze from November to January", {11, 12, 1}),
        ("Kein Go-live im Q4", {10, 11, 12}),
        ("Code freeze in December", {12}),
        ("Change freeze: no changes may be made in December", {12}),
        ("Code Freeze von Mai bis Juni", {5, 6}),
    ],
)
def test_a_freeze_is_read_from_its_months(text: str, months: set[int]) -> None:
    assert "code_freeze" in classify_constraint(text)
    assert _months_of(text) == months


def test_freeze_months_are_plan_months_from_the_start(minimal_profile_data: dict[str, Any]) -> None:
    profile = Profile.model_validate({**minimal_profile_data, "constraints": ["Code Freeze von Oktober bis Dezember"]})
    assert frozen_plan_months(profile, "2027-01", 24) == {9, 10, 11, 21, 22, 23}
    assert frozen_plan_months(profile, "2026-12", 24) == {0, 10, 11, 12, 22, 23}
    plain = Profile.model_validate(minimal_profile_data)
    assert frozen_plan_months(plain, "2027-01", 24) == frozenset()


def test_the_solver_starts_no_job_in_a_frozen_month() -> None:
    job = Job(id="p", months=3, fte=0.5, cost=10_000, value=5.0, no_start=frozenset(range(0, 8)))
    assert solve([job], Limits(fte=5.0, budget=100_000.0, late_share=0.0)).starts == {"p": 8}


def test_no_pilot_starts_and_no_rollout_runs_in_the_freeze(
    plan: Callable[..., Roadmap], minimal_profile_data: dict[str, Any]
) -> None:
    stated = "Von Oktober bis Dezember keine Systemumstellungen in Filialen und Shop (Code Freeze)"
    roadmap = plan(Profile.model_validate({**minimal_profile_data, "constraints": [stated]}))
    assert roadmap.start_month is not None
    frozen = {10, 11, 12}
    first = int(roadmap.start_month.split("-")[1])

    def calendar(plan_month: int) -> int:  # 1-based plan month -> calendar month
        return (first - 2 + plan_month) % 12 + 1

    steps = [ms for m in roadmap.modules if m.id in (*BUSINESS_MODULES, "data_platform") for ms in m.milestones]
    placed = [ms for ms in steps if ms.step in ("pilot", "scale") and ms.start_month is not None and ms.months]
    assert placed
    for ms in placed:
        start, months = ms.start_month or 0, ms.months or 0
        assert calendar(start) not in frozen, ms.id
        if ms.step == "scale":
            assert not {calendar(start + i) for i in range(months)} & frozen, ms.id


def test_months_frozen_in_year_one_extend_the_window_for_a_named_use_case() -> None:
    """Gates end in month 8 and months 9-11 are frozen: a named use case can only start in month 12; it still
    counts as started in the first year, or the freeze would cost the company the use case it asked for."""
    named = Job(
        id="named",
        months=3,
        fte=0.5,
        cost=50_000,
        value=1.0,
        earliest=8,
        bonus=1000.0,
        no_start=frozenset({8, 9, 10, 11}),
    )
    rival = Job(id="rival", months=3, fte=0.5, cost=50_000, value=10.0)
    limits = Limits(fte=5.0, budget=60_000.0, late_share=0.0)
    assert set(solve([named, rival], limits).starts) == {"rival"}
    assert solve([named, rival], Limits(fte=5.0, budget=60_000.0, late_share=0.0, cover_by=15)).starts == {"named": 12}
