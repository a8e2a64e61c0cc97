"""Catalog wording for a company without an app: "Produktempfehlungen in Onlineshop und App" reads "… im Onlineshop".

Pure text functions. Catalog texts name the app beside the webshop, the till or a messenger; for a company whose
channels include no app, the app is left out of those lists instead of promising the board a channel it lacks.
"""

from __future__ import annotations

import re
from typing import Final

from fahrplan.knowledge.schema import Text

__all__ = ["APP_FIELDS", "without_app"]

APP_FIELDS: Final = ("title", "description", "scale_step")
"""The initiative fields whose wording names channels."""

_I = re.IGNORECASE
_DE: Final = (
    (re.compile(r"\bin Onlineshop und App\b"), "im Onlineshop"),
    (re.compile(r"\s+und\s+App[- ]Push", _I), ""),
    (re.compile(r",\s*App(?=[\s,)])"), ""),
    (re.compile(r"\(App,\s*"), "("),
    (re.compile(r"\s+(?:und|oder)\s+(?:in\s+der\s+)?App\b(?!-)"), ""),
    (re.compile(r"\s+bzw\.\s+in\s+der\s+App\b"), ""),
)
_EN: Final = (
    (re.compile(r"\bin webshop and app\b", _I), "in the webshop"),
    (re.compile(r"\s+and\s+app[- ]push", _I), ""),
    (re.compile(r",\s*app(?=[\s,)])", _I), ""),
    (re.compile(r"\(app,\s*", _I), "("),
    (re.compile(r"\s+(?:and|or)\s+(?:in\s+)?(?:the\s+)?app\b(?!-)", _I), ""),
)


def _strip(text: str, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, replacement in patterns:
        text = pattern.sub(replacement, text)
    return text


def without_app(fields: dict[str, object]) -> dict[str, object]:
    """The texts among ``fields`` (field name → value) with the app left out, where they name it."""
    out: dict[str, object] = {}
    for key, value in fields.items():
        if isinstance(value, Text):
            de, en = _strip(value.de, _DE), _strip(value.en, _EN)
            if (de, en) != (value.de, value.en):
                out[key] = Text(de=de, en=en)
    return out
