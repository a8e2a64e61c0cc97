"""Owner roles as a company has them: a small retailer has no legal, IT, marketing or HR department.

Pure: the catalog names department heads (Rechtsabteilung, CIO/IT-Leitung, Marketing/CRM-Leitung); below the
headcounts here the management owns the work with outside help or the staff member doing it.
"""

from __future__ import annotations

import re
from typing import Final

from fahrplan.core.profile import Profile
from fahrplan.core.texts import t
from fahrplan.knowledge.schema import Text

__all__ = ["NO_IT_EMPLOYEES", "SME_EMPLOYEES", "has_departments", "owner_roles"]

_I = re.IGNORECASE

SME_EMPLOYEES: Final = 250
"""Below this headcount (the EU SME threshold) a retailer has no legal department and no chief data officer."""
NO_IT_EMPLOYEES: Final = 100
"""Below this headcount and without a data team, IT is the owner's job with a service provider."""
_LEGAL_DEPT = re.compile(r"rechtsabteilung|legal department", _I)
_DATA_EXEC = re.compile(r"chief data officer|enterprise-architektur|enterprise architecture", _I)
_IT = re.compile(r"\bIT\b")
_STAFF_FUNCTION = re.compile(
    r"personal|\bHR\b|marketing|\bCRM\b|kundenservice|e-commerce|marktplätze|pricing|category management|"
    r"stammdaten|revision|finanzen",
    _I,
)
"""Department heads a retailer under 100 staff rarely has: management owns the work with the staff member doing it."""
_LINE_FUNCTION = re.compile(r"einkauf|disposition|filial|vertrieb|logistik|lager|technik|supply", _I)
"""Line functions a small retailer does have (buying, stores, logistics): their lead keeps the work."""


def has_departments(profile: Profile) -> bool:
    """Whether the company is large enough (100 staff or more) for departments with their own heads."""
    return profile.company.employees >= NO_IT_EMPLOYEES


def _text(key: str) -> Text:
    return Text(de=t(key, "de"), en=t(key, "en"))


def owner_roles(roles: list[Text], profile: Profile) -> list[Text]:
    """The owner roles as this company has them: management with outside help where a department does not exist."""
    employees = profile.company.employees
    small = employees < SME_EMPLOYEES
    # a chief data officer heads a data team; with less than one data FTE the IT lead owns the data work
    no_data_team = (profile.data_and_it.data_team_fte or 0) < 1
    if not small and not no_data_team:
        return roles
    no_it = employees < NO_IT_EMPLOYEES and not profile.data_and_it.data_team_fte
    out: list[Text] = []
    for role in roles:
        if small and _LEGAL_DEPT.search(role.de):
            role = _text("owner_management_legal")
        elif no_it and (_IT.search(role.de) or _DATA_EXEC.search(role.de)):
            role = _text("owner_management_it")
        elif _DATA_EXEC.search(role.de):
            role = _text("owner_it_lead")
        elif not has_departments(profile) and _STAFF_FUNCTION.search(role.de) and not _LINE_FUNCTION.search(role.de):
            role = _text("owner_management_staff")
        if role not in out:
            out.append(role)
    return out
