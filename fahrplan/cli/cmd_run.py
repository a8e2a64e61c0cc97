"""``fahrplan run`` and ``fahrplan init``: profile (or free text) in, roadmap files out."""

from __future__ import annotations

import argparse
import json
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rich.console import Console
from rich.live import Live

from fahrplan.app.output import write_outputs
from fahrplan.app.paths import checkpoint_path
from fahrplan.app.settings import Settings
from fahrplan.app.trace import JsonlTracer
from fahrplan.cli import gc_policy
from fahrplan.cli.ui import AgentProgress, print_concurrency, print_summary, print_usage
from fahrplan.core.errors import BadInputError
from fahrplan.core.profile import Profile
from fahrplan.core.profile_io import FREE_TEXT_SUFFIXES, ProfileError, ProfileIssue, load_profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.texts import t
from fahrplan.report.render_md import render_markdown

if TYPE_CHECKING:
    from fahrplan.agents.llm_events import CallEvent
    from fahrplan.app.runner import LLMRuntime
    from fahrplan.knowledge.store import KnowledgeStore

__all__ = ["FORMATS", "UsageError", "cmd_init", "cmd_run"]

FORMATS = ("md", "json", "html", "pdf")
TEMPLATES = Path(__file__).parent / "templates"


class UsageError(BadInputError, ValueError):
    """Bad command-line input."""


def formats(raw: str, lang: str) -> list[str]:
    """Parse ``--format``."""
    chosen = [f.strip().lower() for f in raw.split(",") if f.strip()]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise UsageError(t("cli.bad_format", lang, bad=", ".join(bad) or "''", allowed=", ".join(FORMATS)))
    return list(dict.fromkeys(chosen))


def render(roadmap: Roadmap, chosen: list[str]) -> dict[str, str | bytes]:
    """Render the chosen formats in memory (written together, atomically, afterwards)."""
    files: dict[str, str | bytes] = {}
    if "md" in chosen:
        files["roadmap.md"] = render_markdown(roadmap)
    if "html" in chosen or "pdf" in chosen:
        from fahrplan.report.render_html import render_html

        html = render_html(roadmap)
        if "html" in chosen:
            files["roadmap.html"] = html
        if "pdf" in chosen:
            from fahrplan.report.render_pdf import render_pdf

            files["roadmap.pdf"] = render_pdf(html)
    if "json" in chosen:
        files["roadmap.json"] = json.dumps(roadmap.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    return files


def _assert_contract(roadmap: Roadmap, resolves: object) -> None:
    from fahrplan.core.invariants import check_invariants

    problems = check_invariants(roadmap, resolves)  # type: ignore[arg-type]
    if problems:
        raise RuntimeError("roadmap violates its contract: " + "; ".join(problems[:5]))


def _profile_from_text(args: argparse.Namespace, settings: Settings, runtime: LLMRuntime, console: Console) -> Profile:
    """Free text: the intake agent extracts a profile, saved as YAML beside the outputs."""
    from fahrplan.agents.intake import extract_profile

    lang = settings.lang
    try:
        text = args.profile.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ProfileError(str(args.profile), [ProfileIssue("", f"{args.profile}: {err}")], lang) from None
    data, missing, profile = extract_profile(text, runtime.llm, runtime.prompts, lang)
    target = args.output / "profile.extracted.yaml"
    write_outputs(
        args.output,
        {target.name: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)},
        force=args.force,
        lang=lang,
    )
    console.print(t("cli.extracted", lang, path=target), markup=False, highlight=False)
    console.print(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), markup=False, highlight=False)
    if missing or profile is None:
        message = t("cli.missing", lang, fields=", ".join(missing) or "—", path=target)
        raise ProfileError(str(args.profile), [ProfileIssue("", message)], lang)
    return profile


