"""Fit a compliance finding to the company: what a rule cannot know from the use-case text alone.

A rule reads one use case. Whether its profiling is large-scale (a customer card, identified online
customers), whether purchases may reveal special categories (a drugstore's health range), whether a
loyalty-card item of the DSK list applies at all, and whether the works council has a say depends on
the company. Pure functions over a finding, the rules that produced it and the profile; the text a
profile contributes (a constraint) is quoted as data, never followed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from fahrplan.agents.constraints import constraints_of
from fahrplan.agents.no_council import (
    WORKS_COUNCIL,
    WORKS_COUNCIL_CONSENT,
    WORKS_COUNCIL_CONSENT_IF,
    CouncilStatus,
    pilot_agreement,
    without_council,
)
from fahrplan.agents.sensitive_ranges import categories_wording, sells_alcohol, sensitive_context
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import ComplianceFinding, LegalBasis
from fahrplan.core.texts import t
from fahrplan.core.untrusted import data_part
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import UseCaseRule

__all__ = [
    "CUSTOMER_PROFILING_RULES",
    "STAFF_CAPTURING_RULES",
    "STAFF_MONITORING_RULES",
    "addresses_everyone",
    "amend_finding",
    "every_system_approval",
    "fit_to_company",
    "legal_basis",
    "marketing_constraints",
    "without_superseded",
    "works_council_constraints",
    "works_council_status",
]

_Duties = tuple[list[str], list[str], list[str]]
"""What a situation adds to a finding: legal bases, measures and notes for its reasoning."""
_MEMBER_BASES: Final = frozenset({"loyalty_profiling", "email_marketing"})
CUSTOMER_PROFILING_RULES: Final = frozenset(
    {"loyalty_profiling", "recommendations", "personalised_pricing", "personalised_pricing_tracking"}
)
"""Rules whose processing evaluates customers' purchase or behaviour history (profiling, Art. 4(4) GDPR)."""

STAFF_MONITORING_RULES: Final = frozenset(
    {
        "workforce_scheduling",
        "employee_performance_monitoring",
        "recruitment_screening",
        "genai_internal_assistant",
        "instore_video_analytics",
        "pos_exception_analytics",
    }
)
"""Rules of systems that can monitor staff behaviour or performance (§ 87(1) No. 6 BetrVG): a GenAI
assistant because its logs show who asked what, store cameras because staff are in the picture."""

STAFF_CAPTURING_RULES: Final = frozenset({"anonymous_counting", "produce_recognition"})
"""Rules of devices that capture staff without evaluating anyone (entrance counters count staff passing too; a camera
over the till or counter sees the seller's hands and books under their login): they are objectively suitable to
monitor them, which is all § 87(1) No. 6 BetrVG asks, so where there is a works council they go live with its
consent (a pilot agreement), identifiers or not."""

CONSENT_RULES: Final = frozenset({"email_marketing", "tracking_personalisation", "personalised_pricing_tracking"})
"""Rules whose processing needs consent (§ 7 UWG, § 25 TDDDG): the finding's basis is consent, not balancing."""

SUPERSEDED_BY: Final = {
    "dpia_screening": "dpia",
    WORKS_COUNCIL_CONSENT: "works_council",
    WORKS_COUNCIL_CONSENT_IF: "works_council",
}
"""Measures another measure of the same finding includes: a DPIA includes its threshold screening, the works
agreement the pilot agreement for the same system."""

