"""Scorer validity: for ten dev samples, an expert's correction scores higher on the metric it targets."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.evals.dataset import Sample, load_dataset
from fahrplan.evals.validity import agreement, load_corrections
from fahrplan.knowledge.catalog import Catalog


@pytest.mark.slow
def test_every_correction_raises_its_metric(plan: Callable[[Profile, str], Roadmap], catalog: Catalog) -> None:
    corrections = load_corrections()
    _, samples = load_dataset()
    by_id = {s.id: s for s in samples}
    assert len({c.sample for c in corrections}) >= 10
    assert all(by_id[c.sample].split == "dev" for c in corrections), "validity work never reads the frozen test split"

    def roadmap_for(sample: Sample) -> Roadmap:
        return plan(sample.profile, sample.lang)

    verdicts = agreement(corrections, by_id, roadmap_for, catalog)
    disagreements = [
        f"{v.correction.sample}/{v.correction.metric}: {v.before.value:.2f} -> {v.after.value:.2f}"
        f" ({v.after.explanation})"
        for v in verdicts
        if not v.agrees
    ]
    assert not disagreements, disagreements
