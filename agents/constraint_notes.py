"""Which of a company's stated constraints bear on an initiative, what they cost it and how its text says so.

Pure. A constraint that bears on an initiative (a camera agreement on camera analytics, no cloud on a software
service, protected buildings on devices installed in stores) costs it feasibility and is quoted in its description
with what it means for the work; one that makes it lighter (business customers only: no consumer-law notice) is
quoted too.
"""

from __future__ import annotations

import re
from typing import Final

from fahrplan.agents.constraints import ConstraintKind, constraints_of
from fahrplan.core.i18n import quote
from fahrplan.core.profile import Profile
from fahrplan.core.texts import t
from fahrplan.knowledge.schema import Initiative, Text

__all__ = ["CAMERA_RULE", "CONSTRAINT_PENALTY", "constraint_penalty", "constraint_text"]

CONSTRAINT_PENALTY: Final = 1.0
"""Feasibility points a stated constraint costs an initiative it bears on (renegotiation, approval rounds,
on-premises operation): a planning assumption of the same size as one maturity level gap."""

_I = re.IGNORECASE
CAMERA_RULE: Final = "instore_video_analytics"
_PRICE_SETTING: Final = frozenset({"supply_chain.dynamic_pricing", "supply_chain.markdown_optimisation"})
"""Initiatives that set or reduce selling prices (a stated price fixing bears on them)."""
_STORE_DEVICES: Final = frozenset(
    {
        "omnichannel.footfall_counting",
        "omnichannel.electronic_shelf_labels",
        "omnichannel.cv_shelf_monitoring",
        "omnichannel.store_heatmaps",
        "omnichannel.store_energy_management",
    }
)
"""Initiatives that install sensors, cameras, labels or meters in the stores (a building restriction bears on them)."""
_DEVICE_PLACES: Final = {
    "omnichannel.footfall_counting": re.compile(r"eingang|eingäng|entrance|\btür|\bdoor", _I),
    "omnichannel.store_energy_management": re.compile(
        r"haustechnik|building services|heizung|klima|lüftung|\bhvac|heating|air[- ]condition", _I
    ),
}
"""Where a device sits, as a building restriction may name it (entrances, building services)."""
_SAAS: Final = re.compile(r"\bsaas\b|cloud", _I)
_CONNECTS: Final = re.compile(r"schnittstell|\banbindung|\bbindet\b.*\ban\b|kassendaten|kasse und warenwirtschaft", _I)
"""Catalog wording of an initiative that connects to the tills or merchandise management itself."""
_CONSUMER_LAW: Final = re.compile(r"246a|verbraucherrechte", _I)
"""Catalog wording that names consumer-protection duties (the notice on personalised prices)."""


def _bearing(ini: Initiative, profile: Profile) -> list[tuple[ConstraintKind, str]]:
    """The stated constraints that bear on a planned ``ini`` (and make it harder)."""
    kinds = constraints_of(profile)
    out: list[tuple[ConstraintKind, str]] = []
    if "camera_restriction" in kinds and CAMERA_RULE in ini.compliance_rules:
        out.append(("camera_restriction", kinds["camera_restriction"]))
    if "works_council_approval" in kinds and (
        CAMERA_RULE in ini.compliance_rules or "workforce_scheduling" in ini.reviewed_rules
    ):
        out.append(("works_council_approval", kinds["works_council_approval"]))
    text = " ".join([ini.description.de, ini.external.de if ini.external else ""])
    if "no_cloud" in kinds and _SAAS.search(text):
        out.append(("no_cloud", kinds["no_cloud"]))
    if "third_party_systems" in kinds and _CONNECTS.search(text):
        out.append(("third_party_systems", kinds["third_party_systems"]))
    if "fixed_prices" in kinds and ini.id in _PRICE_SETTING:
        out.append(("fixed_prices", kinds["fixed_prices"]))
    if "building_restriction" in kinds and ini.id in _restricted_devices(kinds["building_restriction"]):
        out.append(("building_restriction", kinds["building_restriction"]))
    return out


def _restricted_devices(stated: str) -> frozenset[str]:
    """The store devices a building restriction concerns: those at the entrances or in the building services where
    it names only them, otherwise every device installed in the stores."""
    named = frozenset(ini for ini, where in _DEVICE_PLACES.items() if where.search(stated))
    return named or _STORE_DEVICES


def _quoted_only(ini: Initiative, profile: Profile) -> list[tuple[ConstraintKind, str]]:
    """The stated constraints quoted in a planned ``ini``'s text without costing it feasibility: one that makes it
    lighter (a duty that does not apply to this company) or one that shapes its rollout (partners who decide for
    their own stores)."""
    kinds = constraints_of(profile)
    out: list[tuple[ConstraintKind, str]] = []
    if "business_customers_only" in kinds and _CONSUMER_LAW.search(ini.description.de):
        out.append(("business_customers_only", kinds["business_customers_only"]))
    if "independent_operators" in kinds and ini.requires_stores:
        out.append(("independent_operators", kinds["independent_operators"]))
    return out


def constraint_penalty(ini: Initiative, profile: Profile) -> float:
    """Feasibility points the stated constraints cost ``ini`` (0 when none bears on it)."""
    return CONSTRAINT_PENALTY if _bearing(ini, profile) else 0.0


def constraint_text(ini: Initiative, profile: Profile) -> Text | None:
    """One sentence per constraint that bears on ``ini``, quoting the constraint as stated."""
    notes = [
        Text(
            de=t(f"c_{kind}", "de", constraint=quote(stated, "de", 80)),
            en=t(f"c_{kind}", "en", constraint=quote(stated, "en", 80)),
        )
        for kind, stated in [*_bearing(ini, profile), *_quoted_only(ini, profile)]
    ]
    if not notes:
        return None
    return Text(de=" ".join(n.de for n in notes), en=" ".join(n.en for n in notes))
