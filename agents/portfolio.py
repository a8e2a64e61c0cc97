"""Choose and place the portfolio on a monthly grid with a MIP (HiGHS): pure, deterministic.

Each milestone is a *job* (pilot or scaling step) with a duration, internal FTE, cost and the value it
realises per month once it is done. The model chooses which jobs run and in which month each starts
(``x[j, t] = 1``), maximising the value realised within the horizon, subject to

- precedence and legal gates (a job starts only after each job it depends on has finished),
- at most one of two ways to the same result (an entry-level offer or its full version),
- internal FTE per month, the total budget minus a reserve, the budget cap of each phase,
- a cap on pilots started in the first six months and on business pilots running at once,
- a pilot early enough to scale within the horizon is scaled, or the plan pays a penalty (a stated goal's
  pilot may wait for its rollout budget; no other pilot is left unscaled),
- a least share of the spend in months 12-24 (soft: a named use case outweighs it on a small budget),
- mandatory legal duties (always placed, started within the first six months where they can be, outside the
  phase caps; if even they do not fit, the overflow is reported, not hidden).

The time-indexed formulation keeps precedence tight (``sum_{t<=τ} x[b,t] <= sum_{t<=τ-d_a} x[a,t]``), so
a dependent can never run without its prerequisite. HiGHS runs single-threaded with a fixed seed and a
node limit instead of a time limit, so the same jobs give the same plan however fast the machine is. (The jobs'
values carry retrieval similarities, which differ in the fourth decimal between CPU families or builds of the
embedding engine; a near-tie can then fall the other way — see the README, "Same input, same output".)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from fahrplan.agents.mip import MipModel, run_mip
from fahrplan.agents.solver_cache import SolverCache
from fahrplan.core.vocab import PHASE_MONTHS, PHASES, Phase, phase_of_month

__all__ = [
    "COVER_BONUS",
    "DUTY_BY",
    "HORIZON",
    "LATE_SHORT_PENALTY",
    "START_STEP",
    "UNSCALED_PENALTY",
    "Job",
    "Limits",
    "Solution",
    "Unplaced",
    "solve",
]

HORIZON: Final = 24
START_STEP: Final = 2
"""Steps start on a two-month cadence (the steering rhythm); FTE, budget and durations count by month.

