"""Which form of an initiative the company asks for in its own words (planned use cases and goals).

Pure functions over the profile: a company that wants callers answered by an assistant ("Telefonassistent mit
KI-Stimme", "voice bot on the hotline", "Telefonanfragen reduzieren") and asks for no chat gets the phone form of
the service assistant, not a website chat it did not ask for; a garden centre that speaks of its greenhouses gets
energy management as climate control of the greenhouses; a retailer with stores that wants instalments or invoice
payment at the till gets a payment provider whose pilot runs at the tills, not only online; a box scheme gets fresh
ordering per packing day from the boxes ordered, not per store before closing time. Only the part of a text
before instruction-like wording is read.
"""

from __future__ import annotations

import re
from typing import Final

from fahrplan.core.profile import Profile
from fahrplan.core.untrusted import data_part
from fahrplan.knowledge.schema import AskedForm

__all__ = ["AskedForm", "asks_for"]


_I = re.IGNORECASE
_PHONE: Final = re.compile(
    r"telefon|\banruf|hotline|sprachassist|ki-stimme|sprachbot|voice ?bot|\bphone\b|telephone", _I
)
_SERVED: Final = re.compile(
    r"assist|bot\b|stimme\b|\bvoice|beantwort|\banswer|reduz|weniger|entlast|eindämm|fewer|reduce|\bcut", _I
)
_NOT_SERVING: Final = re.compile(r"stimmung|emotion|sentiment|aufzeichn|record", _I)
"""Callers' moods analysed or calls recorded: another purpose than answering them (reviewed on its own)."""
_CHAT: Final = re.compile(r"chat|messenger|whatsapp", _I)
_GREENHOUSE: Final = re.compile(r"gew(ä|ae)chsh(a|ä)us|glash(a|ä)us|treibh(a|ä)us|greenhouse|glasshouse", _I)
"""Greenhouses a company heats, ventilates and waters: its energy management is climate control for plants."""
_TILL: Final = re.compile(
    r"\bkasse|\bfilialkasse|\bim (laden|markt|geschäft)|in[- ]store|\bat the till|point of sale", _I
)
_PAY_LATER: Final = re.compile(
    r"ratenkauf|\braten(zahlung)?\b|finanzierung|rechnungskauf|kauf auf rechnung|\bbnpl\b|pay[- ]later|instal?ments?|"
    r"financing|invoice",
    _I,
)
"""Instalments, financing or invoice payment: what a payment provider or bank decides at the till."""
_BOX_SCHEME: Final = re.compile(
    r"abo-?kiste|gemüsekiste|obstkiste|biokiste|kistenabo|\bkiste\w* (packen|gepackt)|box scheme|veg(etable)? box|"
    r"subscription box|produce box",
    _I,
)
"""A box scheme: fresh demand is known at the order cut-off, and leftovers come from packing the boxes."""


def asks_for(form: AskedForm, profile: Profile) -> bool:
    """Whether the company's planned use cases or goals ask for ``form`` of an initiative (see the module)."""
    texts = [data_part(t) for t in (*profile.planned_use_cases, *profile.goals)]
    if form == "phone":
        asked = any(_PHONE.search(t) and _SERVED.search(t) and not _NOT_SERVING.search(t) for t in texts)
        return asked and not any(_CHAT.search(t) for t in texts)
    if form == "till":
        stores = "stores" in profile.channels and bool(profile.company.stores)
        return stores and any(_TILL.search(t) and _PAY_LATER.search(t) for t in texts)
    pattern = _BOX_SCHEME if form == "box_scheme" else _GREENHOUSE
    return any(pattern.search(t) for t in texts)
