"""The argument parser of the ``fahrplan`` command line, and nothing else.

Kept light on purpose: building the parser imports only ``argparse`` and the vocabulary, so
``fahrplan --help``, ``init`` and ``schema`` start without the knowledge store, the graph, the
model clients or the eval harness; each command imports what it needs when it runs
(``fahrplan.cli.main`` dispatches). ``tests/test_startup.py`` guards this.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fahrplan.core.vocab import MODULE_IDS, REFINE_MODES, TOPOLOGIES

__all__ = ["DEFAULT_RUNS", "EVAL_BACKENDS", "add_compare_parsers", "add_eval_parsers", "build_parser", "common"]

DEFAULT_RUNS = Path("eval-runs")
EVAL_BACKENDS = ("offline", "openai", "fake")


def common(p: argparse.ArgumentParser) -> None:
    """Add ``--config``, ``--kb-dir`` and ``--lang``."""
    p.add_argument("--config", type=Path, default=None, help="TOML settings file (or FAHRPLAN_CONFIG)")
    p.add_argument("--kb-dir", type=Path, default=None, help="knowledge store directory")
    p.add_argument("--lang", choices=("de", "en"), default=None, help="output language (default: de)")


def build_parser() -> argparse.ArgumentParser:
    """Build the whole ``fahrplan`` parser (run, check, init, schema, kb …, eval …)."""
    parser = argparse.ArgumentParser(prog="fahrplan", description="AI roadmaps for retailers.")
    sub = parser.add_subparsers(dest="command", required=True)
    _run_parser(sub)
    check = sub.add_parser("check", help="probe the LLM endpoint and recommend settings (before a run)")
    check.add_argument("--model", default=None, help="model name (default: the server's only model)")
    check.add_argument("--base-url", default=None, help="endpoint, e.g. http://127.0.0.1:8080/v1")
    common(check)
    init = sub.add_parser("init", help="write a commented profile template")
    init.add_argument("path", type=Path, nargs="?", default=Path("profil.yaml"))
    init.add_argument("--force", action="store_true")
    common(init)
    schema = sub.add_parser("schema", help="print the JSON Schema of roadmap.json")
    common(schema)
    _kb_parsers(sub)
    evaluate = sub.add_parser("eval", help="evaluate roadmaps over the eval dataset (needs the [eval] extra)")
    eval_sub = evaluate.add_subparsers(dest="eval_command", required=True)
    add_eval_parsers(eval_sub, common)
    add_compare_parsers(eval_sub)
    return parser


def _run_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="plan a roadmap for a profile (YAML/JSON; free text with an LLM)")
    run.add_argument("profile", type=Path, help="profile file (YAML or JSON), or .md/.txt free text with an LLM")
    run.add_argument("-o", "--output", type=Path, default=Path("out"), help="output directory (default: out)")
    run.add_argument("--format", default="md,json", help="comma-separated: md,json,html,pdf (default: md,json)")
    run.add_argument("--force", action="store_true", help="overwrite existing output files")
    run.add_argument("--quiet", action="store_true", help="no progress view")
    run.add_argument("--backend", choices=("auto", "offline", "openai"), default=None)
    run.add_argument("--model", default=None, help="model name (OpenAI-compatible endpoint)")
    run.add_argument("--base-url", default=None, help="endpoint, e.g. http://127.0.0.1:8080/v1")
    run.add_argument("--prompts", type=Path, default=None, help="prompt variant directory")
    run.add_argument(
        "--refine-mode",
        choices=REFINE_MODES,
        default=None,
        help="LLM module agents: decide from candidates (default) or also rewrite the draft's texts",
    )
    run.add_argument("--no-cache", action="store_true", help="do not use the LLM response and solver caches")
    run.add_argument("--start", default=None, metavar="YYYY-MM", help="start month of the roadmap (Gantt dates)")
    run.add_argument("--no-checkpoint", action="store_true", help="do not checkpoint the run, never resume one")
    run.add_argument("--checkpoint", type=Path, default=None, metavar="PATH", help="checkpoint database file")
    common(run)


def _kb_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kb = sub.add_parser("kb", help="knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    for name, text in (
        ("build", "build or refresh the store"),
        ("stats", "entry counts"),
        ("list", "list ingested user documents"),
    ):
        common(kb_sub.add_parser(name, help=text))
    search = kb_sub.add_parser("search", help="search the knowledge base")
    search.add_argument("query")
    search.add_argument("--module", choices=MODULE_IDS, default=None)
    search.add_argument("--kind", choices=("initiative", "legal", "rule", "document"), default=None)
    search.add_argument("--instrument", default=None, help="legal instrument, e.g. GDPR, 'AI Act', BetrVG")
    search.add_argument("--method", choices=("hybrid", "dense", "bm25"), default="hybrid")
    search.add_argument("-k", type=int, default=5)
    search.add_argument("--json", action="store_true", help="machine-readable output")
    common(search)
    ingest = kb_sub.add_parser("ingest", help="add your own Markdown, text, PDF and DOCX files")
    ingest.add_argument("paths", nargs="+", type=Path)
    common(ingest)
    vectors = kb_sub.add_parser(
        "vectors", help="recompute the knowledge vectors shipped with the package (after editing the knowledge)"
    )
    vectors.add_argument("--check", action="store_true", help="only check them: exit 1 when they are stale")
    common(vectors)
    classify = kb_sub.add_parser("classify", help="value levers of a goal and the initiatives that move them")
    classify.add_argument("text", help='a goal or use case, e.g. "Retourenquote senken"')
    classify.add_argument("--json", action="store_true", help="machine-readable output")
    common(classify)


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
    run.add_argument("--no-cache", action="store_true", help="do not use the LLM response and solver caches")
    common(run)
    view = sub.add_parser("view", help="open Inspect's local log viewer for a run")
    view.add_argument("run_dir", type=Path, nargs="?", default=None, help="run directory (default: the latest)")
    view.add_argument("--host", default="127.0.0.1", help="viewer host (default: 127.0.0.1)")
    view.add_argument("--port", type=_positive_int, default=7575, help="viewer port (default: 7575)")
    common(view)


def _stats_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples (default: 2000)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default: 0)")
    p.add_argument("--confidence", type=float, default=0.95, help="confidence level (default: 0.95)")


def add_compare_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``compare`` and ``gate`` to the ``fahrplan eval`` subcommands.

    ``gate --baseline`` defaults to None, read as the committed baseline by ``cmd_gate``, so the parser
    need not import the eval dataset module.
    """
    compare = sub.add_parser("compare", help="compare two eval runs per metric (paired, bootstrap CI)")
    compare.add_argument("run_a", type=Path, help="run directory or results.json (A, the reference)")
    compare.add_argument("run_b", type=Path, help="run directory or results.json (B, compared against A)")
    compare.add_argument("--judge", action="store_true", help="pairwise LLM judge over the stored roadmaps")
    compare.add_argument("--judge-model", default=None, help="judge model (else setting judge_model)")
    compare.add_argument("--config", type=Path, default=None, help="TOML settings file (or FAHRPLAN_CONFIG)")
    _stats_options(compare)
    gate_p = sub.add_parser("gate", help="fail (exit 1) on a significant regression against a baseline")
    gate_p.add_argument("run", type=Path, help="run directory or results.json")
    gate_p.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="baseline results (default: evals/baselines/offline.json)",
    )
    gate_p.add_argument("--tolerance", type=float, default=0.01, help="allowed mean drop per metric (default: 0.01)")
    _stats_options(gate_p)