_HEALTH_QUESTIONS: Final = re.compile(
    r"allergen|allergi|unverträglich|intoleran|beschwerden|symptom|nebenwirkung|side effect|wechselwirkung|"
    r"(?:drug|medicine) interactions?|hautproblem|skin condition|gesundheit|\bhealth|medikament|arznei|medicine|"
    r"schwanger|pregnan",
    re.IGNORECASE,
)
"""Topics a customer assistant answers by hearing about the asker's own health."""
_EVERY_SYSTEM: Final = re.compile(
    r"\b(?:jede[snmr]?|alle[nrs]?|every|all|any)\s+(?:\w+\s+){0,2}?"
    r"(?:systems?|systemen?|einführung|pilot\w*|tools?|software|anwendung\w*|it\b)",
    re.IGNORECASE,
)
_APPROVAL: Final = re.compile(r"zustimm|genehmig|approv|consent", re.IGNORECASE)
_STAFF_SCOPE: Final = re.compile(r"mitarbeit|personal|beschäftigt|staff|employee|kamera|camera|video", re.IGNORECASE)
_MARKETING_LIMIT = re.compile(
    r"werb|marketing|ansprache|newsletter|targeting|minderjähr|\bminors?\b|jugendlich|\bage (check|verif|limit)|"
    r"altersprüf|altersverif|\b(16|18)\b",
    re.IGNORECASE,
)
_EVERYONE: Final = re.compile(
    r"\b(?:alle[nm]?|all|sämtliche[nm]?|every)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:[\w-]*kund|[\w-]*mitglied|members?|customers?|abonnent|subscribers?|empfänger|recipients?)",
    re.IGNORECASE,
)
"""A campaign addressed to everyone (all members): e-mail advertising goes only to those who consented."""
_DSK_LOYALTY, _DSK_PROFILES = "dsk.dpia_list.loyalty_profiles", "dsk.dpia_list.profiles"
_CONSUMER_PRICE: Final = "consumer.personalised_price"
_CONSENTED: Final = re.compile(
    r"\beingewilligte[nrs]?\b|\bdie eingewilligt haben|who have consented|\bconsenting (?:\w+ ){0,2}customers",
    re.IGNORECASE,
)
"""What an initiative does names the people processed as those who consented ("eingewilligter Stammkunden")."""


def addresses_everyone(use_case: str) -> bool:
    """Whether a use case's text addresses everyone in a group ("an alle Kundenkarten-Mitglieder")."""
    return _EVERYONE.search(data_part(use_case)) is not None


def works_council_status(profile: Profile) -> CouncilStatus:
    """Whether the company has a works council, as its constraints say (co-determination needs one)."""
    kinds = set(constraints_of(profile))
    if "no_works_council" in kinds:
        return "none"
    if kinds & {"works_council", "works_council_approval"} or works_council_constraints(profile):
        return "present"  # a works agreement (on cameras, say) is made with a works council
    return "unknown"


def works_council_constraints(profile: Profile) -> list[str]:
    """The profile's constraints about the works council, as data (cut before instruction-like text)."""
    return [part for c in profile.constraints if WORKS_COUNCIL.search(part := data_part(c).strip())]


def every_system_approval(profile: Profile) -> list[str]:
    """The constraints by which the works council approves every technical system or pilot before it goes live.

    A rule scoped to staff-related systems or cameras ("bei allen mitarbeiterbezogenen Systemen") is the legal
    co-determination the reviewer applies anyway; involvement ("Beteiligung") is no approval.
    """
    return [
        part
        for part in works_council_constraints(profile)
        if _EVERY_SYSTEM.search(part) and _APPROVAL.search(part) and not _STAFF_SCOPE.search(part)
    ]


def marketing_constraints(profile: Profile) -> list[str]:
    """The profile's constraints on whom marketing may target (e.g. no alcohol marketing to minors), as data."""
    return [part for c in profile.constraints if _MARKETING_LIMIT.search(part := data_part(c).strip())]


def _large_scale_profiling(profile: Profile) -> bool:
    """Customer profiles at scale: a card or bonus programme, or identified customers of a webshop or app."""
    return bool(profile.customers.loyalty_program) or profile.sells_online


