"""The ``fahrplan`` command line. Exit codes: 0 ok, 2 bad input, 1 internal error."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table

from fahrplan.output import OutputError, write_outputs
from fahrplan.profile_io import ProfileError, load_profile
from fahrplan.render_md import render_markdown
from fahrplan.roadmap import Roadmap, roadmap_json_schema
from fahrplan.settings import Settings
from knowledge.catalog import CatalogError, load_catalog
from knowledge.schema import MODULE_IDS
from knowledge.store import KnowledgeStore, StoreError

__all__ = ["main"]

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
FORMATS = ("md", "json")
NODES = ["intake", *[f"agent_{m}" for m in MODULE_IDS], "compliance_review", "coordinator"]

_UI = {
    "de": {
        "waiting": "wartet",
        "running": "läuft",
        "done": "fertig",
        "agent": "Agent",
        "status": "Status",
        "written": "Roadmap geschrieben:",
        "offline": "Kein LLM-Endpunkt konfiguriert: Offline-Planer (deterministisch, Wissensbasis).",
        "bad_format": "--format: unbekanntes Format {bad}; erlaubt sind {allowed}",
        "took": "Dauer: {s:.1f} s",
        "ingested": "{chunks} Abschnitte aus {files} Datei(en) aufgenommen; {failed} Datei(en) übersprungen.",
    },
    "en": {
        "waiting": "waiting",
        "running": "running",
        "done": "done",
        "agent": "Agent",
        "status": "Status",
        "written": "Roadmap written:",
        "offline": "No LLM endpoint configured: offline planner (deterministic, knowledge base).",
        "bad_format": "--format: unknown format {bad}; allowed: {allowed}",
        "took": "Took: {s:.1f} s",
        "ingested": "Ingested {chunks} chunks from {files} file(s); skipped {failed} file(s).",
    },
}


class UsageError(ValueError):
    """Bad command-line input."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fahrplan", description="AI roadmaps for retailers.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="plan a roadmap for a profile")
    run.add_argument("profile", type=Path, help="profile file (YAML or JSON)")
    run.add_argument("-o", "--output", type=Path, default=Path("out"), help="output directory (default: out)")
    run.add_argument("--format", default="md,json", help="comma-separated: md,json (default: md,json)")
    run.add_argument("--lang", choices=("de", "en"), default=None, help="output language (default: de)")
    run.add_argument("--force", action="store_true", help="overwrite existing output files")
    run.add_argument("--kb-dir", type=Path, default=None, help="knowledge store directory")
    run.add_argument("--quiet", action="store_true", help="no progress view")
    sub.add_parser("schema", help="print the JSON Schema of roadmap.json")
    kb = sub.add_parser("kb", help="knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    for name, text in (
        ("build", "build or refresh the store"),
        ("stats", "entry counts"),
        ("list", "list ingested user documents"),
    ):
        p = kb_sub.add_parser(name, help=text)
        p.add_argument("--kb-dir", type=Path, default=None)
    search = kb_sub.add_parser("search", help="search the knowledge base")
    search.add_argument("query")
    search.add_argument("--module", choices=MODULE_IDS, default=None)
    search.add_argument("--kind", choices=("initiative", "legal", "rule", "document"), default=None)
    search.add_argument("--instrument", default=None, help="legal instrument, e.g. GDPR, 'AI Act', BetrVG")
    search.add_argument("--method", choices=("hybrid", "dense", "bm25"), default="hybrid")
    search.add_argument("-k", type=int, default=5)
    search.add_argument("--kb-dir", type=Path, default=None)
    ingest = kb_sub.add_parser("ingest", help="add your own Markdown, text, PDF and DOCX files")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--lang", choices=("de", "en"), default=None)
    ingest.add_argument("--kb-dir", type=Path, default=None)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    if getattr(args, "lang", None):
        overrides["lang"] = args.lang
    if getattr(args, "kb_dir", None):
        overrides["kb_dir"] = args.kb_dir
    return Settings(**overrides)  # type: ignore[arg-type]


def _formats(raw: str, lang: str) -> list[str]:
    chosen = [f.strip().lower() for f in raw.split(",") if f.strip()]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise UsageError(_UI[lang]["bad_format"].format(bad=", ".join(bad) or "''", allowed=", ".join(FORMATS)))
    return list(dict.fromkeys(chosen))


def _progress_table(status: dict[str, str], ui: dict[str, str]) -> Table:
    table = Table(show_header=True, header_style="bold")
    table.add_column(ui["agent"])
    table.add_column(ui["status"])
    for node in NODES:
        state = status[node]
        style = {"done": "green", "running": "yellow"}.get(state, "dim")
        table.add_row(node, f"[{style}]{ui[state]}[/{style}]")
    return table


