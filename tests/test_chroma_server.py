"""A Chroma server URL switches the store to Chroma's HTTP client (real local server on loopback)."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.store import KnowledgeStore
from tests.servers import free_port, serve

CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture()
def chroma_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [str(CHROMA), "run", "--path", str(tmp_path / "data"), "--host", "127.0.0.1", "--port", str(port)]
    with serve(cmd, f"{url}/api/v2/heartbeat", tmp_path / "chroma.log"):
        yield url


def test_store_over_http(chroma_url: str, catalog: Catalog) -> None:
    small = dataclasses.replace(
        catalog,
        initiatives={k: v for k, v in catalog.initiatives.items() if k.startswith("supply_chain.")},
        legal={k: catalog.legal[k] for k in ("gdpr.art9", "tdddg.s25")},
        rules={},
        content_hash="http-test",
    )
    store = KnowledgeStore.open(small, url=chroma_url)
    assert store.size == len(small.initiatives) + 2
    hits = store.search("Nachfrageprognose je Filiale", kind="initiative", k=1)
    assert hits[0].id == "supply_chain.demand_forecasting"
    again = KnowledgeStore.open(small, url=chroma_url)
    assert again._collection.id == store._collection.id  # shared and reused, not rebuilt
