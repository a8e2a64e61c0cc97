"""Which systems of this plan the AI-literacy programme trains for, and by when (Art. 4 AI Act).

Pure: reads the placed milestones and the (tailored) catalog. The programme's in-depth modules are due before
each AI system's users start working with it, so the pilot milestone of the programme names the plan's AI
pilots with their start months instead of leaving the catalog's generic examples to stand alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from fahrplan.core.roadmap import Milestone
from fahrplan.core.texts import t, tn
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog

__all__ = ["LITERACY", "NAMED_SYSTEMS", "literacy_notes"]

LITERACY: Final = "upskilling.ai_literacy"
NAMED_SYSTEMS: Final = 5
"""Systems named in the note; more are counted ("und 2 weitere")."""


def literacy_notes(placed: Sequence[Milestone], catalog: Catalog, lang: Lang) -> dict[str, str]:
    """The sentence for the literacy programme's pilot milestone: the plan's AI pilots in start order, each with
    the month its users must be trained by. Empty when the programme or AI pilots are not scheduled."""
    pilot = next((m for m in placed if m.id == f"{LITERACY}.pilot" and m.start_month is not None), None)
    systems = sorted(
        (m.start_month, catalog.initiatives[m.initiative].title.get(lang))
        for m in placed
        if m.step == "pilot"
        and m.start_month is not None
        and m.initiative != LITERACY
        and catalog.initiatives[m.initiative].ai_use_case is not None
    )
    if pilot is None or not systems:
        return {}
    names = list(dict.fromkeys(t("literacy_system", lang, title=title, month=month) for month, title in systems))
    items = "; ".join(names[:NAMED_SYSTEMS])
    if len(names) > NAMED_SYSTEMS:
        items += tn("literacy_more", lang, len(names) - NAMED_SYSTEMS)
    return {pilot.id: t("literacy_plan", lang, items=items)}