def fit_to_company(
    finding: ComplianceFinding,
    rules: Sequence[UseCaseRule],
    profile: Profile,
    *,
    catalog: Catalog,
    lang: Lang,
    staff_facing: bool = False,
) -> ComplianceFinding:
    """Return ``finding`` with the duties this company's situation adds and the bases it does not have.

    ``staff_facing`` marks an initiative whose system captures staff (its legal triggers name § 87
    BetrVG) even when its rules are about something else. A not-permitted finding is left as it is:
    it has no compliance path to complete.
    """
    if finding.verdict == "not_permitted":
        return finding
    rule_ids = {r.id for r in rules}
    legal = [b.id for b in finding.legal_basis]
    measures = list(finding.measure_ids)
    notes: list[str] = []

    _customer_duties(rule_ids, finding.use_case, profile, legal, measures, notes, lang)
    if "balancing_test" in measures and _CONSENTED.search(finding.description or ""):
        # the system is built on the data of people who consented: consent is its basis, not a balancing test
        measures[measures.index("balancing_test")] = "consent"
        measures[:] = list(dict.fromkeys(measures))
        _add(legal, "gdpr.art7")
        notes.append(t("legal_one_basis", lang, why=t("legal_consent_designed", lang)))
    _council_duties(rule_ids, staff_facing, profile, legal, measures, notes, lang)
    if "dpia" in measures and "dpo" not in measures and profile.company.country == "DE":
        measures.append("dpo")  # § 38(1) BDSG: a processing that needs a DPIA needs a data protection officer
        _add(legal, "gdpr.art37")
    if works_council_status(profile) == "none":
        finding, notes = without_council(finding, rules, notes, lang)
    if not notes and legal == [b.id for b in finding.legal_basis]:
        return finding
    dropped = {_DSK_LOYALTY, _CONSUMER_PRICE} - set(legal)
    citations = [*legal, *(c for c in finding.citations if c not in dropped)]
    if "works_council" in measures and {WORKS_COUNCIL_CONSENT, WORKS_COUNCIL_CONSENT_IF} & set(finding.measure_ids):
        # the works agreement before the pilot replaces the pilot agreement: its reasoning is not told twice
        for key in ("legal_works_council_pilot", "legal_works_council_pilot_if"):
            finding = finding.model_copy(update={"rationale": finding.rationale.replace(t(key, lang), "").strip()})
    return amend_finding(finding, legal, measures, citations, notes, catalog, lang)


def _council_duties(
    rule_ids: set[str],
    staff_facing: bool,
    profile: Profile,
    legal: list[str],
    measures: list[str],
    notes: list[str],
    lang: Lang,
) -> None:
    """Add in place what co-determination (§ 87(1) No. 6 BetrVG) requires where this company has a works council."""
    council = works_council_status(profile)
    company_rule = every_system_approval(profile)
    monitoring = bool(rule_ids & STAFF_MONITORING_RULES) or staff_facing
    if company_rule and not monitoring:
        # the company's own rule: its works council approves every system before go-live (a system used by staff
        # that logs who did what is also objectively able to monitor them, § 87(1) No. 6 BetrVG)
        _add(legal, "betrvg.s87")
        _add(measures, "works_council")
        notes.append(t("legal_works_council_company_rule", lang, constraint="; ".join(company_rule)))
    elif monitoring and council != "none":
        _add(legal, "betrvg.s87")
        quoted = works_council_constraints(profile)
        if council == "present":  # co-determination gates the go-live
            named = "works_council" in measures  # the rule's own reasoning already requires the works agreement
            _add(measures, "works_council")
            if not named:
                notes.append(t("legal_works_council_quoted", lang, constraint="; ".join(quoted)))
            elif quoted:
                notes.append(t("legal_works_council_profile", lang, constraint="; ".join(quoted)))
        elif "works_council" not in measures:  # the pilot's agreement if there is a council, like any AI tool's
            _add(measures, *filter(None, [pilot_agreement(council, profile.company.employees)]))
            notes.append(t("legal_works_council_if", lang))
    elif rule_ids & STAFF_CAPTURING_RULES and council != "none" and "works_council" not in measures:
        # sensors that count staff too: suitable to monitor them, so co-determined although they evaluate no one
        _add(legal, "betrvg.s87")
        _add(measures, *filter(None, [pilot_agreement(council, profile.company.employees)]))
        notes.append(t("legal_works_council_sensors" if council == "present" else "legal_works_council_if", lang))
    elif council == "none" and "works_council" in measures:
        # co-determination needs a works council; the staff are still told what the system records (Art. 13 GDPR)
        measures.remove("works_council")
        notes.append(t("legal_works_council_none", lang))


