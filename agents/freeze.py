"""Change freezes a profile states ("Von Oktober bis Dezember keine Systemumstellungen (Code Freeze)").

A freeze is read from the stated constraint's months (German and English month names, ranges, quarters) and
turned into the plan months in which nothing that changes a system may start, and in which no rollout may run:
a pilot starts before the freeze and runs through it (the season is its test), a rollout waits until it is over.
"""

from __future__ import annotations

import re
from typing import Final

from fahrplan.agents.constraints import constraints_of
from fahrplan.core.profile import Profile
from fahrplan.core.untrusted import data_part

__all__ = ["default_start_month", "freeze_months", "frozen_plan_months"]

_MONTHS: Final = (
    ("januar", "january", "jan"),
    ("februar", "february", "feb"),
    ("märz", "march", "mar", "mär"),
    ("april", "apr"),
    ("mai", "may"),
    ("juni", "june", "jun"),
    ("juli", "july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("oktober", "october", "okt", "oct"),
    ("november", "nov"),
    ("dezember", "december", "dez", "dec"),
)
_NAME: Final = "|".join(sorted({n for names in _MONTHS for n in names}, key=len, reverse=True))
_RANGE: Final = re.compile(
    rf"\b({_NAME})\.?\s*(?:bis(?: (?:ende|anfang))?|to|through|until|-|–)\s*({_NAME})\b", re.IGNORECASE
)
_SINGLE: Final = re.compile(rf"\b(?!may\b)({_NAME})\b", re.IGNORECASE)
"""A single month: "may" only in a range ("no changes may be made in December" names December)."""
_QUARTER: Final = re.compile(r"\bq([1-4])\b|\b([1-4])\.\s*quartal|\b(first|second|third|fourth) quarter", re.IGNORECASE)
_ORDINAL: Final = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i + 1 for i, names in enumerate(_MONTHS) if name in names)


def _months_of(text: str) -> set[int]:
    """Calendar months (1-12) a freeze text names: ranges wrap over the year end ("November bis Januar")."""
    out: set[int] = set()
    for first, last in _RANGE.findall(text):
        a, b = _month(first), _month(last)
        out |= {(a - 1 + i) % 12 + 1 for i in range((b - a) % 12 + 1)}
    rest = _RANGE.sub(" ", text)
    out |= {_month(m) for m in _SINGLE.findall(rest)}
    for digit, german, word in _QUARTER.findall(text):
        quarter = int(digit or german) if (digit or german) else _ORDINAL[word.lower()]
        out |= {3 * quarter - 2, 3 * quarter - 1, 3 * quarter}
    return out


def freeze_months(profile: Profile) -> frozenset[int]:
    """Calendar months (1-12) of the change freeze the profile states, if any."""
    stated = constraints_of(profile).get("code_freeze")
    return frozenset(_months_of(data_part(stated))) if stated else frozenset()


def frozen_plan_months(profile: Profile, start: str, horizon: int) -> frozenset[int]:
    """Plan months (0-based from ``start``, YYYY-MM) that fall in the stated freeze."""
    months = freeze_months(profile)
    if not months:
        return frozenset()
    first = int(start.split("-")[1])
    return frozenset(t for t in range(horizon) if (first - 1 + t) % 12 + 1 in months)


def default_start_month(knowledge_version: str) -> str:
    """The month after the knowledge release ("2026.11+hash" -> "2026-12"): deterministic, never "now"."""
    year, month = (int(x) for x in knowledge_version.split("+", 1)[0].split(".")[:2])
    return f"{year + month // 12}-{month % 12 + 1:02d}"
