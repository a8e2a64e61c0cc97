"""Special categories of data (Art. 9 GDPR) a company's ranges reveal: health, pregnancy, religion, political opinions,
sex life, and drinking habits where it sells alcohol.

Pure functions over the profile's own words (treated as data); the legal review (:mod:`legal_context`) adds the duties.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, Literal, get_args

from fahrplan.core.profile import Profile
from fahrplan.core.texts import t
from fahrplan.core.untrusted import data_part
from fahrplan.core.vocab import Lang, Sector

__all__ = ["SENSITIVE_SECTORS", "SensitiveCategory", "categories_wording", "sells_alcohol", "sensitive_context"]

SENSITIVE_SECTORS: Final[frozenset[Sector]] = frozenset({"drugstore"})
SensitiveCategory = Literal["health", "pregnancy", "religion", "politics", "sex_life"]
_REVEALS: Final[dict[SensitiveCategory, re.Pattern[str]]] = {
    "health": re.compile(
        r"gesundheit|\bhealth|inkontinen|incontinen|nahrungserg|supplement|arznei|medikament|medicine|apothe|pharma|"
        r"sehwert|sehstärke|sehtest|kontaktlinse|gleitsicht|brillenglä|augenoptik|hörgerät|hörakustik|contact lens|"
        r"eye test|eyesight|hearing aid|orthopäd|orthop[ae]dic|kompressionsstr|compression stocking",
        re.IGNORECASE,
    ),
    "pregnancy": re.compile(r"schwanger|pregnan|babynahrung|baby food|säugling", re.IGNORECASE),
    "religion": re.compile(r"halal|koscher|kosher", re.IGNORECASE),
    "sex_life": re.compile(r"erotik|erotic|sexual|verhütung|contracept", re.IGNORECASE),
}
"""Ranges whose purchase reveals a special category (Art. 9 GDPR), by category: health also covers vision and hearing
aids (corrective lenses, contact lenses, eye-test values, hearing aids) and orthopaedic supplies. Political opinions
have no range of their own: only a bookseller's titles reveal them (:data:`_BOOKS`)."""
_DRUGSTORE_RANGES: Final[tuple[SensitiveCategory, ...]] = ("health", "pregnancy", "sex_life")
"""What a drugstore's range reveals by its nature: medicines and supplements, pregnancy tests, contraceptives."""
_BOOK_RANGES: Final[tuple[SensitiveCategory, ...]] = ("health", "religion", "politics")
"""What a bookseller's titles reveal: faith, health and political opinions."""
_BOOKS: Final = re.compile(
    r"\bbuch\b|bücher|buchhandl|buchpreisbindung|\bbooks?\b|bookshop|bookstore|booksell|neuerscheinung|lese-?club",
    re.IGNORECASE,
)
"""A bookseller's range: religious, health and political titles reveal special categories (Art. 9 GDPR) too."""
_ALCOHOL: Final = re.compile(
    r"alkohol|alcohol|spirituos|\bspirits\b|\bweine?\b|\bwines?\b|\bvino|\bbiere?\b|\bbeers?\b",
    re.IGNORECASE,
)


def _revealed(text: str) -> list[SensitiveCategory]:
    return [category for category, pattern in _REVEALS.items() if pattern.search(text)]


def _own_words(profile: Profile) -> str:
    """The company's description of itself (name, goals, notes, constraints), as data."""
    described = (profile.company.name, *profile.goals, profile.notes or "", *profile.constraints)
    return " ".join(data_part(x) for x in described)


def sensitive_context(text: str, profile: Profile) -> tuple[list[SensitiveCategory], list[SensitiveCategory]]:
    """Return (the special categories the ranges the use case names reveal, those the company's ranges reveal).

    Purchases of health, pregnancy, baby, religious or erotic items — or books, whose titles reveal faith, health
    and politics — reveal special categories of data (Art. 9 GDPR) about the buyer, whether or not anyone intends
    to infer them. Each list is in a fixed order and empty where nothing sensitive is named or sold.
    """
    named = _revealed(data_part(text))
    company_text = " ".join(data_part(x) for x in (*profile.goals, profile.notes or ""))
    sold = set(_revealed(company_text))
    if profile.company.sector in SENSITIVE_SECTORS:
        sold.update(_DRUGSTORE_RANGES)
    if _BOOKS.search(_own_words(profile)):
        sold.update(_BOOK_RANGES)
    return named, [c for c in get_args(SensitiveCategory) if c in sold]


def categories_wording(categories: Sequence[SensitiveCategory], lang: Lang) -> str:
    """The special categories in running text: "Gesundheit, Schwangerschaft oder Sexualleben"."""
    names = [t(f"art9_{c}", lang) for c in categories]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + t("or_last", lang) + names[-1]


def sells_alcohol(profile: Profile) -> bool:
    """Whether the company's own description names alcoholic drinks (name, goals, notes, constraints)."""
    return _ALCOHOL.search(_own_words(profile)) is not None
