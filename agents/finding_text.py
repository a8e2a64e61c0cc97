"""The last pass over the reviewed findings: what the reader sees in the provisions column and the reasoning.

Pure. A finding's reasoning joins the texts of all the rules it matched; each rule states the AI Act tier of what it
covers, so a finding under several rules would say "not a high-risk case" several times: a sentence that says
nothing but that is said once (:func:`tier_once`). Where the finding requires a DPIA, a rule's "it depends on the
data" is left out (:func:`dpia_decided`). The BetrVG provisions say when they bind the company
(:func:`~fahrplan.agents.no_council.council_conditions`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from fahrplan.agents.no_council import CouncilStatus, council_conditions
from fahrplan.core.roadmap import ComplianceFinding
from fahrplan.core.vocab import Lang

__all__ = ["DPIA_DEPENDS", "TIER_ONLY", "dpia_decided", "finished", "tier_once"]

TIER_ONLY: Final = re.compile(
    r"(?:(?<=[.;:]\s)|^)(?:"
    r"Nach der KI-VO ist [^.;:]*?kein Hochrisiko-Fall(?: des Anhangs III)?"
    r"|[A-ZÄÖÜ][\w-]* (?:ist|sind) in Anhang III nicht genannt und daher kein Hochrisiko-System"
    r"|Under the AI Act [^.;:]*?(?:is )?not (?:a )?high-risk(?: case| system)?"
    r"|[A-Z][\w ]*? (?:is|are) not listed in Annex III and (?:is|are) therefore not (?:a )?high-risk(?: case| system)?"
    r")\.(?:\s|$)"
)
"""A sentence that only states that the AI Act does not class the system as high-risk."""
_ABOUT_THIS: Final = re.compile(r"^(?:Nach der KI-VO ist das |Under the AI Act (?:this|it) is )")
"""A tier-only sentence about the use case itself ("this"), not about a kind of system ("pricing")."""
_TIER: Final = re.compile(r"kein(?:en)? Hochrisiko|not (?:a )?high-risk|no high-risk", re.IGNORECASE)
"""Any statement that something is not high-risk, with or without a condition."""
DPIA_DEPENDS: Final = re.compile(
    r"(?:(?<=[.;:]\s)|^)(?:Ob [^;]*?hängt von den Daten ab|Whether [^;]*?depends on the data)"
    r".*?\((?:GDPR )?Art\. 35(?: Abs\. 1(?: DSGVO)?|\(1\))\)\.(?:\s|$)"
)
"""A rule's sentence that leaves the DPIA to the data evaluated (a DPIA where profiles are comprehensive, else a
documented screening)."""


def tier_once(text: str) -> str:
    """``text`` with the AI Act tier said once: a tier-only sentence about the use case itself is dropped where
    another sentence states the tier (with its condition or reason), one about a kind of system ("pricing") where
    an earlier tier-only sentence said it."""
    if len(_TIER.findall(text)) < 2:
        return text
    only = list(TIER_ONLY.finditer(text))
    drop = [m for i, m in enumerate(only) if i > 0 or _ABOUT_THIS.match(m.group(0))]
    kept = _cut(text, drop)
    return kept if _TIER.search(kept) else _cut(text, drop[1:])  # said once, not never


def _cut(text: str, sentences: list[re.Match[str]]) -> str:
    for m in reversed(sentences):
        text = text[: m.start()] + text[m.end() :]
    return text.strip()


def dpia_decided(finding: ComplianceFinding) -> str:
    """The reasoning of ``finding`` without "whether a DPIA is needed depends on the data" where the finding has
    decided it is (another rule or the company's profiles make it mandatory): one conclusion, with its reason."""
    if "dpia" not in finding.measure_ids:
        return finding.rationale
    return DPIA_DEPENDS.sub("", finding.rationale).strip()


def finished(findings: Sequence[ComplianceFinding], council: CouncilStatus, lang: Lang) -> list[ComplianceFinding]:
    """``findings`` as the reader sees them: the AI Act tier said once and the DPIA decided once in each reasoning,
    and the BetrVG provisions with when they bind the company."""
    tidy = [f.model_copy(update={"rationale": tier_once(dpia_decided(f))}) for f in findings]
    return council_conditions(tidy, council, lang)
