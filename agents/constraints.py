"""Stated constraints of a profile, classified to a closed list of kinds (German and English patterns).

Constraint texts are data: a kind is recognised by patterns; the text itself is only ever quoted, never followed.
"""

from __future__ import annotations

import re
from typing import Literal

from fahrplan.core.profile import Profile

__all__ = ["ConstraintKind", "classify_constraint", "constraints_of"]

_I = re.IGNORECASE

ConstraintKind = Literal[
    "camera_restriction",
    "works_council_approval",
    "works_council",
    "no_works_council",
    "no_cloud",
    "legacy_systems",
    "hiring_freeze",
    "no_customer_tracking",
    "franchise_staff",
    "independent_operators",
    "scarce_capacity",
    "no_layoffs",
    "unique_items",
    "third_party_systems",
    "business_customers_only",
    "fixed_prices",
    "code_freeze",
    "building_restriction",
]

# Each kind: patterns that must all match (German and English). Order matters only for the
# works council: "kein Betriebsrat" is no_works_council and nothing else about the council.
_KINDS: tuple[tuple[ConstraintKind, tuple[re.Pattern[str], ...]], ...] = (
    (
        "camera_restriction",
        (
            re.compile(r"kamera|video|camera|cctv", _I),
            re.compile(
                r"betriebsvereinbarung|works agreement|verbot|untersagt|streng|strict|restrict|\bban|keine|\bno\b", _I
            ),
        ),
    ),
    ("no_works_council", (re.compile(r"\b(kein\w*|ohne)\s+betriebsr|\bno works council|without a works council", _I),)),
    (
        "works_council_approval",
        (
            re.compile(r"betriebsr[aä]t|works council", _I),
            re.compile(r"zustimm|beteilig|mitbestimm|genehmig|approv|consent|must|muss|verlangt|require", _I),
        ),
    ),
    ("works_council", (re.compile(r"betriebsr[aä]t|works council", _I),)),
    (
        "no_cloud",
        (re.compile(r"(kein\w*|ohne|nicht in die)\s+cloud|on[- ]?prem|no cloud|not in the cloud|cloud is not", _I),),
    ),
    (
        "legacy_systems",
        (
            re.compile(
                r"veraltet|altsystem|\balte[snm]?\s+(kassen|erp|warenwirtschaft|system|shop)|legacy|outdated|as/?400|"
                r"\bibm i\b|mainframe|(abgelöst|ersetzt|gewechselt|replaced)\b|nicht vor 20\d\d|not before 20\d\d",
                _I,
            ),
        ),
    ),
    (
        "hiring_freeze",
        (
            re.compile(
                r"einstellungsstopp|keine (neu)?einstellungen|keine (neuen|zusätzlichen) stellen|hiring freeze|"
                r"no new (hires|headcount)|headcount freeze",
                _I,
            ),
        ),
    ),
    (
        "no_customer_tracking",
        (re.compile(r"kein\w*\s+(kundenkarte|tracking|kundenprogramm)|\bno (loyalty|tracking)|without tracking", _I),),
    ),
    (
        "franchise_staff",
        (
            re.compile(r"franchise|selbstst[aä]ndige\w* kaufleute|independent (retailers|merchants)", _I),
            re.compile(r"personal|dienstpl|einsatzplan|\bstaff|schedul|rota", _I),
        ),
    ),
    (
        # independent merchants or franchisees run (part of) the stores: they decide for their sites and keep
        # what a solution saves there
        "independent_operators",
        (
            re.compile(
                r"franchise|selbstst[aä]ndige\w* (kaufleute|kauffrau|kaufmann|kaufmänner|händler|einzelhändler|"
                r"partner)|independent (retailers|merchants|store owners|operators)",
                _I,
            ),
        ),
    ),
    (
        "scarce_capacity",
        (
            re.compile(
                r"knapp\w*\s+(it-)?kapazit|keine it-abteilung|nur eine interne person|no it (department|team)|"
                r"limited (it )?capacity",
                _I,
            ),
        ),
    ),
    (
        "unique_items",
        (
            re.compile(
                r"unikat|einzelstück|nichts wird nachbestellt|one[- ]of[- ]a[- ]kind|every (item|piece) is unique|"
                r"nothing is re-?ordered",
                _I,
            ),
        ),
    ),
    (
        # tills and merchandise management run by a buying group, franchisor or head office, without own interfaces
        "third_party_systems",
        (
            re.compile(
                r"(keine|nicht)\s+(\w+\s+){0,2}(eigenen?\s+)?schnittstellen|eigene schnittstellen\s+(\w+\s+){0,2}nicht|"
                r"no (own |custom )?interfaces|cannot (build|add) (own |custom )?interfaces|"
                r"stellt (der|die|das|unser\w*) (\w+)?(verbund|zentrale|franchisegeber|genossenschaft)",
                _I,
            ),
        ),
    ),
    (
        # sells to businesses only: consumer-protection duties (price notices under consumer law) do not apply
        "business_customers_only",
        (
            re.compile(
                r"\bb2b[- ]?(only|exklusiv)|\b(nur|only|ausschließlich|exclusively)\s+(\w+\s+){0,2}(b2b|geschäftskund|"
                r"gewerbekund|firmenkund|business customers|trade customers)|keine (privat|end)kund|no consumers",
                _I,
            ),
        ),
    ),
    (
        # part of the range is sold at prices the retailer does not set (fixed book prices, publisher-set prices)
        "fixed_prices",
        (
            re.compile(
                r"preisbindung|preisgebunden|gebundene[nr]? (laden)?preis|fixed (book |retail )?prices?|"
                r"resale price maintenance|price[- ]maintained",
                _I,
            ),
        ),
    ),
    (
        # no system changes in a season ("Von Oktober bis Dezember keine Systemumstellungen (Code Freeze)")
        "code_freeze",
        (
            re.compile(
                r"code[- ]?freeze|change[- ]?freeze|release[- ]?freeze|keine (\w+ )?(system)?umstellung|"
                r"keine (\w+ )?(system)?änderungen|no (system )?changes|systemstopp|einfrieren|"
                r"kein\w* go-?lives?\b|no go-?lives?\b",
                _I,
            ),
        ),
    ),
    (
        # protected or historic buildings: devices in the stores need no structural work, or an approval first
        "building_restriction",
        (
            re.compile(
                r"denkmal|historisch|heritage|listed building|umbau|bauliche|eingriff\w* in (die )?(haustechnik|"
                r"bausubstanz|gebäude)|structural|building services",
                _I,
            ),
            re.compile(
                r"eingeschränkt|genehmig|nicht möglich|nicht erlaubt|verboten|untersagt|\bkein\w*|denkmal|limited|"
                r"restrict|approv|permi|not (possible|allowed)|heritage|listed",
                _I,
            ),
        ),
    ),
    (
        "no_layoffs",
        (
            re.compile(
                r"keine (entlassungen|kündigungen)|kein stellenabbau|no layoffs|keep their jobs|no redundanc", _I
            ),
        ),
    ),
)


def classify_constraint(text: str) -> tuple[ConstraintKind, ...]:
    """Return the constraint kinds one stated constraint names (a closed list; unknown text: none)."""
    kinds: list[ConstraintKind] = []
    for kind, patterns in _KINDS:
        if kind in ("works_council_approval", "works_council") and (
            "no_works_council" in kinds or "works_council_approval" in kinds
        ):
            continue
        if all(p.search(text) for p in patterns):
            kinds.append(kind)
    return tuple(kinds)


def constraints_of(profile: Profile) -> dict[ConstraintKind, str]:
    """Map each constraint kind the profile states to the first constraint text that states it."""
    out: dict[ConstraintKind, str] = {}
    for text in profile.constraints:
        for kind in classify_constraint(text):
            out.setdefault(kind, text)
    return out
