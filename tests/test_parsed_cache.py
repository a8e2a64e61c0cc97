"""The parsed knowledge YAML kept between runs: the same catalog as parsing, any doubt a parse."""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
import shutil
from pathlib import Path

import pytest

from fahrplan.knowledge.catalog import DATA_DIR, load_catalog
from fahrplan.knowledge.parsed_cache import PARSED_CACHE_FILE, read_parsed, write_parsed


def test_a_cached_catalog_is_the_parsed_one(tmp_path: Path) -> None:
    parsed = load_catalog()
    cold = load_catalog(cache_dir=tmp_path)  # parses and keeps the documents
    assert (tmp_path / PARSED_CACHE_FILE).is_file()
    warm = load_catalog(cache_dir=tmp_path)
    assert warm == cold == parsed


def test_an_edited_knowledge_file_is_parsed_again(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    cache = tmp_path / "cache"
    before = load_catalog(data, cache_dir=cache)
    rules = data / "use_case_rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = load_catalog(data, cache_dir=cache)
    assert after.content_hash != before.content_hash and after == load_catalog(data)
    assert read_parsed(cache / PARSED_CACHE_FILE, before.content_hash) is None  # replaced


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),
        lambda raw: b"",
    ],
    ids=["truncated", "one bit", "empty"],
)
def test_a_damaged_file_is_a_miss_and_rewritten(tmp_path: Path, damage: object) -> None:
    expected = load_catalog(cache_dir=tmp_path)
    path = tmp_path / PARSED_CACHE_FILE
    good = path.read_bytes()
    path.write_bytes(damage(good))  # type: ignore[operator]
    assert read_parsed(path, expected.content_hash) is None
    assert load_catalog(cache_dir=tmp_path) == expected
    assert path.read_bytes() == good


def test_yaml_types_come_back_exactly_and_nothing_else_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / PARSED_CACHE_FILE
    documents = {"a.yaml": [{"date": datetime.date(2026, 8, 2), "n": 1, "x": 0.1, "none": None, "ok": True}]}
    write_parsed(path, "h1", documents)
    assert read_parsed(path, "h1") == documents
    assert read_parsed(path, "h2") is None
    # a file whose digest fits but whose payload names a function is still refused
    payload = pickle.dumps({"a.yaml": os.system}, protocol=pickle.HIGHEST_PROTOCOL)
    header = path.read_bytes().split(b"\n\n", 1)[0]
    forged = header.rsplit(b" ", 1)[0] + b" " + hashlib.sha256(payload).hexdigest().encode()
    path.write_bytes(forged + b"\n\n" + payload)
    assert read_parsed(path, "h1") is None


def test_an_unwritable_cache_only_costs_the_parse(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert load_catalog(cache_dir=blocker / "kb") == load_catalog()
