"""Which limits bind the plan: solve again with one limit relaxed and say what the relief would buy.

Four what-ifs, each a re-solve of the same jobs: two more internal FTE in months 1-6, a fifth more
budget, one more pilot at a time, and no share of the budget held for year two (the planner's own rule that
rollouts follow the first year's results: where it holds a rollout back, the board may release the money
sooner). A limit *binds* when its relief places a job that is not placed
now or starts one at least two months earlier; the finding names the job that gains most.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from fahrplan.agents.portfolio import Job, Limits, Solution, solve
from fahrplan.agents.solver_cache import SolverCache

__all__ = ["EXTRA_BUDGET_SHARE", "EXTRA_FTE", "Relief", "binding_limits"]

EXTRA_FTE: Final = 2.0
EARLY_MONTHS: Final = 6
EXTRA_BUDGET_SHARE: Final = 0.2
_MIN_GAIN_MONTHS: Final = 2
_MIN_VALUE_GAIN: Final = 0.01

Kind = Literal["fte_early", "budget", "pilots", "late_share"]


@dataclass(frozen=True)
class Relief:
    """What relaxing one limit would change: a job placed at all, or one started earlier."""

    kind: Kind
    job: str
    months_earlier: int | None
    """None: the job is not in the plan now and would be; else how much sooner it would start."""
    amount: float
    """The relief: extra FTE, extra EUR, extra pilots, or the year-two share given up."""


def _relaxed(limits: Limits, kind: Kind) -> tuple[Limits, float]:
    if kind == "fte_early":
        return dataclasses.replace(limits, fte_bonus={m: EXTRA_FTE for m in range(EARLY_MONTHS)}), EXTRA_FTE
    if kind == "budget":
        extra = limits.budget * EXTRA_BUDGET_SHARE
        caps = {p: cap * (1 + EXTRA_BUDGET_SHARE) for p, cap in limits.phase_caps.items()}
        return dataclasses.replace(limits, budget=limits.budget + extra, phase_caps=caps), extra
    if kind == "late_share":
        return dataclasses.replace(limits, late_share=0.0), limits.late_share
    return dataclasses.replace(
        limits, early_pilots=limits.early_pilots + 1, parallel_pilots=limits.parallel_pilots + 1
    ), 1


def _concerns(kind: Kind, job: Job, start: int) -> bool:
    """Whether a job's gain can be put down to the relaxed limit (a pilot for the cap, early FTE for FTE)."""
    if kind == "pilots":
        return job.pilot
    if kind == "fte_early":
        return start < EARLY_MONTHS
    if kind == "late_share":
        return job.value > 0  # value work that the year-two share holds back, not a duty moved for free
    return True


def _best_gain(
    kind: Kind, base: Mapping[str, int], relaxed: Solution, jobs: Mapping[str, Job]
) -> tuple[str, int | None] | None:
    """The most valuable job the relief adds, else the one it moves earliest (ties by id)."""
    starts = {j: t for j, t in relaxed.starts.items() if _concerns(kind, jobs[j], t)}
    added = sorted((j for j in starts if j not in base), key=lambda j: (-jobs[j].value, j))
    if added:
        return _first_step(added[0], set(added), jobs), None
    moved = [(base[j] - t, j) for j, t in starts.items() if j in base and base[j] - t >= _MIN_GAIN_MONTHS]
    if not moved:
        return None
    gain, job = max(moved, key=lambda x: (x[0] * jobs[x[1]].value, x[0], x[1]))
    return job, gain


def binding_limits(
    jobs: Sequence[Job],
    limits: Limits,
    base: Solution,
    covers: Mapping[str, Sequence[str]] | None = None,
    *,
    cache: SolverCache | None = None,
) -> list[Relief]:
    """Return one relief per binding limit, in a fixed order (FTE, budget, pilots, year-two share)."""
    by_id = {j.id: j for j in jobs}
    out: list[Relief] = []
    for kind in ("fte_early", "budget", "pilots", "late_share"):
        if kind == "late_share" and limits.late_share <= 0:
            continue
        relaxed_limits, amount = _relaxed(limits, kind)  # type: ignore[arg-type]
        # the base plan fits every relief: the search starts from it
        relaxed = solve(jobs, relaxed_limits, covers, start_from=base.starts, cache=cache)
        if relaxed.value <= base.value * (1 + _MIN_VALUE_GAIN):
            continue  # within the solver's gap: an equally good plan, not a binding limit
        gain = _best_gain(kind, base.starts, relaxed, by_id)  # type: ignore[arg-type]
        if gain is not None:
            out.append(Relief(kind=kind, job=gain[0], months_earlier=gain[1], amount=amount))  # type: ignore[arg-type]
    return out


def _first_step(job: str, added: set[str], jobs: Mapping[str, Job]) -> str:
    """The first step the relief adds on the way to ``job``: a rollout whose pilot is not in the plan either is
    named by its pilot (the board cannot fund "Chatbot: scaling" without a chatbot pilot)."""
    current = job
    while True:
        earlier = sorted(d for d in jobs[current].depends_on if d in added)
        if not earlier:
            return current
        current = earlier[0]
