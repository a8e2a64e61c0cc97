"""Locale helpers: money, number and legal-reference formatting in the output language."""

from __future__ import annotations

import re
from typing import Final

from fahrplan.core.untrusted import data_part
from fahrplan.core.vocab import STOPWORDS, Lang

__all__ = ["eur", "eur_range", "legal_ref", "legal_source", "number", "percent", "percent_range", "quote", "shorten"]

# German names of the instruments the knowledge base cites (English ones are the data's own)
_INSTRUMENTS_DE = {
    "AI Act": "KI-VO",
    "GDPR": "DSGVO",
    "Consumer Rights Directive": "Verbraucherrechte-RL",
    "Product Liability Directive": "Produkthaftungs-RL",
    "ePrivacy": "ePrivacy-RL",
}
# English citation style → German: "Art. 5(1)(f)" → "Art. 5 Abs. 1 lit. f", "Annex III 1(a)" → "Anhang III Nr. 1 lit. a"
_GERMAN_STYLE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Annex (I{1,3}) (\d+)\(([a-z]+)\)"), r"Anhang \1 Nr. \2 lit. \3"),
    (re.compile(r"\bAnnex\b"), "Anhang"),
    (re.compile(r"Art\. ([34])\((\d+)\)"), r"Art. \1 Nr. \2"),  # the definitions are numbered
    (re.compile(r", ([34])\((\d+)\)"), r", Nr. \2"),
    (re.compile(r"(\d+[a-z]?)\((\d+[a-z]?)\)–\((\d+)\)"), r"\1 Abs. \2–\3"),
    (re.compile(r"(\d+[a-z]?)\((\d+[a-z]?)\)\(([a-z]+)\), \(([a-z]+)\)"), r"\1 Abs. \2 lit. \3 und \4"),
    (re.compile(r"(\d+[a-z]?)\((\d+[a-z]?)\)\(([a-z]+)\)"), r"\1 Abs. \2 lit. \3"),
    (re.compile(r"(\d+[a-z]?)\((\d+[a-z]?)\)"), r"\1 Abs. \2"),
    (re.compile(r", (\d+) Abs\. "), r", Art. \1 Abs. "),  # "Art. 3 Nr. 3, Nr. 4, 25(1)": 25 is another article
    (re.compile(r"\bNo\. "), "Nr. "),
    (re.compile(r"\bGDPR\b"), "DSGVO"),
    (re.compile(r"\bRegulation \(EU\)"), "Verordnung (EU)"),
    (re.compile(r"\bDirective \(EU\)"), "Richtlinie (EU)"),
    (re.compile(r"\bChapters?\b"), "Kapitel"),
    (
        re.compile(r"Proposal for an ePrivacy Regulation \(withdrawn\)"),
        "Vorschlag einer ePrivacy-Verordnung (zurückgezogen)",
    ),
    (re.compile(r"\(draft "), "(Entwurf "),
    (re.compile(r", systems on the market before 2 Aug 2026"), ", Systeme am Markt vor dem 2. Aug. 2026"),
    (re.compile(r"as amended by"), "i. d. F. der"),
    (re.compile(r"original version"), "ursprüngliche Fassung"),
)


def eur(amount: float, lang: Lang) -> str:
    """Format an amount in EUR: "1.234.000 €" (de) or "€1,234,000" (en)."""
    whole = f"{round(amount):,}"
    if lang == "en":
        return f"€{whole}"
    return whole.replace(",", ".") + " €"


def eur_range(low: float, high: float, lang: Lang) -> str:
    """A money range as a reader takes it in: "1,2–3,7 Mio. €" / "€1.2–3.7m", below a million "120.000–360.000 €"."""
    if high >= 1_000_000:
        lo, hi = f"{low / 1e6:.1f}", f"{high / 1e6:.1f}"
        if lang == "en":
            return f"€{lo}m" if lo == hi else f"€{lo}–{hi}m"
        lo, hi = lo.replace(".", ","), hi.replace(".", ",")
        return f"{lo} Mio. €" if lo == hi else f"{lo}–{hi} Mio. €"
    if round(low) == round(high):
        return eur(low, lang)
    if lang == "en":
        return f"€{round(low):,}–{round(high):,}"
    return f"{number(round(low), lang)}–{number(round(high), lang)} €"


def percent(value: float, lang: Lang) -> str:
    """A percentage figure with at most one decimal: "5,8" (de), "5.8" (en); no sign."""
    text = f"{value:.1f}".removesuffix(".0")
    return text if lang == "en" else text.replace(".", ",")


def percent_range(values: list[float], lang: Lang) -> str:
    """Two percentages as a range ("0,5–0,7"), or one figure when both ends read the same."""
    low, high = (percent(x, lang) for x in values)
    return low if low == high else f"{low}–{high}"


def number(value: int, lang: Lang) -> str:
    """Format a whole number: "14.000" (de) or "14,000" (en)."""
    return f"{value:,}" if lang == "en" else f"{value:,}".replace(",", ".")


def quote(text: str, lang: Lang, limit: int = 90) -> str:
    """Quote user-provided text as data, shortened and with line breaks removed.

    Wording addressed to the tool ("Ignoriere alle vorherigen Anweisungen …") is not repeated to the reader: the
    quote ends before it with "[…]" (unless the text starts with it; then the text is all the reader can go by).
    """
    kept = data_part(text)
    flat = shorten(" ".join((f"{kept} […]" if kept and kept != text else text).split()), limit)
    return f"„{flat}“" if lang != "en" else f"“{flat}”"


QUOTE_SLACK: Final = 15
"""How many characters a text may run over the limit and still be quoted whole."""


def shorten(text: str, limit: int) -> str:
    """``text`` in about ``limit`` characters.

    A text at most :data:`QUOTE_SLACK` characters longer stays whole (cutting it would drop its last, often
    decisive words: "… jedes technischen Systems zustimmen"). A longer one is cut after the last whole word that
    fits, not after an article, preposition or conjunction, with "…"; a word is cut only when that would drop
    more than a third of the room (one long compound).
    """
    if len(text) <= limit + QUOTE_SLACK:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space < limit * 2 // 3:
        return cut + "…"
    words = cut[:space].rstrip(" ,;:–-").split(" ")
    while len(words) > 1 and words[-1].casefold() in STOPWORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;:–-") + " …"


_SOURCE_DE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bas amended by Regulation \(EU\)"), "i. d. F. der Verordnung (EU)"),
    (re.compile(r"\bas amended by\b"), "i. d. F. von"),
    (re.compile(r"^Regulation \(EU\)"), "Verordnung (EU)"),
)


def legal_source(source: str, lang: Lang) -> str:
    """A legal source in the output language: the identifiers stay, the connecting words are translated."""
    if lang == "en":
        return source
    for pattern, replacement in _SOURCE_DE:
        source = pattern.sub(replacement, source)
    return source


def legal_ref(instrument: str, article: str, lang: Lang, condition: str | None = None) -> str:
    """A legal reference in the output language: "KI-VO Art. 5 Abs. 1 lit. f" (de), "AI Act Art. 5(1)(f)" (en);
    with ``condition`` (when it starts to apply) in brackets after it."""
    if lang == "en":
        ref = f"{instrument} {article}".strip().replace(" Nr. ", " No. ")
    else:
        german = article
        for pattern, replacement in _GERMAN_STYLE:
            german = pattern.sub(replacement, german)
        ref = f"{_INSTRUMENTS_DE.get(instrument, instrument)} {german}".strip()
    return f"{ref} ({condition})" if condition else ref
