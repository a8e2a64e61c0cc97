"""Lexical (BM25) retrieval over the same documents as the dense index, German-aware.

Tokens are lower-cased words, stemmed with the Snowball German stemmer (which also leaves
most English words usable), plus the parts of German compounds that occur as words of
their own in the corpus ("Nachfrageprognose" also yields "prognose").
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import bm25s
import numpy as np

from fahrplan.core.vocab import STOPWORDS

__all__ = ["STEMS_FILE", "LexicalIndex", "stems_stale", "tokenize", "write_stems"]

# The stems of the bundled knowledge's words, shipped with the package (written by `fahrplan kb
# vectors` beside the vectors): stemming is the costliest step of building the index, and a stem
# depends only on the word and the stemmer's version, so the shipped table is used only when that
# version is the one installed. Words it lacks (user documents, queries) are stemmed as they come.
STEMS_FILE = Path(__file__).parent / "data" / "stems.json"

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = STOPWORDS
_MIN_PART = 5


def _words(text: str) -> list[str]:
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if len(w) > 1 and w not in _STOP]


# A Snowball stemmer keeps its current word in the instance, so it is NOT safe to share between threads
# (the graph's agents and the eval harness search in parallel): one stemmer per thread.
_STEMMERS = threading.local()


def _german() -> Any:
    stemmer = getattr(_STEMMERS, "german", None)
    if stemmer is None:
        import snowballstemmer  # only for a word without a shipped stem (its import loads every language)

        stemmer = _STEMMERS.german = snowballstemmer.stemmer("german")
    return stemmer


def tokenize(text: str, vocabulary: frozenset[str] = frozenset()) -> list[str]:
    """Return stemmed tokens of ``text``; compounds also yield their known parts."""
    words = _words(text)
    out: list[str] = []
    for word in words:
        out.append(word)
        if len(word) >= 2 * _MIN_PART and vocabulary:
            for i in range(_MIN_PART, len(word) - _MIN_PART + 1):
                head, tail = word[:i], word[i:]
                if tail in vocabulary:
                    out.append(tail)
                if head in vocabulary:
                    out.append(head)
    return [_stem(word) for word in out]


# Stems of words already seen (a word's stem never changes): the corpus repeats most of its words,
# and the pure-Python Snowball stemmer is the costliest step of building the index. Reading and
# writing one dict key is atomic, so threads share it; the stemmer itself stays per thread.
_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_MAX = 200_000  # words; a long-running process (eval, Studio) stops adding beyond it


@cache
def _stemmer_version() -> str:
    return version("snowballstemmer")


@cache
def _seed_stems() -> None:
    """Fill the stem cache from the shipped table once per process (if the stemmer version matches)."""
    try:
        shipped = json.loads(STEMS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(shipped, dict) and shipped.get("snowballstemmer") == _stemmer_version():
        _STEM_CACHE.update(shipped.get("stems", {}))


def _knowledge_stems(texts: Sequence[str]) -> dict[str, str]:
    words = sorted({w for text in texts for w in _words(text)})
    return {w: _german().stemWord(w) for w in words}


def stems_stale(texts: Sequence[str], path: Path = STEMS_FILE) -> str:
    """Why the shipped stems do not cover ``texts`` with the installed stemmer ("" when they do)."""
    try:
        shipped = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return f"no shipped stems ({err})"
    if shipped.get("snowballstemmer") != _stemmer_version():
        return f"stems shipped for snowballstemmer {shipped.get('snowballstemmer')}, installed {_stemmer_version()}"
    missing = {w for text in texts for w in _words(text)} - set(shipped.get("stems", {}))
    return f"{len(missing)} words of the knowledge have no shipped stem" if missing else ""


def write_stems(texts: Sequence[str], path: Path = STEMS_FILE) -> int:
    """Write the stems of every word of ``texts``; return how many."""
    stems = _knowledge_stems(texts)
    table = {"snowballstemmer": _stemmer_version(), "stems": stems}
    path.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return len(stems)


def _stem(word: str) -> str:
    stem = _STEM_CACHE.get(word)
    if stem is None:
        stem = _german().stemWord(word)
        if len(_STEM_CACHE) < _STEM_CACHE_MAX:
            _STEM_CACHE[word] = stem
    return stem


class LexicalIndex:
    """BM25 scores for a fixed list of documents (ids in a stable order)."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        _seed_stems()
        self.ids = list(ids)
        self._vocabulary = frozenset(w for text in texts for w in _words(text) if len(w) >= _MIN_PART)
        corpus = [tokenize(text, self._vocabulary) or ["∅"] for text in texts]
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (0 where no term matches)."""
        tokens = tokenize(query, self._vocabulary)
        if not tokens or not self.ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
