"""Typed models of the knowledge files: initiatives, legal entries and use-case rules.

The YAML files under ``knowledge/data/`` are validated against these models when the
catalog loads; a malformed entry is a packaging bug and fails loudly with its id.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from fahrplan.core.vocab import ENABLING_LEVERS, MODULE_IDS, Channel, Lever, ModuleId, RiskTier, Sector, Verdict
from fahrplan.knowledge.legal_schema import LegalEntry, Measure, PurposeAlternative, UseCaseRule
from fahrplan.knowledge.text import Text, _Strict

__all__ = [
    "MODULE_IDS",
    "AskedForm",
    "CostBands",
    "CustomerData",
    "Extension",
    "FactVariant",
    "Initiative",
    "LegalEntry",
    "Measure",
    "ModuleId",
    "OnlineVariant",
    "ProfileFact",
    "PurposeAlternative",
    "RiskTier",
    "SystemKind",
    "Text",
    "UseCaseRule",
    "ValueLever",
    "Verdict",
]


class ValueLever(_Strict):
    """One way an initiative creates value; a figure always carries its source."""

    text: Text
    figure: Text | None = None
    source: str | None = None
    evidence: Literal["primary", "secondary", "vendor_case", "estimate"] | None = None
    assumption: Text | None = None

    @model_validator(mode="after")
    def _figure_needs_source(self) -> ValueLever:
        if self.figure is not None and self.evidence != "estimate" and not self.source:
            raise ValueError("a value figure needs a source")
        if self.evidence == "estimate" and self.assumption is None:
            raise ValueError("an estimate needs its assumption")
        return self


class CostBands(_Strict):
    """Implementation cost range in EUR over 24 months, by company size band."""

    small: tuple[int, int]
    medium: tuple[int, int]
    large: tuple[int, int]

    @model_validator(mode="after")
    def _ordered(self) -> CostBands:
        for lo, hi in (self.small, self.medium, self.large):
            if not 0 <= lo <= hi:
                raise ValueError("cost range must be 0 <= low <= high")
        return self


SystemKind = Literal[
    "cdp", "crm", "data_warehouse", "pim", "marketplace", "consent", "ml_platform", "bi", "forecasting", "replenishment"
]
"""Kinds of existing systems a profile can name (``agents.tailoring`` maps profile keys to them)."""
CustomerData = Literal["newsletter", "loyalty", "identified"]
"""Customer data an initiative needs: subscribers or consent, loyalty members, identifiable customers."""


class Extension(_Strict):
    """The initiative's wording when the company extends a system it already has instead of building one."""

    when_any: list[SystemKind] = Field(min_length=1, description="any of these present: extend, not build")
    title: Text
    description: Text


class OnlineVariant(_Strict):
    """Store-free wording for companies without stores, or one sector's wording (``by_sector``); each given field
    replaces the catalog field, the AI use and its rules where the sector changes what the AI does."""

    title: Text | None = None
    description: Text | None = None
    ai_use_case: Text | None = None
    compliance_rules: list[str] | None = None
    scale_step: Text | None = None
    value_levers: list[ValueLever] | None = None
    success_factors: list[Text] | None = None
    kpis: list[Text] | None = None
    external: Text | None = None


AskedForm = Literal["phone", "greenhouse", "till", "box_scheme"]
"""A form of an initiative the company's own words ask for (``Initiative.asked``; ``agents.asked`` reads them)."""
ProfileFact = Literal["identified_customers", "customer_card", "online_shop", "purchase_history", "departments"]
"""Facts about a company that change how an initiative works (``Initiative.without``): identified customers (a
customer card, a CRM customer file, or mostly online sales), a customer card or bonus programme with members, an
online shop (a webshop or an app), purchase histories per person (a customer card, a webshop or an app), departments
with their own heads (100 staff or more)."""


class FactVariant(_Strict):
    """How an initiative works where the company lacks a fact: each given field replaces the catalog field.

    The wording, what the AI does, the rules it is reviewed under, what it needs first and what its scale step adds
    change together, so that a company without a customer card is not planned a per-customer merge it cannot have.
    """

    title: Text | None = None
    description: Text | None = None
    ai_use_case: Text | None = None
    personal_data: Text | None = None
    compliance_rules: list[str] | None = None
    legal_triggers: list[str] | None = None
    prerequisites: list[str] | None = None
    value_levers: list[ValueLever] | None = None
    kpis: list[Text] | None = None
    success_factors: list[Text] | None = None
    owner_roles: list[Text] | None = None
    external: Text | None = None
    scale_step: Text | None = None
    scale_rules: list[str] | None = Field(
        default=None, description="Empty: the step adds no purpose of its own here (its scale_use_case goes too)."
    )
    scale_use_case: Text | None = None


