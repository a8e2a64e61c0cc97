"""One compliance finding from the rules a use case matches, and one row for the same processing.

Pure functions over rules and the catalog: which rules a text matches, the alternative for a use case
that may not run, the finding that combines the matched rules (strictest tier and verdict, all duties),
the duties an initiative's own system brings (its vendor's processor contract, the works council's consent to
its pilot), and the merge of a planned use case with the initiative (or scale step) that does the same processing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Final, Literal

from fahrplan.agents.legal_context import (
    STAFF_CAPTURING_RULES,
    amend_finding,
    every_system_approval,
    legal_basis,
    without_superseded,
    works_council_status,
)
from fahrplan.agents.no_council import WORKS_COUNCIL_CONSENT, WORKS_COUNCIL_CONSENT_IF, pilot_agreement
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import ComplianceFinding
from fahrplan.core.texts import t
from fahrplan.core.untrusted import data_part
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative, RiskTier, Text, UseCaseRule, Verdict

__all__ = [
    "MAX_USE_CASE_CHARS",
    "OPERATION_AGREEMENT",
    "RISK_ORDER",
    "VERDICT_ORDER",
    "WORKS_COUNCIL_CONSENT",
    "WORKS_COUNCIL_CONSENT_IF",
    "alternative_for",
    "finding_for",
    "match_rules",
    "merge_rows",
    "realisation_duties",
    "redesign",
    "same_processing",
    "staff_facing",
]

RISK_ORDER: tuple[RiskTier, ...] = ("minimal", "limited", "high", "prohibited")
VERDICT_ORDER: tuple[Verdict, ...] = ("permitted", "permitted_with_conditions", "not_permitted")
MAX_USE_CASE_CHARS = 2000
FALLBACK_MEASURES = ("ai_inventory", "dpia")
VENDOR_CONTRACT = "vendor_contract"
VENDOR_CONTRACT_BASES = ("gdpr.art28", "gdpr.art44_49")
OPERATION_AGREEMENT = "works_council_operation"
HUMAN_REVIEW = "human_review"
PROVIDER_REVIEW = "provider_human_review"


def _matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def match_rules(text: str, rules: Iterable[UseCaseRule]) -> list[UseCaseRule]:
    """Return every rule whose keyword groups all match ``text`` and whose exclusions do not."""
    sample = text[:MAX_USE_CASE_CHARS]
    out = []
    for rule in rules:
        if any(_matches(p, sample) for p in rule.none_of):
            continue
        if all(any(_matches(p, sample) for p in group) for group in rule.all_of):
            out.append(rule)
    return out


def alternative_for(text: str, blocking: Iterable[UseCaseRule]) -> tuple[Text | None, str | None]:
    """The compliant alternative (text, initiative) for a use case the ``blocking`` rules do not permit.

    A rule's alternative for the use case's purpose comes first (facial recognition to greet regular
    customers → a clienteling app; to count visitors → anonymous counting); else its general one.
    """
    rules = list(blocking)
    sample = data_part(text)[:MAX_USE_CASE_CHARS]
    for rule in rules:
        for purpose in rule.purpose_alternatives:
            if any(_matches(p, sample) for p in purpose.when):
                return purpose.alternative, purpose.initiative
    text_alt = next((r.alternative for r in rules if r.alternative), None)
    initiative = next((r.alternative_initiative for r in rules if r.alternative_initiative), None)
    return text_alt, initiative


def finding_for(
    use_case: str,
    rules: list[UseCaseRule],
    *,
    catalog: Catalog,
    lang: str,
    source: str,
    module: str | None,
    initiative: str | None,
    content: str = "",
) -> ComplianceFinding:
    """Combine the matched rules into one finding: the strictest tier and verdict, all duties.

    A not-permitted finding states why not (the blocking rules' reasons and legal bases) and the
    alternative; it lists no required measures. A permitted finding names a rule's recommended
    alternative too (personalised prices → uniform dynamic prices or consented coupons). A measure
    bound to what is processed (deepfake disclosure: generated images, not texts) is required where the
    use case or ``content`` (what the initiative does) names it.
    """
    if not rules:
        return _fallback(use_case, catalog=catalog, lang=lang, source=source, module=module, initiative=initiative)
    risk = max((r.ai_act_risk for r in rules), key=RISK_ORDER.index)
    verdict = max((r.verdict for r in rules), key=VERDICT_ORDER.index)
    legal_ids = list(dict.fromkeys(b for r in rules for b in r.legal_basis))
    sample = f"{data_part(use_case)[:MAX_USE_CASE_CHARS]} {content}"
    measure_ids = [m for m in dict.fromkeys(m for r in rules for m in r.measures) if _applies(catalog, m, sample)]
    measure_ids = without_superseded(measure_ids)
    if verdict == "not_permitted":
        # why not, and the alternative: no compliance path, no duties of a system that may not run
        blocking = [r for r in rules if r.verdict == "not_permitted"]
        legal_ids = list(dict.fromkeys(b for r in blocking for b in r.legal_basis))
        measure_ids = []
        rationale = " ".join(r.rationale.get(lang) for r in blocking)
        alternative_text, _ = alternative_for(use_case, blocking)
        alternative = alternative_text.get(lang) if alternative_text else None
    else:
        # a permitted use case may still have a better way (own credit scoring → a payment provider)
        rationale = " ".join(r.rationale.get(lang) for r in rules)
        alternative = next((r.alternative.get(lang) for r in rules if r.alternative), None)
    return ComplianceFinding(
        use_case=use_case,
        module=module,  # type: ignore[arg-type]
        source=source,  # type: ignore[arg-type]
        initiative=initiative,
        ai_act_risk=risk,
        legal_basis=[legal_basis(catalog, i) for i in legal_ids],
        required_measures=[catalog.measures[m].label.get(lang) for m in measure_ids],
        measure_ids=measure_ids,
        verdict=verdict,
        rationale=rationale,
        alternative=alternative,
        rules=[r.id for r in rules],
        citations=legal_ids,
    )


def _applies(catalog: Catalog, measure: str, text: str) -> bool:
    """Whether a measure bound to what is processed (``only_where``) applies to a use case described by ``text``."""
    patterns = catalog.measures[measure].only_where
    return not patterns or any(_matches(p, text) for p in patterns)


def _fallback(
    use_case: str, *, catalog: Catalog, lang: str, source: str, module: str | None, initiative: str | None
) -> ComplianceFinding:
    legal_ids: list[str] = [i for i in ("aiact.art6_annex3", "gdpr.art6", "gdpr.art35") if i in catalog.legal]
    return ComplianceFinding(
        use_case=use_case,
        module=module,  # type: ignore[arg-type]
        source=source,  # type: ignore[arg-type]
        initiative=initiative,
        ai_act_risk="minimal",
        legal_basis=[legal_basis(catalog, i) for i in legal_ids],
        required_measures=[catalog.measures[m].label.get(lang) for m in FALLBACK_MEASURES],
        measure_ids=list(FALLBACK_MEASURES),
        verdict="permitted_with_conditions",
        rationale=t("compliance_fallback", lang),
        rules=[],
        citations=legal_ids,
    )


DATA_RULES: Final = frozenset({"tracking_personalisation", "loyalty_profiling", "customer_data_merging"})
"""Rules about the data a processing rests on (tracking in shop and app, profiles per person, merged customer data):
whatever an initiative does with those data carries their duties."""
COVERS: Final = {"trigger_campaigns": frozenset({"email_marketing"})}
"""Rules whose review includes another's: a trigger reminder is e-mail advertising."""


def same_processing(use_case: ComplianceFinding, initiative: ComplianceFinding) -> bool:
    """Whether a use case and the initiative (or scale step) realising it describe the same processing (one row).

    They do when the use case's text matches every rule the initiative is reviewed by (or no rule at all, so the
    initiative's review is the only one), or when the use case is part of what the initiative does: the initiative
    is reviewed by (or covers) every rule the use case matches, and what it adds are the data the processing rests
    on (cart-abandonment e-mails of a customer journey optimisation that tracks and profiles each user). A use case
    describing another purpose of the initiative (repricing beside generated listing texts) or something it does
    not do (a staff evaluation realised in a design that evaluates no one) keeps its own row.
    """
    if use_case.verdict == "not_permitted" or not initiative.rules:  # no rule: nothing reviewed to merge
        return False
    case, step = set(use_case.rules), set(initiative.rules)
    if not case or step <= case:
        return True
    return case <= _covered(step) and step - _covered(case) <= DATA_RULES


REPLACES: Final = {
    "anonymous_counting": frozenset({"wifi_bluetooth_tracking", "instore_video_analytics"}),
    "instore_video_analytics": frozenset({"wifi_bluetooth_tracking"}),
}
"""Rules of a design that does what a more intrusive one would, without its processing: sensors that only count
measure the footfall a phone tracker or a camera analysis would, with no device identifiers and no images; heatmaps
computed on the camera measure dwell time without reading anyone's phone or recognising anyone across visits."""

Redesign = Literal["ai_act", "anonymous"]


def redesign(
    case: ComplianceFinding, own: ComplianceFinding | None, scheduled: Collection[str] = ()
) -> Redesign | None:
    """How the initiative realising a permitted use case is a lower-risk design than the use case describes, if it is.

    ``ai_act``: the use case is described as high-risk AI and the initiative's own review (``own``, its pilot's row)
    is not (picker ranking → slotting per zone and shift). ``anonymous``: the use case tracks or films people and the
    initiative outputs only anonymous aggregates (Wi-Fi tracking of phones → entrance sensors or on-device
    heatmaps). Either way the plan builds the design, not what the use case describes, and the use case's duties gate
    nothing it runs. Not so where the initiative's scale step does what the use case describes (demand forecast →
    shift proposals per employee) and that step is among the ``scheduled`` milestones: then the plan runs it.
    """
    if case.verdict == "not_permitted" or own is None:
        return None
    if case.step == "scale" and f"{case.initiative}.scale" in scheduled:
        return None  # the initiative's scale step does what the use case describes, and the plan runs it
    if case.ai_act_risk == "high" and own.ai_act_risk != "high":
        return "ai_act"
    if any(set(case.rules) & REPLACES.get(rule, frozenset()) for rule in own.rules):
        return "anonymous"
    return None


def _covered(rules: set[str]) -> set[str]:
    """``rules`` and the rules their review includes."""
    return rules | {c for r in rules for c in COVERS.get(r, ())}


def merge_rows(
    use_case: ComplianceFinding, initiative: ComplianceFinding, catalog: Catalog, lang: str
) -> ComplianceFinding:
    """One row for a planned use case and the initiative that realises it: the stricter verdict, all duties."""
    measures = without_superseded(list(dict.fromkeys([*use_case.measure_ids, *initiative.measure_ids])))
    legal = list(dict.fromkeys([*(b.id for b in use_case.legal_basis), *(b.id for b in initiative.legal_basis)]))
    rationale = use_case.rationale
    if not use_case.rules:  # the use case matched no rule: the initiative's reasoning is the review
        rationale = initiative.rationale
    return use_case.model_copy(
        update={
            "ai_act_risk": max(use_case.ai_act_risk, initiative.ai_act_risk, key=RISK_ORDER.index),
            "verdict": max(use_case.verdict, initiative.verdict, key=VERDICT_ORDER.index),
            "legal_basis": [legal_basis(catalog, i) for i in legal],
            "citations": list(dict.fromkeys([*use_case.citations, *initiative.citations])),
            "measure_ids": measures,
            "required_measures": [catalog.measures[m].label.get(lang) for m in measures],
            "rationale": rationale,
            "rules": list(dict.fromkeys([*use_case.rules, *initiative.rules])),
            "description": initiative.description,
            "step": initiative.step,
        }
    )


def staff_facing(initiative: str, catalog: Catalog) -> bool:
    """Whether an initiative's system captures staff (its legal triggers name § 87(1) No. 6 BetrVG)."""
    return "betrvg.s87" in catalog.initiatives[initiative].legal_triggers


def realisation_duties(
    finding: ComplianceFinding,
    ini: Initiative,
    profile: Profile | None,
    catalog: Catalog,
    lang: Lang,
    *,
    pilot: bool = True,
) -> ComplianceFinding:
    """The duties an AI initiative's own system brings to what it realises: the processor contract with its vendor,
    and — for the pilot's go-live — the works council's consent (a scale step runs under the works agreement)."""
    if ini.ai_use_case is None:
        return finding
    finding = _with_vendor_contract(_with_provider_decisions(finding, ini, catalog, lang), ini, catalog, lang)
    return _with_council_consent(finding, ini, profile, catalog, lang) if pilot else finding


def _with_council_consent(
    finding: ComplianceFinding, ini: Initiative, profile: Profile | None, catalog: Catalog, lang: Lang
) -> ComplianceFinding:
    """Where there is a works council, an AI tool goes live after co-determination: staff run or maintain it and its
    logs show who did what, so it is objectively able to monitor them (§ 87(1) No. 6 BetrVG) — a customer-facing
    system too, through the staff accounts behind it; agreed for the pilot itself. Systems that evaluate staff get
    the framework agreement from their rules or the company fit instead. Where the profile does not say whether
    there is a works council (and the company has enough staff for one), the pilot names the agreement "if there is
    a works council", without lead time: the board has that checked before the first pilot."""
    if profile is None or every_system_approval(profile) or ini.vendor_role == "own_controller":
        return finding  # (a provider that decides runs the system itself: no staff account of the company in it)
    measure = pilot_agreement(works_council_status(profile), profile.company.employees)
    if measure is None:
        return finding
    note = t(
        "legal_works_council_pilot_if" if measure == WORKS_COUNCIL_CONSENT_IF else "legal_works_council_pilot", lang
    )
    if finding.verdict == "not_permitted" or "works_council" in finding.measure_ids or staff_facing(ini.id, catalog):
        return finding
    if STAFF_CAPTURING_RULES & set(finding.rules):  # sensors that count staff: the company fit says why and how
        return finding
    return _with_duty(finding, measure, ("betrvg.s87",), note, catalog, lang)


def _with_duty(
    finding: ComplianceFinding, measure: str, bases: tuple[str, ...], note: str, catalog: Catalog, lang: Lang
) -> ComplianceFinding:
    """``finding`` with one more measure (once), its legal bases and the sentence that says why."""
    if measure in finding.measure_ids:
        return finding
    legal = list(dict.fromkeys([*(b.id for b in finding.legal_basis), *bases]))
    measures = [*finding.measure_ids, measure]
    return amend_finding(finding, legal, measures, [*finding.citations, *bases], [note], catalog, lang)


def _with_provider_decisions(
    finding: ComplianceFinding, ini: Initiative, catalog: Catalog, lang: Lang
) -> ComplianceFinding:
    """A provider that decides in its own responsibility (a payment provider's credit check for its own risk) runs
    the system and owes the safeguards of Art. 22 GDPR and the DPIA for its decisions; the company uses no score of its
    own, screens its own part and secures by contract that refusals are reviewed by a person and can be contested. Its
    own oversight programme for high-risk AI (Art. 26 AI Act) is for systems it deploys itself, so it gates nothing
    here."""
    if finding.source != "initiative" or ini.vendor_role != "own_controller" or HUMAN_REVIEW not in finding.measure_ids:
        return finding
    # its scoring's DPIA is the provider's, as controller; the company screens its own part (handing over the data)
    swap = {HUMAN_REVIEW: PROVIDER_REVIEW, "dpia": "dpia_screening"}
    measures = list(dict.fromkeys(swap.get(m, m) for m in finding.measure_ids))
    legal = [b.id for b in finding.legal_basis]
    note = t("legal_provider_decides", lang)
    return amend_finding(finding, legal, measures, finding.citations, [note], catalog, lang)


def _with_vendor_contract(
    finding: ComplianceFinding, ini: Initiative, catalog: Catalog, lang: Lang
) -> ComplianceFinding:
    """An AI service a vendor runs processes the data it gets for it on the company's behalf (customer data where it
    uses them, the staff's accounts in any case): a processor contract before go-live (GDPR Art. 28(3); AI SaaS
    vendors are processors), transfers checked. A provider deciding its own purposes is no processor."""
    if ini.external is None or ini.vendor_role != "processor" or finding.verdict == "not_permitted":
        return finding
    if "processor_agreement" in finding.measure_ids:
        return finding
    note = t("legal_vendor_contract", lang)
    return _with_duty(finding, VENDOR_CONTRACT, VENDOR_CONTRACT_BASES, note, catalog, lang)
