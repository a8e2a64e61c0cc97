"""Scorer validity: hand corrections of planner roadmaps must raise the metric they target.

``evals/validity/corrections.yaml`` holds what an expert would change in the planner's roadmap for
ten dev samples, as absolute edits (make initiatives planned, set the goal coverage, map use cases
as the labels say, drop initiatives that do not fit, reword, reorder modules). :func:`agreement`
applies each correction and reports whether the targeted scorer agrees that the corrected roadmap
is better: the scorer–label agreement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from fahrplan.core.roadmap import GoalCoverage, Milestone, Roadmap, UseCaseCoverage
from fahrplan.core.vocab import ModuleId
from fahrplan.evals.dataset import Sample
from fahrplan.evals.schema import Score, ScoreContext
from fahrplan.evals.scorers.strategy import STRATEGY_SCORERS
from fahrplan.knowledge.catalog import Catalog

__all__ = ["CORRECTIONS_FILE", "Correction", "Verdict", "agreement", "apply_edits", "load_corrections"]

CORRECTIONS_FILE = Path(__file__).parent / "validity" / "corrections.yaml"


class Correction(BaseModel):
    """One expert correction of one sample's roadmap, aimed at one metric."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sample: str
    metric: str
    why: str = Field(min_length=1)
    edits: list[dict[str, Any]] = Field(min_length=1)


@dataclass(frozen=True)
class Verdict:
    """What the targeted scorer said before and after the correction."""

    correction: Correction
    before: Score
    after: Score

    @property
    def agrees(self) -> bool:
        """The scorer ranks the corrected roadmap above the planner's, or both at full marks.

        Full marks on both sides means the planner already does what the expert would correct; the
        scorer then has nothing to tell apart (a tie below full marks is still a disagreement).
        """
        return self.after.value > self.before.value or self.before.value == self.after.value == 1.0


