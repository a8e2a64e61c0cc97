"""The AI-literacy programme names the plan's AI systems and when each one's users must be trained."""

from __future__ import annotations

from collections.abc import Callable

from fahrplan.agents.literacy_plan import LITERACY, NAMED_SYSTEMS, literacy_notes
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Milestone, Roadmap
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog

AI = ("supply_chain.fresh_ordering", "supply_chain.workforce_scheduling", "personalization.genai_marketing_content")


def ms(initiative: str, start: int | None, step: str = "pilot") -> Milestone:
    return Milestone(
        id=f"{initiative}.{step}",
        phase="0-6",
        title=initiative,
        description="",
        owner="o",
        budget_eur=1000,
        fte=0.1,
        initiative=initiative,
        step=step,  # type: ignore[arg-type]
        start_month=start,
    )


def test_names_the_ai_pilots_in_start_order_with_their_months(catalog: Catalog) -> None:
    placed = [ms(LITERACY, 1), ms(AI[1], 9), ms(AI[0], 3), ms(AI[0], 8, "scale")]
    notes = literacy_notes(placed, catalog, "de")
    assert list(notes) == [f"{LITERACY}.pilot"]
    fresh, shifts = (catalog.initiatives[i].title.de for i in AI[:2])
    assert f"{fresh} (Start in Monat 3); {shifts} (Start in Monat 9)." in notes[f"{LITERACY}.pilot"]
    assert notes[f"{LITERACY}.pilot"].count("Start in Monat") == 2  # the scale step is no new system


def test_leaves_out_work_that_is_no_ai_system_and_unscheduled_pilots(catalog: Catalog) -> None:
    no_ai = next(i.id for i in catalog.initiatives.values() if i.ai_use_case is None and i.id != LITERACY)
    assert literacy_notes([ms(LITERACY, 1), ms(no_ai, 3), ms(AI[0], None)], catalog, "en") == {}
    assert literacy_notes([ms(AI[0], 3)], catalog, "en") == {}  # the programme itself is not scheduled


def test_counts_the_systems_beyond_the_named_ones(catalog: Catalog) -> None:
    ai = [i.id for i in catalog.initiatives.values() if i.ai_use_case is not None][: NAMED_SYSTEMS + 2]
    notes = literacy_notes([ms(LITERACY, 1), *(ms(i, 3 + n) for n, i in enumerate(ai))], catalog, "en")
    text = notes[f"{LITERACY}.pilot"]
    assert text.count("starts in month") == NAMED_SYSTEMS and text.endswith(" and 2 more.")


def test_the_roadmap_literacy_pilot_lists_its_planned_ai_pilots(
    plan: Callable[..., Roadmap], minimal_profile_data: dict[str, object], catalog: Catalog
) -> None:
    lang: Lang = "de"
    roadmap = plan(Profile.model_validate(minimal_profile_data), lang)
    milestones = [m for mod in roadmap.modules for m in mod.milestones]
    pilot = next(m for m in milestones if m.id == f"{LITERACY}.pilot")
    ai_pilots = [
        m
        for m in milestones
        if m.step == "pilot" and m.start_month and catalog.initiatives[m.initiative].ai_use_case is not None
    ]
    assert ai_pilots
    assert pilot.description.count("(Start in Monat ") == min(len(ai_pilots), NAMED_SYSTEMS)
    first = min(ai_pilots, key=lambda m: m.start_month or 0)
    assert f"{catalog.initiatives[first.initiative].title.de} (Start in Monat {first.start_month})" in pilot.description
