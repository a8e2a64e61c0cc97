"""Locale helpers: money and number formatting in the output language."""

from __future__ import annotations

from fahrplan.core.vocab import Lang

__all__ = ["eur", "quote"]


def eur(amount: float, lang: Lang) -> str:
    """Format an amount in EUR: "1.234.000 €" (de) or "€1,234,000" (en)."""
    whole = f"{round(amount):,}"
    if lang == "en":
        return f"€{whole}"
    return whole.replace(",", ".") + " €"


def quote(text: str, lang: Lang, limit: int = 90) -> str:
    """Quote user-provided text as data, shortened and with line breaks removed."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"„{flat}“" if lang != "en" else f"“{flat}”"
