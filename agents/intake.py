"""The intake agent: extract a structured profile from a free-text company description (LLM only)."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError

from fahrplan.agents.llm import StructuredLLM
from fahrplan.agents.prompts import PromptSet, fence
from fahrplan.core.profile import Channel, Profile, Sector

__all__ = ["REQUIRED_FIELDS", "IntakeProfile", "extract_profile"]

REQUIRED_FIELDS = (
    "company.name",
    "company.sector",
    "company.annual_revenue_eur",
    "company.employees",
    "data_and_it.maturity",
    "budget.ai_budget_eur_24m",
)


class _Company(BaseModel):
    name: str | None = None
    sector: Sector | None = None
    country: str | None = None
    annual_revenue_eur: float | None = None
    employees: int | None = None
    stores: int | None = None
    online_share_pct: float | None = None
    channels: list[Channel] | None = None


class _DataAndIT(BaseModel):
    maturity: int | None = Field(default=None, description="1 ad hoc/Excel ... 5 AI at scale")
    data_quality: str | None = Field(default=None, description="low | medium | high")
    cloud: str | None = Field(default=None, description="none | partial | cloud_first")
    data_team_fte: float | None = None
    systems: dict[str, str] | None = None


class _Customers(BaseModel):
    loyalty_program: bool | None = None
    loyalty_members: int | None = None
    newsletter_subscribers: int | None = None
    consent_management: bool | None = None


class _Budget(BaseModel):
    ai_budget_eur_24m: float | None = None
    internal_fte_available: float | None = None


class IntakeProfile(BaseModel):
    """What the model extracts; every field optional, nothing invented."""

    company: _Company = Field(default_factory=_Company)
    data_and_it: _DataAndIT = Field(default_factory=_DataAndIT)
    customers: _Customers = Field(default_factory=_Customers)
    budget: _Budget = Field(default_factory=_Budget)
    goals: list[str] = Field(default_factory=list)
    constraints: list[str] = Field(default_factory=list)
    planned_use_cases: list[str] = Field(default_factory=list)


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, {}, [])}
    return value


def extract_profile(
    text: str, llm: StructuredLLM, prompts: PromptSet, lang: str
) -> tuple[dict[str, Any], list[str], Profile | None]:
    """Return (extracted data, missing required field paths, validated profile or None)."""
    messages = [
        SystemMessage(prompts.get("intake.system", lang).render()),
        HumanMessage(prompts.get("intake.task", lang).render(text=fence(text[:20_000]))),
    ]
    extracted, _ = llm.invoke("intake", messages, IntakeProfile)
    data = _prune(extracted.model_dump(mode="json"))
    missing = [path for path in REQUIRED_FIELDS if _get(data, path) is None]
    try:
        profile = Profile.model_validate(data) if not missing else None
    except ValidationError:
        profile = None
    return data, missing, profile


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node