def load_corrections(path: Path = CORRECTIONS_FILE) -> list[Correction]:
    """Load the corrections file; unknown metrics are an error naming the sample."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = [Correction.model_validate(item) for item in data["corrections"]]
    for c in out:
        if c.metric not in STRATEGY_SCORERS:
            raise ValueError(f"{path}: correction for {c.sample}: unknown metric {c.metric!r}")
    return out


def _ensure_planned(road: Roadmap, ids: list[str], catalog: Catalog) -> None:
    planned = {ms.initiative for m in road.modules for ms in m.milestones}
    for ini_id in ids:
        if ini_id in planned:
            continue
        ini = catalog.initiatives[ini_id]
        module = next(m for m in road.modules if m.id == ini.module)
        module.milestones.append(
            Milestone(
                id=f"{ini_id}.pilot",
                phase="0-6",
                title=ini.title.de,
                description=ini.description.de,
                owner=ini.owner_roles[0].de,
                budget_eur=0,
                fte=0.0,
                initiative=ini_id,
            )
        )


def _goal_coverage(road: Roadmap, per_goal: list[list[str]], sample: Sample) -> None:
    road.goal_coverage = [
        GoalCoverage(goal=goal, initiatives=ids) for goal, ids in zip(sample.profile.goals, per_goal, strict=True)
    ]


def _use_cases_from_labels(road: Roadmap, sample: Sample) -> None:
    assert sample.labels is not None
    road.use_case_coverage = [
        UseCaseCoverage(
            use_case=u.use_case, verdict="permitted", initiatives=u.realised_by, recommendation=u.recommendation or ""
        )
        for u in sample.labels.use_cases
    ]


def _drop_not_fitting(road: Roadmap, sample: Sample) -> None:
    assert sample.labels is not None
    unfit = {nf.initiative for nf in sample.labels.not_fitting}
    for m in road.modules:
        m.milestones = [ms for ms in m.milestones if ms.initiative not in unfit]


def _replace_words(road: Roadmap, words: Mapping[str, str]) -> None:
    def fix(text: str) -> str:
        for old, new in words.items():
            text = re.sub(re.escape(old), new, text, flags=re.IGNORECASE)
        return text

    road.executive_summary = [fix(s) for s in road.executive_summary]
    road.warnings = [fix(w) for w in road.warnings]
    for m in road.modules:
        m.goal, m.value, m.scaling = fix(m.goal), fix(m.value), fix(m.scaling)
        m.priority.rationale = fix(m.priority.rationale)
        m.resources.external = fix(m.resources.external)
        m.success_factors = [fix(s) for s in m.success_factors]
        for r in m.responsibilities:
            r.tasks = fix(r.tasks)
        for d in m.dependencies:
            d.reason = fix(d.reason)
        for ms in m.milestones:
            ms.title, ms.description = fix(ms.title), fix(ms.description)
    for f in road.compliance_findings:
        f.rationale = fix(f.rationale)
        f.alternative = fix(f.alternative) if f.alternative else f.alternative


def _rank_order(road: Roadmap, order: list[ModuleId]) -> None:
    road.modules = sorted(road.modules, key=lambda m: order.index(m.id))
    for rank, m in enumerate(road.modules, start=1):
        m.priority.rank = rank


def apply_edits(roadmap: Roadmap, correction: Correction, sample: Sample, catalog: Catalog) -> Roadmap:
    """Return a corrected deep copy of ``roadmap``."""
    road = roadmap.model_copy(deep=True)
    actions: dict[str, Callable[[Any], None]] = {
        "ensure_planned": lambda v: _ensure_planned(road, v, catalog),
        "goal_coverage": lambda v: _goal_coverage(road, v, sample),
        "use_case_from_labels": lambda _v: _use_cases_from_labels(road, sample),
        "drop_not_fitting": lambda _v: _drop_not_fitting(road, sample),
        "replace_words": lambda v: _replace_words(road, v),
        "rank_order": lambda v: _rank_order(road, v),
    }
    for edit in correction.edits:
        for name, value in edit.items():
            if name not in actions:
                raise ValueError(f"correction for {correction.sample}: unknown edit {name!r}")
            actions[name](value)
    return road


def agreement(
    corrections: list[Correction],
    samples: Mapping[str, Sample],
    roadmap_for: Callable[[Sample], Roadmap],
    catalog: Catalog,
) -> list[Verdict]:
    """Score each sample's planner roadmap and its correction on the targeted metric."""
    verdicts: list[Verdict] = []
    for c in corrections:
        sample = samples[c.sample]
        ctx = ScoreContext(
            profile=sample.profile, catalog=catalog, resolves=catalog.resolves, labels=sample.labels, lang=sample.lang
        )
        original = roadmap_for(sample)
        scorer = STRATEGY_SCORERS[c.metric]
        corrected = apply_edits(original, c, sample, catalog)
        verdicts.append(Verdict(c, scorer(original, ctx), scorer(corrected, ctx)))
    return verdicts


def main() -> int:
    """Print the scorer–label agreement of every correction (``python -m fahrplan.evals.validity``)."""
    from fahrplan.app.runner import open_store, run_roadmap
    from fahrplan.app.settings import Settings
    from fahrplan.evals.dataset import load_dataset

    store = open_store(Settings())
    _, samples = load_dataset()
    verdicts = agreement(
        load_corrections(),
        {s.id: s for s in samples},
        lambda s: run_roadmap(s.profile, Settings(lang=s.lang), store=store),
        store.catalog,
    )
    for v in verdicts:
        mark = "agrees" if v.agrees else "DISAGREES"
        print(f"{v.correction.sample:26} {v.correction.metric:18} {v.before.value:.3f} -> {v.after.value:.3f}  {mark}")
    agreeing = sum(v.agrees for v in verdicts)
    print(f"scorer-label agreement: {agreeing}/{len(verdicts)} corrections score higher on their metric")
    return 0 if agreeing == len(verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
