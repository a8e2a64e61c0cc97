"""The eval runner on Inspect: which variant to plan with, and one run over the dataset.

``run_eval`` plans each sample's roadmap with one *variant* (backend, model, prompt directory,
topology) — offline by default — through the Inspect task of :mod:`fahrplan.evals.inspect_task`,
scores it with the pure scorers of :mod:`fahrplan.evals.scorers` and writes the run directory
(:mod:`fahrplan.evals.run_dir`). A sample whose solver raises is recorded as an error in
``results.json`` and does not stop the others; a log whose status is not ``success`` raises
:class:`EvalRunError` (``inspect eval`` itself exits 0 on errors).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog

from fahrplan.agents.baseline import run_single_prompt
from fahrplan.agents.llm import StructuredLLM
from fahrplan.agents.prompts import load_prompts
from fahrplan.app.runner import (
    LLMRuntime,
    build_llm,
    fahrplan_version,
    make_limiter,
    reproducible_timestamp,
    run_roadmap,
)
from fahrplan.app.settings import Settings
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.vocab import TOPOLOGIES, Topology
from fahrplan.evals import fakes
from fahrplan.evals.dataset import DEFAULT_DATASET, DatasetError, Sample, load_dataset
from fahrplan.evals.inspect_task import (
    INSPECT_MODEL,
    EvalRunError,
    JudgeFn,
    PlanFn,
    ScorerFn,
    build_task,
    no_tiktoken_downloads,
)
from fahrplan.evals.judge import build_judge_llm, judge_roadmap
from fahrplan.evals.labels import Split
from fahrplan.evals.run_dir import (
    check_out_dir,
    clear_previous_run,
    prompt_info,
    relative,
    sample_results,
    stable_log,
    write_run,
)
from fahrplan.evals.schema import EvalResults, RunInfo, Score
from fahrplan.evals.scorers import SCORERS
from fahrplan.knowledge.store import KnowledgeStore

__all__ = [
    "BACKENDS",
    "INSPECT_MODEL",
    "EvalOptions",
    "EvalRun",
    "EvalRunError",
    "EvalVariant",
    "ScorerFn",
    "build_task",
    "default_run_id",
    "make_judge",
    "make_planner",
    "no_tiktoken_downloads",
    "run_eval",
]

EvalBackend = Literal["offline", "openai", "fake"]
BACKENDS: tuple[str, ...] = get_args(EvalBackend)
FAKE_MODEL = "fake-scripted"


@dataclass(frozen=True)
class EvalVariant:
    """What is being evaluated: backend, model, prompt set and graph topology."""

    backend: EvalBackend = "offline"
    topology: Topology = "graph"
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


@dataclass(frozen=True)
class EvalOptions:
    """One eval run: the variant, which samples, where the run directory goes and how Inspect runs.

    ``sample_ids`` (empty: all), ``split`` (dev: tuning allowed; test: frozen) and ``limit`` (the
    first N by id) select samples; ``out_dir``
    defaults to ``eval-runs/<run id>`` and must be empty unless ``force``; ``run_id`` defaults to
    the name of ``out_dir`` or :func:`default_run_id`. ``concurrency`` is the number of samples in
    parallel; ``fail_on_error`` is Inspect's threshold above which the whole run fails.
    """

    variant: EvalVariant = field(default_factory=EvalVariant)
    dataset_dir: Path = DEFAULT_DATASET
    out_dir: Path | None = None
    force: bool = False
    sample_ids: Sequence[str] = ()
    split: Split | None = None
    limit: int | None = None
    concurrency: int = 4
    fail_on_error: bool | float = False
    run_id: str | None = None

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"--limit must be at least 1 (found: {self.limit})")
        if self.concurrency < 1:
            raise ValueError(f"--concurrency must be at least 1 (found: {self.concurrency})")


@dataclass
class EvalRun:
    """The outcome of :func:`run_eval`: results and where they were written."""

    results: EvalResults
    out_dir: Path
    log: EvalLog
    written: list[Path] = field(default_factory=list)


def default_run_id(variant: EvalVariant, now: datetime | None = None) -> str:
    """``<UTC timestamp>-<backend>-<topology>``: sortable and names the variant."""
    stamp = (now or datetime.now(tz=UTC)).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{variant.backend}-{variant.topology}"


# -- planning and judging one sample ----------------------------------------------------------


def _fake_runtime(topology: Topology) -> LLMRuntime:
    """A scripted offline model (no network): valid answers for every agent, or the baseline's."""
    script = fakes.baseline_script if topology == "single_prompt" else fakes.good_script
    model = fakes.ScriptedChatModel(script=script, recorder=fakes.Recorder())
    llm = StructuredLLM(models={"default": model}, model_names={"default": FAKE_MODEL})
    return LLMRuntime(llm, load_prompts())


def make_planner(variant: EvalVariant, settings: Settings, store: KnowledgeStore) -> PlanFn:
    """Return a function that plans one sample's roadmap with ``variant`` (a fresh model runtime per call).

    The samples Inspect runs in parallel share one endpoint, so they share one adaptive limit on
    requests in flight (``max_concurrency`` for the whole eval, lowered when the endpoint is
    overloaded); each sample keeps its own usage accounting.
    """
    base = variant.settings(settings)
    limiter = make_limiter(base) if variant.backend == "openai" else None

    def runtime_for(sample_settings: Settings) -> LLMRuntime | None:
        if variant.backend == "fake":
            return _fake_runtime(variant.topology)
        if variant.backend == "openai":
            return build_llm(sample_settings, limiter=limiter)  # fresh usage accounting per sample
        return None

    def plan(sample: Sample) -> Roadmap:
        sample_settings = base.model_copy(update={"lang": sample.lang})
        runtime = runtime_for(sample_settings)
        if variant.topology == "single_prompt":
            assert runtime is not None  # EvalVariant refuses single_prompt offline
            return run_single_prompt(sample.profile, sample_settings, runtime, store=store)
        return run_roadmap(sample.profile, sample_settings, store=store, runtime=runtime, topology=variant.topology)

    return plan


