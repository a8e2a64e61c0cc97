"""The solver cache: a rerun of the same model skips HiGHS and gives the same bytes; anything else solves.

The key covers the whole model as HiGHS gets it, so any change is a new key; an entry that does not
verify (damaged, another key's, another size) is a miss, solved again and overwritten.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fahrplan.agents import mip
from fahrplan.agents.binding import binding_limits
from fahrplan.agents.mip import MipModel, run_mip
from fahrplan.agents.portfolio import Job, Limits, solve
from fahrplan.agents.solver_cache import SolverCache
from fahrplan.app.runner import run_roadmap
from fahrplan.app.settings import Settings
from fahrplan.cli.cmd_run import render
from fahrplan.knowledge.store import KnowledgeStore

JOBS = [
    Job(id=f"j{i}", months=4, fte=0.5 + i % 2, cost=100_000, value=float(i % 3 + 1), pilot=i % 2 == 0) for i in range(8)
]
LIMITS = Limits(fte=2.0, budget=500_000.0, early_pilots=2, parallel_pilots=2)


def _model(cost: float = -3.0, upper: float = 1.0, coef: float = 2.0, integer: bool = True) -> MipModel:
    model = MipModel()
    a, b = model.column(cost, upper=upper, integer=integer), model.column(-2.0)
    model.row(-float("inf"), 2.0, {a: coef, b: 1.0})
    return model


def _key(model: MipModel, hint: dict[int, float] | None = None) -> str:
    return mip.model_key(mip._arrays(model, hint), "highs-x")


def _no_highs(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any) -> Any:
        raise AssertionError("HiGHS was called although the answer was cached")

    monkeypatch.setattr(mip, "_solve", refuse)


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*/*.json"))


def test_a_cached_answer_is_the_solved_one_and_skips_highs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = SolverCache(tmp_path)
    solved = solve(JOBS, LIMITS, cache=cache)
    reliefs = binding_limits(JOBS, LIMITS, solved, cache=cache)
    assert len(_entries(tmp_path)) == 5  # the plan and four what-ifs
    _no_highs(monkeypatch)
    assert solve(JOBS, LIMITS, cache=cache) == solved == solve(list(reversed(JOBS)), LIMITS, cache=cache)
    assert binding_limits(JOBS, LIMITS, solved, cache=cache) == reliefs


def test_the_key_changes_with_any_part_of_the_model() -> None:
    base = _key(_model())
    assert _key(_model()) == base
    reordered = MipModel()
    a, b = reordered.column(-3.0), reordered.column(-2.0)
    reordered.row(-float("inf"), 2.0, {b: 1.0, a: 2.0})  # the same row, terms in another order
    assert _key(reordered) == base
    variants = [
        _key(_model(cost=-3.5)),
        _key(_model(upper=2.0)),
        _key(_model(coef=2.5)),
        _key(_model(integer=False)),
        _key(_model(), {0: 1.0}),
        _key(_model(), {0: 0.0}),
        mip.model_key(mip._arrays(_model(), None), "highs-y"),
    ]
    assert base not in variants and len(set(variants)) == len(variants)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: text.replace('"nonzero":[[0,1.0]', '"nonzero":[[0,2.0]'),  # a value changed
        lambda text: text.replace('"columns":2', '"columns":3'),  # another size
        lambda text: "not json",
    ],
)
def test_a_damaged_entry_is_solved_again_and_overwritten(tmp_path: Path, damage: Any) -> None:
    cache = SolverCache(tmp_path)
    expected = run_mip(_model(), cache=cache)
    [entry] = _entries(tmp_path)
    text = entry.read_text()
    damaged = damage(text)
    assert damaged != text
    entry.write_text(damaged)
    assert cache.get(entry.stem, 2) is None
    assert run_mip(_model(), cache=cache) == expected
    assert entry.read_text() == text  # rewritten whole


def test_an_entry_stored_under_another_key_is_not_used(tmp_path: Path) -> None:
    cache = SolverCache(tmp_path)
    run_mip(_model(), cache=cache)
    [entry] = _entries(tmp_path)
    other = _key(_model(cost=-9.0))
    moved = tmp_path / other[:2] / f"{other}.json"
    moved.parent.mkdir(exist_ok=True)
    entry.rename(moved)
    assert cache.get(other, 2) is None


def test_values_round_trip_exactly_including_negative_zero(tmp_path: Path) -> None:
    cache = SolverCache(tmp_path)
    values = [0.0, -0.0, 1.0, 0.1 + 0.2, 1e-300, -2.5]
    cache.put("ab" + "0" * 62, values, "Optimal")
    got = cache.get("ab" + "0" * 62, len(values))
    assert got is not None
    assert [v.hex() for v in got[0]] == [v.hex() for v in values] and got[1] == "Optimal"
    assert json.loads(_entries(tmp_path)[0].read_text())["nonzero"][0] == [1, -0.0]


def test_an_answer_cut_short_by_the_time_limit_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mip, "_solve", lambda h, arrays: ([1.0, 0.0], "Time limit reached", False))
    assert run_mip(_model(), cache=SolverCache(tmp_path)) == ([1.0, 0.0], "Time limit reached")
    assert _entries(tmp_path) == []


def test_an_unwritable_cache_only_costs_the_solve(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = SolverCache(blocker / "cache")  # its directory cannot be created
    assert run_mip(_model(), cache=cache) == run_mip(_model())
    assert cache.get(_key(_model()), 2) is None


def test_a_warm_run_gives_the_bytes_of_a_cold_and_of_an_uncached_run(
    store: KnowledgeStore, example_profile: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = example_profile("modehaus-nord")
    cached = Settings(solver_cache_dir=tmp_path / "solver")
    uncached = render(run_roadmap(profile, Settings(use_cache=False), store=store), ["json", "md"])
    cold = render(run_roadmap(profile, cached, store=store), ["json", "md"])
    assert _entries(tmp_path / "solver")
    _no_highs(monkeypatch)
    warm = render(run_roadmap(profile, cached, store=store), ["json", "md"])
    assert warm == cold == uncached
