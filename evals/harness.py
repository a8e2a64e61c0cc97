"""The eval runner on Inspect: dataset + a solver that plans each sample's roadmap + thin scorer wrappers.

``run_eval`` builds an Inspect :class:`~inspect_ai.Task` whose solver runs one *variant* (backend,
model, prompt directory, topology) on a sample's profile — offline by default — and keeps the
roadmap JSON in the sample's store; one ``@scorer`` per entry of ``evals.scorers.SCORERS`` maps our
pure :class:`evals.schema.Score` to Inspect's. Inspect's model is ``mockllm/model``: the solver calls
our own graph, never Inspect's model. A sample whose solver raises is recorded as an error in
``results.json`` and does not stop the others; a log whose status is not ``success`` raises
:class:`EvalRunError` (``inspect eval`` itself exits 0 on errors).

The run directory holds ``results.json`` (:class:`evals.schema.EvalResults`), ``roadmaps/<id>.json``
and Inspect's log under ``logs/``. Offline runs are byte-reproducible apart from the timing fields
(``latency_s``, ``duration_s``, ``created_at``).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import MemoryDataset
from inspect_ai.dataset import Sample as InspectSample
from inspect_ai.log import EvalLog
from inspect_ai.scorer import Score as InspectScore
from inspect_ai.scorer import Scorer, Target, mean, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver

from fahrplan.agents import PLANNER_VERSION
from fahrplan.app.output import OutputError, write_outputs
from fahrplan.app.settings import Settings
from fahrplan.core.errors import InternalError
from fahrplan.core.roadmap import Roadmap
from fahrplan.evals.dataset import DEFAULT_DATASET, DatasetError, Sample, load_dataset
from fahrplan.evals.schema import EvalResults, RunInfo, SampleResult, Score, ScoreContext
from fahrplan.knowledge.store import KnowledgeStore

if TYPE_CHECKING:  # the LLM side is imported only when a variant needs it
    from fahrplan.app.runner import LLMRuntime

__all__ = [
    "BACKENDS",
    "INSPECT_MODEL",
    "TOPOLOGIES",
    "EvalRunError",
    "EvalVariant",
    "ScorerFn",
    "build_task",
    "default_run_id",
    "no_tiktoken_downloads",
    "run_eval",
]

ScorerFn = Callable[[Roadmap, ScoreContext], Score]
PlanFn = Callable[[Sample], Roadmap]
JudgeFn = Callable[[Roadmap, Sample], Score | None]
EvalBackend = Literal["offline", "openai", "fake"]
EvalTopology = Literal["graph", "no_review", "single_prompt"]
BACKENDS: tuple[str, ...] = get_args(EvalBackend)
TOPOLOGIES: tuple[str, ...] = get_args(EvalTopology)
INSPECT_MODEL = "mockllm/model"
TASK_NAME = "fahrplan_roadmap"
JUDGE_METRIC = "judge"
FAKE_MODEL = "fake-scripted"
_ROADMAP, _LATENCY, _JUDGE = "roadmap", "latency_s", "judge"


class EvalRunError(InternalError, RuntimeError):
    """The eval run failed as a whole (e.g. Inspect's log status is not ``success``)."""


@dataclass(frozen=True)
class EvalVariant:
    """What is being evaluated: backend, model, prompt set and graph topology."""

    backend: EvalBackend = "offline"
    topology: EvalTopology = "graph"
    model: str | None = None
    base_url: str | None = None
    prompts_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown backend {self.backend!r} (allowed: {', '.join(BACKENDS)})")
        if self.topology not in TOPOLOGIES:
            raise ValueError(f"unknown topology {self.topology!r} (allowed: {', '.join(TOPOLOGIES)})")
        if self.topology == "single_prompt" and self.backend == "offline":
            raise ValueError("topology 'single_prompt' is one LLM call: use --backend openai or --backend fake")

    def settings(self, base: Settings) -> Settings:
        """``base`` with this variant's endpoint, model and prompt directory applied."""
        update: dict[str, Any] = {"backend": "openai" if self.backend == "openai" else "offline"}
        for key, value in (("model", self.model), ("base_url", self.base_url), ("prompts_dir", self.prompts_dir)):
            if value is not None:
                update[key] = value
        return base.model_copy(update=update)


# -- network guard ----------------------------------------------------------------------------


@contextmanager
def no_tiktoken_downloads() -> Iterator[None]:
    """Refuse tiktoken's BPE downloads while the eval runs (cached encodings still load).

    Inspect (token counting for compaction and token limits) and langchain-openai
    (``get_num_tokens``) call ``tiktoken.get_encoding``, which fetches its vocabulary over HTTPS on
    first use; an empty ``TIKTOKEN_CACHE_DIR`` does not prevent that. Our run needs no token
    counting, so any such attempt is a bug and fails loudly instead of reaching the network.
    """
    try:
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


# -- planning one sample ----------------------------------------------------------------------


def _fake_runtime(topology: EvalTopology) -> LLMRuntime:
    """A scripted offline model (no network): valid answers for every agent, or the baseline's."""
    from fahrplan.agents.llm import StructuredLLM
    from fahrplan.agents.prompts import load_prompts
    from fahrplan.app.runner import LLMRuntime
    from fahrplan.evals import fakes

    script = getattr(fakes, "baseline_script", fakes.good_script) if topology == "single_prompt" else fakes.good_script
    model = fakes.ScriptedChatModel(script=script, recorder=fakes.Recorder())
    llm = StructuredLLM(models={"default": model}, model_names={"default": FAKE_MODEL})
    return LLMRuntime(llm, load_prompts())


def make_planner(variant: EvalVariant, settings: Settings, store: KnowledgeStore) -> PlanFn:
    """Return a function that plans one sample's roadmap with ``variant`` (a fresh model runtime per call)."""
    from fahrplan.app.runner import build_llm, run_roadmap

    base = variant.settings(settings)

    def runtime_for(sample_settings: Settings) -> LLMRuntime | None:
        if variant.backend == "fake":
            return _fake_runtime(variant.topology)
        if variant.backend == "openai":
            return build_llm(sample_settings)  # fresh usage accounting per sample
        return None

    def plan(sample: Sample) -> Roadmap:
        sample_settings = base.model_copy(update={"lang": sample.lang})
        runtime = runtime_for(sample_settings)
        if variant.topology == "single_prompt":
            from fahrplan.agents.baseline import run_single_prompt

            assert runtime is not None  # EvalVariant refuses single_prompt offline
            return run_single_prompt(sample.profile, sample_settings, runtime, store=store)
        return run_roadmap(sample.profile, sample_settings, store=store, runtime=runtime, topology=variant.topology)

    return plan


def make_judge(settings: Settings) -> JudgeFn | None:
    """The LLM judge when ``settings.judge_model`` is configured, else None."""
    if not settings.judge_model:
        return None
    from fahrplan.evals.judge import build_judge_llm, judge_roadmap

    llm = build_judge_llm(settings)  # one client (and one usage account) for the whole run

    def judge(roadmap: Roadmap, sample: Sample) -> Score | None:
        return judge_roadmap(roadmap, sample.profile, llm)

    return judge


# -- the Inspect task -------------------------------------------------------------------------


def _plan_solver(plan: PlanFn, samples: Mapping[str, Sample], judge: JudgeFn | None) -> Solver:
    """Plan the sample's roadmap in a worker thread; keep its JSON, latency and judge score in the store.

    The dependencies are closed over (not solver arguments), so Inspect does not serialise them into the log.
    """

    @solver(name="plan_roadmap")
    def plan_roadmap() -> Solver:
        async def solve(state: TaskState, generate: Generate) -> TaskState:
            sample = samples[str(state.sample_id)]
            started = time.perf_counter()
            roadmap = await asyncio.to_thread(plan, sample)
            state.store.set(_LATENCY, round(time.perf_counter() - started, 3))
            state.store.set(_ROADMAP, roadmap.model_dump(mode="json"))
            if judge is not None:
                verdict = await asyncio.to_thread(judge, roadmap, sample)
                state.store.set(_JUDGE, None if verdict is None else [verdict.value, verdict.explanation])
            state.completed = True
            return state

        return solve

    return plan_roadmap()


def _wrap(name: str, fn: ScorerFn, contexts: Mapping[str, ScoreContext]) -> Scorer:
    """One Inspect scorer around one pure scorer function."""

    @scorer(metrics=[mean()], name=name)
    def wrapped() -> Scorer:
        async def score(state: TaskState, target: Target) -> InspectScore:
            data = state.store.get(_ROADMAP)
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
            verdict = state.store.get(_JUDGE)
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
) -> Task:
    """The Inspect task: the samples as a MemoryDataset, the planning solver, one scorer per metric."""
    by_id = {s.id: s for s in samples}
    contexts = {
        s.id: ScoreContext(
            profile=s.profile, catalog=store.catalog, resolves=store.resolves, expect=s.expect, lang=s.lang
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


# -- results ----------------------------------------------------------------------------------


def _float_or_none(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if math.isnan(value) else round(float(value), 6)


def _usage_totals(roadmap: Mapping[str, Any]) -> tuple[int, int, float | None]:
    total = (roadmap.get("generated_with") or {}).get("usage", {}).get("total", {})
    cost = total.get("cost_usd")
    return int(total.get("input_tokens", 0)), int(total.get("output_tokens", 0)), cost


def _sample_results(log: EvalLog, ids: Sequence[str]) -> tuple[list[SampleResult], dict[str, dict[str, Any]]]:
    by_id = {str(s.id): s for s in (log.samples or [])}
    results: list[SampleResult] = []
    roadmaps: dict[str, dict[str, Any]] = {}
    for sid in sorted(ids):
        logged = by_id.get(sid)
        if logged is None:
            results.append(SampleResult(sample=sid, error="not run (missing from the Inspect log)"))
            continue
        roadmap = logged.store.get(_ROADMAP)
        error = logged.error.message if logged.error is not None else None
        if roadmap is None and error is None:
            error = "the solver produced no roadmap"
        scores = {name: _float_or_none(s.value) for name, s in sorted((logged.scores or {}).items())}
        explanations = {name: s.explanation or "" for name, s in sorted((logged.scores or {}).items())}
        tokens_in, tokens_out, cost = _usage_totals(roadmap or {})
        results.append(
            SampleResult(
                sample=sid,
                scores={} if error else scores,
                explanations={} if error else explanations,
                latency_s=float(logged.store.get(_LATENCY, 0.0)),
                input_tokens=tokens_in,
                output_tokens=tokens_out,
                cost_usd=cost,
                error=error,
            )
        )
        if roadmap is not None:
            roadmaps[sid] = roadmap
    return results, roadmaps


def default_run_id(variant: EvalVariant, now: datetime | None = None) -> str:
    """``<UTC timestamp>-<backend>-<topology>``: sortable and names the variant."""
    stamp = (now or datetime.now(tz=UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{variant.backend}-{variant.topology}"


def _check_out_dir(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise OutputError(f"{out}: run directory exists and is not empty (use --force to overwrite)")


def _clear_previous_run(out: Path) -> None:
    """With --force: drop the previous run's roadmaps and Inspect logs so nothing stale remains."""
    for sub in ("roadmaps", "logs"):
        folder = out / sub
        if folder.is_dir():
            for item in folder.iterdir():
                if item.is_file() and item.suffix in (".json", ".eval"):
                    item.unlink()


@dataclass
class EvalRun:
    """The outcome of :func:`run_eval`: results and where they were written."""

    results: EvalResults
    out_dir: Path
    log: EvalLog
    written: list[Path] = field(default_factory=list)


def _prompt_info(roadmaps: Mapping[str, Mapping[str, Any]]) -> tuple[str, dict[str, str]]:
    """The prompt set the roadmaps record (the same for every sample of a run); the planner's version offline."""
    for _sid, data in sorted(roadmaps.items()):
        generated = data.get("generated_with") or {}
        return str(generated.get("prompt_version", "")), dict(generated.get("prompt_hashes") or {})
    return PLANNER_VERSION, {}


def run_eval(
    *,
    store: KnowledgeStore,
    settings: Settings | None = None,
    variant: EvalVariant | None = None,
    dataset_dir: Path = DEFAULT_DATASET,
    out_dir: Path | None = None,
    force: bool = False,
    sample_ids: Sequence[str] | None = None,
    limit: int | None = None,
    concurrency: int = 4,
    scorers: Mapping[str, ScorerFn] | None = None,
    planner: PlanFn | None = None,
    fail_on_error: bool | float = False,
    run_id: str | None = None,
) -> EvalRun:
    """Run the eval over the dataset (or ``sample_ids`` / the first ``limit``) and write the run directory.

    ``planner`` and ``scorers`` default to the variant's planner and ``evals.scorers.SCORERS`` (tests
    inject their own). ``fail_on_error`` is Inspect's threshold above which the whole run fails.
    Raises :class:`EvalRunError` when Inspect's log status is not ``success``,
    :class:`evals.dataset.DatasetError` for a malformed dataset or an unknown sample id and
    :class:`fahrplan.output.OutputError` for an unusable run directory.
    """
    base = settings or Settings()
    variant = variant or EvalVariant()
    version, samples = load_dataset(dataset_dir)
    if sample_ids:
        known = {s.id for s in samples}
        unknown = [sid for sid in sample_ids if sid not in known]
        if unknown:
            raise DatasetError(f"unknown sample id(s): {', '.join(unknown)} (dataset {dataset_dir})")
        wanted = set(sample_ids)
        samples = [s for s in samples if s.id in wanted]
    if limit is not None:
        if limit < 1:
            raise ValueError(f"--limit must be at least 1 (found: {limit})")
        samples = samples[:limit]
    if concurrency < 1:
        raise ValueError(f"--concurrency must be at least 1 (found: {concurrency})")
    run_id = run_id or (out_dir.name if out_dir is not None else default_run_id(variant))
    out = out_dir or Path("eval-runs") / run_id
    _check_out_dir(out, force)
    if scorers is None:
        from fahrplan.evals.scorers import SCORERS

        scorers = SCORERS
    run_settings = variant.settings(base)
    plan = planner or make_planner(variant, base, store)
    judge = make_judge(run_settings)
    task = build_task(samples, plan, scorers, store, judge=judge)
    if force:
        _clear_previous_run(out)
    log_dir = out / "logs"
    started = time.perf_counter()
    with no_tiktoken_downloads():
        logs = inspect_eval(
            task,
            model=INSPECT_MODEL,
            log_dir=str(log_dir),
            display="none",
            max_samples=concurrency,
            fail_on_error=fail_on_error,
            log_level=os.environ.get("FAHRPLAN_INSPECT_LOG_LEVEL", "warning"),
        )
    duration = round(time.perf_counter() - started, 3)
    if len(logs) != 1:
        raise EvalRunError(f"Inspect returned {len(logs)} logs for one task")
    log = logs[0]
    if log.status != "success":
        detail = log.error.message if log.error is not None else "no error message"
        raise EvalRunError(f"Inspect eval finished with status '{log.status}': {detail} (log: {log.location})")
    results_list, roadmaps = _sample_results(log, [s.id for s in samples])
    log_path = _stable_log(log.location, log_dir)
    prompt_version, prompt_hashes = _prompt_info(roadmaps)
    from fahrplan.app.runner import fahrplan_version, reproducible_timestamp

    info = RunInfo(
        run_id=run_id,
        created_at=reproducible_timestamp(variant.backend if variant.backend == "openai" else "offline"),
        backend=variant.backend,
        model=_model_name(variant, run_settings),
        judge_model=run_settings.judge_model,
        topology=variant.topology,
        prompts_dir=str(variant.prompts_dir) if variant.prompts_dir else None,
        prompt_version=prompt_version,
        prompt_hashes=prompt_hashes,
        knowledge_version=store.catalog.version,
        dataset_version=version,
        fahrplan_version=fahrplan_version(),
        duration_s=duration,
        inspect_log=_relative(log_path, out),
    )
    results = EvalResults(run=info, samples=results_list)
    files: dict[str, str | bytes] = {"results.json": _json(results.model_dump(mode="json"))}
    files.update({f"roadmaps/{sid}.json": _json(data) for sid, data in sorted(roadmaps.items())})
    written = _write(out, files)
    return EvalRun(results=results, out_dir=out, log=log, written=written)


def _model_name(variant: EvalVariant, settings: Settings) -> str | None:
    if variant.backend == "openai":
        return settings.model
    return FAKE_MODEL if variant.backend == "fake" else None


def _stable_log(location: str, log_dir: Path) -> Path:
    """Rename Inspect's log (its name carries a timestamp) to ``logs/<task>.eval``, so results.json is stable."""
    source = Path(location)
    target = log_dir / f"{TASK_NAME}{source.suffix}"
    if source.resolve() != target.resolve():
        os.replace(source, target)
    return target


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _relative(path: Path, out: Path) -> str:
    try:
        return str(path.resolve().relative_to(out.resolve()))
    except ValueError:
        return str(path)


def _write(out: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write results and roadmaps all-or-nothing (roadmaps first into their own folder)."""
    roadmaps = {name.split("/", 1)[1]: text for name, text in files.items() if name.startswith("roadmaps/")}
    top = {name: text for name, text in files.items() if "/" not in name}
    written = write_outputs(out / "roadmaps", roadmaps, force=True, lang="en") if roadmaps else []
    return [*written, *write_outputs(out, top, force=True, lang="en")]
