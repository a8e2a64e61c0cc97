"""Strategy scorers against expert labels: a corrected roadmap scores 1.0, a broken copy lower, saying why."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import CriticalPath, DeferredItem, GoalCoverage, Roadmap, UseCaseCoverage
from fahrplan.evals.dataset import load_dataset
from fahrplan.evals.labels import Labels
from fahrplan.evals.schema import ScoreContext
from fahrplan.evals.scorers.strategy import (
    STRATEGY_SCORERS,
    consistency,
    goal_mapping,
    plan_shape,
    quick_wins_per_module,
    tailoring,
    use_case_mapping,
    value_first,
)
from fahrplan.knowledge.catalog import Catalog

SAMPLE = "modehaus-nord"


@pytest.fixture(scope="module")
def sample_labels() -> tuple[Profile, Labels]:
    _, samples = load_dataset()
    sample = next(s for s in samples if s.id == SAMPLE)
    assert sample.labels is not None
    return sample.profile, sample.labels


@pytest.fixture(scope="module")
def ctx(sample_labels: tuple[Profile, Labels], catalog: Catalog) -> ScoreContext:
    profile, labels = sample_labels
    return ScoreContext(profile=profile, catalog=catalog, resolves=catalog.resolves, labels=labels)


def _planned(roadmap: Roadmap) -> set[str]:
    return {ms.initiative for m in roadmap.modules for ms in m.milestones}


@pytest.fixture(scope="module")
def corrected(plan: Callable[..., Roadmap], ctx: ScoreContext) -> Roadmap:
    """The planner's roadmap as an expert would correct it for the mapping and fit labels."""
    assert ctx.labels is not None
    road = plan(ctx.profile).model_copy(deep=True)
    unfit = {nf.initiative for nf in ctx.labels.not_fitting}
    for m in road.modules:
        m.milestones = [ms for ms in m.milestones if ms.initiative not in unfit]
    for word in ctx.labels.forbidden_words:  # the expert rewrites sentences that do not fit this company
        pattern = re.compile(re.escape(word) + r"\w*", re.IGNORECASE)
        for m in road.modules:
            m.scaling = pattern.sub("Ware", m.scaling)
            for ms in m.milestones:
                ms.description = pattern.sub("Ware", ms.description)
    planned = _planned(road)
    road.goal_coverage = [
        GoalCoverage(goal=g.goal, initiatives=[i for i in g.acceptable if i in planned][:1]) for g in ctx.labels.goals
    ]
    road.use_case_coverage = [
        UseCaseCoverage(use_case=u.use_case, verdict="permitted", initiatives=u.realised_by[:1])
        for u in ctx.labels.use_cases
    ]
    return road


def broken(roadmap: Roadmap, edit: Callable[[Roadmap], Any]) -> Roadmap:
    copy = roadmap.model_copy(deep=True)
    edit(copy)
    return copy


def test_every_scorer_is_registered() -> None:
    assert set(STRATEGY_SCORERS) == {
        "goal_mapping",
        "use_case_mapping",
        "tailoring",
        "plan_shape",
        "value_first",
        "quick_wins_per_module",
        "consistency",
    }


def test_goal_mapping_rewards_the_labelled_mechanism_and_names_a_word_match(
    corrected: Roadmap, ctx: ScoreContext
) -> None:
    assert all(gc.initiatives for gc in corrected.goal_coverage), "each goal has a planned acceptable initiative"
    assert goal_mapping(corrected, ctx).value == 1.0

    def marketplace_for_conversion(r: Roadmap) -> None:
        r.goal_coverage[0].initiatives = ["omnichannel.marketplace_integration"]
        r.modules[0].milestones[0].initiative = "omnichannel.marketplace_integration"

    score = goal_mapping(broken(corrected, marketplace_for_conversion), ctx)
    assert score.value < 1.0
    assert "Online-Conversion" in score.explanation and "marketplace_integration" in score.explanation


def test_goal_mapping_without_coverage_scores_zero(corrected: Roadmap, ctx: ScoreContext) -> None:
    score = goal_mapping(broken(corrected, lambda r: setattr(r, "goal_coverage", [])), ctx)
    assert score.value == 0.0 and "missed" in score.explanation


def test_use_case_mapping(corrected: Roadmap, ctx: ScoreContext) -> None:
    assert use_case_mapping(corrected, ctx).value == 1.0

    def unmapped(r: Roadmap) -> None:
        r.use_case_coverage[0].initiatives = []

    score = use_case_mapping(broken(corrected, unmapped), ctx)
    assert score.value == pytest.approx(2 / 3)
    assert "Produktempfehlungen" in score.explanation


def test_tailoring_names_unfit_initiatives_and_forbidden_words(corrected: Roadmap, ctx: ScoreContext) -> None:
    assert tailoring(corrected, ctx).value == 1.0

    def fresh(r: Roadmap) -> None:
        r.modules[1].scaling += " Danach folgt die Frischedisposition."

    score = tailoring(broken(corrected, fresh), ctx)
    assert score.value < 1.0 and "'Frische'" in score.explanation

    def unfit(r: Roadmap) -> None:
        r.modules[1].milestones[0].initiative = "supply_chain.fresh_ordering"

    score = tailoring(broken(corrected, unfit), ctx)
    assert score.value < 1.0 and "supply_chain.fresh_ordering planned (sector" in score.explanation


def test_plan_shape_flags_a_critical_path_beyond_the_plan(corrected: Roadmap, ctx: ScoreContext) -> None:
    fixed = broken(corrected, lambda r: setattr(r, "critical_path", CriticalPath(milestones=[], months=18)))
    longer = broken(corrected, lambda r: setattr(r, "critical_path", CriticalPath(milestones=[], months=33)))
    assert plan_shape(longer, ctx).value < plan_shape(fixed, ctx).value
    assert "critical path 33 months" in plan_shape(longer, ctx).explanation