def without_superseded(measures: Sequence[str]) -> list[str]:
    """``measures`` without those another of them includes (no DPIA screening beside the DPIA itself)."""
    return [m for m in measures if SUPERSEDED_BY.get(m) not in measures]


def amend_finding(
    finding: ComplianceFinding,
    legal: Sequence[str],
    measures: Sequence[str],
    citations: Sequence[str],
    notes: Sequence[str],
    catalog: Catalog,
    lang: Lang,
) -> ComplianceFinding:
    """``finding`` with these legal bases, measures and citations (each once), and ``notes`` added to its reasoning."""
    measures = without_superseded(measures)
    return finding.model_copy(
        update={
            "legal_basis": [legal_basis(catalog, i) for i in legal],
            "citations": list(dict.fromkeys(citations)),
            "measure_ids": list(measures),
            "required_measures": [catalog.measures[m].label.get(lang) for m in measures],
            "rationale": " ".join([finding.rationale, *notes]).strip(),
        }
    )


def _customer_duties(
    rule_ids: set[str],
    use_case: str,
    profile: Profile,
    legal: list[str],
    measures: list[str],
    notes: list[str],
    lang: Lang,
) -> None:
    """Add in place what customer profiling at this company's scale and with its assortment requires."""
    loyalty = bool(profile.customers.loyalty_program)
    if not loyalty and _DSK_LOYALTY in legal:  # the loyalty-card item needs a loyalty card
        legal[:] = list(dict.fromkeys(_DSK_PROFILES if i == _DSK_LOYALTY else i for i in legal))
    profiling = bool(rule_ids & CUSTOMER_PROFILING_RULES)
    if profiling and _large_scale_profiling(profile):
        _add(legal, "gdpr.art35", _DSK_LOYALTY if loyalty else _DSK_PROFILES)
        _add(measures, "dpia")
        item, why = (
            ("dsk_loyalty", "legal_dpia_why_loyalty") if loyalty else ("dsk_profiles", "legal_dpia_why_accounts")
        )
        notes.append(t("legal_dpia_profiles", lang, item=t(item, lang), why=t(why, lang)))
    # card members' profiles for marketing rest on consent (an e-mail campaign's finding says its own basis)
    if loyalty and "balancing_test" in measures and rule_ids & _MEMBER_BASES == {"loyalty_profiling"}:
        measures[:] = list(dict.fromkeys("consent" if m == "balancing_test" else m for m in measures))
        _add(legal, "gdpr.art7")
        notes.append(t("legal_one_basis", lang, why=t("legal_consent_loyalty", lang)))
    if profiling or "customer_data_merging" in rule_ids:  # merged purchase histories reveal what profiles would
        more_legal, more_measures, more_notes = _special_categories(rule_ids, use_case, profile, lang)
        _add(legal, *more_legal)
        _add(measures, *more_measures)
        notes += more_notes
    _assistant_duties(rule_ids, use_case, legal, measures, notes, lang)
    if "business_customers_only" in constraints_of(profile) and "price_notice" in measures:
        # Art. 246a EGBGB (Consumer Rights Directive Art. 6(1)(ea)) protects consumers: no notice towards businesses
        measures.remove("price_notice")
        legal[:] = [i for i in legal if i != _CONSUMER_PRICE]
        notes.append(t("legal_b2b_price_notice", lang))
    if "email_marketing" in rule_ids:  # § 7(2) No. 2 UWG: only those who consented, whoever the campaign names
        if addresses_everyone(use_case):
            notes.append(t("legal_email_everyone", lang))
        if loyalty:
            notes.append(t("legal_email_members", lang))
    limits = marketing_constraints(profile)
    if limits and rule_ids & (CUSTOMER_PROFILING_RULES | CONSENT_RULES):  # the company's own rule for targeting
        _add(measures, "targeting_constraint")  # a release item of every go-live that targets people
        notes.append(t("legal_marketing_constraint", lang, constraint="; ".join(limits)))
    if "explicit_consent" in measures and "balancing_test" in measures:
        # special categories (Art. 9 GDPR): explicit consent is the basis; a legitimate interest does not carry them
        measures.remove("balancing_test")
        notes.append(t("legal_explicit_only", lang))
    if "consent" in measures and "balancing_test" in measures and rule_ids & (CONSENT_RULES | {"recommendations"}):
        # one legal basis per processing: where consent is required, no legitimate-interest balancing beside it
        measures.remove("balancing_test")
        notes.append(_one_basis(rule_ids, lang, members=loyalty))


