"""Typed models of the legal knowledge files: legal entries, measures and use-case rules.

Validated when the catalog loads, like the initiatives (:mod:`fahrplan.knowledge.schema`, which re-exports them).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final, Literal

from pydantic import Field, model_validator

from fahrplan.core.vocab import RiskTier, Verdict
from fahrplan.knowledge.text import Text, _Strict

__all__ = ["LegalEntry", "Measure", "PurposeAlternative", "PurposeRealisation", "UseCaseRule"]

_COUNCIL: Final = re.compile(r"BetrVG|Betriebsrat")
"""A rationale that speaks of co-determination (it needs a works council)."""


class LegalEntry(_Strict):
    """One legal provision, paraphrased, with its official source."""

    id: str = Field(pattern=r"^[a-z0-9_]+\.[a-z0-9_.]+$")
    instrument: str
    article: str
    title: Text
    text: Text
    applies_from: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    status: Literal["in_force", "applicable_later", "superseded", "pending", "withdrawn"]
    superseded_by: str | None = None
    verification: Literal["checked", "secondary"]
    source: str = Field(min_length=5, description="CELEX number or official law-portal URL")
    url: str | None = None
    triggers: list[Text] = Field(default_factory=list)


class Measure(_Strict):
    """A compliance measure a finding requires; may gate go-live via an initiative."""

    id: str
    label: Text
    initiative: str | None = Field(default=None, description="Compliance initiative that delivers this measure.")
    gates_go_live: bool = Field(
        default=True,
        description="False: the measure accompanies the use (it runs alongside the pilot, e.g. the pilot team's AI "
        "literacy under the Art. 4 effort duty) instead of having to be finished before go-live.",
    )
    lead_months: int = Field(
        default=0,
        ge=0,
        le=6,
        description="Months a measure done within the step itself (no initiative) takes before the go-live it gates "
        "(a works council's pilot agreement is negotiated first): the step starts that late at the earliest.",
    )
    only_where: list[str] = Field(
        default_factory=list,
        description="Regexes: the measure applies only where the use case or what it does matches one (deepfake "
        "disclosure only where images, video or audio are generated); empty: wherever its rule applies.",
    )
    condition: Text | None = None  # set per profile: what it leaves open (" – if there is a works council")


class PurposeAlternative(_Strict):
    """The compliant alternative for one purpose of a use case that may not run as described.

    Facial recognition "to greet regular customers" and "to count visitors" are both not permitted,
    but what a retailer should do instead depends on what the use case was for.
    """

    when: list[str] = Field(min_length=1, description="The purpose matches if any regex does.")
    alternative: Text
    initiative: str = Field(description="Catalog initiative that realises this alternative.")


class PurposeRealisation(_Strict):
    """The initiative that realises a use case of a rule's kind when it serves one purpose.

    AI reading customers' e-mails is one rule; drafting the replies is agent assist, sorting them is triage.
    """

    when: list[str] = Field(min_length=1, description="The purpose matches if any regex does.")
    initiative: str = Field(description="Catalog initiative that realises a use case with this purpose.")


class UseCaseRule(_Strict):
    """Classifies a use case: matched by keyword patterns, yields tier, duties and verdict."""

    id: str
    description: Text
    all_of: list[list[str]] = Field(
        min_length=1, description="Every group must match; a group matches if any regex does."
    )
    none_of: list[str] = Field(default_factory=list)
    ai_act_risk: RiskTier
    verdict: Verdict
    legal_basis: list[str] = Field(min_length=1, description="legal entry ids")
    measures: list[str] = Field(default_factory=list, description="measure ids")
    rationale: Text
    no_council: Text | None = Field(
        default=None,
        description="The rationale as it reads for a company without a works council (BetrVG co-determination needs "
        "one): what the company decides itself instead, and what a works council would add once elected.",
    )
    alternative: Text | None = None
    alternative_initiative: str | None = Field(
        default=None, description="Catalog initiative that realises the compliant alternative."
    )
    purpose_alternatives: list[PurposeAlternative] = Field(
        default_factory=list, description="Alternatives by purpose; the first whose purpose matches wins."
    )
    realised_by: list[str] = Field(
        default_factory=list,
        description="Initiatives that realise a use case of this kind (a mapping hint, still checked for fit).",
    )
    purpose_realised_by: list[PurposeRealisation] = Field(
        default_factory=list,
        description="Initiatives that realise a use case of this kind by its purpose; the first that matches wins.",
    )
    outside_catalog: Text | None = Field(
        default=None,
        description="No catalog initiative realises a use case of this kind: what to do instead (buy, run apart).",
    )

    @model_validator(mode="after")
    def _not_permitted_has_no_measures(self) -> UseCaseRule:
        """A use case that may not run has no compliance path: it says why not and what to do instead."""
        if self.verdict == "not_permitted" and self.measures:
            raise ValueError(f"rule {self.id}: a not_permitted rule lists no measures (found {self.measures})")
        if self.verdict == "not_permitted" and self.alternative is None:
            raise ValueError(f"rule {self.id}: a not_permitted rule names its alternative")
        if _COUNCIL.search(self.rationale.de) and self.no_council is None:
            raise ValueError(
                f"rule {self.id}: a rationale citing the BetrVG says in no_council how it reads without one"
            )
        if self.outside_catalog is not None and (self.realised_by or self.purpose_realised_by):
            raise ValueError(f"rule {self.id}: a use case realised outside the catalog names no initiative")
        return self