def test_plan_shape_counts_parallel_pilots_against_internal_fte(corrected: Roadmap, ctx: ScoreContext) -> None:
    def all_early(r: Roadmap) -> None:
        for m in r.modules:
            for ms in m.milestones:
                if ms.step == "pilot":
                    ms.phase = "0-6"

    score = plan_shape(broken(corrected, all_early), ctx)
    assert "pilots in months 0-6 for a cap of 3" in score.explanation


def test_value_first_names_governance_above_value(corrected: Roadmap, ctx: ScoreContext) -> None:
    def order(r: Roadmap, first: list[str]) -> None:
        rest = [m for m in r.modules if m.id not in first]
        r.modules = [next(m for m in r.modules if m.id == f) for f in first] + rest
        for rank, m in enumerate(r.modules, start=1):
            m.priority.rank = rank

    good = broken(corrected, lambda r: order(r, ["supply_chain", "personalization", "omnichannel"]))
    assert value_first(good, ctx).value == 1.0
    bad = broken(corrected, lambda r: order(r, ["compliance", "supply_chain", "personalization", "omnichannel"]))
    score = value_first(bad, ctx)
    assert score.value < 1.0 and "compliance (rank 1) above" in score.explanation


def test_quick_wins_per_module(corrected: Roadmap, ctx: ScoreContext) -> None:
    def reasons(r: Roadmap) -> None:
        for m in r.modules:
            m.quick_wins = [*m.quick_wins, "Kein Quick Win: das Modul liefert Pflichten und Grundlagen."]

    assert quick_wins_per_module(broken(corrected, reasons), ctx).value == 1.0

    def none(r: Roadmap) -> None:
        for m in r.modules:
            m.quick_wins = []
            for ms in m.milestones:
                ms.quick_win = False

    score = quick_wins_per_module(broken(corrected, none), ctx)
    assert score.value == 0.0 and "personalization: no genuine quick win" in score.explanation


def test_quick_wins_paperwork_does_not_count(corrected: Roadmap, ctx: ScoreContext) -> None:
    def paperwork(r: Roadmap) -> None:
        compliance = next(m for m in r.modules if m.id == "compliance")
        first = next(ms for ms in compliance.milestones if ms.phase == "0-6")
        first.quick_win, first.budget_eur = True, 0
        compliance.quick_wins = [first.id]

    score = quick_wins_per_module(broken(corrected, paperwork), ctx)
    assert "compliance: no genuine quick win" in score.explanation


def test_every_module_has_a_quick_win_or_says_why(corrected: Roadmap, ctx: ScoreContext) -> None:
    assert quick_wins_per_module(corrected, ctx).value == 1.0
    compliance = next(m for m in corrected.modules if m.id == "compliance")
    assert not any(ms.quick_win for ms in compliance.milestones), "compliance paperwork is never a quick win"


def test_consistency_names_a_moved_milestone_that_sits_in_the_backlog(corrected: Roadmap, ctx: ScoreContext) -> None:
    assert corrected.deferred, "the example plan defers something"
    item = corrected.deferred[0]

    def clean(r: Roadmap) -> None:
        r.warnings = [w for w in r.warnings if item.title not in w]

    base = consistency(broken(corrected, clean), ctx)

    def stale(r: Roadmap) -> None:
        clean(r)
        r.warnings.append(f"Verschoben: „{item.title}“ von 0-6 auf 6-12 Monate – interne Kapazität.")

    score = consistency(broken(corrected, stale), ctx)
    assert score.value < base.value and item.title in score.explanation


def test_consistency_names_a_decision_on_an_unplanned_initiative(corrected: Roadmap, ctx: ScoreContext) -> None:
    title = ctx.catalog.initiatives["supply_chain.fresh_ordering"].title.de

    def decide(r: Roadmap) -> None:
        r.executive_summary.append(f"Entscheidungen der Geschäftsführung: „{title}“ beauftragen.")

    score = consistency(broken(corrected, decide), ctx)
    assert score.value < 1.0 and "supply_chain.fresh_ordering, which is not planned" in score.explanation


def test_consistency_counts_the_prerequisite_a_budget_deferral_names(corrected: Roadmap, ctx: ScoreContext) -> None:
    """An item deferred together with its unfunded prerequisite is affordable only if the package is."""
    spare = 50_000  # left under the reserve ceiling in the edited copy
    total = int(corrected.budget.limit_eur * 0.85) - spare

    def package(r: Roadmap) -> None:
        r.budget = r.budget.model_copy(update={"total_eur": total})
        r.deferred = [
            DeferredItem(
                milestone="x.base.pilot",
                module="data_platform",
                title="Basis: Pilot",
                budget_eur=45_000,
                reason="Budgetgrenze",
            ),
            DeferredItem(
                milestone="x.top.pilot",
                module="data_platform",
                title="Aufbau: Pilot",
                budget_eur=10_000,
                reason="Budgetgrenze: zusammen mit der nötigen Voraussetzung „Basis: Pilot“ übersteigt es das Budget",
            ),
        ]

    def alone(r: Roadmap) -> None:
        package(r)
        r.deferred[1] = r.deferred[1].model_copy(update={"reason": "Budgetgrenze"})

    assert "Aufbau" not in consistency(broken(corrected, package), ctx).explanation
    assert "Aufbau: Pilot" in consistency(broken(corrected, alone), ctx).explanation