def cmd_run(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """Plan a roadmap and write it; return the exit code."""
    with gc_policy.imports_set_aside():  # the planner's modules: see fahrplan.cli.gc_policy
        from fahrplan.app import endpoint
        from fahrplan.app.runner import build_llm, open_store
        from fahrplan.graph import checkpoint  # noqa: F401  (loaded with the rest; _plan opens it)

    lang = settings.lang
    chosen = formats(args.format, lang)
    tracer: JsonlTracer | None = None
    runtime: LLMRuntime | None = None
    if settings.resolved_backend == "openai":
        settings, notices = endpoint.preflight(settings)  # stops here if the endpoint cannot work at all
        for notice in notices:
            console.print(notice, style="yellow", markup=False, highlight=False, soft_wrap=True)
        secret = settings.api_key.get_secret_value() if settings.api_key else ""
        tracer = JsonlTracer(secrets=[secret])
        runtime = build_llm(settings, tracer=tracer)
    if runtime is not None and args.profile.suffix.lower() in FREE_TEXT_SUFFIXES:
        profile = _profile_from_text(args, settings, runtime, console)
    else:
        profile = load_profile(args.profile, lang=lang)
    started = time.perf_counter()
    if not args.quiet:
        banner = (
            t("cli.offline", lang)
            if runtime is None
            else t("cli.online", lang, model=settings.model, url=settings.base_url or "api.openai.com")
        )
        console.print(banner, style="dim", markup=False, highlight=False)
    store = open_store(settings)
    roadmap = _plan(profile, settings, store, runtime, console, quiet=args.quiet)
    _assert_contract(roadmap, store.resolves)
    files = render(roadmap, chosen)
    if tracer is not None:
        files["trace.jsonl"] = tracer.text()
    written = write_outputs(args.output, files, force=args.force, lang=lang)
    if not args.quiet:
        if not console.is_terminal:
            console.line()  # a non-terminal Live view ends without a line break
        print_summary(console, roadmap)
        print_usage(console, roadmap.generated_with.usage, lang)
        print_concurrency(console, roadmap.generated_with.usage, lang)
        console.print(t("cli.took", lang, s=time.perf_counter() - started), markup=False)
    print(t("cli.written", lang))
    for path in written:
        print(f"  {path}")
    return 0


def _plan(
    profile: Profile,
    settings: Settings,
    store: KnowledgeStore,
    runtime: LLMRuntime | None,
    console: Console,
    *,
    quiet: bool,
) -> Roadmap:
    """Run the graph, checkpointed unless turned off, with the live progress view unless ``quiet``."""
    from fahrplan.app.runner import run_roadmap
    from fahrplan.graph.checkpoint import open_checkpointer

    with ExitStack() as stack:
        saver = stack.enter_context(open_checkpointer(checkpoint_path(settings))) if settings.checkpoint else None

        def on_resume(message: str) -> None:
            console.print(message, style="bold yellow", markup=False, highlight=False, soft_wrap=True)

        on_progress = None
        if not quiet:
            progress = AgentProgress(settings.lang, llm=runtime is not None)
            live = stack.enter_context(Live(progress.table(), console=console, auto_refresh=False))
            lock = threading.Lock()  # agents report from their worker threads

            def on_progress(node: str) -> None:
                with lock:
                    progress.finished(node)
                    live.update(progress.table(), refresh=True)

            def on_call(event: CallEvent) -> None:
                with lock:
                    progress.call(event)
                    live.update(progress.table(), refresh=True)

            if runtime is not None:
                runtime.llm.observer = on_call

        return run_roadmap(
            profile,
            settings,
            store=store,
            on_progress=on_progress,
            runtime=runtime,
            checkpointer=saver,
            on_resume=on_resume,
        )


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    """Write a commented profile template."""
    template = (TEMPLATES / f"profile.{settings.lang}.yaml").read_text(encoding="utf-8")
    target: Path = args.path
    write_outputs(
        target.parent if str(target.parent) else Path("."),
        {target.name: template},
        force=args.force,
        lang=settings.lang,
    )
    print(t("cli.init_written", settings.lang, path=target))
    return 0
