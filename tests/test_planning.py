"""Pure planning functions: applicability, costs, quadrants, scheduling, budget fitting."""

from __future__ import annotations

from typing import Any

import pytest

from fahrplan.agents.planning import (
    ai_scope_revenue,
    applicability,
    assess,
    quadrant,
    regulatory_burden,
    scaled_cost,
)
from fahrplan.agents.scheduling import CycleError, fit_budget, phase_totals, schedule, topological_order
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Milestone
from fahrplan.core.weights import Criteria, Weights
from fahrplan.knowledge.catalog import Catalog


def ms(mid: str, phase: str = "0-6", fte: float = 1.0, budget: int = 100, deps: tuple[str, ...] = ()) -> Milestone:
    return Milestone(
        id=mid,
        phase=phase,
        title=mid,
        description="",
        owner="o",
        budget_eur=budget,
        fte=fte,  # type: ignore[arg-type]
        depends_on=list(deps),
        initiative=mid.split(".")[0] + ".x",
    )


def by_id(key: str) -> tuple[str]:
    return (key,)


def test_webshop_initiatives_need_a_webshop(catalog: Catalog, example_profile: Any) -> None:
    grocer = example_profile("frischmarkt-sued")
    fashion = example_profile("modehaus-nord")
    webshop_only = [
        i
        for i in catalog.initiatives.values()
        if i.requires_channels and set(i.requires_channels) <= {"webshop", "app", "marketplace"}
    ]
    assert webshop_only, "catalog must contain online-only initiatives"
    for ini in webshop_only:
        assert applicability(ini, grocer) is not None
    assert any(applicability(i, fashion) is None for i in webshop_only)


def test_cost_scales_with_company_size(catalog: Catalog, minimal_profile_data: dict[str, Any]) -> None:
    ini = next(iter(catalog.initiatives.values()))
    costs = []
    for revenue in (5e6, 60e6, 900e6, 5e9):
        data = {**minimal_profile_data, "company": {**minimal_profile_data["company"], "annual_revenue_eur": revenue}}
        costs.append(scaled_cost(ini, Profile.model_validate(data)))
    assert costs == sorted(costs) and costs[0] < costs[-1]
    assert all(c % 5000 == 0 for c in costs)


@pytest.mark.parametrize(
    ("revenue", "maturity", "scoped"),
    [(14e6, 1, True), (40e6, 3, True), (40e6, 4, False), (95e6, 1, False), (2e9, 2, False)],
)
def test_a_small_company_without_ml_in_production_pays_for_ai_governance_at_its_ai_scope(
    catalog: Catalog, minimal_profile_data: dict[str, Any], revenue: float, maturity: int, scoped: bool
) -> None:
    data = {
        **minimal_profile_data,
        "company": {**minimal_profile_data["company"], "annual_revenue_eur": revenue},
        "data_and_it": {**minimal_profile_data["data_and_it"], "maturity": maturity},
    }
    profile = Profile.model_validate(data)
    ai_scoped = [i for i in catalog.initiatives.values() if i.cost_scope == "ai_use"]
    # the duties and the programmes that gate AI go-lives; not a consent platform or a works agreement
    assert {"compliance.ai_inventory", "upskilling.ai_literacy", "compliance.transparency_notices"} <= {
        i.id for i in ai_scoped
    }
    assert catalog.initiatives["compliance.consent_management"].cost_scope == "company"
    for ini in catalog.initiatives.values():  # value work is costed at the company's size
        if ini.cost_scope == "company":
            assert ai_scope_revenue(ini, profile) is None
    for ini in ai_scoped:
        scope = ai_scope_revenue(ini, profile)
        assert (scope is not None) == scoped
        costed = assess(ini, profile, goal_scores={}, use_case_matches=(), weights=Weights()).cost_eur
        assert costed == scaled_cost(ini, profile, scope_revenue=scope)
        if scoped:  # the lower end of the small band (in 5k steps), at most what the revenue alone would cost
            assert costed == round(ini.cost_eur.small[0] / 5000) * 5000 <= scaled_cost(ini, profile)


@pytest.mark.parametrize(
    ("impact", "feasibility", "expected"),
    [(8, 8, "do_now"), (8, 3, "strategic_bet"), (4, 8, "quick_win"), (3, 3, "drop"), (6, 6, "do_now")],
)
def test_quadrant_rules(impact: float, feasibility: float, expected: str) -> None:
    assert quadrant(impact, feasibility) == expected


def test_topological_order_detects_cycles() -> None:
    with pytest.raises(CycleError, match=r"a\.p, b\.p"):
        topological_order([ms("a.p", deps=("b.p",)), ms("b.p", deps=("a.p",))], priority=lambda m: (m.id,))


def test_dependent_never_before_prerequisite() -> None:
    result = schedule(
        [ms("a.p", "6-12"), ms("b.p", "0-6", deps=("a.p",))],
        capacity_fte=10,
        priority=lambda m: (m.id,),
        must_place=lambda m: False,
    )
    phases = {m.id: m.phase for m in result.placed}
    assert phases == {"a.p": "6-12", "b.p": "6-12"}
    assert [s.milestone for s in result.shifts] == ["b.p"]


