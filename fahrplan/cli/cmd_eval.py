"""``fahrplan eval run`` and ``fahrplan eval view``: score roadmaps over the eval dataset on Inspect.

The harness (``evals.harness``) needs the optional extra ``[eval]`` (inspect-ai); it is imported
only when an eval command runs, so the rest of the CLI works without it.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from fahrplan.app.settings import Settings
from fahrplan.cli.cmd_run import UsageError
from fahrplan.cli.parser import DEFAULT_RUNS
from fahrplan.cli.ui import say_error
from fahrplan.evals.dataset import DEFAULT_DATASET

if TYPE_CHECKING:  # the harness imports inspect-ai (an optional extra, slow to load): see _import_harness
    from fahrplan.evals.harness import EvalOptions, EvalRun

__all__ = ["cmd_eval", "latest_run", "print_results"]

MISSING_INSPECT = "inspect-ai is not installed; install the eval extra: .venv/bin/pip install -e '.[eval]'"
EXIT_OK, EXIT_FAILED = 0, 1


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
    if options.variant.backend == "openai":
        options = _preflight(options, settings, console)
    store = open_store(settings)
    # a bad dataset (DatasetError, exit 2) or a failed run (EvalRunError, exit 1) reaches the CLI's error boundary
    run = harness.run_eval(options, store=store, settings=settings)
    print_results(console, run)
    failed = [s.sample for s in run.results.samples if s.error]
    return EXIT_FAILED if failed else EXIT_OK  # results are written either way


def _preflight(options: EvalOptions, settings: Settings, console: Console) -> EvalOptions:
    """``fahrplan run``'s preflight: stop on an endpoint that cannot work at all; use a discovered model."""
    from fahrplan.app import endpoint

    checked, notices = endpoint.preflight(options.variant.settings(settings))  # EndpointError: exit 1
    for notice in notices:
        console.print(notice, style="yellow", markup=False, highlight=False, soft_wrap=True)
    if checked.model == options.variant.model:
        return options
    return dataclasses.replace(options, variant=dataclasses.replace(options.variant, model=checked.model))


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
