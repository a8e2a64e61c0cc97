"""``fahrplan eval run`` and ``fahrplan eval view``: score roadmaps over the eval dataset on Inspect.

The harness (``evals.harness``) needs the optional extra ``[eval]`` (inspect-ai); it is imported
only when an eval command runs, so the rest of the CLI works without it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from fahrplan.app.settings import Settings
from fahrplan.cli.cmd_run import UsageError
from fahrplan.cli.ui import say_error
from fahrplan.core.vocab import TOPOLOGIES
from fahrplan.evals.dataset import DEFAULT_DATASET

if TYPE_CHECKING:  # the harness imports inspect-ai (an optional extra, slow to load): see _import_harness
    from fahrplan.evals.harness import EvalOptions, EvalRun

__all__ = ["DEFAULT_RUNS", "EVAL_BACKENDS", "add_eval_parsers", "cmd_eval"]

DEFAULT_RUNS = Path("eval-runs")
EVAL_BACKENDS = ("offline", "openai", "fake")
MISSING_INSPECT = "inspect-ai is not installed; install the eval extra: .venv/bin/pip install -e '.[eval]'"
EXIT_OK, EXIT_FAILED = 0, 1


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, found {value}")
    return value


def add_eval_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: Any) -> None:
    """Add ``run`` and ``view`` to the ``eval`` sub-command (``common`` adds --config/--kb-dir/--lang)."""
    run = sub.add_parser("run", help="run the eval over the dataset and write a run directory")
    run.add_argument("--dataset", type=Path, default=None, help="dataset directory (default: bundled evals/dataset)")
    run.add_argument("--out", type=Path, default=None, help="run directory (default: eval-runs/<run id>)")
    run.add_argument("--force", action="store_true", help="overwrite an existing run directory")
    run.add_argument(
        "--backend",
        dest="eval_backend",
        choices=EVAL_BACKENDS,
        default="offline",
        help="offline planner (default), an OpenAI-compatible endpoint, or a scripted fake model",
    )
    run.add_argument("--topology", choices=TOPOLOGIES, default="graph", help="graph variant (default: graph)")
    run.add_argument("--prompts", type=Path, default=None, help="prompt variant directory")
    run.add_argument("--model", default=None, help="model name (backend openai)")
    run.add_argument("--base-url", default=None, help="endpoint, e.g. http://127.0.0.1:8080/v1")
    run.add_argument("--concurrency", type=_positive_int, default=4, help="samples in parallel (default: 4)")
    run.add_argument(
        "--split", choices=("dev", "test"), default=None, help="only this split (tune on dev; test labels are frozen)"
    )
    run.add_argument("--limit", type=_positive_int, default=None, help="only the first N samples (by id)")
    run.add_argument(
        "--sample", dest="samples", nargs="+", action="extend", default=None, metavar="ID", help="only these sample ids"
    )
    run.add_argument("--no-cache", action="store_true", help="do not use the LLM response cache")
    common(run)
    view = sub.add_parser("view", help="open Inspect's local log viewer for a run")
    view.add_argument("run_dir", type=Path, nargs="?", default=None, help="run directory (default: the latest)")
    view.add_argument("--host", default="127.0.0.1", help="viewer host (default: 127.0.0.1)")
    view.add_argument("--port", type=_positive_int, default=7575, help="viewer port (default: 7575)")
    common(view)


def cmd_eval(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """Dispatch ``eval run`` / ``eval view``; return the exit code."""
    if args.eval_command == "run":
        return _cmd_run(args, settings, console)
    return _cmd_view(args)


def _import_harness() -> Any:
    try:
        import inspect_ai  # noqa: F401
    except ImportError:
        raise UsageError(MISSING_INSPECT) from None
    from fahrplan.evals import harness

    return harness


def _options(harness: ModuleType, args: argparse.Namespace) -> EvalOptions:
    """The ``EvalOptions`` of ``eval run`` (UsageError for a variant the harness refuses)."""
    try:
        variant = harness.EvalVariant(
            backend=args.eval_backend,
            topology=args.topology,
            model=args.model,
            base_url=args.base_url,
            prompts_dir=args.prompts,
        )
        options: EvalOptions = harness.EvalOptions(
            variant=variant,
            dataset_dir=args.dataset or DEFAULT_DATASET,
            out_dir=args.out,
            force=args.force,
            sample_ids=tuple(args.samples or ()),
            split=args.split,
            limit=args.limit,
            concurrency=args.concurrency,
        )
    except ValueError as err:
        raise UsageError(str(err)) from None
    return options


def _cmd_run(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    harness = _import_harness()
    # the runner pulls in the graph and the models: imported when a run starts, not with every CLI parser
    from fahrplan.app.runner import open_store

    options = _options(harness, args)
    if args.prompts is not None and not args.prompts.is_dir():
        raise UsageError(f"--prompts {args.prompts}: directory not found")
    store = open_store(settings)
    # a bad dataset (DatasetError, exit 2) or a failed run (EvalRunError, exit 1) reaches the CLI's error boundary
    run = harness.run_eval(options, store=store, settings=settings)
    print_results(console, run)
    failed = [s.sample for s in run.results.samples if s.error]
    return EXIT_FAILED if failed else EXIT_OK  # results are written either way


def print_results(console: Console, run: EvalRun) -> None:
    """A table of the mean score per metric, then errors and the run directory (stdout)."""
    results = run.results
    info = results.run
    out = Console()
    table = Table(title=f"eval {info.run_id}: {info.backend} / {info.topology} ({len(results.samples)} samples)")
    table.add_column("metric")
    table.add_column("mean", justify="right")
    table.add_column("scored", justify="right")
    for metric in results.metrics():
        mean = results.mean(metric)
        scored = sum(1 for s in results.samples if s.scores.get(metric) is not None)
        table.add_row(metric, "—" if mean is None else f"{mean:.3f}", f"{scored}/{len(results.samples)}")
    out.print(table)
    for sample in results.samples:
        if sample.error:
            say_error(console, f"sample {sample.sample}: error: {sample.error}")
    out.print(
        f"took {info.duration_s:.1f} s; dataset v{info.dataset_version}, knowledge {info.knowledge_version}",
        markup=False,
        highlight=False,
    )
    print(f"run directory: {run.out_dir}")


def latest_run(root: Path = DEFAULT_RUNS) -> Path | None:
    """The most recent run directory under ``root`` (run ids start with a sortable timestamp)."""
    if not root.is_dir():
        return None
    runs = sorted(p for p in root.iterdir() if (p / "results.json").is_file())
    return runs[-1] if runs else None


def _cmd_view(args: argparse.Namespace) -> int:
    run_dir: Path | None = args.run_dir or latest_run()
    if run_dir is None:
        raise UsageError(f"no run directory given and none found under {DEFAULT_RUNS}/ (run: fahrplan eval run)")
    logs = run_dir / "logs"
    if not logs.is_dir():
        raise UsageError(f"{run_dir}: not an eval run directory (no logs/ folder)")
    try:
        from inspect_ai import view
    except ImportError:
        raise UsageError(MISSING_INSPECT) from None
    print(f"Inspect viewer for {logs} on http://{args.host}:{args.port} (Ctrl+C to stop)")
    view(log_dir=str(logs), host=args.host, port=args.port)
    return EXIT_OK
