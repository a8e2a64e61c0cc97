"""The ``fahrplan`` command line. Exit codes: 0 ok, 2 bad input, 1 internal error."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from fahrplan.app.settings import Settings, load_settings
from fahrplan.cli.cmd_kb import add_classify_parser, cmd_kb
from fahrplan.cli.cmd_run import cmd_init, cmd_run
from fahrplan.cli.ui import say_error
from fahrplan.core.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, FahrplanError
from fahrplan.core.roadmap import roadmap_json_schema
from fahrplan.knowledge.schema import MODULE_IDS

__all__ = ["main"]


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, default=None, help="TOML settings file (or FAHRPLAN_CONFIG)")
    p.add_argument("--kb-dir", type=Path, default=None, help="knowledge store directory")
    p.add_argument("--lang", choices=("de", "en"), default=None, help="output language (default: de)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fahrplan", description="AI roadmaps for retailers.")
    sub = parser.add_subparsers(dest="command", required=True)
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
    run.add_argument("--no-cache", action="store_true", help="do not use the LLM response cache")
    run.add_argument("--start", default=None, metavar="YYYY-MM", help="start month of the roadmap (Gantt dates)")
    run.add_argument("--no-checkpoint", action="store_true", help="do not checkpoint the run, never resume one")
    run.add_argument("--checkpoint", type=Path, default=None, metavar="PATH", help="checkpoint database file")
    _common(run)
    init = sub.add_parser("init", help="write a commented profile template")
    init.add_argument("path", type=Path, nargs="?", default=Path("profil.yaml"))
    init.add_argument("--force", action="store_true")
    _common(init)
    schema = sub.add_parser("schema", help="print the JSON Schema of roadmap.json")
    _common(schema)
    kb = sub.add_parser("kb", help="knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    for name, text in (
        ("build", "build or refresh the store"),
        ("stats", "entry counts"),
        ("list", "list ingested user documents"),
    ):
        _common(kb_sub.add_parser(name, help=text))
    search = kb_sub.add_parser("search", help="search the knowledge base")
    search.add_argument("query")
    search.add_argument("--module", choices=MODULE_IDS, default=None)
    search.add_argument("--kind", choices=("initiative", "legal", "rule", "document"), default=None)
    search.add_argument("--instrument", default=None, help="legal instrument, e.g. GDPR, 'AI Act', BetrVG")
    search.add_argument("--method", choices=("hybrid", "dense", "bm25"), default="hybrid")
    search.add_argument("-k", type=int, default=5)
    _common(search)
    ingest = kb_sub.add_parser("ingest", help="add your own Markdown, text, PDF and DOCX files")
    ingest.add_argument("paths", nargs="+", type=Path)
    _common(ingest)
    add_classify_parser(kb_sub, _common)
    _eval_parsers(sub)
    return parser


def _eval_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``fahrplan eval run|view`` (ours) and ``compare|gate`` (fahrplan.cmd_eval_compare, if present)."""
    from fahrplan.cli.cmd_eval import add_eval_parsers

    evaluate = sub.add_parser("eval", help="evaluate roadmaps over the eval dataset (needs the [eval] extra)")
    eval_sub = evaluate.add_subparsers(dest="eval_command", required=True)
    add_eval_parsers(eval_sub, _common)
    try:
        from fahrplan.cli.cmd_eval_compare import add_compare_parsers
    except ImportError:  # compare/gate not available in this checkout
        return
    add_compare_parsers(eval_sub)


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        "lang": args.lang,
        "kb_dir": args.kb_dir,
        "backend": getattr(args, "backend", None),
        "model": getattr(args, "model", None),
        "base_url": getattr(args, "base_url", None),
        "prompts_dir": getattr(args, "prompts", None),
        "use_cache": False if getattr(args, "no_cache", False) else None,
        "start": getattr(args, "start", None),
        "checkpoint": False if getattr(args, "no_checkpoint", False) else None,
        "checkpoint_path": getattr(args, "checkpoint", None),
    }
    return load_settings(args.config, **overrides)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    console = Console(stderr=True)
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage error
        return EXIT_OK if exc.code == 0 else EXIT_BAD_INPUT
    try:
        if args.command == "eval" and args.eval_command in ("compare", "gate"):
            from fahrplan.cli import cmd_eval_compare

            if args.eval_command == "compare":
                return cmd_eval_compare.cmd_compare(args)
            return cmd_eval_compare.cmd_gate(args)
        settings = _settings(args)
        if args.command == "eval":
            from fahrplan.cli.cmd_eval import cmd_eval

            return cmd_eval(args, settings, console)
        if args.command == "run":
            return cmd_run(args, settings, console)
        if args.command == "init":
            return cmd_init(args, settings)
        if args.command == "schema":
            print(roadmap_json_schema())
            return EXIT_OK
        return cmd_kb(args, settings, console)
    except FahrplanError as err:  # the one place an error becomes an exit code (see fahrplan.core.errors)
        say_error(console, str(err))
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # last-resort boundary: users get a message, not a traceback
        if os.environ.get("FAHRPLAN_DEBUG"):
            raise
        say_error(console, f"internal error: {type(err).__name__}: {err}")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