class Initiative(_Strict):
    """A plannable initiative of one module (the planner's unit of work)."""

    id: str = Field(pattern=r"^[a-z_]+\.[a-z0-9_]+$")
    module: ModuleId
    title: Text
    description: Text
    ai_use_case: Text | None = Field(
        default=None, description="What the AI does, for compliance review; None if no AI."
    )
    compliance_rules: list[str] = Field(default_factory=list)
    personal_data: Text | None = Field(
        default=None,
        description="What a non-AI initiative does with personal data; with compliance rules it is reviewed too.",
    )
    personal_data_when: Literal["always", "identified_customers"] = Field(
        default="always",
        description="'identified_customers': the processing exists only where customers are identified "
        "(a customer card or a pure online business).",
    )
    value_levers: list[ValueLever] = Field(min_length=1)
    base_impact: int = Field(ge=0, le=10)
    base_feasibility: int = Field(ge=0, le=10)
    cost_eur: CostBands
    duration_months: int = Field(ge=1, le=24)
    fte: float = Field(ge=0, le=20, description="Internal FTE while the initiative runs.")
    pilot_share: float = Field(default=0.4, gt=0, le=1)
    min_maturity: int = Field(ge=1, le=5)
    requires_channels: list[Channel] = Field(default_factory=list, description="any of")
    requires_systems: list[str] = Field(default_factory=list, description="all of")
    requires_stores: bool = False
    max_revenue_eur: float | None = Field(
        default=None,
        gt=0,
        description="An entry-level offer for smaller retailers: not planned above this annual revenue, where the "
        "full initiative is the fitting answer (a planning assumption of the catalog).",
    )
    entry_for: list[str] = Field(
        default_factory=list,
        description="The full initiatives this entry-level offer is the first step to: it serves the goals they "
        "serve, and realises their use cases for a company that would first have to reach their maturity.",
    )
    sectors: list[Sector] = Field(default_factory=list, description="empty: all sectors")
    prerequisites: list[str] = Field(default_factory=list)
    mandatory: bool = False
    mandatory_when: Literal["always", "loyalty_programme"] = Field(
        default="always",
        description="'loyalty_programme': a standing duty only for a company running a customer card or bonus "
        "programme (an item of the DSK DPIA list); otherwise added as a gate where a planned use case needs it.",
    )
    foundation: bool = False
    start_by_month: int | None = Field(
        default=None,
        ge=1,
        le=24,
        description="The first step is worth doing only when it starts within this many months (a workshop that "
        "sets the use-case portfolio comes before the portfolio's money is committed).",
    )
    cost_scope: Literal["company", "ai_use"] = Field(
        default="company",
        description="'ai_use': sized by the AI systems the company runs and the people working with them (AI "
        "governance, duties and gate programmes), not by its revenue; see agents.planning.ai_scope_revenue.",
    )
    owner_roles: list[Text] = Field(min_length=1)
    external: Text | None = None
    levers: list[Lever] = Field(
        min_length=1, max_length=3, description="The value levers the initiative moves by its mechanism (closed list)."
    )
    goal_terms: list[str] = Field(
        default_factory=list,
        description="Words that name this initiative's mechanism in a goal (regular expressions, German and English, "
        "case-insensitive): a goal naming it and sharing a lever is served by it first.",
    )
    not_for_terms: list[str] = Field(
        default_factory=list,
        description="Words of goals the initiative does not serve although it shares their lever (regular "
        "expressions), e.g. stock that is already there for order proposals that change what is ordered next.",
    )
    kpis: list[Text] = Field(min_length=1)
    success_factors: list[Text] = Field(min_length=1)
    risks: list[Text] = Field(min_length=1)
    legal_triggers: list[str] = Field(default_factory=list)
    scale_step: Text | None = None
    scale_rules: list[str] = Field(
        default_factory=list,
        description="Rules of the purpose the scale step adds (a footfall forecast put to staff planning): reviewed "
        "as a finding of their own whose duties gate the scale milestone, not the pilot.",
    )
    scale_use_case: Text | None = Field(
        default=None, description="What the scale step adds, in the words of its finding (required with scale_rules)."
    )
    builds: list[SystemKind] = Field(
        default_factory=list, description="all present: the company has it; not planned, prerequisite met"
    )
    extend: Extension | None = None
    online: OnlineVariant | None = None
    by_sector: dict[Sector, OnlineVariant] = Field(
        default_factory=dict,
        description="Wording for one sector (furniture size advice checks dimensions); given fields replace.",
    )
    without: dict[ProfileFact, FactVariant] = Field(
        default_factory=dict,
        description="How it works where the company lacks a fact (no customer card: segments of anonymous receipts "
        "instead of customers, no customer data foundation first); applied in the order of ProfileFact.",
    )
    unique_items: OnlineVariant | None = Field(
        default=None,
        description="Wording for one-of-a-kind goods (second-hand, vintage: every piece is unique, nothing is "
        "reordered, no supplier data or size runs per article); given fields replace, after the facts' wording.",
    )
    asked: dict[AskedForm, OnlineVariant] = Field(
        default_factory=dict,
        description="Form the planned use cases or goals ask for (phone; greenhouses; pay later at the till; a box "
        "scheme); applied last.",
    )
    customer_data: CustomerData | None = None
    vendor_role: Literal["processor", "own_controller"] = Field(
        default="processor",
        description="What the external provider of an AI service is: a processor (a contract under GDPR Art. 28 "
        "before go-live) or a controller deciding its own purposes (a payment provider's own risk checks).",
    )

    @model_validator(mode="after")
    def _levers_unique(self) -> Initiative:
        if len(set(self.levers)) != len(self.levers):
            raise ValueError("levers must not repeat")
        for pattern in (*self.goal_terms, *self.not_for_terms):
            try:  # a broken pattern fails when the catalog loads, not when a goal is read
                re.compile(pattern)
            except re.error as err:
                raise ValueError(f"goal term {pattern!r} is no regular expression: {err}") from None
        return self

    @property
    def reviewed_rules(self) -> list[str]:
        """Every rule the initiative is reviewed under: its own and those of the purpose its scale step adds."""
        return list(dict.fromkeys([*self.compliance_rules, *self.scale_rules]))

    @property
    def creates_value(self) -> bool:
        """Whether its first lever is business value (not a duty or an enabler, which carry no benefit)."""
        return self.levers[0] not in ENABLING_LEVERS

    @property
    def is_business(self) -> bool:
        """A value initiative of its own: it creates value and is neither a legal duty nor compliance work."""
        return self.creates_value and not self.mandatory and self.module != "compliance"
