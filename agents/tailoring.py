"""Profile facts that decide: existing systems, channels, customer data and stated constraints.

Pure functions, deterministic in the profile and the catalog entry. They tell the planner whether
an initiative applies (:func:`fact_exclusion`), whether it extends a system the company already
has instead of building one (:func:`extends`, cheaper by :data:`EXTEND_COST_SHARE`), how the
constraints change its feasibility (:func:`constraint_penalty`), and how its text reads for this
company (:func:`tailor_catalog`: extension and store-free wording, constraints quoted).

Constraint texts are data: :mod:`fahrplan.agents.constraints` recognises a closed list of constraint kinds by
patterns; the text itself is only ever quoted, never followed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final, get_args

from pydantic import BaseModel

from fahrplan.agents.app_wording import APP_FIELDS, marketplace_wording, profile_wording
from fahrplan.agents.asked import asks_for
from fahrplan.agents.constraint_notes import CAMERA_RULE, CONSTRAINT_PENALTY, constraint_penalty, constraint_text
from fahrplan.agents.constraints import ConstraintKind, constraints_of
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.legal_context import works_council_status
from fahrplan.agents.owners import has_departments, owner_roles
from fahrplan.agents.works_council import council_measures
from fahrplan.core.i18n import quote
from fahrplan.core.profile import Profile
from fahrplan.core.texts import t
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative, ProfileFact, SystemKind, Text, ValueLever

__all__ = [
    "CONSTRAINT_PENALTY",
    "EXTEND_COST_SHARE",
    "camera_restricted",
    "constraint_penalty",
    "covered_by_systems",
    "exclusion_note",
    "extends",
    "fact_exclusion",
    "has_loyalty_members",
    "has_system_kind",
    "identifies_customers",
    "lacks",
    "online_only",
    "processes_personal_data",
    "tailor_catalog",
    "tailor_initiative",
    "tailored_deps",
]

# Planning assumption: extending a system the company already runs (CRM, consent tool, BI tool)
# reuses its licence, core integration and operating model; what remains is new sources, the
# data-model extension, use-case features and training. Assumed at 60 % of a new build's cost
# (an estimate, not a benchmark).
EXTEND_COST_SHARE = 0.6

# Profile system keys (``data_and_it.systems``) that name each system kind.
SYSTEM_KEYS: dict[SystemKind, tuple[str, ...]] = {
    "cdp": ("cdp", "customer_data_platform"),
    "crm": ("crm",),
    "data_warehouse": ("data_warehouse", "dwh", "data_platform", "lakehouse", "data_lake"),
    "pim": ("pim", "mdm", "product_information"),
    "marketplace": ("marketplace_connector", "marketplace", "marketplaces"),
    "consent": ("consent", "cmp", "consent_management"),
    "ml_platform": ("ml_platform", "mlops"),
    "bi": ("bi", "reporting"),
    # a forecasting and replenishment system (RELEX, SAP F&R, Blue Yonder): replenishment implies its forecast
    "forecasting": ("forecasting", "demand_planning", "demand_forecasting", "replenishment", "auto_replenishment"),
    "replenishment": ("replenishment", "auto_replenishment", "disposition"),
}
# A spreadsheet is not a BI platform ("bi: Excel-Berichte"), and ordering by hand is no replenishment system.
_SPREADSHEET = re.compile(r"excel|spreadsheet|tabellenkalkulation|google sheets", re.IGNORECASE)
_BY_HAND = re.compile(r"excel|spreadsheet|manuell|manual|händisch|by hand|papier|paper|bauchgefühl", re.IGNORECASE)
_NOT_A_SYSTEM: dict[SystemKind, re.Pattern[str]] = {
    "bi": _SPREADSHEET,
    "forecasting": _BY_HAND,
    "replenishment": _BY_HAND,
}

_I = re.IGNORECASE
_WORKS_AGREEMENT = "compliance.works_council_agreement"
_CENTRE_OF_EXCELLENCE = "upskilling.ai_center_of_excellence"
_REORDERING = frozenset({"supply_chain.standard_order_proposals", "supply_chain.automated_replenishment"})
_TRACKING_RULE = "tracking_personalisation"
_CAMERA_WISH = re.compile(r"kamera|video|camera", _I)


def has_system_kind(profile: Profile, kind: SystemKind) -> bool:
    """Whether the company already has a system of ``kind`` (profile systems, channels, customer facts)."""
    systems = profile.data_and_it
    if kind == "marketplace" and "marketplace" in profile.channels:
        return True
    if kind == "consent" and profile.customers.consent_management:
        return True
    not_a_system = _NOT_A_SYSTEM.get(kind)
    for key in SYSTEM_KEYS[kind]:
        if systems.has_system(key) and not (not_a_system and not_a_system.search(systems.systems[key])):
            return True
    return False


def covered_by_systems(ini: Initiative, profile: Profile) -> bool:
    """Whether the company already has everything ``ini`` builds (it is then not planned)."""
    return bool(ini.builds) and all(has_system_kind(profile, k) for k in ini.builds)


def extends(ini: Initiative, profile: Profile) -> bool:
    """Whether ``ini`` extends an existing system here instead of building one (cheaper, other wording)."""
    if ini.extend is None or covered_by_systems(ini, profile):
        return False
    return any(has_system_kind(profile, k) for k in ini.extend.when_any)


def online_only(profile: Profile) -> bool:
    """Whether the company sells without stores (no store wording, no store initiatives)."""
    return profile.company.stores == 0 and "stores" not in profile.channels


def has_loyalty_members(profile: Profile) -> bool:
    """Whether the company runs a customer card or bonus programme with members."""
    customers = profile.customers
    return bool(customers.loyalty_members) or (customers.loyalty_program is True and customers.loyalty_members is None)


MOSTLY_ONLINE_PCT: Final = 50.0
"""Online share from which most purchases are orders under a customer account (a subscription box, a mail-order
business with a shop on the side): such a business identifies its customers without a card."""


def identifies_customers(profile: Profile) -> bool:
    """Whether purchases can be tied to a person: a customer card, a customer file in a CRM (a jeweller's or furniture
    store's customer records), or a business that sells mostly online in its own shop."""
    share = profile.company.online_share_pct
    # in the company's own shop: on a marketplace the marketplace holds the buyer relationship
    mostly_online = profile.sells_online and (
        online_only(profile) or (share is not None and share >= MOSTLY_ONLINE_PCT)
    )
    return has_loyalty_members(profile) or has_system_kind(profile, "crm") or mostly_online


def lacks(fact: ProfileFact, profile: Profile) -> bool:
    """Whether the company lacks ``fact``: then the initiative works as its ``without`` variant for it says."""
    has = {
        "identified_customers": identifies_customers(profile),
        "customer_card": has_loyalty_members(profile),
        "online_shop": profile.sells_online,
        "purchase_history": has_loyalty_members(profile) or profile.sells_online,
        "departments": has_departments(profile),
    }
    return not has[fact]


def processes_personal_data(ini: Initiative, profile: Profile) -> bool:
    """Whether a non-AI initiative's personal-data processing (reviewed under its compliance rules) is real for
    this company: always, or only where customers are identified (``personal_data_when``)."""
    if ini.personal_data is None or not ini.compliance_rules:
        return False
    return ini.personal_data_when == "always" or identifies_customers(profile)


def _customer_exclusion(ini: Initiative, profile: Profile) -> str | None:
    """Why the customer data ``ini`` needs is missing, or None."""
    customers = profile.customers
    loyalty = has_loyalty_members(profile)
    if ini.customer_data == "newsletter" and not (customers.newsletter_subscribers or customers.consent_management):
        return "customer_data:newsletter"
    if ini.customer_data == "loyalty" and not loyalty:
        return "customer_data:loyalty"
    if ini.customer_data == "identified" and not identifies_customers(profile):
        return "customer_data:identified"
    return None


def _camera_wanted(profile: Profile) -> bool:
    return any(_CAMERA_WISH.search(u) for u in profile.planned_use_cases)


def _constraint_exclusion(ini: Initiative, kinds: dict[ConstraintKind, str]) -> ConstraintKind | None:
    """The constraint kind that rules ``ini`` out, or None."""
    if "no_works_council" in kinds and ini.id == _WORKS_AGREEMENT:
        return "no_works_council"
    if "hiring_freeze" in kinds and ini.id == _CENTRE_OF_EXCELLENCE:
        return "hiring_freeze"
    if "no_customer_tracking" in kinds and (
        ini.customer_data in ("loyalty", "identified") or _TRACKING_RULE in ini.compliance_rules
    ):
        return "no_customer_tracking"
    if "franchise_staff" in kinds and "workforce_scheduling" in ini.reviewed_rules:
        return "franchise_staff"
    if "unique_items" in kinds and ini.id in _REORDERING:
        return "unique_items"  # one-of-a-kind goods: nothing is ordered again, so nothing to propose or replenish
    return None


def fact_exclusion(ini: Initiative, profile: Profile) -> str | None:
    """Return why the profile's facts rule ``ini`` out, or None.

    Reasons: ``existing:<kinds>`` (the company already has what it builds), ``customer_data:<kind>``,
    ``constraint:<kind>``. A strict camera agreement rules out camera analytics unless a planned use
    case asks for cameras; then the initiative is planned with the works agreement as its gate.
    """
    if covered_by_systems(ini, profile):
        return "existing:" + ",".join(ini.builds)
    reason = _customer_exclusion(ini, profile)
    if reason is not None:
        return reason
    kinds = constraints_of(profile)
    kind = _constraint_exclusion(ini, kinds)
    if kind is None and camera_restricted(ini, profile):
        kind = None if _camera_wanted(profile) else "camera_restriction"
    return None if kind is None else f"constraint:{kind}"


def camera_restricted(ini: Initiative, profile: Profile) -> bool:
    """Whether a stated camera agreement bears on ``ini`` (camera analytics): only a use case asks for it."""
    return "camera_restriction" in constraints_of(profile) and CAMERA_RULE in ini.compliance_rules


def exclusion_note(reason: str, ini: Initiative, profile: Profile, lang: Lang) -> str | None:
    """A readable sentence for a profile-fact exclusion (existing system, customer data, constraint); else None.

    Channel, store, size, sector and maturity exclusions get no note: they are evident from the profile.
    """
    kind, _, detail = reason.partition(":")
    title = ini.title.get(lang)
    if kind == "existing":
        systems = ", ".join(_system_names(profile, detail.split(","), lang))
        return t("x_existing", lang, title=title, systems=systems)
    if kind == "customer_data":
        return t(f"x_customer_{detail}", lang, title=title)
    if kind == "constraint":
        stated = {str(k): v for k, v in constraints_of(profile).items()}.get(detail, "")
        return t("x_constraint", lang, title=title, constraint=quote(stated, lang, 80))
    return None


def _system_names(profile: Profile, kinds: list[str], lang: Lang) -> list[str]:
    """The profile's own names of the systems of ``kinds`` ("Snowflake"), or what the kind is called."""
    names: list[str] = []
    systems = profile.data_and_it.systems
    for kind in kinds:
        keys = {str(k): v for k, v in SYSTEM_KEYS.items()}.get(kind, ())
        found = [systems[k] for k in keys if profile.data_and_it.has_system(k)]
        names.append(found[0] if found else t(f"x_kind_{kind}", lang))
    return list(dict.fromkeys(names))


def _own_marketplaces(text: Text, profile: Profile) -> Text:
    """``text`` naming the marketplaces the company sells on, where its profile names them, not the catalog's
    examples (fashion marketplaces for a seller of refurbished phones)."""
    if not profile.data_and_it.has_system("marketplace"):
        return text
    names = profile.data_and_it.systems["marketplace"]
    return marketplace_wording(text, quote(names, "de", 60), quote(names, "en", 60))


def _note(text: Text, addition: Text | None) -> Text:
    return text if addition is None else Text(de=f"{text.de} {addition.de}", en=f"{text.en} {addition.en}")


def tailor_initiative(ini: Initiative, profile: Profile, satisfied: frozenset[str] = frozenset()) -> Initiative:
    """Return ``ini`` as it reads and depends for ``profile``.

    The sector's wording where the catalog has one; store-free wording for a company without stores; extension
    wording when it extends an existing system; how it works where the company lacks a fact (``without``: no
    customer card, no online shop), which can change what it does, the rules it is reviewed under, what it needs
    first and what its scale step adds; no app wording without an app; the constraints that bear on it quoted in its
    description; prerequisites in ``satisfied`` (covered by the company's systems) removed; the DPIA process
    (``mandatory_when: loyalty_programme``) is a standing duty only for a company with a customer card or bonus
    programme, otherwise a gate where a planned use case needs a DPIA.
    """
    update: dict[str, object] = {}
    kinds = constraints_of(profile)
    for variant in (ini.by_sector.get(profile.company.sector), ini.online if online_only(profile) else None):
        update |= _given(variant)  # the sector's wording first, store-free on top
    if extends(ini, profile) and ini.extend is not None:
        update |= {"title": ini.extend.title, "description": ini.extend.description}
    for fact in get_args(ProfileFact):  # in a fixed order: a later fact's variant has the last word
        if fact in ini.without and lacks(fact, profile):
            update |= _given(ini.without[fact])
    if "unique_items" in kinds:  # one-of-a-kind pieces: no supplier data, reorders or size runs
        update |= _given(ini.unique_items)
    for form, variant in ini.asked.items():  # the form the company asks for in its own words has the last word
        if asks_for(form, profile):
            update |= _given(variant)
    if update.get("scale_rules") == []:  # the step adds no purpose of its own here: nothing of it to review
        update["scale_use_case"] = None
    # no app or web-shop wording without them, no hedge on a works council the profile speaks of
    card = bool(profile.customers.loyalty_program)
    fields = {k: update.get(k, getattr(ini, k)) for k in APP_FIELDS}
    update |= profile_wording(fields, profile.channels, works_council_status(profile), loyalty=card)
    description = update.get("description", ini.description)
    assert isinstance(description, Text)
    dpia_duty = ini.mandatory and ini.mandatory_when == "loyalty_programme"
    # with a card, the DPIA process says why it is due even without a new AI project
    due = Text(de=t("dpia_loyalty_duty", "de"), en=t("dpia_loyalty_duty", "en")) if dpia_duty and card else None
    update["description"] = _note(_note(_own_marketplaces(description, profile), constraint_text(ini, profile)), due)
    roles = update.get("owner_roles", ini.owner_roles)
    assert isinstance(roles, list)
    owners = owner_roles(roles, profile)
    if owners != roles:
        update["owner_roles"] = owners
    prerequisites = update.get("prerequisites", ini.prerequisites)
    assert isinstance(prerequisites, list)
    if satisfied & set(prerequisites):
        update["prerequisites"] = [p for p in prerequisites if p not in satisfied]
    if "no_works_council" in kinds:
        update |= _without_works_council(ini.model_copy(update=update))
    levers = update.get("value_levers", ini.value_levers)
    assert isinstance(levers, list)
    if profile.company.employees >= SME_EMPLOYEES and (plain := [_without_sme_clause(v) for v in levers]) != levers:
        update["value_levers"] = plain
    if dpia_duty and not card:
        update["mandatory"] = False  # a gate where a planned use case needs a DPIA, not a standing duty
    return ini.model_copy(update=update)


SME_EMPLOYEES: Final = 250
"""From this headcount a company is no SME (Commission Recommendation 2003/361/EC), whatever its turnover."""
_SME_CLAUSE: Final = re.compile(r"\s*\((?:für KMU gilt der niedrigere|for SMEs the lower)\)")
"""The fine tiers' SME clause (Art. 99(6) AI Act): beside the fines of a company that is no SME it misleads."""


def _without_sme_clause(lever: ValueLever) -> ValueLever:
    if lever.figure is None or not _SME_CLAUSE.search(lever.figure.de):
        return lever
    figure = Text(de=_SME_CLAUSE.sub("", lever.figure.de), en=_SME_CLAUSE.sub("", lever.figure.en))
    return lever.model_copy(update={"figure": figure})


_CONDITIONED: Final = re.compile(r"(?:wo|falls|sofern)\s+(?:ein|es einen)\s+Betriebsrat|(?:falls|sofern) vorhanden")
"""A catalog text that already says "where there is a works council": it is not qualified a second time."""
_AGREEMENT: Final = (
    (re.compile(r"(Betriebsvereinbarung)(?!\s*\()"), r"\1 (sobald ein Betriebsrat besteht)"),
    (re.compile(r"(works agreement)(?!\s*\()", re.IGNORECASE), r"\1 (once a works council exists)"),
)


def _without_works_council(ini: Initiative) -> dict[str, object]:
    """Co-determination needs a works council: without one the BetrVG is no source of the plan's steps, and a
    success factor or risk that names a works agreement says it applies once a council exists."""

    def qualified(text: Text) -> Text:
        de, en = text.de, text.en
        if _CONDITIONED.search(de):  # the catalog's text already says "where there is a works council"
            return text
        for pattern, repl in _AGREEMENT:
            de, en = pattern.sub(repl, de), pattern.sub(repl, en)
        return Text(de=de, en=en)

    out: dict[str, object] = {
        "success_factors": [qualified(x) for x in ini.success_factors],
        "risks": [qualified(x) for x in ini.risks],
    }
    if any(c.startswith("betrvg.") for c in ini.legal_triggers):
        out["legal_triggers"] = [c for c in ini.legal_triggers if not c.startswith("betrvg.")]
    return out


def _given(variant: BaseModel | None) -> dict[str, object]:
    """The fields a catalog variant sets (each replaces the initiative's)."""
    if variant is None:
        return {}
    return {k: getattr(variant, k) for k in type(variant).model_fields if getattr(variant, k) is not None}


def tailor_catalog(catalog: Catalog, profile: Profile) -> Catalog:
    """The catalog as it reads for ``profile`` (see :func:`tailor_initiative`); entries and order unchanged."""
    satisfied = frozenset(i.id for i in catalog.initiatives.values() if covered_by_systems(i, profile))
    initiatives = {k: tailor_initiative(v, profile, satisfied) for k, v in catalog.initiatives.items()}
    return replace(catalog, initiatives=initiatives, measures=council_measures(catalog.measures, profile))


def tailored_deps(deps: AgentDeps, profile: Profile) -> AgentDeps:
    """``deps`` with the catalog as it reads for ``profile`` (what every graph node plans with)."""
    return replace(deps, catalog=tailor_catalog(deps.catalog, profile))
