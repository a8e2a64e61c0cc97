"""``fahrplan eval compare`` and ``fahrplan eval gate``: paired comparison of two runs, regression gate.

Exit codes: 0 ok, 1 significant regression (gate only), 2 bad input (a missing or invalid file,
named in the message; ``--judge`` without a judge model).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console

from fahrplan.app.settings import SettingsError, load_settings
from fahrplan.cli.parser import add_compare_parsers
from fahrplan.cli.ui import say_error
from fahrplan.core.errors import EXIT_BAD_INPUT, EXIT_OK
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.evals.compare import ResultsError, compare_runs, gate, load_results, render_comparison, render_gate
from fahrplan.evals.dataset import DEFAULT_BASELINE
from fahrplan.evals.schema import EvalResults

__all__ = ["DEFAULT_BASELINE", "add_compare_parsers", "cmd_compare", "cmd_gate"]

EXIT_REGRESSION = 1


def _check_stats(args: argparse.Namespace) -> str | None:
    if args.resamples < 1:
        return "--resamples must be at least 1"
    if not 0.0 < args.confidence < 1.0:
        return "--confidence must be between 0 and 1"
    if getattr(args, "tolerance", 0.0) < 0:
        return "--tolerance must not be negative"
    return None


def _inputs(args: argparse.Namespace, console: Console, *paths: Path) -> list[EvalResults] | int:
    """Check the statistics options and load the runs; print the problem and return the exit code if either fails."""
    if (problem := _check_stats(args)) is not None:
        say_error(console, problem)
        return EXIT_BAD_INPUT
    try:
        return [load_results(path) for path in paths]
    except ResultsError as err:
        say_error(console, str(err))
        return err.exit_code


def cmd_compare(args: argparse.Namespace) -> int:
    """Print the per-metric comparison of run B against run A (and the pairwise judge with ``--judge``)."""
    console = Console(stderr=True)
    runs = _inputs(args, console, args.run_a, args.run_b)
    if isinstance(runs, int):
        return runs
    a, b = runs
    comparison = compare_runs(a, b, resamples=args.resamples, seed=args.seed, confidence=args.confidence)
    print(render_comparison(comparison))
    if getattr(args, "judge", False):
        return _judge(args, console)
    return EXIT_OK


def cmd_gate(args: argparse.Namespace) -> int:
    """Gate a run against the baseline: 0 passed, 1 significant regression or lost sample/metric, 2 bad input."""
    console = Console(stderr=True)
    runs = _inputs(args, console, args.baseline or DEFAULT_BASELINE, args.run)
    if isinstance(runs, int):
        return runs
    baseline, current = runs
    result = gate(
        current,
        baseline,
        tolerance=args.tolerance,
        resamples=args.resamples,
        seed=args.seed,
        confidence=args.confidence,
    )
    print(render_gate(result))
    return EXIT_OK if result.passed else EXIT_REGRESSION


# -- pairwise judge -------------------------------------------------------------------------


def _run_dir(path: Path) -> Path:
    return path if path.is_dir() else path.parent


def _load_roadmap(path: Path) -> Roadmap:
    try:
        return Roadmap.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ResultsError(f"{path}: cannot read roadmap ({err})") from None
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ResultsError(f"{path}: not a valid roadmap.json: {where}: {first['msg']}") from None


def _roadmap_pairs(args: argparse.Namespace) -> list[tuple[str, Roadmap, Roadmap]]:
    dir_a, dir_b = _run_dir(args.run_a) / "roadmaps", _run_dir(args.run_b) / "roadmaps"
    for d in (dir_a, dir_b):
        if not d.is_dir():
            raise ResultsError(f"{d}: no stored roadmaps (the run directory needs roadmaps/<sample>.json)")
    names = sorted({p.stem for p in dir_a.glob("*.json")} & {p.stem for p in dir_b.glob("*.json")})
    if not names:
        raise ResultsError(f"{dir_a} and {dir_b}: no sample has a roadmap in both runs")
    return [(n, _load_roadmap(dir_a / f"{n}.json"), _load_roadmap(dir_b / f"{n}.json")) for n in names]


def _judge(args: argparse.Namespace, console: Console) -> int:
    # the judge pulls in the model client and the runner: loaded for --judge only, not with every CLI parser
    from fahrplan.evals.judge import build_judge_llm, pairwise, tally

    try:
        settings = load_settings(args.config, judge_model=args.judge_model)
        llm = build_judge_llm(settings)
        pairs = _roadmap_pairs(args)
        profiles = [Profile.model_validate(a.profile) for _, a, _ in pairs]
    except (SettingsError, ResultsError) as err:
        say_error(console, str(err))
        return err.exit_code
    except ValidationError as err:
        say_error(console, f"stored roadmap without a valid profile: {err.errors(include_url=False)[0]['msg']}")
        return EXIT_BAD_INPUT
    results = []
    print(f"\npairwise judge ({settings.judge_model}), both orders per sample:")
    for (name, a, b), profile in zip(pairs, profiles, strict=True):
        result = pairwise(a, b, profile, llm)
        results.append(result)
        print(
            f"  {name}: A first → {result.first_order or '–'}, B first → {result.second_order or '–'}, "
            f"verdict {result.verdict or 'unscored'}"
        )
    t = tally(results)
    agreement = f"{t.agreement:.0%}" if t.agreement is not None else "–"
    print(f"A wins {t.a_wins}, B wins {t.b_wins}, ties {t.ties}, unscored {t.unscored}; order agreement {agreement}")
    sys.stdout.flush()
    return EXIT_OK
