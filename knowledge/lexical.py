"""Lexical (BM25) retrieval over the same documents as the dense index, German-aware.

Tokens are lower-cased words, stemmed with the Snowball German stemmer (which also leaves
most English words usable), plus the parts of German compounds that occur as words of
their own in the corpus ("Nachfrageprognose" also yields "prognose").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

import bm25s
import numpy as np
import snowballstemmer

__all__ = ["LexicalIndex", "tokenize"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = frozenset(
    (
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "und",
        "oder",
        "aber",
        "auch",
        "als",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "bis",
        "durch",
        "für",
        "fur",
        "gegen",
        "im",
        "in",
        "ins",
        "ist",
        "sind",
        "war",
        "wird",
        "werden",
        "wurde",
        "mit",
        "nach",
        "nicht",
        "nur",
        "ob",
        "so",
        "sowie",
        "über",
        "uber",
        "um",
        "unter",
        "von",
        "vor",
        "wie",
        "wir",
        "zu",
        "zum",
        "zur",
        "sich",
        "sie",
        "es",
        "er",
        "ihr",
        "ihre",
        "ihren",
        "unser",
        "unsere",
        "welche",
        "welcher",
        "wann",
        "was",
        "wer",
        "wo",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "be",
        "been",
        "was",
        "were",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "which",
        "what",
        "when",
        "who",
        "how",
        "do",
        "does",
        "we",
        "our",
        "you",
        "your",
        "can",
        "may",
        "must",
        "should",
        "not",
        "no",
    )
)
_MIN_PART = 5


def _words(text: str) -> list[str]:
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if len(w) > 1 and w not in _STOP]


# A Snowball stemmer keeps its current word in the instance, so it is NOT safe to share between threads
# (the graph's agents and the eval harness search in parallel): one stemmer per thread.
_STEMMERS = threading.local()


def _german() -> Any:
    stemmer = getattr(_STEMMERS, "german", None)
    if stemmer is None:
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
    return list(_german().stemWords(out))


class LexicalIndex:
    """BM25 scores for a fixed list of documents (ids in a stable order)."""

    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
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
