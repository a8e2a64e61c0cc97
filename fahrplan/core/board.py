"""The board's part of the roadmap contract (1.4): the money case from sourced figures and the board summary."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fahrplan.core.vocab import ModuleId

__all__ = [
    "BenefitCase",
    "BoardSummary",
    "FactUse",
    "FundItem",
    "MoneyCase",
    "MoneyTotals",
    "NotPursued",
    "SpendLine",
    "Unquantified",
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactUse(_Out):
    """A sourced value figure a benefit is computed from (range as fractions: 0.05 = 5 %)."""

    id: str
    figure: str
    source: str
    evidence: Literal["primary", "secondary", "vendor_case"]
    low: float
    high: float


class BenefitCase(_Out):
    """The yearly benefit at full effect of planned initiatives that move the same base, counted once."""

    model: str = Field(description="Benefit model id of the knowledge base.")
    kind: Literal["revenue", "saving", "exposure"] = Field(
        description="revenue: extra revenue a year; saving: cost avoided a year; exposure: value at stake only."
    )
    module: ModuleId
    initiatives: list[str]
    base: Literal["revenue", "online_revenue", "store_revenue"]
    base_eur: int = Field(ge=0, description="The company's base the facts apply to.")
    low_eur: int = Field(ge=0, description="base × the product of the facts' low ends, rounded to 1,000 EUR.")
    high_eur: int = Field(ge=0, description="base × the product of the facts' high ends, rounded to 1,000 EUR.")
    cost_eur: int = Field(ge=0, description="Planned 24-month cost of these initiatives.")
    scaled_in_plan: bool = Field(description="Their scale step is scheduled within the 24 months.")
    payback_months: list[int] | None = Field(
        default=None,
        description="saving: [fastest, slowest] months of full effect to recover cost_eur; none while the rollout "
        "is outside the plan (cost_eur is then the pilot's alone).",
    )
    break_even_margin_pct: list[float] | None = Field(
        default=None,
        description="revenue: [at high, at low] gross margin on the extra revenue that recovers cost_eur in a year; "
        "none while the rollout is outside the plan.",
    )
    reduces: str | None = Field(
        default=None, description="saving with a claimed rate: the cost pool the rate reduces (e.g. 'der Verderb')."
    )
    reduced_eur: list[int] | None = Field(
        default=None,
        description="[low, high] yearly cost pool: base × the facts before the rate, to 1,000 EUR.",
    )
    break_even_reduction_pct: list[float] | None = Field(
        default=None,
        description="[at high, at low] reduction of the pool that recovers cost_eur in a year: what the pilot has to "
        "show, next to the claimed rate (the last fact); none while the rollout is outside the plan.",
    )
    facts: list[FactUse]
    assumptions: list[str]

    def stated_break_even(self) -> list[float] | None:
        """The break-even reduction the report states instead of a payback resting on the claimed rate: where the
        case has a named pool and a year of savings can recover the cost (at most 100 %)."""
        pct = self.break_even_reduction_pct
        return pct if pct and self.reduces and pct[1] <= 100 else None


class Unquantified(_Out):
    """A planned value initiative without a sourced euro figure: said, not invented."""

    initiative: str
    module: ModuleId
    note: str


class MoneyTotals(_Out):
    """Benefit ranges and cost of a module or the whole plan (revenue and savings kept apart)."""

    revenue_low_eur: int = 0
    revenue_high_eur: int = 0
    saving_low_eur: int = 0
    saving_high_eur: int = 0
    exposure_eur: int = 0
    cost_eur: int = Field(ge=0, description="Planned 24-month cost (module or whole plan).")
    payback_months: list[int] | None = Field(default=None, description="When savings alone recover cost_eur.")
    break_even_margin_pct: list[float] | None = Field(
        default=None, description="Gross margin on the extra revenue at which savings plus margin recover cost_eur."
    )
    break_even_reduction_pct: list[float] | None = Field(
        default=None,
        description="When one reduced pool carries all savings: its reduction at which a year of savings alone "
        "recovers cost_eur.",
    )


class MoneyCase(_Out):
    """The money case from sourced figures (contract 1.4)."""

    cases: list[BenefitCase] = Field(default_factory=list)
    unquantified: list[Unquantified] = Field(default_factory=list)
    by_module: dict[str, MoneyTotals] = Field(default_factory=dict)
    plan: MoneyTotals | None = None


class FundItem(_Out):
    """An initiative the board is asked to fund now."""

    initiative: str
    title: str
    module: ModuleId
    start_month: int | None
    cost_eur: int
    benefit: str = Field(description="Benefit range or why there is no sourced figure, in the output language.")
    note: str = Field(
        default="",
        description="What the funding leaves out, e.g. the unfunded rollout of a pilot and its decision month.",
    )


class SpendLine(_Out):
    """Spend the board approves beyond the initiatives to fund now, so the table adds up to the whole budget."""

    label: str
    cost_eur: int
    note: str = ""


class NotPursued(_Out):
    """A use case or step the plan does not pursue, and why."""

    item: str
    reason: str


class BoardSummary(_Out):
    """The part a board reads first (contract 1.4): recommendation, funding, what is not done, risks, decisions."""

    recommendation: list[str] = Field(default_factory=list, description="Three sentences.")
    fund_now: list[FundItem] = Field(default_factory=list)
    spend: list[SpendLine] = Field(
        default_factory=list,
        description="The rest of the planned spend: later value initiatives, duties and foundations.",
    )
    money: list[str] = Field(default_factory=list, description="The plan's money case in sentences.")
    not_pursued: list[NotPursued] = Field(default_factory=list)
    risks: list[str] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)
