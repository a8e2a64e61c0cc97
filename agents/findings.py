"""One compliance finding from the rules a use case matches, and one row for the same processing.

Pure functions over rules and the catalog: which rules a text matches, the alternative for a use case
that may not run, the finding that combines the matched rules (strictest tier and verdict, all duties),
and the merge of a planned use case with the initiative (or scale step) that does the same processing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fahrplan.agents.legal_context import legal_basis, without_superseded
from fahrplan.core.roadmap import ComplianceFinding
from fahrplan.core.texts import t
from fahrplan.core.untrusted import data_part
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import RiskTier, Text, UseCaseRule, Verdict

__all__ = [
    "MAX_USE_CASE_CHARS",
    "RISK_ORDER",
    "VERDICT_ORDER",
    "alternative_for",
    "finding_for",
    "match_rules",
    "merge_rows",
    "same_processing",
]

RISK_ORDER: tuple[RiskTier, ...] = ("minimal", "limited", "high", "prohibited")
VERDICT_ORDER: tuple[Verdict, ...] = ("permitted", "permitted_with_conditions", "not_permitted")
MAX_USE_CASE_CHARS = 2000
FALLBACK_MEASURES = ("ai_inventory", "dpia")


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


def same_processing(use_case: ComplianceFinding, initiative: ComplianceFinding) -> bool:
    """Whether a use case and the initiative realising it describe the same processing (one row).

    They do when the use case's text matches every rule the initiative is reviewed by (or no rule at
    all, so the initiative's review is the only one); an initiative that does more keeps its own row.
    """
    if use_case.verdict == "not_permitted" or not initiative.rules:  # no rule: nothing reviewed to merge
        return False
    return not use_case.rules or set(initiative.rules) <= set(use_case.rules)


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
