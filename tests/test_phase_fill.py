"""Filled phases: reviews decide what a pilot needs; a duty's or enabler's review improves it, never stops it."""

from __future__ import annotations

from typing import Any

from fahrplan.agents.executive_summary import _decisions
from fahrplan.evals.dataset import load_dataset
from fahrplan.knowledge.catalog import Catalog


def _sample(name: str) -> Any:
    _, samples = load_dataset()
    return next(s for s in samples if s.id == name).profile


def test_a_duty_or_enabler_is_reviewed_for_effect_not_rolled_out_or_stopped(plan: Any, catalog: Catalog) -> None:
    duties, business = [], []
    funded: set[str] = set()
    for name in ("getraenke-quelle", "mode-brandt"):
        milestones = [ms for m in plan(_sample(name)).modules for ms in m.milestones]
        funded |= {ms.initiative for ms in milestones if ms.step == "scale"}
        for ms in (ms for ms in milestones if ms.step == "review"):
            ini = catalog.initiatives[ms.initiative]
            # a duty, a works agreement, an enabler or what is already rolled out is improved, not stopped
            settled = not ini.is_business or ms.depends_on[0].endswith(".scale")
            (duties if settled else business).append(ms)
    assert duties and business
    assert all("beenden" not in ms.description and "nachgebessert" in ms.description for ms in duties)
    # a pilot whose rollout the plan funds may roll out; one whose rollout it does not fund asks the next budget round
    for ms in business:
        decision = "ausrollen" if ms.initiative in funded else "Rollout für die nächste Budgetrunde beantragen"
        assert f"{decision}, nachsteuern oder beenden" in ms.description, ms.description


def test_every_business_pilot_ends_with_the_decision_on_its_rollout(plan: Any, catalog: Catalog) -> None:
    for name in ("kaufhaus-brenner", "zoo-pfote", "moebel-kraemer"):
        milestones = [ms for m in plan(_sample(name)).modules for ms in m.milestones]
        by_id = {ms.id: ms for ms in milestones}
        pilots = [
            ms
            for ms in milestones
            if ms.step == "pilot" and catalog.initiatives[ms.initiative].is_business and ms.start_month
        ]
        assert pilots
        for pilot in pilots:
            review = next(ms for ms in milestones if ms.step == "review" and ms.initiative == pilot.initiative)
            assert review.depends_on == [pilot.id]
            assert review.start_month == min(24, pilot.start_month + (pilot.months or 1) - 1)  # its last month
            rollout = by_id.get(f"{pilot.initiative}.scale")
            if rollout is not None and rollout.start_month is not None:
                assert rollout.start_month > review.start_month  # the rollout starts after the decision


def test_the_year_two_release_reviews_pilots_only_when_there_are_any(plan: Any) -> None:
    roadmap = plan(_sample("kaufhaus-brenner"))
    assert "Wirkungsprüfungen der Piloten" in _decisions(roadmap, [], [], "de")[0]
    without = roadmap.model_copy(deep=True)
    for m in without.modules:
        m.milestones = [ms for ms in m.milestones if ms.step != "pilot"]
    assert "Pflicht- und Grundlagenarbeit" in _decisions(without, [], [], "de")[0]
    # nothing planned for year two: no release of "0 €" after the reviews
    idle_year_two = roadmap.model_copy(deep=True)
    idle_year_two.budget.by_phase["12-24"] = 0
    decision = _decisions(idle_year_two, [], [], "de")[0]
    assert "plant die Roadmap keine Ausgaben" in decision and "0 € für die Monate 12–24" not in decision


def test_a_module_whose_work_is_rolled_out_reviews_it_in_operation_and_prepares_its_next_stage(
    plan: Any, catalog: Catalog
) -> None:
    # pawsome-pets (dev): the omnichannel module's only initiative, the marketplace optimisation, pilots and rolls out
    # in months 1-7; its other options are out of scope (no stores) or dropped by the value x feasibility matrix
    road = plan(_sample("pawsome-pets"), "en")
    module = next(m for m in road.modules if m.id == "omnichannel")
    later = [ms for ms in module.milestones if ms.phase != "0-6"]
    assert {ms.initiative for ms in module.milestones} == {"omnichannel.marketplace_optimisation"}
    # no decision on starting a dropped option, no "so that it can start" for what already runs
    dropped = {i.id for i in road.initiatives if i.quadrant == "drop"}
    assert not any(ms.initiative in dropped for m in road.modules for ms in m.milestones if ms.step == "prepare")
    assert [ms.title.split(":")[0] for ms in later] == ["Effectiveness review", "Prepare the next expansion stage"]
    assert later[0].depends_on == ["omnichannel.marketplace_optimisation.scale"]
    assert "what to improve" in later[0].description