Starting every month instead gives at most a few per cent more value and makes the MIP 5-10x slower
(measured on the dataset, see benchmarks/bench_portfolio.py), which would break the one-second budget.
"""
_PENALTY_FTE: Final = 10_000.0  # per FTE-month above capacity (only mandatory duties may need it)
_PENALTY_BUDGET: Final = 1_000_000.0  # for spending the whole budget again above the limit
COVER_BONUS: Final = 500.0
"""Objective bonus per stated goal the plan starts to serve (about a goal-fitting initiative's whole value)."""
UNSCALED_PENALTY: Final = 400.0
"""Objective cost of a pilot early enough to scale within the horizon that is not scaled ("pilot purgatory"):
above any initiative's own value, so the plan scales what it pilots whenever the budget allows, below
:data:`COVER_BONUS`, so a stated goal whose rollout the budget cannot carry still gets its pilot (the rollout
waits in the backlog for the next budget round)."""
LATE_SHORT_PENALTY: Final = 550.0
"""Objective cost of a plan without value work in months 12-24 (pro rata for a smaller shortfall from
:attr:`Limits.late_share`): year two carries rollouts, but a budget too small for any rollout still funds a named
use case's pilot early. It stays below the planner's bonus for a named use case net of :data:`UNSCALED_PENALTY`
(1000 - 400): at 900 a small company's named use case lost to a pilot pushed to month 20, too late to be rolled
out, whose only merit was to be spent in year two."""
COVER_BY: Final = 12
"""A goal counts as served when one of its jobs starts within the first year."""
DUTY_BY: Final = 6
"""Legal duties already in force (AI literacy since Feb 2025) start within the first six months: a later
start costs :data:`_PENALTY_LATE_DUTY` (soft, so a chain of duties that cannot all start by then still plans)."""
_PENALTY_LATE_DUTY: Final = 10_000.0
_EARLY: Final = 1e-3  # tie-break per month: the same value sooner is better

Reason = Literal[
    "horizon", "dependency", "budget", "package_budget", "phase_budget", "capacity", "pilot_cap", "alternative", "value"
]
"""``package_budget``: the job together with the prerequisites and gates it still needs exceeds the budget;
``alternative``: another way to the same result (``because_of``) is planned."""


@dataclass(frozen=True)
class Job:
    """One milestone to place: a pilot (or one-shot build) or a scaling step."""

    id: str
    months: int
    fte: float
    cost: int
    value: float
    """Value realised per month after the job has finished (planning units, not euros)."""
    earliest: int = 0
    start_before: int = HORIZON
    """The job starts before this month or not at all (a step worth doing only early)."""
    depends_on: tuple[str, ...] = ()
    mandatory: bool = False
    pilot: bool = False
    """Counts against the pilot caps (optional pilots; legal duties do not)."""
    bonus: float = 0.0
    """Objective bonus for starting the job within the first year (a use case the company named)."""
    scale: str | None = None
    """The pilot's scaling job: a pilot early enough to scale within the horizon is planned with it."""
    excludes: tuple[str, ...] = ()
    """Jobs that are another way to the same result (an entry-level offer and its full version): at most one runs."""
    no_start: frozenset[int] = frozenset()
    """Months the job may not start in (a stated change freeze)."""


@dataclass(frozen=True)
class Limits:
    """What the company can spend and staff, month by month."""

    fte: float
    budget: float
    """Spendable budget: the 24-month budget minus the reserve."""
    phase_caps: Mapping[Phase, float] = field(default_factory=dict)
    early_pilots: int = 5
    """Pilots that may start in months 0-6."""
    parallel_pilots: int = 5
    """Business pilots that may run at the same time."""
    late_share: float = 0.25
    """Least share of the spend in months 12-24: year two carries the rollouts."""
    fte_bonus: Mapping[int, float] = field(default_factory=dict)
    """Extra FTE in some months (for the what-if analysis of binding constraints)."""
    cover_by: int = COVER_BY
    """A goal or named use case counts when its work starts before this month: :data:`COVER_BY`, plus the months of a
    stated change freeze in the first year (nothing may start then)."""


@dataclass(frozen=True)
class Unplaced:
    """A job the plan does not place within the horizon, and why."""

    job: str
    reason: Reason
    because_of: str | None = None


@dataclass(frozen=True)
class Solution:
    """Start month (0-based) of every placed job; the unplaced ones with their reason."""

    starts: Mapping[str, int]
    unplaced: tuple[Unplaced, ...]
    value: float
    fte_overflow: float = 0.0
    budget_overflow: float = 0.0
    status: str = "optimal"


def _window(job: Job) -> tuple[int, ...]:
    first = job.earliest + (-job.earliest) % START_STEP
    steps = range(first, min(HORIZON - job.months + 1, job.start_before), START_STEP)
    return tuple(t for t in steps if t not in job.no_start)


def _build(
    jobs: Sequence[Job], limits: Limits, covers: Mapping[str, Sequence[str]]
) -> tuple[MipModel, dict[tuple[str, int], int], dict[str, int]]:
    """Return the model, the start variables x[(job, month)] and the overflow columns by name."""
    inf = float("inf")
    model = MipModel()
    x: dict[tuple[str, int], int] = {}
    for job in jobs:
        for t in _window(job):
            realised = job.value * (HORIZON - t - job.months)
            bonus = job.bonus if t < limits.cover_by else 0.0  # a named use case counts when it starts in year one
            late = _PENALTY_LATE_DUTY if job.mandatory and t >= DUTY_BY else 0.0
            x[job.id, t] = model.column(-(realised + bonus - _EARLY * t) + late)
    over = {"budget": model.column(_PENALTY_BUDGET / max(limits.budget, 1.0), upper=inf, integer=False)}
    # euros of value work missing from year two: the whole late share missing costs LATE_SHORT_PENALTY
    late_short = LATE_SHORT_PENALTY / max(limits.late_share * limits.budget, 1.0)
    over["late"] = model.column(late_short, upper=inf, integer=False)
    for month in range(HORIZON):
        over[f"fte{month}"] = model.column(_PENALTY_FTE, upper=inf, integer=False)
    by_id = {j.id: j for j in jobs}
    for job in jobs:
        terms = {x[job.id, t]: 1.0 for t in _window(job)}
        model.row(1.0 if job.mandatory and terms else 0.0, 1.0, terms)
        for dep in (d for d in job.depends_on if d in by_id):
            _precedence(model, x, by_id[dep], job)
        if job.scale in by_id:
            _scales(model, x, job, by_id[job.scale])
        for other in (by_id[o] for o in job.excludes if o in by_id):
            model.row(-inf, 1.0, {**terms, **{x[other.id, t]: 1.0 for t in _window(other)}})
    _resources(model, x, jobs, limits, over)
    for key in sorted(covers):
        # y = 1 only if one of the serving jobs is placed: each stated goal is worth starting
        y = model.column(-COVER_BONUS)
        serving = {x[j, t]: -1.0 for j in covers[key] if j in by_id for t in _window(by_id[j]) if t < limits.cover_by}
        model.row(-float("inf"), 0.0, {y: 1.0, **serving})
    return model, x, over


def _precedence(model: MipModel, x: Mapping[tuple[str, int], int], before: Job, after: Job) -> None:
    """``after`` may start by month τ only if ``before`` started by τ - its duration."""
    window = _window(after)
    if not window:
        return
    for tau in window:
        terms = {x[after.id, t]: 1.0 for t in window if t <= tau}
        for t in _window(before):
            if t <= tau - before.months:
                terms[x[before.id, t]] = terms.get(x[before.id, t], 0.0) - 1.0
        model.row(-float("inf"), 0.0, terms)


def _scales(model: MipModel, x: Mapping[tuple[str, int], int], pilot: Job, scale: Job) -> None:
    """A pilot that leaves room for its rollout within the horizon is planned with its rollout, or pays
    :data:`UNSCALED_PENALTY` (``u >= early pilot - rollout``; ``u`` is continuous, the minimum is 0 or 1)."""
    early = {x[pilot.id, t]: 1.0 for t in _window(pilot) if t + pilot.months + scale.months <= HORIZON}
    if early:
        unscaled = model.column(UNSCALED_PENALTY, integer=False)
        model.row(-float("inf"), 0.0, {**early, **{x[scale.id, t]: -1.0 for t in _window(scale)}, unscaled: -1.0})


def _resources(
    model: MipModel, x: Mapping[tuple[str, int], int], jobs: Sequence[Job], limits: Limits, over: Mapping[str, int]
) -> None:
    """FTE per month, total and phase budgets, and the pilot caps."""
    inf = float("inf")
    for month in range(HORIZON):
        terms = {x[j.id, t]: j.fte for j in jobs for t in _window(j) if t <= month < t + j.months and j.fte > 0}
        terms[over[f"fte{month}"]] = -1.0
        model.row(-inf, limits.fte + limits.fte_bonus.get(month, 0.0), terms)
    spend = {x[j.id, t]: float(j.cost) for j in jobs for t in _window(j) if j.cost > 0}
    model.row(-inf, limits.budget, {**spend, over["budget"]: -1.0})
    # only work that creates value counts towards the late share (no spending in year two for its own sake)
    late = {
        x[j.id, t]: float(j.cost) * ((t >= 12 and j.value > 0) - limits.late_share)
        for j in jobs
        for t in _window(j)
        if j.cost > 0
    }
    model.row(0.0, inf, {**late, over["budget"]: 1.0, over["late"]: 1.0})
    for phase, cap in limits.phase_caps.items():
        first, last = PHASE_MONTHS[phase]
        # the phase caps shape optional spend; a legal duty is paid for when it is due
        terms = {
            x[j.id, t]: float(j.cost)
            for j in jobs
            for t in _window(j)
            if j.cost > 0 and not j.mandatory and first <= t < last
        }
        model.row(-inf, cap, {**terms, over["budget"]: -1.0})
    pilots = [j for j in jobs if j.pilot]
    model.row(-inf, limits.early_pilots, {x[j.id, t]: 1.0 for j in pilots for t in _window(j) if t < 6})
    for month in range(HORIZON):
        running = {x[j.id, t]: 1.0 for j in pilots for t in _window(j) if t <= month < t + j.months}
        model.row(-inf, limits.parallel_pilots, running)


def solve(
    jobs: Sequence[Job],
    limits: Limits,
    covers: Mapping[str, Sequence[str]] | None = None,
    *,
    start_from: Mapping[str, int] | None = None,
    cache: SolverCache | None = None,
) -> Solution:
    """Choose and place ``jobs`` within :data:`HORIZON` months and ``limits``; explain every unplaced job.

    ``covers`` maps each stated goal to the jobs that would start serving it; the plan earns
    :data:`COVER_BONUS` for every goal one of them starts serving within :data:`COVER_BY` months.
    ``start_from`` is a plan known to be feasible within ``limits`` (the base plan, for a relaxed
    re-solve): the search starts from it. ``cache`` keeps answers between runs (see :func:`run_mip`).
    """
    ordered = sorted(jobs, key=lambda j: j.id)
    model, x, over = _build(ordered, limits, covers or {})
    hint = None
    if start_from is not None:
        hint = {col: float(start_from.get(job) == t) for (job, t), col in x.items()}
    values, status = run_mip(model, hint, cache)
    starts = {job: t for (job, t), col in sorted(x.items()) if values[col] > 0.5}
    value = sum(j.value * (HORIZON - starts[j.id] - j.months) for j in ordered if j.id in starts)
    fte_over = sum(values[over[f"fte{m}"]] for m in range(HORIZON))
    return Solution(
        starts=starts,
        unplaced=tuple(_explain(ordered, starts, limits)),
        value=round(value, 3),
        fte_overflow=round(fte_over, 3),
        budget_overflow=round(values[over["budget"]], 2),
        status=status,
    )


def _unplaced_closure(job: Job, by_id: Mapping[str, Job], starts: Mapping[str, int]) -> set[str]:
    """``job`` and every unplaced job it depends on, directly or through others."""
    seen: set[str] = set()
    stack = [job.id]
    while stack:
        current = stack.pop()
        if current in seen or current in starts or current not in by_id:
            continue
        seen.add(current)
        stack.extend(by_id[current].depends_on)
    return seen


def _explain(jobs: Sequence[Job], starts: Mapping[str, int], limits: Limits) -> list[Unplaced]:
    """Say for each unplaced job what kept it out: the first limit it would break in every month."""
    by_id = {j.id: j for j in jobs}
    fte = [sum(by_id[j].fte for j, t in starts.items() if t <= m < t + by_id[j].months) for m in range(HORIZON)]
    spent = sum(by_id[j].cost for j in starts)
    phase_spent = {
        p: sum(by_id[j].cost for j, t in starts.items() if phase_of_month(t) == p and not by_id[j].mandatory)
        for p in PHASES
    }
    early = sum(1 for j, t in starts.items() if by_id[j].pilot and t < 6)
    out: list[Unplaced] = []
    for job in jobs:
        if job.id in starts:
            continue
        chosen = next((j.id for j in jobs if j.id in starts and (j.id in job.excludes or job.id in j.excludes)), None)
        if chosen is not None:
            out.append(Unplaced(job.id, "alternative", chosen))
            continue
        missing = next((d for d in job.depends_on if d in by_id and d not in starts), None)
        ready = max((starts[d] + by_id[d].months for d in job.depends_on if d in starts), default=0)
        window = [t for t in _window(job) if t >= ready]
        if missing is not None:
            package = sum(by_id[j].cost for j in _unplaced_closure(job, by_id, starts))
            if spent + package > limits.budget + 1e-6:
                out.append(Unplaced(job.id, "package_budget", missing))  # the real limit, not a circular "waits"
            else:
                out.append(Unplaced(job.id, "dependency", missing))
        elif not window:
            out.append(Unplaced(job.id, "horizon"))
        elif spent + job.cost > limits.budget + 1e-6:
            out.append(Unplaced(job.id, "budget"))
        elif all(
            phase_spent[phase_of_month(t)] + job.cost > limits.phase_caps.get(phase_of_month(t), 1e18) for t in window
        ):
            out.append(Unplaced(job.id, "phase_budget"))
        elif all(any(fte[m] + job.fte > limits.fte + 1e-9 for m in range(t, t + job.months)) for t in window):
            out.append(Unplaced(job.id, "capacity"))
        elif job.pilot and all(t < 6 and early >= limits.early_pilots for t in window):
            out.append(Unplaced(job.id, "pilot_cap"))
        else:
            out.append(Unplaced(job.id, "value"))
    return _blame_the_prerequisite(out)


def _blame_the_prerequisite(unplaced: list[Unplaced]) -> list[Unplaced]:
    """A step whose prerequisite is out for another reason than money (it would end after month 24, it waits
    itself, another way is planned) waits for that prerequisite; the budget is not what keeps it out."""
    reason = {u.job: u.reason for u in unplaced}
    not_money = {"horizon", "dependency", "alternative"}
    return [
        Unplaced(u.job, "dependency", u.because_of)
        if u.reason == "package_budget" and u.because_of is not None and reason.get(u.because_of) in not_money
        else u
        for u in unplaced
    ]
