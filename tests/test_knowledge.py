"""The knowledge base: complete, sourced, consistent, and retrievable through Chroma."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from fahrplan.knowledge.catalog import Catalog, load_catalog
from fahrplan.knowledge.schema import MODULE_IDS
from fahrplan.knowledge.store import KnowledgeStore

REFERENCES = Path(__file__).resolve().parents[2] / "shared" / "reference"


def test_at_least_eight_initiatives_per_module(catalog: Catalog) -> None:
    for module in MODULE_IDS:
        assert len(catalog.by_module(module)) >= 8, module


def test_every_figure_has_a_source_from_the_reference(catalog: Catalog) -> None:
    reference = "\n".join(p.read_text(encoding="utf-8") for p in sorted(REFERENCES.glob("*.md")))
    assert reference, f"reference fact sheets missing in {REFERENCES}"
    for ini in catalog.initiatives.values():
        for lever in ini.value_levers:
            if lever.figure is None:
                continue
            if lever.evidence == "estimate":
                assert lever.assumption is not None, ini.id
                continue
            assert lever.source, ini.id
            source = lever.source or ""
            celex = re.search(r"CELEX \d{5}[A-Z]\d{4}", source)
            url = re.search(r"https?://\S+", source)
            anchor = celex.group(0).removeprefix("CELEX ") if celex else url.group(0) if url else source.split(",")[0]
            assert anchor.strip() in reference, (ini.id, source)


def test_every_legal_entry_has_an_official_source(catalog: Catalog) -> None:
    for entry in catalog.legal.values():
        assert (
            "CELEX" in entry.source
            or "gesetze-im-internet.de" in entry.source
            or "Regulation (EU)" in entry.source
            or "DSK" in entry.source
            or "COM(" in entry.source
        ), entry.id


def test_store_is_built_once_per_content(catalog: Catalog, tmp_path: Path) -> None:
    first = KnowledgeStore.open(catalog, tmp_path)
    assert first.size == len(catalog.initiatives) + len(catalog.legal) + len(catalog.rules)
    again = KnowledgeStore.open(load_catalog(), tmp_path)
    assert again._collection.id == first._collection.id  # reused, not rebuilt


def test_retrieval_finds_the_right_initiative(store: KnowledgeStore) -> None:
    hits = store.search("Nachfrageprognose je Filiale und Artikel", kind="initiative", k=3)
    assert "supply_chain.demand_forecasting" in [h.id for h in hits]
    hits = store.search("product recommendations in the online shop", kind="initiative", module="personalization", k=2)
    assert hits[0].id == "personalization.webshop_recommendations"
    assert all(h.module == "personalization" for h in hits)


def test_an_interrupted_build_is_rebuilt(catalog: Catalog, tmp_path: Path) -> None:
    """The collection's metadata is written before its entries: a build killed half-way must not count as done."""
    small = dataclasses.replace(
        catalog,
        initiatives=dict(list(catalog.initiatives.items())[:3]),
        legal=dict(list(catalog.legal.items())[:2]),
        rules={},
    )
    first = KnowledgeStore.open(small, tmp_path)
    first._collection.delete(ids=[next(iter(small.initiatives))])  # as if the process died during add()
    again = KnowledgeStore.open(small, tmp_path)
    assert again.size == 5 and again._collection.id != first._collection.id
    assert [h.id for h in again.search("Prognose", k=5)]
