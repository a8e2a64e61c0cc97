"""A warm local store opens from its store cache, without Chroma, and gives Chroma's own answers.

The cache is keyed by the state of Chroma's data: every change (an ingest here, a write through
another Chroma client, a rebuild) makes the next open read Chroma again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.ingest import DocChunk
from fahrplan.knowledge.store import KnowledgeStore
from fahrplan.knowledge.store_cache import STORE_CACHE_FILE, state_of

QUERIES = ["Retourenquote im Onlineshop senken", "Nachfrageprognose je Filiale und Artikel"]


def _answers(store: KnowledgeStore) -> list[object]:
    return [
        *(store.search(q, k=8) for q in QUERIES),
        *(store.search(q, k=8, method="dense", kind="initiative") for q in QUERIES),
        store.scores(QUERIES, kind="legal"),
    ]


def _copy(kb_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "kb"
    shutil.copytree(kb_dir, copy)
    return copy


def test_a_warm_store_answers_from_the_cache_as_chroma_did(
    catalog: Catalog, store: KnowledgeStore, kb_dir: Path, tmp_path: Path
) -> None:
    kb = _copy(kb_dir, tmp_path)
    first = KnowledgeStore.open(catalog, kb)  # reads Chroma, keeps a snapshot and each answer
    expected = _answers(first)
    warm = KnowledgeStore.open(catalog, kb)
    assert warm._collections is None  # opened from the snapshot
    assert _answers(warm) == expected
    assert warm._collections is None  # every answer came from the cache
    assert warm.size == first.size and warm.document_count == first.document_count
    warm.search("eine Frage, die noch niemand gestellt hat", k=3)
    assert warm._collections is not None  # a new question opens Chroma


def test_an_ingest_makes_the_next_open_read_chroma_again(catalog: Catalog, kb_dir: Path, tmp_path: Path) -> None:
    kb = _copy(kb_dir, tmp_path)
    KnowledgeStore.open(catalog, kb).search(QUERIES[0], k=3)
    before = state_of(kb, 1.0)
    warm = KnowledgeStore.open(catalog, kb)
    assert warm._collections is None
    chunk = DocChunk(
        id="doc:strategie:0000",
        text="Unsere Retourenquote im Onlineshop liegt bei 38 Prozent.",
        source="strategie.md",
        page=None,
        heading="Retouren",
        index=0,
    )
    warm.ingest([chunk])
    assert state_of(kb, 1.0) != before
    assert warm.document_count == 1
    reopened = KnowledgeStore.open(catalog, kb)
    assert reopened.document_count == 1 and reopened.resolves(chunk.id)
    assert chunk.id in reopened.scores([QUERIES[0]], kind="document")
    assert reopened.search(QUERIES[0], k=3) == warm.search(QUERIES[0], k=3)


def test_a_write_by_another_chroma_client_is_seen(catalog: Catalog, kb_dir: Path, tmp_path: Path) -> None:
    kb = _copy(kb_dir, tmp_path)
    store = KnowledgeStore.open(catalog, kb)
    store._documents.upsert(
        ids=["doc:x:0000"], embeddings=[[0.1] * 384], documents=["x"], metadatas=[{"kind": "document"}]
    )
    reopened = KnowledgeStore.open(catalog, kb)
    assert reopened.document_count == 1


def test_a_damaged_cache_file_only_costs_time(catalog: Catalog, kb_dir: Path, tmp_path: Path) -> None:
    kb = _copy(kb_dir, tmp_path)
    expected = _answers(KnowledgeStore.open(catalog, kb))
    (kb / STORE_CACHE_FILE).write_bytes(b"not a database")
    reopened = KnowledgeStore.open(catalog, kb)
    assert _answers(reopened) == expected


def test_no_state_without_a_readable_chroma_database(tmp_path: Path) -> None:
    assert state_of(tmp_path, 1.0) is None
    (tmp_path / "chroma.sqlite3").write_bytes(b"garbage")
    assert state_of(tmp_path, 1.0) is None