def _special_categories(rule_ids: set[str], use_case: str, profile: Profile, lang: Lang) -> _Duties:
    """What purchases revealing special categories (Art. 9 GDPR) add to customer profiles: (legal bases, measures,
    notes)."""
    named, sold = sensitive_context(use_case, profile)
    legal: list[str] = []
    measures: list[str] = []
    notes: list[str] = []
    if named:
        legal += ["gdpr.art9", "gdpr.art35"]
        measures += ["explicit_consent", "dpia"]
        if "customer_health_data" not in rule_ids:  # that rule's own reasoning is the Art. 9 text for it
            notes.append(t("legal_art9_named", lang, categories=categories_wording(named, lang)))
    elif sold:
        legal.append("gdpr.art9")
        measures.append("sensitive_categories")
        notes.append(t("legal_art9_range", lang, categories=categories_wording(sold, lang)))
    if sells_alcohol(profile):  # drinking habits are health data once volumes and frequency are profiled
        legal.append("gdpr.art9")
        measures.append("sensitive_categories")
        notes.append(t("legal_art9_alcohol", lang))
    return legal, measures, notes


def _one_basis(rule_ids: set[str], lang: Lang, *, members: bool) -> str:
    """Why consent is the basis: e-mail advertising alone (as a rule; existing customers under § 7(3) UWG are the
    exception, not for card members' profiles) or reading the device (recommendations: cookies need consent)."""
    email, profiles = "email_marketing" in rule_ids, members and "loyalty_profiling" in rule_ids
    device = bool(rule_ids & {"tracking_personalisation", "personalised_pricing_tracking", "recommendations"})
    if email and not device:
        return t("legal_one_basis_email_members" if profiles else "legal_one_basis_email", lang)
    why = [t(k, lang) for k, on in (("legal_consent_email", email), ("legal_consent_device", device)) if on]
    return t("legal_one_basis", lang, why=t("legal_consent_and", lang).join(why))


def _assistant_duties(
    rule_ids: set[str], use_case: str, legal: list[str], measures: list[str], notes: list[str], lang: Lang
) -> None:
    """Customers asking an assistant about allergens or complaints disclose their own health data (Art. 9 GDPR)."""
    if "customer_chatbot" in rule_ids and _HEALTH_QUESTIONS.search(data_part(use_case)):
        _add(legal, "gdpr.art9")
        _add(measures, "health_disclosures")
        notes.append(t("legal_art9_chat", lang))


def _add(ids: list[str], *new: str) -> None:
    ids.extend(i for i in new if i not in ids)


def legal_basis(catalog: Catalog, legal_id: str) -> LegalBasis:
    """The finding's view of a legal entry: instrument, article, id."""
    entry = catalog.legal[legal_id]
    return LegalBasis(instrument=entry.instrument, article=entry.article, id=legal_id)
