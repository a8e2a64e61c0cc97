"""Why a rollout starts long after its pilot: the phase's budget frame has no room for it earlier.

Pure: reads the placed milestones, the company's budget and the phase shares the solver planned with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from fahrplan.core.i18n import eur
from fahrplan.core.roadmap import Milestone
from fahrplan.core.texts import t
from fahrplan.core.vocab import PHASES, Lang, Phase, phase_of_month
from fahrplan.knowledge.catalog import Catalog

__all__ = ["IDLE_MONTHS", "late_start_notes"]

IDLE_MONTHS: Final = 4
"""Months between a pilot's end and its rollout from which the plan says why the rollout waits."""


def late_start_notes(
    placed: Sequence[Milestone],
    catalog: Catalog,
    budget_eur: float,
    shares: Mapping[Phase, float] | None,
    lang: Lang,
) -> dict[str, str]:
    """For each rollout that starts :data:`IDLE_MONTHS` or more after its pilot ends, the sentence that says why,
    where the phase it could have started in has no room for its cost in its budget frame (the solver's phase cap:
    the optional spend starting in a phase is at most its share of the budget). Other reasons are not guessed."""
    by_id = {m.id: m for m in placed}
    spent = _optional_spend(placed, catalog)
    out: dict[str, str] = {}
    for scale in (m for m in placed if m.step == "scale" and m.start_month is not None):
        pilot = by_id.get(f"{scale.initiative}.pilot")
        if pilot is None or pilot.start_month is None:
            continue
        ready = pilot.start_month + (pilot.months or 0)  # first month after the pilot (1-based)
        start = scale.start_month or ready
        if start - ready < IDLE_MONTHS:
            continue
        first, last = PHASES.index(phase_of_month(ready - 1)), PHASES.index(phase_of_month(start - 1))
        skipped = PHASES[first:last]
        caps = {p: (shares or {}).get(p, 1.0) * budget_eur for p in skipped}
        if not skipped or any(spent[p] + scale.budget_eur <= caps[p] for p in skipped):
            continue  # a frame had room: something else held it back
        out[scale.id] = t(
            "ms_late_phase_budget",
            lang,
            month=start,
            phases=t("and_join", lang).join(p.replace("-", "–") for p in skipped),
            caps=t("and_join", lang).join(dict.fromkeys(eur(round(caps[p]), lang) for p in skipped)),
            spent=t("and_join", lang).join(eur(spent[p], lang) for p in skipped),
            cost=eur(scale.budget_eur, lang),
        )
    return out


def _optional_spend(placed: Sequence[Milestone], catalog: Catalog) -> dict[Phase, int]:
    """Spend starting in each phase on work that is not a legal duty's first step (duties are paid when due)."""
    out: dict[Phase, int] = dict.fromkeys(PHASES, 0)
    for m in placed:
        if m.start_month is None or not m.budget_eur:
            continue
        if m.step == "pilot" and catalog.initiatives[m.initiative].mandatory:
            continue
        out[phase_of_month(m.start_month - 1)] += m.budget_eur
    return out
