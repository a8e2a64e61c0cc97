"""How a works council's measures read for one company: from what headcount there can be a council, and the
"if there is one" wording where the profile does not say whether there is one."""

from __future__ import annotations

from typing import Final

from fahrplan.agents.legal_context import works_council_status
from fahrplan.agents.no_council import WORKS_COUNCIL_CONSENT, WORKS_COUNCIL_HEADCOUNT
from fahrplan.core.profile import Profile
from fahrplan.core.texts import t
from fahrplan.knowledge.schema import Measure, Text

__all__ = ["COUNCIL_MEASURES", "WORKS_COUNCIL_HEADCOUNT", "council_measures"]

COUNCIL_MEASURES: Final = ("works_council", WORKS_COUNCIL_CONSENT, "works_council_operation")
"""Measures agreed with a works council (a works agreement, a pilot agreement, the agreement for regular operation)."""


def council_measures(measures: dict[str, Measure], profile: Profile) -> dict[str, Measure]:
    """``measures`` as they read for ``profile``: where it does not say whether there is a works council, the
    measures agreed with one say "if there is one" (the board first has that checked)."""
    if works_council_status(profile) != "unknown":
        return measures
    out = dict(measures)
    condition = Text(de=t("legal_if_council", "de"), en=t("legal_if_council", "en"))
    for key in (k for k in COUNCIL_MEASURES if k in out):
        label = out[key].label
        out[key] = out[key].model_copy(
            update={"label": Text(de=label.de + condition.de, en=label.en + condition.en), "condition": condition}
        )
    return out
