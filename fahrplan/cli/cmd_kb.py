"""``fahrplan kb``: build, stats, list, search, ingest."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from fahrplan.cli.ui import say_error
from fahrplan.core.errors import EXIT_OK
from fahrplan.core.texts import t
from fahrplan.knowledge.catalog import load_catalog
from fahrplan.knowledge.schema import MODULE_IDS

if TYPE_CHECKING:  # the store loads Chroma and the embeddings: imported by open_store when a kb command runs
    from rich.console import Console

    from fahrplan.app.settings import Settings
    from fahrplan.knowledge.store import KnowledgeStore

__all__ = ["cmd_kb"]


def cmd_kb(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """Run a knowledge-base subcommand; return the exit code."""
    from fahrplan.app.runner import open_store

    catalog = load_catalog()
    store = open_store(settings, catalog)
    if args.kb_command == "build":
        print(f"knowledge base {catalog.version}: {store.size} entries, {store.document_count} document chunks")
    elif args.kb_command == "stats":
        stats = {
            "version": catalog.version,
            "entries": store.size,
            "initiatives": {m: len(catalog.by_module(m)) for m in MODULE_IDS},
            "legal": len(catalog.legal),
            "rules": len(catalog.rules),
            "document_chunks": store.document_count,
        }
        print(json.dumps(stats, indent=2))
    elif args.kb_command == "list":
        by_source: dict[str, int] = {}
        for _, meta in store.documents():
            source = meta.get("source", "?")
            by_source[source] = by_source.get(source, 0) + 1
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
    return 0


def _ingest(args: argparse.Namespace, store: KnowledgeStore, console: Console, lang: str) -> int:
    from fahrplan.knowledge.ingest import IngestError, load_documents

    chunks, errors = load_documents(args.paths, lang=lang)
    for error in errors:
        say_error(console, str(error))
    stored = store.ingest(chunks)
    files = len({c.source for c in chunks})
    print(t("cli.ingested", lang, chunks=stored, files=files, failed=len(errors)))
    return IngestError.exit_code if errors else EXIT_OK
