"""User-facing texts in German and English: one table over all areas, one lookup.

Each area module holds one table (key -> language -> ``str.format`` template): ``planner`` the
texts a roadmap is written in, ``report`` the report renderers' labels, ``cli`` the terminal's,
``errors`` the messages of errors a user can hit. Keys are unique over all areas and every key has
both languages with the same placeholders (checked by the tests). Placeholders are filled from
planner data, never from profile free text used as an instruction (profile text only ever appears
quoted, as data).
"""

from __future__ import annotations

from collections.abc import Mapping

from fahrplan.core.texts.board import BOARD
from fahrplan.core.texts.cli import CLI
from fahrplan.core.texts.errors import ERRORS
from fahrplan.core.texts.planner import MODULE_GOALS, MODULE_GOALS_ONLINE, MODULE_TITLES, PLANNER
from fahrplan.core.texts.report import REPORT
from fahrplan.core.vocab import Lang, norm_lang

__all__ = [
    "AREAS",
    "MODULE_GOALS",
    "MODULE_GOALS_ONLINE",
    "MODULE_TITLES",
    "TEXTS",
    "default_labels",
    "labels",
    "sector_label",
    "t",
    "tn",
]

AREAS: dict[str, Mapping[str, Mapping[Lang, str]]] = {
    "planner": PLANNER,
    "board": BOARD,
    "report": REPORT,
    "cli": CLI,
    "errors": ERRORS,
}


def _merged(areas: Mapping[str, Mapping[str, Mapping[Lang, str]]]) -> dict[str, Mapping[Lang, str]]:
    """Return every area's entries in one table; a key defined twice raises ``ValueError``."""
    merged: dict[str, Mapping[Lang, str]] = {}
    for table in areas.values():
        twice = merged.keys() & table.keys()
        if twice:
            raise ValueError(f"text keys defined in more than one area: {', '.join(sorted(twice))}")
        merged.update(table)
    return merged


TEXTS: dict[str, Mapping[Lang, str]] = _merged(AREAS)


def t(key: str, lang: str, **values: object) -> str:
    """Fill template ``key`` in ``lang`` (German for anything but "en")."""
    return TEXTS[key][norm_lang(lang)].format(**values)


def tn(key: str, lang: str, n: int, **values: object) -> str:
    """Fill template ``key`` for a count ``n``: its singular ``key_one`` when ``n`` is 1 ("1 Meilenstein")."""
    return t(f"{key}_one" if n == 1 and f"{key}_one" in TEXTS else key, lang, n=n, **values)


def labels(prefix: str, lang: str) -> dict[str, str]:
    """Return the unfilled templates under ``prefix.`` in ``lang``, keyed by the rest of their key.

    For code that looks up many labels, some by data values: ``labels("report", "en")["permitted"]``
    is the template of ``report.permitted``.
    """
    code, start = norm_lang(lang), f"{prefix}."
    return {key.removeprefix(start): text[code] for key, text in TEXTS.items() if key.startswith(start)}


def default_labels(path: str, value: str, lang: str) -> dict[str, str]:
    """The field label and value label of an assumed profile default ("Land", "Deutschland")."""
    field = t(f"report.field.{path}", lang) if f"report.field.{path}" in TEXTS else path
    parts = [p.strip() for p in value.split(",")]
    shown = ", ".join(t(f"report.value.{p}", lang) if f"report.value.{p}" in TEXTS else p for p in parts)
    return {"path": field, "value": shown}


def sector_label(sector: str, lang: str) -> str:
    """The sector in words ("Baumarkt"), never the enum value."""
    return t(f"report.sector.{sector}", lang) if f"report.sector.{sector}" in TEXTS else sector