def test_capacity_shifts_then_defers_with_dependents() -> None:
    items = [ms("a.p", fte=2), ms("b.p", fte=2), ms("c.p", fte=2), ms("d.p", fte=2), ms("e.p", fte=1, deps=("d.p",))]
    result = schedule(items, capacity_fte=2, priority=lambda m: (m.id,), must_place=lambda m: False)
    phases = {m.id: m.phase for m in result.placed}
    assert phases == {"a.p": "0-6", "b.p": "6-12", "c.p": "12-24"}
    deferred = {d.milestone: d.reason for d in result.deferred}
    assert deferred == {"d.p": "capacity", "e.p": "dependency"}


def test_must_place_ignores_capacity() -> None:
    result = schedule([ms("a.p", fte=3)], capacity_fte=1, priority=lambda m: (m.id,), must_place=lambda m: True)
    assert [m.phase for m in result.placed] == ["0-6"]


def test_fit_budget_defers_lowest_value_leaves() -> None:
    items = (ms("a.p", budget=500), ms("b.p", budget=300, deps=("a.p",)), ms("c.p", budget=400))
    value = {"a.p": 9, "b.p": 1, "c.p": 5}
    kept, deferred = fit_budget(
        items, limit_eur=900, deferral_key=lambda m: (value[m.id], m.id), protected=lambda m: False
    )
    assert [m.id for m in kept] == ["a.p", "c.p"]
    assert [d.milestone for d in deferred] == ["b.p"]
    assert sum(phase_totals(kept).values()) == 900


def test_fit_budget_keeps_protected_and_prerequisites() -> None:
    items = (ms("a.p", budget=500), ms("b.p", budget=500, deps=("a.p",)))
    kept, deferred = fit_budget(
        items, limit_eur=100, deferral_key=lambda m: (0, m.id), protected=lambda m: m.id == "b.p"
    )
    assert [m.id for m in kept] == ["a.p", "b.p"] and deferred == ()


def test_phase_budget_cap_shifts_then_defers() -> None:
    items = [ms("a.p", budget=400, fte=0), ms("b.p", budget=300, fte=0), ms("c.p", budget=300, fte=0)]
    caps = {"0-6": 500.0, "6-12": 500.0, "12-24": 200.0}
    result = schedule(items, capacity_fte=10, priority=lambda m: (m.id,), must_place=lambda m: False, budget_caps=caps)
    phases = {m.id: m.phase for m in result.placed}
    assert phases == {"a.p": "0-6", "b.p": "6-12"}
    assert [(s.milestone, s.reason) for s in result.shifts] == [("b.p", "phase_budget")]
    spent = phase_totals(result.placed)
    assert all(spent[p] <= caps[p] for p in caps)
    assert {d.milestone: d.reason for d in result.deferred} == {"c.p": "phase_budget"}


def test_phase_budget_cap_never_blocks_legal_duties() -> None:
    result = schedule(
        [ms("a.p", budget=900, fte=0)],
        capacity_fte=10,
        priority=lambda m: (m.id,),
        must_place=lambda m: True,
        budget_caps={"0-6": 100.0, "6-12": 100.0, "12-24": 100.0},
    )
    assert [(m.id, m.phase) for m in result.placed] == [("a.p", "0-6")]


def test_criteria_weights_are_explicit_and_recorded(catalog: Catalog, example_profile: Any) -> None:
    profile = example_profile("frischmarkt-sued")
    ini = catalog.initiatives["supply_chain.workforce_scheduling"]
    rules = [catalog.rules[r] for r in ini.reviewed_rules]  # the shift proposals of its scale step included
    base = assess(ini, profile, goal_scores={"g": 0.5}, use_case_matches=("u",), weights=Weights(), rules=rules)
    points = dict(base.contributions)
    assert points["impact.goal_fit"] == 1.5 and points["impact.planned_use_case"] == 1.5
    # AI Act Annex III 4(b) workforce scheduling is high risk: the full regulatory-risk weight applies
    assert regulatory_burden(rules) == 1.0 and points["feasibility.regulatory_risk"] == -1.0
    stricter = Weights(criteria=Criteria(regulatory_risk=3.0, goal_fit=0.0))
    other = assess(ini, profile, goal_scores={"g": 0.5}, use_case_matches=("u",), weights=stricter, rules=rules)
    assert dict(other.contributions)["feasibility.regulatory_risk"] == -3.0
    assert "impact.goal_fit" not in dict(other.contributions)
    assert other.impact == round(base.impact - 1.5, 1)
    assert other.feasibility == max(0.0, round(base.feasibility - 2.0, 1))


def test_minimal_risk_rules_cost_less_regulatory_effort(catalog: Catalog) -> None:
    assert regulatory_burden([catalog.rules["demand_forecasting"]]) == 0.0
    assert regulatory_burden([catalog.rules["customer_chatbot"]]) == 0.5
    assert regulatory_burden([catalog.rules["loyalty_profiling"]]) == 0.25
