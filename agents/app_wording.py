"""Catalog wording for what a company has: "Produktempfehlungen in Onlineshop und App" reads "… im Onlineshop".

Pure text functions. Catalog texts name the app beside the webshop, the till or a messenger; for a company whose
channels include no app, the app is left out of those lists instead of promising the board a channel it lacks.
Hedges on a web shop ("soweit vorhanden") go where the profile says whether there is one, and so do those on a works
council ("sofern es einen gibt"); where it does not, the framework works agreement says it is made only
with a council. A company with a customer card reads no "where there is no loyalty programme yet".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from fahrplan.knowledge.schema import Text

__all__ = ["APP_FIELDS", "marketplace_wording", "profile_wording", "text_wording", "without_app"]

APP_FIELDS: Final = ("title", "description", "scale_step", "success_factors")
"""The initiative fields whose wording names channels or hedges on a works council."""

_I = re.IGNORECASE
_DE: Final = (
    (re.compile(r"\bin Onlineshop und App\b"), "im Onlineshop"),
    (re.compile(r"\s+und\s+App[- ]Push", _I), ""),
    (re.compile(r",\s*App(?=[\s,)])"), ""),
    (re.compile(r"\(App,\s*"), "("),
    (re.compile(r"\s+(?:und|oder)\s+(?:in\s+der\s+|die\s+)?App\b(?!-)"), ""),
    (re.compile(r"\s+bzw\.\s+in\s+der\s+App\b"), ""),
)
_EN: Final = (
    (re.compile(r"\bin webshop and app\b", _I), "in the webshop"),
    (re.compile(r"\s+and\s+app[- ]push", _I), ""),
    (re.compile(r",\s*app(?=[\s,)])", _I), ""),
    (re.compile(r"\(app,\s*", _I), "("),
    (re.compile(r"\s+(?:and|or)\s+(?:in\s+)?(?:the\s+)?app\b(?!-)", _I), ""),
)


_DE_SHOP: Final = (
    (re.compile(r"\s*\(auch den Onlineshop, soweit vorhanden\)"), ""),
    (re.compile(r"\(auch Outlet und Onlineshop, soweit vorhanden\)"), "(auch Outlet, soweit vorhanden)"),
)
_EN_SHOP: Final = (
    (re.compile(r"\s*\(including the webshop where there is one\)", _I), ""),
    (re.compile(r"\(including outlet and webshop where there are any\)", _I), "(including outlet where there is one)"),
)

_DE_WITH_SHOP: Final = (
    (re.compile(r"\(auch den Onlineshop, soweit vorhanden\)"), "(auch den Onlineshop)"),
    (
        re.compile(r"\(auch Outlet und Onlineshop, soweit vorhanden\)"),
        "(auch den Onlineshop und, falls vorhanden, ein Outlet)",
    ),
)
_EN_WITH_SHOP: Final = (
    (re.compile(r"\(including the webshop where there is one\)", _I), "(including the webshop)"),
    (re.compile(r"\(including outlet and webshop where there are any\)", _I), "(including the webshop and any outlet)"),
)


_DE_NO_COUNCIL: Final = (
    (re.compile(r" – bei mitarbeiterbezogenen Themen mit dem Betriebsrat, sofern es einen gibt(?: –)?"), ""),
    (re.compile(r"^Wo ein Betriebsrat besteht, vor dem Einbau seine Zustimmung einholen; (?=A)"), ""),
    (re.compile(r", und der Betriebsrat wird vor dem Pilot beteiligt\."), "."),
    (re.compile(r"\(nach Betriebsvereinbarung und DSFA\)"), "(nach DSFA)"),
    (re.compile(r"^(Betriebsvereinbarung vor dem Pilotstart), wo ein Betriebsrat besteht$"), r"\1"),
    (
        re.compile(
            r"Datenschutzhinweise, (ein Auftragsverarbeitungsvertrag, wo [^,]+), "
            r"und, wo ein Betriebsrat besteht, dessen Zustimmung"
        ),
        r"Datenschutzhinweise und \1",
    ),
    (
        re.compile(
            r"; wird eine Lernplattform eingesetzt, die die Teilnahme je Person erfasst, "
            r"wird das vor dem Start mit dem Betriebsrat vereinbart, sofern es einen gibt"
        ),
        "",
    ),
)
_EN_NO_COUNCIL: Final = (
    (re.compile(r" – with the works council on employee-related topics, where there is one(?: –)?"), ""),
    (re.compile(r"^Where there is a works council, obtain its consent before installation; o"), "O"),
    (re.compile(r", and the works council is involved before the pilot\."), "."),
    (re.compile(r"\(after a works agreement and a DPIA\)"), "(after a DPIA)"),
    (re.compile(r"^(Works agreement before the pilot starts), where there is a works council$"), r"\1"),
    (
        re.compile(
            r"a privacy notice, (a processor agreement where [^,]+) and, where there is a works council, its consent"
        ),
        r"a privacy notice and \1",
    ),
    (
        re.compile(
            r"; where a learning platform records participation per person, "
            r"this is agreed with the works council before the start, where there is one"
        ),
        "",
    ),
)
_DE_UNKNOWN_COUNCIL: Final = (
    (
        re.compile(r"und der Betriebsrat wird vor dem Pilot beteiligt"),
        "und ein Betriebsrat wird, falls es einen gibt, vor dem Pilot beteiligt",
    ),
    (
        re.compile(r"\(nach Betriebsvereinbarung und DSFA\)"),
        "(nach DSFA und, falls es einen Betriebsrat gibt, Betriebsvereinbarung)",
    ),
    (
        re.compile(r"^Mit dem Betriebsrat wird (eine Rahmenvereinbarung .*)$", re.DOTALL),
        r"Sofern es einen Betriebsrat gibt (das Profil sagt es nicht), wird mit ihm \1 Ohne Betriebsrat entfällt"
        r" dieser Schritt samt seinem Budget.",
    ),
)
_EN_UNKNOWN_COUNCIL: Final = (
    (
        re.compile(r"and the works council is involved before the pilot"),
        "and a works council, where there is one, is involved before the pilot",
    ),
    (
        re.compile(r"\(after a works agreement and a DPIA\)"),
        "(after a DPIA and, where there is a works council, a works agreement)",
    ),
    (
        re.compile(
            r"^A (framework agreement for AI and IT systems is concluded) with the works council(.*)$", re.DOTALL
        ),
        r"Where there is a works council (the profile does not say), a \1 with it\2 Without a works council this step"
        r" and its budget fall away.",
    ),
)
_DE_COUNCIL: Final = (
    (re.compile(r"(mit dem Betriebsrat), sofern es einen gibt"), r"\1"),
    (
        re.compile(r"^Wo ein Betriebsrat besteht, vor dem Einbau seine Zustimmung einholen"),
        "Vor dem Einbau die Zustimmung des Betriebsrats einholen",
    ),
    (re.compile(r"^(Betriebsvereinbarung vor dem Pilotstart), wo ein Betriebsrat besteht$"), r"\1"),
    (re.compile(r"und, wo ein Betriebsrat besteht, dessen Zustimmung"), "und die Zustimmung des Betriebsrats"),
    (re.compile(r"(wird das vor dem Start mit dem Betriebsrat vereinbart), sofern es einen gibt"), r"\1"),
)
_EN_COUNCIL: Final = (
    (re.compile(r"(with the works council on employee-related topics), where there is one"), r"\1"),
    (
        re.compile(r"^Where there is a works council, obtain its consent before installation"),
        "Obtain the works council's consent before installation",
    ),
    (re.compile(r"^(Works agreement before the pilot starts), where there is a works council$"), r"\1"),
    (re.compile(r"and, where there is a works council, its consent"), "and the works council's consent"),
    (re.compile(r"(is agreed with the works council before the start), where there is one"), r"\1"),
)


def _strip(text: str, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, replacement in patterns:
        text = pattern.sub(replacement, text)
    return text


def without_app(fields: dict[str, object]) -> dict[str, object]:
    """The texts among ``fields`` (field name → value) with the app left out, where they name it."""
    return _without(fields, _DE, _EN)


def _without(
    fields: dict[str, object],
    de_patterns: tuple[tuple[re.Pattern[str], str], ...],
    en_patterns: tuple[tuple[re.Pattern[str], str], ...],
) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in fields.items():
        if isinstance(value, Text):
            if (text := _text(value, de_patterns, en_patterns)) != value:
                out[key] = text
        elif isinstance(value, list) and value and all(isinstance(v, Text) for v in value):
            texts = [_text(v, de_patterns, en_patterns) for v in value]
            if texts != value:
                out[key] = texts
    return out


def _text(
    value: Text,
    de_patterns: tuple[tuple[re.Pattern[str], str], ...],
    en_patterns: tuple[tuple[re.Pattern[str], str], ...],
) -> Text:
    de, en = _strip(value.de, de_patterns), _strip(value.en, en_patterns)
    return value if (de, en) == (value.de, value.en) else Text(de=de, en=en)


_DE_LOYALTY: Final = ((re.compile(r" Wo noch kein Kundenprogramm besteht, beginnt das Fundament mit [^.]*\."), ""),)
_EN_LOYALTY: Final = ((re.compile(r" Where no loyalty programme exists yet, the foundation starts with [^.]*\."), ""),)


def profile_wording(
    fields: dict[str, object], channels: Sequence[str], council: str, *, loyalty: bool = False
) -> dict[str, object]:
    """The texts among ``fields`` as they read for a company with these ``channels``, works ``council`` status
    ("present", "none" or "unknown") and customer card (``loyalty``): only the fields whose wording changes."""
    out: dict[str, object] = {}
    steps = [
        (loyalty, _DE_LOYALTY, _EN_LOYALTY),
        ("app" not in channels, _DE, _EN),
        ("webshop" not in channels, _DE_SHOP, _EN_SHOP),
        ("webshop" in channels, _DE_WITH_SHOP, _EN_WITH_SHOP),
        (council == "none", _DE_NO_COUNCIL, _EN_NO_COUNCIL),
        (council == "present", _DE_COUNCIL, _EN_COUNCIL),
        (council == "unknown", _DE_UNKNOWN_COUNCIL, _EN_UNKNOWN_COUNCIL),
    ]
    for applies, de, en in steps:
        if applies:
            out |= _without({**fields, **out}, de, en)
    return out


def text_wording(text: Text, channels: Sequence[str], council: str) -> Text:
    """One text as :func:`profile_wording` words it for these ``channels`` and works ``council`` status."""
    worded = profile_wording({"text": text}, channels, council).get("text")
    return worded if isinstance(worded, Text) else text


_DE_MARKETPLACES: Final = re.compile(
    r"Für Händler, die bereits auf Marktplätzen wie Amazon, Zalando, Otto oder About You verkaufen"
)
_EN_MARKETPLACES: Final = re.compile(
    r"For retailers already selling on marketplaces such as Amazon, Zalando, Otto or About You"
)


def marketplace_wording(text: Text, de_names: str, en_names: str) -> Text:
    """``text`` with the catalog's example marketplaces replaced by the ones the company names (quoted names)."""
    de = _DE_MARKETPLACES.sub(
        lambda _: f"Für die Marktplätze, auf denen das Unternehmen laut Profil verkauft ({de_names})", text.de
    )
    en = _EN_MARKETPLACES.sub(
        lambda _: f"For the marketplaces the company sells on per its profile ({en_names})", text.en
    )
    return text if (de, en) == (text.de, text.en) else Text(de=de, en=en)
