"""The roadmap (Fahrplan's output): pydantic models of the versioned roadmap.json contract."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from fahrplan.core.board import (
    BenefitCase,
    BoardSummary,
    FactUse,
    FundItem,
    MoneyCase,
    MoneyTotals,
    NotPursued,
    SpendLine,
    Unquantified,
)
from fahrplan.core.vocab import PHASES, Lang, ModuleId, Phase, RiskTier, Verdict

__all__ = [
    "PHASES",
    "SCHEMA_VERSION",
    "BenefitCase",
    "BoardSummary",
    "BudgetSummary",
    "Citation",
    "ComplianceFinding",
    "CriticalPath",
    "DeferredItem",
    "Dependency",
    "FactUse",
    "FundItem",
    "GeneratedWith",
    "GoalCoverage",
    "InitiativeAssessment",
    "LegalBasis",
    "Milestone",
    "ModulePlan",
    "MoneyCase",
    "MoneyTotals",
    "NotPursued",
    "Phase",
    "Priority",
    "RankingStability",
    "Resources",
    "Responsibility",
    "Roadmap",
    "SpendLine",
    "Unquantified",
    "UseCaseCoverage",
    "roadmap_json_schema",
]

SCHEMA_VERSION = "1.5"  # 1.5: a fund item notes an unfunded rollout; 1.4: money case and board summary


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Citation(_Out):
    """A knowledge-base entry backing a statement; ``id`` resolves in the knowledge base."""

    id: str
    title: str
    source: str
    url: str | None = None


class Priority(_Out):
    """Where a module ranks and why."""

    rank: int = Field(ge=1, le=6)
    impact: float = Field(ge=0, le=10)
    feasibility: float = Field(ge=0, le=10)
    score: float = Field(ge=0, le=10)
    rationale: str
    track: Literal["value", "enabling"] = Field(
        default="value",
        description="value: a business module ranked by the value it delivers; enabling: legal duties and enablers.",
    )


class Milestone(_Out):
    """A dated step of a module's plan."""

    id: str
    phase: Phase
    title: str
    description: str
    owner: str
    budget_eur: int = Field(ge=0)
    fte: float = Field(ge=0)
    kpis: list[str] = Field(default_factory=list)
    depends_on: list[str] = Field(default_factory=list)
    quick_win: bool = False
    citations: list[str] = Field(default_factory=list)
    initiative: str = Field(description="Catalog initiative this milestone belongs to.")
    step: Literal["pilot", "scale", "prepare", "review"] = "pilot"
    gated_by: list[str] = Field(
        default_factory=list, description="Compliance measures that must be done before go-live."
    )
    start_month: int | None = Field(
        default=None, ge=1, le=24, description="First month of the step (1-24), as scheduled by the portfolio solver."
    )
    months: int | None = Field(default=None, ge=0, le=24, description="Duration of the step in months.")


class Responsibility(_Out):
    """Who does what (Verantwortlichkeiten)."""

    role: str
    owner: str
    tasks: str


class Resources(_Out):
    """Money and people a module needs (Ressourcen)."""

    budget_eur: int = Field(ge=0)
    fte: float = Field(ge=0)
    external: str


class Dependency(_Out):
    """A dependency on another module or milestone (Abhängigkeit)."""

    on: str
    reason: str
    milestone: str | None = Field(default=None, description="The dependent milestone of this module.")
    kind: Literal["prerequisite", "gate"] = "prerequisite"


class ModulePlan(_Out):
    """One of the six roadmap modules."""

    id: ModuleId
    title: str
    priority: Priority
    goal: str
    value: str
    milestones: list[Milestone]
    responsibilities: list[Responsibility]
    resources: Resources
    success_factors: list[str]
    dependencies: list[Dependency]
    quick_wins: list[str]
    scaling: str
    citations: list[Citation]
    initiatives: list[str] = Field(default_factory=list, description="Catalog initiatives planned.")


class LegalBasis(_Out):
    """One legal provision a finding rests on."""

    instrument: str
    article: str
    id: str
    condition: str | None = Field(
        default=None,
        exclude_if=lambda v: v is None,
        description="When the provision starts to apply where it does not yet for this company (co-determination "
        "once a works council is elected); absent where it applies.",
    )


class ComplianceFinding(_Out):
    """The compliance review of one use case."""

    use_case: str
    description: str | None = Field(default=None, description="What the AI does (for initiatives).")
    module: ModuleId | None
    source: Literal["planned_use_case", "initiative"]
    initiative: str | None = None
    ai_act_risk: RiskTier
    legal_basis: list[LegalBasis]
    required_measures: list[str]
    measure_ids: list[str] = Field(default_factory=list)
    verdict: Verdict
    rationale: str
    alternative: str | None = None
    rules: list[str] = Field(default_factory=list)
    citations: list[str]
    step: Literal["pilot", "scale"] = Field(
        default="pilot",
        description="The initiative's milestone whose go-live the measures gate: 'scale' for the purpose a scale "
        "step adds (a footfall forecast put to staff planning).",
    )


