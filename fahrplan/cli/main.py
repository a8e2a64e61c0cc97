"""The ``fahrplan`` command line. Exit codes: 0 ok, 2 bad input, 1 internal error.

Each command's module is imported when that command runs (the command boundary): parsing,
``--help``, ``init`` and ``schema`` never load the knowledge store, the graph or a model.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fahrplan.cli import gc_policy
from fahrplan.cli.parser import build_parser
from fahrplan.core.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, FahrplanError

if TYPE_CHECKING:
    from rich.console import Console

    from fahrplan.app.settings import Settings

__all__ = ["main"]


def _settings(args: argparse.Namespace) -> Settings:
    from fahrplan.app.settings import load_settings

    overrides = {
        "lang": args.lang,
        "kb_dir": args.kb_dir,
        "backend": getattr(args, "backend", None),
        "model": getattr(args, "model", None),
        "base_url": getattr(args, "base_url", None),
        "prompts_dir": getattr(args, "prompts", None),
        "refine_mode": getattr(args, "refine_mode", None),
        "use_cache": False if getattr(args, "no_cache", False) else None,
        "start": getattr(args, "start", None),
        "checkpoint": False if getattr(args, "no_checkpoint", False) else None,
        "checkpoint_path": getattr(args, "checkpoint", None),
    }
    return load_settings(args.config, **overrides)


def _dispatch(args: argparse.Namespace, console: Console) -> int:
    """Import the chosen command's module and run it."""
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
        from fahrplan.cli.cmd_run import cmd_run

        return cmd_run(args, settings, console)
    if args.command == "check":
        from fahrplan.cli.cmd_check import cmd_check

        return cmd_check(args, settings, console)
    if args.command == "init":
        from fahrplan.cli.cmd_run import cmd_init

        return cmd_init(args, settings)
    if args.command == "schema":
        from fahrplan.core.roadmap import roadmap_json_schema

        print(roadmap_json_schema())
        return EXIT_OK
    from fahrplan.cli.cmd_kb import cmd_kb

    return cmd_kb(args, settings, console)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    gc_policy.skip_final_collection()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage error
        return EXIT_OK if exc.code == 0 else EXIT_BAD_INPUT
    with gc_policy.imports_set_aside():
        from rich.console import Console

        from fahrplan.cli.ui import say_error

    console = Console(stderr=True)
    try:
        return _dispatch(args, console)
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
    finally:
        gc_policy.release()


if __name__ == "__main__":
    sys.exit(main())
