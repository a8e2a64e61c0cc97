"""A Chroma server URL switches the store to Chroma's HTTP client (real local server on loopback)."""

from __future__ import annotations

import dataclasses
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.catalog import Catalog
from knowledge.store import KnowledgeStore

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def chroma_url(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path / "chroma.log").open("w")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma server did not start: {(tmp_path / 'chroma.log').read_text()}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


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
