"""Scoring weights: how much each criterion and the impact/feasibility balance count.

Pure data shared by the settings (which read them from the environment or a config file) and the
planner (which applies them); kept in the bottom layer so loading settings imports no planner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Criteria", "Weights"]


class Criteria(BaseModel):
    """Points each scoring criterion moves an initiative's impact or feasibility (0-10 scales).

    Impact starts at the catalog's base value, feasibility at the catalog's base feasibility;
    each criterion then adds or subtracts up to its weight (see :func:`assess` for the rules).
    Configurable per run (settings ``criteria``), so a scoring change is explicit and recorded.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    goal_fit: float = Field(default=3.0, ge=0, le=10, description="impact: x relevance (0-1) of the best goal")
    planned_use_case: float = Field(default=1.5, ge=0, le=10, description="impact: realises a planned use case")
    online_share: float = Field(
        default=1.0, ge=0, le=10, description="impact: online-only initiatives, + at >= 15 % online, - below 5 %"
    )
    customer_data: float = Field(
        default=1.0, ge=0, le=10, description="impact: customer-data initiatives, + with data, -1.5x without"
    )
    store_network: float = Field(default=0.5, ge=0, le=10, description="impact: store initiatives at >= 50 stores")
    maturity_gap: float = Field(default=1.5, ge=0, le=10, description="feasibility: - per missing maturity level")
    data_readiness: float = Field(
        default=1.0, ge=0, le=10, description="feasibility: AI initiatives, data quality and data team"
    )
    cost_share: float = Field(
        default=1.5, ge=0, le=10, description="feasibility: - for the cost share of the budget (>10/20/40 %)"
    )
    cloud_readiness: float = Field(
        default=0.5, ge=0, le=10, description="feasibility: - for maturity-3+ initiatives without cloud"
    )
    regulatory_risk: float = Field(
        default=1.0, ge=0, le=10, description="feasibility: - for AI Act high/limited risk or DPIA/works council"
    )


@dataclass(frozen=True)
class Weights:
    """Weights of the priority score (impact vs feasibility), the quadrant threshold and the criteria."""

    impact: float = 0.6
    feasibility: float = 0.4
    threshold: float = 6.0
    criteria: Criteria = field(default_factory=Criteria)
