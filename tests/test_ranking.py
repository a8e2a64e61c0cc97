"""The one "top three by score" choice that both the module score and its sensitivity analysis use."""

from __future__ import annotations

from dataclasses import dataclass

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
