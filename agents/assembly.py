"""Assemble a roadmap from its parts: one place for both topologies (the agents' graph and the baseline)."""

from __future__ import annotations

from collections.abc import Sequence

from fahrplan.agents.scheduling import phase_totals
from fahrplan.core.profile import Profile, assumed_defaults
from fahrplan.core.roadmap import (
    BudgetSummary,
    ComplianceFinding,
    DeferredItem,
    GeneratedWith,
    ModulePlan,
    Roadmap,
)

__all__ = ["assemble_roadmap", "budget_summary"]


def budget_summary(modules: Sequence[ModulePlan], limit_eur: int) -> BudgetSummary:
    """Budget by phase and by module of the module plans, against ``limit_eur``."""
    totals = phase_totals(m for mod in modules for m in mod.milestones)
    total = sum(totals.values())
    return BudgetSummary(
        limit_eur=limit_eur,
        total_eur=total,
        by_phase=totals,
        by_module={mod.id: mod.resources.budget_eur for mod in modules},
        within_limit=total <= limit_eur,
    )


def assemble_roadmap(
    profile: Profile,
    generated_with: GeneratedWith,
    *,
    modules: list[ModulePlan],
    findings: list[ComplianceFinding],
    budget: BudgetSummary,
    warnings: list[str],
    executive_summary: Sequence[str] = (),
    deferred: Sequence[DeferredItem] = (),
    start_month: str | None = None,
) -> Roadmap:
    """Build the roadmap of ``profile`` from its modules, findings, budget and warnings (no analyses)."""
    company = profile.company.model_dump(mode="json")
    company["channels"] = list(profile.channels)
    return Roadmap(
        company=company,
        profile=profile.model_dump(mode="json"),
        assumed_defaults=dict(assumed_defaults(profile)),
        generated_with=generated_with,
        executive_summary=list(executive_summary),
        modules=modules,
        compliance_findings=findings,
        budget=budget,
        deferred=list(deferred),
        warnings=warnings,
        start_month=start_month,
    )
