"""Module ranking: the one "top three by score" choice, and how a module without a planned step is described."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fahrplan.agents.ranking import TOP_N, top_initiatives


@dataclass(frozen=True)
class Scored:
    id: str
    score: float


def _ids(items: list[Scored]) -> list[str]:
    return [i.id for i in items]


def test_top_initiatives_are_the_best_planned_ones_ties_by_id() -> None:
    planned = [Scored("c", 5.0), Scored("a", 7.0), Scored("b", 7.0), Scored("d", 9.0)]
    assessed = [Scored("z", 10.0), *planned]
    top = top_initiatives(planned, assessed, lambda i: i.id)
    assert _ids(top) == ["d", "a", "b"] and len(top) == TOP_N


def test_a_module_with_nothing_planned_is_scored_by_its_best_assessed_ones() -> None:
    assessed = [Scored("x", 2.0), Scored("y", 8.0)]
    assert _ids(top_initiatives([], assessed, lambda i: i.id)) == ["y", "x"]
    assert top_initiatives([], [], lambda i: i.id) == []


def test_a_module_with_nothing_planned_is_not_called_a_duty(plan: Any) -> None:
    from fahrplan.evals.dataset import load_dataset

    sample = next(s for s in load_dataset()[1] if s.id == "kaufhaus-brenner")  # small budget: modules go unfunded
    roadmap = plan(sample.profile)
    empty = [m for m in roadmap.modules if not m.initiatives]
    assert empty
    for m in empty:
        assert "ohne eigenes Vorhaben" in m.priority.rationale and "wird umgesetzt" not in m.priority.rationale
