"""The Inspect side of an eval run: the task (dataset, planning solver, one scorer per metric) and its guard.

The solver runs our own planner on each sample — Inspect's model is ``mockllm/model`` and never
called — and keeps the roadmap JSON, the latency and the judge's verdict in the sample's store; one
``@scorer`` per pure scorer maps our :class:`~fahrplan.evals.schema.Score` to Inspect's. The
dependencies are closed over, not solver or scorer arguments, so Inspect does not serialise them
into its log.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from inspect_ai import Task
from inspect_ai.dataset import MemoryDataset
from inspect_ai.dataset import Sample as InspectSample
from inspect_ai.scorer import Score as InspectScore
from inspect_ai.scorer import Scorer, Target, mean, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver

from fahrplan.core.errors import InternalError
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.weights import Weights
from fahrplan.evals.dataset import Sample
from fahrplan.evals.schema import Score, ScoreContext
from fahrplan.knowledge.store import KnowledgeStore

__all__ = [
    "INSPECT_MODEL",
    "JUDGE_KEY",
    "JUDGE_METRIC",
    "LATENCY_KEY",
    "ROADMAP_KEY",
    "TASK_NAME",
    "EvalRunError",
    "JudgeFn",
    "PlanFn",
    "ScorerFn",
    "build_task",
    "no_tiktoken_downloads",
]

ScorerFn = Callable[[Roadmap, ScoreContext], Score]
PlanFn = Callable[[Sample], Roadmap]
JudgeFn = Callable[[Roadmap, Sample], Score | None]
INSPECT_MODEL = "mockllm/model"
TASK_NAME = "fahrplan_roadmap"
JUDGE_METRIC = "judge"
# Keys of what the solver keeps in each sample's store (read back from the log by ``run_dir``).
ROADMAP_KEY, LATENCY_KEY, JUDGE_KEY = "roadmap", "latency_s", "judge"


class EvalRunError(InternalError, RuntimeError):
    """The eval run failed as a whole (e.g. Inspect's log status is not ``success``)."""


# -- network guard ----------------------------------------------------------------------------


@contextmanager
def no_tiktoken_downloads() -> Iterator[None]:
    """Refuse tiktoken's BPE downloads while the eval runs (cached encodings still load).

    Inspect (token counting for compaction and token limits) and langchain-openai
    (``get_num_tokens``) call ``tiktoken.get_encoding``, which fetches its vocabulary over HTTPS on
    first use; an empty ``TIKTOKEN_CACHE_DIR`` does not prevent that. Our run needs no token
    counting, so any such attempt is a bug and fails loudly instead of reaching the network.
    """
    try:  # an optional dependency (of Inspect and langchain-openai), hence imported here
        import tiktoken.load as tiktoken_load
    except ImportError:  # not installed: nothing can download
        yield
        return
    real = tiktoken_load.read_file

    def guarded(blobpath: str) -> bytes:
        if "://" in blobpath:
            raise EvalRunError(f"tiktoken tried to download {blobpath}; eval runs never fetch tokenizer files")
        return real(blobpath)

    tiktoken_load.read_file = guarded  # type: ignore[assignment]
    try:
        yield
    finally:
        tiktoken_load.read_file = real  # type: ignore[assignment]


# -- the Inspect task -------------------------------------------------------------------------


def _plan_solver(plan: PlanFn, samples: Mapping[str, Sample], judge: JudgeFn | None) -> Solver:
    """Plan the sample's roadmap in a worker thread; keep its JSON, latency and judge score in the store."""

    @solver(name="plan_roadmap")
    def plan_roadmap() -> Solver:
        async def solve(state: TaskState, generate: Generate) -> TaskState:
            sample = samples[str(state.sample_id)]
            started = time.perf_counter()
            roadmap = await asyncio.to_thread(plan, sample)
            state.store.set(LATENCY_KEY, round(time.perf_counter() - started, 3))
            state.store.set(ROADMAP_KEY, roadmap.model_dump(mode="json"))
            if judge is not None:
                verdict = await asyncio.to_thread(judge, roadmap, sample)
                state.store.set(JUDGE_KEY, None if verdict is None else [verdict.value, verdict.explanation])
            state.completed = True
            return state

        return solve

    return plan_roadmap()


def _wrap(name: str, fn: ScorerFn, contexts: Mapping[str, ScoreContext]) -> Scorer:
    """One Inspect scorer around one pure scorer function."""

    @scorer(metrics=[mean()], name=name)
    def wrapped() -> Scorer:
        async def score(state: TaskState, target: Target) -> InspectScore:
            data = state.store.get(ROADMAP_KEY)
            if data is None:
                return InspectScore.unscored(reason="no roadmap", explanation="the solver produced no roadmap")
            result = fn(Roadmap.model_validate(data), contexts[str(state.sample_id)])
            return InspectScore(value=result.value, explanation=result.explanation)

        return score

    return wrapped()


def _judge_scorer() -> Scorer:
    @scorer(metrics=[mean()], name=JUDGE_METRIC)
    def judge() -> Scorer:
        async def score(state: TaskState, target: Target) -> InspectScore:
            verdict = state.store.get(JUDGE_KEY)
            if verdict is None:
                return InspectScore.unscored(reason="judge failed", explanation="the judge gave no usable answer")
            return InspectScore(value=float(verdict[0]), explanation=str(verdict[1]))

        return score

    return judge()


def build_task(
    samples: Sequence[Sample],
    plan: PlanFn,
    scorers: Mapping[str, ScorerFn],
    store: KnowledgeStore,
    *,
    judge: JudgeFn | None = None,
    quadrant_threshold: float = Weights.threshold,
) -> Task:
    """The Inspect task: the samples as a MemoryDataset, the planning solver, one scorer per metric.

    ``quadrant_threshold`` is the one the planner used (the run's setting); the scorers check against it.
    """
    by_id = {s.id: s for s in samples}
    contexts = {
        s.id: ScoreContext(
            profile=s.profile,
            catalog=store.catalog,
            resolves=store.resolves,
            expect=s.expect,
            lang=s.lang,
            quadrant_threshold=quadrant_threshold,
            labels=s.labels,
        )
        for s in samples
    }
    dataset = MemoryDataset(
        [InspectSample(input=s.description, id=s.id, metadata={"lang": s.lang}) for s in samples],
        name="fahrplan-profiles",
    )
    wrapped = [_wrap(name, fn, contexts) for name, fn in sorted(scorers.items())]
    if judge is not None:
        wrapped.append(_judge_scorer())
    return Task(
        dataset=dataset,
        solver=_plan_solver(plan, by_id, judge),
        scorer=wrapped,
        name=TASK_NAME,
        fail_on_error=False,  # one failing sample is recorded, the others are still scored
    )