class BudgetSummary(_Out):
    """Budget by phase against the profile's limit."""

    limit_eur: int
    total_eur: int
    by_phase: dict[Phase, int]
    by_module: dict[str, int] = Field(default_factory=dict)
    within_limit: bool


class GeneratedWith(_Out):
    """Provenance of a roadmap run."""

    backend: str
    model: str | None
    prompt_version: str
    knowledge_version: str
    created_at: str | None
    language: Lang
    fahrplan_version: str
    planner_version: str = ""
    prompt_hashes: dict[str, str] = Field(default_factory=dict)
    usage: dict[str, Any] = Field(
        default_factory=dict, description="Per agent and total: calls, cached_calls, tokens, latency_s, cost_usd."
    )


class InitiativeAssessment(_Out):
    """One catalog initiative as assessed for this company (value x feasibility matrix)."""

    id: str
    module: ModuleId
    title: str
    impact: float
    feasibility: float
    score: float
    quadrant: Literal["do_now", "quick_win", "strategic_bet", "drop"]
    status: Literal["planned", "deferred", "not_selected"]
    criteria: dict[str, float] = Field(
        default_factory=dict,
        description="Points per scoring criterion on top of the catalog base values, e.g. impact.goal_fit.",
    )


class RankingStability(_Out):
    """Does the module ranking change if a weight moves by ±20 %?"""

    stable: bool
    delta: float = 0.2
    changes: list[dict[str, Any]] = Field(default_factory=list, description="[{variant, ranking}] that differ")


class CriticalPath(_Out):
    """The longest dependency chain through the milestones."""

    milestones: list[str]
    months: int


class DeferredItem(_Out):
    """Work that did not fit in 24 months (budget, capacity or maturity)."""

    milestone: str
    module: ModuleId
    title: str
    budget_eur: int
    reason: str


class GoalCoverage(_Out):
    """How the plan serves one profile goal (contract 1.1)."""

    goal: str = Field(description="The goal text as the profile states it.")
    initiatives: list[str] = Field(
        default_factory=list, description="Catalog ids of planned initiatives that move this goal's KPI ([] = none)."
    )
    first_phase: Phase | None = Field(default=None, description="Phase of the earliest milestone serving it.")
    kpis: list[str] = Field(default_factory=list, description="KPIs that show progress on this goal.")
    rationale: str = Field(default="", description="Why these initiatives, or why none within 24 months.")


class UseCaseCoverage(_Out):
    """What becomes of one planned use case (contract 1.1)."""

    use_case: str = Field(description="The use-case text as the profile states it.")
    verdict: Verdict = Field(description="As in its compliance finding.")
    initiatives: list[str] = Field(
        default_factory=list,
        description="Ids that realise it, or its compliant alternative when not permitted ([] = none).",
    )
    recommendation: str = Field(default="", description="What to do (provider, alternative, plan separately).")


class Roadmap(_Out):
    """The whole roadmap: six prioritised modules, compliance findings, budget, warnings."""

    schema_version: str = SCHEMA_VERSION
    company: dict[str, Any]
    profile: dict[str, Any] = Field(default_factory=dict, description="The whole validated profile.")
    assumed_defaults: dict[str, str] = Field(default_factory=dict)
    generated_with: GeneratedWith
    executive_summary: list[str] = Field(default_factory=list)
    board_summary: BoardSummary | None = None
    money_case: MoneyCase | None = None
    modules: list[ModulePlan] = Field(min_length=6, max_length=6)
    compliance_findings: list[ComplianceFinding]
    budget: BudgetSummary
    deferred: list[DeferredItem] = Field(default_factory=list)
    initiatives: list[InitiativeAssessment] = Field(default_factory=list)
    ranking_stability: RankingStability | None = None
    critical_path: CriticalPath | None = None
    binding_constraints: list[str] = Field(
        default_factory=list, description="Limits that bind the plan and what relaxing each would change (1.2)."
    )
    goal_coverage: list[GoalCoverage] = Field(default_factory=list, description="One per profile goal (1.1).")
    use_case_coverage: list[UseCaseCoverage] = Field(
        default_factory=list, description="One per planned use case of the profile (1.1)."
    )
    start_month: str | None = Field(
        default=None, description="First month of the roadmap (YYYY-MM); dates of the Gantt chart count from it."
    )
    warnings: list[str] = Field(default_factory=list)

    def all_milestones(self) -> list[Milestone]:
        """Every milestone of the plan, module by module in priority order."""
        return [ms for m in self.modules for ms in m.milestones]

    def milestone_ids(self) -> set[str]:
        """The ids of every scheduled milestone (``<initiative>.pilot``, ``<initiative>.scale``, …)."""
        return {ms.id for ms in self.all_milestones()}

    def scaled_initiatives(self) -> set[str]:
        """The initiatives whose scale step the plan schedules."""
        return {ms.initiative for ms in self.all_milestones() if ms.step == "scale"}


def roadmap_json_schema() -> str:
    """Return the JSON Schema of roadmap.json, pretty-printed and stable."""
    return json.dumps(Roadmap.model_json_schema(), indent=2, ensure_ascii=False, sort_keys=True)
