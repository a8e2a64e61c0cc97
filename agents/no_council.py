"""How a compliance finding reads for a company whose profile says it has no works council.

Pure: co-determination under the BetrVG needs a works council. Each rule that speaks of it has its own wording for
a company without one (``UseCaseRule.no_council``); the finding's reasoning uses it, and the profile fact is said once
where the rules required a works agreement, naming the people the system concerns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, Literal

from fahrplan.core.roadmap import ComplianceFinding
from fahrplan.core.texts import t
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.schema import UseCaseRule

__all__ = [
    "WORKS_COUNCIL",
    "WORKS_COUNCIL_CONSENT",
    "WORKS_COUNCIL_CONSENT_IF",
    "WORKS_COUNCIL_HEADCOUNT",
    "CouncilStatus",
    "council_conditions",
    "pilot_agreement",
    "without_council",
]

WORKS_COUNCIL: Final = re.compile(r"betriebsr[aä]t|betriebsvereinbarung|works council|works agreement", re.IGNORECASE)
"""Text that speaks of the works council or a works agreement."""
CouncilStatus = Literal["present", "none", "unknown"]
"""Whether the company has a works council, as its profile says (``unknown``: the profile is silent)."""
WORKS_COUNCIL_HEADCOUNT: Final = 5
"""§ 1 BetrVG: a works council can be elected from five permanent employees."""
WORKS_COUNCIL_CONSENT: Final = "works_council_consent"
WORKS_COUNCIL_CONSENT_IF: Final = "works_council_consent_if"
"""The pilot agreement with the works council, and the same "if there is one" where the profile is silent."""
_CO_DETERMINATION: Final = "BetrVG"
"""The instrument whose provisions need a works council to apply."""
_APPLICANTS: Final = frozenset({"recruitment_screening"})
"""Rules whose people concerned are applicants, not employees: they are the ones told what the system does."""


def without_council(
    finding: ComplianceFinding, rules: Sequence[UseCaseRule], notes: list[str], lang: Lang
) -> tuple[ComplianceFinding, list[str]]:
    """The reasoning for a company without a works council: each rule in its own wording for that case (what the
    company lays down itself, what a council adds once elected) and the profile fact once. Reasoning that is no
    rule's own (a model's rewrite) keeps the general note: what it says about co-determination waits for a council."""
    text = finding.rationale
    for rule in rules:
        if rule.no_council is not None:
            text = text.replace(rule.rationale.get(lang), rule.no_council.get(lang))
    general = t("legal_works_council_none", lang)
    short = t(
        "legal_works_council_none_applicants"
        if _APPLICANTS & {r.id for r in rules}
        else "legal_works_council_none_short",
        lang,
    )
    duty = general in notes  # the rules required a works agreement (_council_duties dropped it): staff data for sure
    notes = [n for n in notes if n != general]
    if general in text or short in text:
        note = None
    elif text != finding.rationale:  # the rules' own wording says what waits for a council
        note = short if duty else None
    else:
        note = general if duty or WORKS_COUNCIL.search(text) else None
    return finding.model_copy(update={"rationale": text}), [*notes, *([note] if note else [])]


def pilot_agreement(status: CouncilStatus, employees: int) -> str | None:
    """The measure by which a system that can monitor staff goes live: the works council's pilot agreement where
    there is one, the same "if there is one" where the profile is silent and the company has staff enough for a
    council, else none."""
    if status == "present":
        return WORKS_COUNCIL_CONSENT
    if status == "unknown" and employees >= WORKS_COUNCIL_HEADCOUNT:
        return WORKS_COUNCIL_CONSENT_IF
    return None


def council_conditions(
    findings: Sequence[ComplianceFinding], status: CouncilStatus, lang: Lang
) -> list[ComplianceFinding]:
    """``findings`` with their BetrVG provisions marked as applying once a works council is elected (the profile says
    there is none) or if there is one (it does not say): the provisions column shows what binds the company now."""
    if status == "present":
        return list(findings)
    condition = t("legal_basis_council_none" if status == "none" else "legal_basis_council_unknown", lang)
    return [_conditioned(f, condition) for f in findings]


def _conditioned(finding: ComplianceFinding, condition: str) -> ComplianceFinding:
    if all(b.instrument != _CO_DETERMINATION for b in finding.legal_basis):
        return finding
    basis = [
        b.model_copy(update={"condition": condition}) if b.instrument == _CO_DETERMINATION else b
        for b in finding.legal_basis
    ]
    return finding.model_copy(update={"legal_basis": basis})
