"""Filled phases: reviews decide what a pilot needs; a duty's or enabler's review improves it, never stops it."""

from __future__ import annotations

from typing import Any

from fahrplan.agents.executive_summary import _decisions
from fahrplan.core.vocab import ENABLING_LEVERS
from fahrplan.evals.dataset import load_dataset
from fahrplan.knowledge.catalog import Catalog


def _sample(name: str) -> Any:
    _, samples = load_dataset()
    return next(s for s in samples if s.id == name).profile


def test_a_duty_or_enabler_is_reviewed_for_effect_not_rolled_out_or_stopped(plan: Any, catalog: Catalog) -> None:
    duties, business = [], []
    for name in ("getraenke-quelle", "kaufhaus-brenner"):
        milestones = [ms for m in plan(_sample(name)).modules for ms in m.milestones]
        scaled = {ms.initiative for ms in milestones if ms.step == "scale"}
        for ms in (ms for ms in milestones if ms.step == "review"):
            ini = catalog.initiatives[ms.initiative]
            # a duty, a works agreement, an enabler or what is already rolled out is improved, not stopped
            settled = ini.mandatory or ini.module == "compliance" or ini.levers[0] in ENABLING_LEVERS
            (duties if settled or ini.id in scaled else business).append(ms)
    assert duties and business
    assert all("beenden" not in ms.description and "nachgebessert" in ms.description for ms in duties)
    assert all("ausrollen, nachsteuern oder beenden" in ms.description for ms in business)


def test_the_year_two_release_reviews_pilots_only_when_there_are_any(plan: Any) -> None:
    roadmap = plan(_sample("kaufhaus-brenner"))
    assert "Wirkungsprüfung der Piloten" in _decisions(roadmap, [], [], "de")[0]
    without = roadmap.model_copy(deep=True)
    for m in without.modules:
        m.milestones = [ms for ms in m.milestones if ms.step != "pilot"]
    assert "Pflicht- und Grundlagenarbeit" in _decisions(without, [], [], "de")[0]