def _cmd_run(args: argparse.Namespace, console: Console) -> int:
    from fahrplan.runner import open_store, run_roadmap

    settings = _settings(args)
    lang = settings.lang
    ui = _UI[lang]
    formats = _formats(args.format, lang)
    profile = load_profile(args.profile, lang=lang)
    started = time.perf_counter()
    if not args.quiet:
        console.print(f"[dim]{ui['offline']}[/dim]")
    store = open_store(settings)
    status = {n: "waiting" for n in NODES}
    status["intake"] = "running"

    def on_progress(node: str) -> None:
        status[node] = "done"
        if node == "intake":
            for m in MODULE_IDS:
                status[f"agent_{m}"] = "running"
        elif node.startswith("agent_") and all(status[f"agent_{m}"] == "done" for m in MODULE_IDS):
            status["compliance_review"] = "running"
        elif node == "compliance_review":
            status["coordinator"] = "running"
        if live is not None:
            live.update(_progress_table(status, ui))

    live: Live | None = None
    if args.quiet:
        roadmap = run_roadmap(profile, settings, store=store)
    else:
        with Live(_progress_table(status, ui), console=console, transient=False, auto_refresh=False) as live:
            roadmap = run_roadmap(profile, settings, store=store, on_progress=on_progress)
            live.refresh()
    _assert_contract(roadmap, store.resolves)
    files = _render(roadmap, formats)
    written = write_outputs(args.output, files, force=args.force, lang=lang)
    if not args.quiet:
        console.print(ui["took"].format(s=time.perf_counter() - started))
    print(ui["written"])
    for path in written:
        print(f"  {path}")
    return EXIT_OK


def _assert_contract(roadmap: Roadmap, resolves: object) -> None:
    from evals.invariants import check_invariants

    problems = check_invariants(roadmap, resolves)  # type: ignore[arg-type]
    if problems:
        raise RuntimeError("roadmap violates its contract: " + "; ".join(problems[:5]))


def _render(roadmap: Roadmap, formats: list[str]) -> dict[str, str]:
    files: dict[str, str] = {}
    if "md" in formats:
        files["roadmap.md"] = render_markdown(roadmap)
    if "json" in formats:
        files["roadmap.json"] = json.dumps(roadmap.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    return files


def _cmd_kb(args: argparse.Namespace, console: Console) -> int:
    from fahrplan.runner import open_store

    settings = _settings(args)
    catalog = load_catalog()
    store = open_store(settings, catalog)
    if args.kb_command == "build":
        print(f"knowledge base {catalog.version}: {store.size} entries, {store.document_count} document chunks")
    elif args.kb_command == "stats":
        modules = {m: len(catalog.by_module(m)) for m in MODULE_IDS}
        stats = {
            "version": catalog.version,
            "entries": store.size,
            "initiatives": modules,
            "legal": len(catalog.legal),
            "rules": len(catalog.rules),
            "document_chunks": store.document_count,
        }
        print(json.dumps(stats, indent=2))
    elif args.kb_command == "list":
        by_source: dict[str, int] = {}
        for _, meta in store.documents():
            by_source[meta.get("source", "?")] = by_source.get(meta.get("source", "?"), 0) + 1
        for source, count in sorted(by_source.items()):
            print(f"{count:5d}  {source}")
    elif args.kb_command == "ingest":
        return _ingest(args, store, console, settings.lang)
    else:
        hits = store.search(
            args.query, kind=args.kind, module=args.module, instrument=args.instrument, k=args.k, method=args.method
        )
        for hit in hits:
            label = f"  {hit.label}" if hit.label else ""
            print(f"{hit.score:.4f}  {hit.id}  ({hit.kind}, {hit.module or '-'}){label}")
    return EXIT_OK


def _ingest(args: argparse.Namespace, store: KnowledgeStore, console: Console, lang: str) -> int:
    from knowledge.ingest import load_documents

    chunks, errors = load_documents(args.paths, lang=lang)
    for error in errors:
        console.print(str(error), style="red", markup=False, highlight=False, soft_wrap=True)
    stored = store.ingest(chunks)
    files = len({c.source for c in chunks})
    print(_UI[lang]["ingested"].format(chunks=stored, files=files, failed=len(errors)))
    return EXIT_BAD_INPUT if errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    console = Console(stderr=True)
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage error
        return EXIT_OK if exc.code == 0 else EXIT_BAD_INPUT
    try:
        if args.command == "run":
            return _cmd_run(args, console)
        if args.command == "schema":
            print(roadmap_json_schema())
            return EXIT_OK
        return _cmd_kb(args, console)
    except (ProfileError, OutputError, UsageError) as err:
        console.print(str(err), style="red", markup=False, highlight=False, soft_wrap=True)
        return EXIT_BAD_INPUT
    except (StoreError, CatalogError) as err:
        console.print(str(err), style="red", markup=False, highlight=False, soft_wrap=True)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except Exception as err:
        if os.environ.get("FAHRPLAN_DEBUG"):
            raise
        console.print(
            f"internal error: {type(err).__name__}: {err}", style="red", markup=False, highlight=False, soft_wrap=True
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
