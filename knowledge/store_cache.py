"""What a warm run needs from a local Chroma store, kept beside it so the run need not open Chroma.

Opening Chroma costs more than half a second (importing chromadb alone about that), while a warm run
asks it only what earlier runs asked already. So the store keeps, in a small SQLite file next to
Chroma's, a *snapshot* (the knowledge build it verified, the ingested documents) and the *answer* to
each dense query Chroma gave (ids and rounded similarities, in Chroma's order): exactly Chroma's
answers, not a recomputation, so the plans stay the same to the byte.

Both are valid for one *state* of the Chroma directory: a digest of the chromadb version and of the
rows of Chroma's own database that every change of the data touches (the collections, their
metadata and segments, and the sequence numbers of its write log), read with plain ``sqlite3``.
Any write to the store (a rebuild, an ingest, another program) gives a new state, and with it a
cold cache; if that database cannot be read the way this expects (a damaged file, another chromadb
schema), there is no state and the store opens Chroma as before. A cache that cannot be read or
written is skipped, never an error: it only saves time.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

__all__ = ["STORE_CACHE_FILE", "Ranked", "Snapshot", "StoreCache", "ranked_key", "state_of"]

STORE_CACHE_FILE = "store-cache.sqlite"
_TIMEOUT_S = 5.0
Ranked = list[tuple[str, float]]
"""One query's answer: (entry id, cosine similarity rounded to four decimals), in Chroma's order."""

# The rows every data change in a local Chroma store touches (chromadb 1.x schema): a rebuild makes a
# new collection id, every add, upsert or delete appends to the write log (embeddings_queue) and moves
# the segments' max_seq_id. Rows Chroma writes on every open (acquire_write) are left out.
_STATE_QUERIES = (
    "SELECT id, name, dimension FROM collections ORDER BY id",
    "SELECT collection_id, key, str_value, int_value, float_value, bool_value FROM collection_metadata"
    " ORDER BY collection_id, key",
    "SELECT id, type, scope, collection FROM segments ORDER BY id",
    "SELECT segment_id, seq_id FROM max_seq_id ORDER BY segment_id",
    "SELECT max(seq_id), count(*) FROM embeddings_queue",
    "SELECT count(*), max(id) FROM embeddings",
)


def _chromadb_version() -> str:
    try:
        return version("chromadb")
    except PackageNotFoundError:
        return "unknown"


def state_of(directory: Path, timeout_s: float) -> str | None:
    """The state of the Chroma store in ``directory`` (see the module doc); None if it cannot be read."""
    database = directory / "chroma.sqlite3"
    if not database.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout_s)
        try:
            rows = [repr(conn.execute(sql).fetchall()) for sql in _STATE_QUERIES]
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return hashlib.sha256("\n".join([_chromadb_version(), *rows]).encode()).hexdigest()


def ranked_key(model_key: str, collection: str, where: dict[str, Any] | None, text: str) -> str:
    """The cache key of one dense query: model, collection, filter and query text."""
    spec = json.dumps(where, sort_keys=True)
    return hashlib.sha256(f"{model_key}\0{collection}\0{spec}\0{text}".encode()).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """What opening the store found: the verified knowledge build and the ingested documents."""

    content_hash: str
    embedding: str
    count: int
    documents: list[tuple[str, str, dict[str, str]]]
    """(id, text, metadata) of each ingested chunk, sorted by id."""


class StoreCache:
    """Snapshot and dense answers of one store ``state``, in the SQLite file ``path``.

    One connection per cache (WAL, ``synchronous=NORMAL``: a commit does not wait for the disk, and
    a crash loses at most the last answers, never the file); the answers of this state are read
    once, on first use, and looked up in memory after that.
    """

    def __init__(self, path: Path, state: str) -> None:
        self.path = path
        self.state = state
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._bodies: dict[str, str] | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(self.path, timeout=_TIMEOUT_S, check_same_thread=False)  # used under the lock
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("CREATE TABLE IF NOT EXISTS snapshot (state TEXT PRIMARY KEY, body TEXT NOT NULL)")
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS ranked (state TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,"
                    " PRIMARY KEY (state, key))"
                )
            except sqlite3.Error:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def snapshot(self) -> Snapshot | None:
        """The snapshot taken in this state, if any."""
        if not self.path.exists():
            return None
        try:
            with self._lock:
                row = self._connection().execute("SELECT body FROM snapshot WHERE state = ?", (self.state,)).fetchone()
            if row is None:
                return None
            data = json.loads(row[0])
            documents = [
                (str(i), str(text), {str(k): str(v) for k, v in meta.items()}) for i, text, meta in data["documents"]
            ]
            return Snapshot(str(data["content_hash"]), str(data["embedding"]), int(data["count"]), documents)
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep ``snapshot`` for this state; forget every other state's snapshot and answers."""
        body = json.dumps(
            {
                "content_hash": snapshot.content_hash,
                "embedding": snapshot.embedding,
                "count": snapshot.count,
                "documents": snapshot.documents,
            },
            ensure_ascii=False,
        )
        self._write(
            [
                ("DELETE FROM snapshot WHERE state != ?", [(self.state,)]),
                ("DELETE FROM ranked WHERE state != ?", [(self.state,)]),
                ("INSERT OR REPLACE INTO snapshot (state, body) VALUES (?, ?)", [(self.state, body)]),
            ]
        )

    def ranked(self, keys: list[str]) -> dict[str, Ranked]:
        """The stored answers of those ``keys`` that have one."""
        try:
            with self._lock:
                if self._bodies is None:
                    self._bodies = {}
                    if self.path.exists():
                        rows = self._connection().execute("SELECT key, body FROM ranked WHERE state = ?", (self.state,))
                        self._bodies = dict(rows.fetchall())
                bodies = {key: self._bodies[key] for key in keys if key in self._bodies}
            return {key: [(str(i), float(s)) for i, s in json.loads(body)] for key, body in bodies.items()}
        except (sqlite3.Error, ValueError, TypeError):
            return {}

    def save_ranked(self, new: dict[str, Ranked]) -> None:
        """Store answers by key."""
        if not new:
            return
        bodies = {key: json.dumps(ranked) for key, ranked in new.items()}
        with self._lock:
            if self._bodies is not None:
                self._bodies.update(bodies)
        rows = [(self.state, key, body) for key, body in bodies.items()]
        self._write([("INSERT OR REPLACE INTO ranked (state, key, body) VALUES (?, ?, ?)", rows)])

    def _write(self, statements: Sequence[tuple[str, Sequence[tuple[str, ...]]]]) -> None:
        try:
            with self._lock:
                conn = self._connection()
                with conn:
                    for sql, rows in statements:
                        conn.executemany(sql, rows)
        except sqlite3.Error:
            pass
