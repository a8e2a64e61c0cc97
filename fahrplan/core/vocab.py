"""The shared vocabulary: module ids, phases, channels, sectors, risk tiers, verdicts, languages.

This is the bottom layer: every other package imports these names from here, and this module
imports nothing of Fahrplan's own.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "LANGS",
    "LEVERS",
    "MODULE_IDS",
    "PHASES",
    "PHASE_MONTHS",
    "Channel",
    "Lang",
    "Lever",
    "ModuleId",
    "Phase",
    "RiskTier",
    "Sector",
    "Verdict",
    "norm_lang",
]

ModuleId = Literal["personalization", "supply_chain", "omnichannel", "upskilling", "data_platform", "compliance"]
MODULE_IDS: tuple[ModuleId, ...] = (
    "personalization",
    "supply_chain",
    "omnichannel",
    "upskilling",
    "data_platform",
    "compliance",
)
Channel = Literal["stores", "webshop", "app", "marketplace", "social_commerce", "catalog"]
Sector = Literal[
    "fashion",
    "grocery",
    "electronics",
    "diy",
    "drugstore",
    "furniture",
    "sporting_goods",
    "general_merchandise",
    "other",
]
RiskTier = Literal["prohibited", "high", "limited", "minimal"]
Verdict = Literal["not_permitted", "permitted_with_conditions", "permitted"]

Phase = Literal["0-6", "6-12", "12-24"]
PHASES: tuple[Phase, ...] = ("0-6", "6-12", "12-24")
PHASE_MONTHS: dict[Phase, tuple[int, int]] = {"0-6": (0, 6), "6-12": (6, 12), "12-24": (12, 24)}
"""First and last month (exclusive) of each phase, counted from the roadmap's start."""

Lever = Literal[
    "availability",
    "waste_markdown",
    "basket_conversion",
    "returns",
    "service_cost",
    "labour_productivity",
    "price_margin",
    "retention",
    "working_capital",
    "reach_new_channel",
    "legal_duty",
    "capability",
]
"""The closed list of value levers: the KPI family a goal is about and an initiative moves."""
LEVERS: tuple[Lever, ...] = (
    "availability",
    "waste_markdown",
    "basket_conversion",
    "returns",
    "service_cost",
    "labour_productivity",
    "price_margin",
    "retention",
    "working_capital",
    "reach_new_channel",
    "legal_duty",
    "capability",
)

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")


def norm_lang(lang: str) -> Lang:
    """Return the output language for ``lang``: English for "en", German for anything else."""
    return "en" if lang == "en" else "de"