def make_judge(settings: Settings) -> JudgeFn | None:
    """The LLM judge when ``settings.judge_model`` is configured, else None."""
    if not settings.judge_model:
        return None
    llm = build_judge_llm(settings)  # one client (and one usage account) for the whole run

    def judge(roadmap: Roadmap, sample: Sample) -> Score | None:
        return judge_roadmap(roadmap, sample.profile, llm)

    return judge


# -- one run ----------------------------------------------------------------------------------


def run_eval(
    options: EvalOptions | None = None,
    *,
    store: KnowledgeStore,
    settings: Settings | None = None,
    scorers: Mapping[str, ScorerFn] | None = None,
    planner: PlanFn | None = None,
) -> EvalRun:
    """Run the eval over the dataset as ``options`` say (default: all samples, offline) and write the run directory.

    ``settings`` (default: ``Settings()``) are the base the variant is applied to; ``planner`` and
    ``scorers`` default to the variant's planner and ``evals.scorers.SCORERS`` (tests inject their
    own). Raises :class:`EvalRunError` when Inspect's log status is not ``success``,
    :class:`evals.dataset.DatasetError` for a malformed dataset or an unknown sample id and
    :class:`fahrplan.app.output.OutputError` for an unusable run directory.
    """
    opts = options or EvalOptions()
    base = settings or Settings()
    version, samples = _select_samples(opts)
    run_id = opts.run_id or (opts.out_dir.name if opts.out_dir is not None else default_run_id(opts.variant))
    out = opts.out_dir or Path("eval-runs") / run_id
    check_out_dir(out, opts.force)
    run_settings = opts.variant.settings(base)
    task = build_task(
        samples,
        planner or make_planner(opts.variant, base, store),
        SCORERS if scorers is None else scorers,
        store,
        judge=make_judge(run_settings),
        quadrant_threshold=run_settings.quadrant_threshold,
    )
    if opts.force:
        clear_previous_run(out)
    log, duration = _run_inspect(task, out / "logs", opts)
    results_list, roadmaps = sample_results(log, [s.id for s in samples])
    prompt_version, prompt_hashes = prompt_info(roadmaps)
    info = RunInfo(
        run_id=run_id,
        **_variant_info(opts.variant, run_settings),
        prompt_version=prompt_version,
        prompt_hashes=prompt_hashes,
        knowledge_version=store.catalog.version,
        dataset_version=version,
        fahrplan_version=fahrplan_version(),
        duration_s=duration,
        inspect_log=relative(stable_log(log.location, out / "logs"), out),
    )
    results = EvalResults(run=info, samples=results_list)
    written = write_run(out, results, roadmaps)
    return EvalRun(results=results, out_dir=out, log=log, written=written)


def _select_samples(opts: EvalOptions) -> tuple[str, list[Sample]]:
    """The dataset version and the samples ``opts`` select (DatasetError for an unknown id)."""
    version, samples = load_dataset(opts.dataset_dir)
    if opts.sample_ids:
        known = {s.id for s in samples}
        unknown = [sid for sid in opts.sample_ids if sid not in known]
        if unknown:
            raise DatasetError(f"unknown sample id(s): {', '.join(unknown)} (dataset {opts.dataset_dir})")
        wanted = set(opts.sample_ids)
        samples = [s for s in samples if s.id in wanted]
    if opts.split is not None:
        samples = [s for s in samples if s.split == opts.split]
    if opts.limit is not None:
        samples = samples[: opts.limit]
    return version, samples


def _run_inspect(task: Task, log_dir: Path, opts: EvalOptions) -> tuple[EvalLog, float]:
    """Run the task on Inspect; return its one log and the duration (EvalRunError unless it succeeded)."""
    started = time.perf_counter()
    with no_tiktoken_downloads():
        logs = inspect_eval(
            task,
            model=INSPECT_MODEL,
            log_dir=str(log_dir),
            display="none",
            max_samples=opts.concurrency,
            fail_on_error=opts.fail_on_error,
            log_level=os.environ.get("FAHRPLAN_INSPECT_LOG_LEVEL", "warning"),
        )
    duration = round(time.perf_counter() - started, 3)
    if len(logs) != 1:
        raise EvalRunError(f"Inspect returned {len(logs)} logs for one task")
    log = logs[0]
    if log.status != "success":
        detail = log.error.message if log.error is not None else "no error message"
        raise EvalRunError(f"Inspect eval finished with status '{log.status}': {detail} (log: {log.location})")
    return log, duration


def _variant_info(variant: EvalVariant, settings: Settings) -> dict[str, Any]:
    """The fields of :class:`RunInfo` that name the variant (and the reproducible offline timestamp)."""
    return {
        "created_at": reproducible_timestamp(variant.backend if variant.backend == "openai" else "offline"),
        "backend": variant.backend,
        "model": _model_name(variant, settings),
        "judge_model": settings.judge_model,
        "topology": variant.topology,
        "prompts_dir": str(variant.prompts_dir) if variant.prompts_dir else None,
    }


def _model_name(variant: EvalVariant, settings: Settings) -> str | None:
    if variant.backend == "openai":
        return settings.model
    return FAKE_MODEL if variant.backend == "fake" else None
