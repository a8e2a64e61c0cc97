"""Shared fixtures: the catalog, one knowledge store per test session, example profiles."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fahrplan.app.settings import Settings
from fahrplan.core.profile import Profile
from fahrplan.core.profile_io import load_profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.knowledge.catalog import Catalog, load_catalog
from fahrplan.knowledge.store import KnowledgeStore

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = SHARED / "examples" / "profiles"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never call a remote service: refuse any non-loopback connection."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise RuntimeError(f"network access blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _private_checkpoints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI runs in tests checkpoint and cache solver answers in the test's own directory, never the user's cache."""
    monkeypatch.setenv("FAHRPLAN_CHECKPOINT_PATH", str(tmp_path / "checkpoints.sqlite"))
    monkeypatch.setenv("FAHRPLAN_SOLVER_CACHE_DIR", str(tmp_path / "solver"))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kb")


@pytest.fixture(scope="session")
def store(catalog: Catalog, kb_dir: Path) -> KnowledgeStore:
    return KnowledgeStore.open(catalog, kb_dir)


@pytest.fixture(scope="session")
def example_path() -> Callable[[str], Path]:
    def get(name: str) -> Path:
        path = EXAMPLES / f"{name}.yaml"
        if not path.exists():
            pytest.fail(f"example profile missing: {path} (shared/ must sit beside the repository)")
        return path

    return get


@pytest.fixture(scope="session")
def example_profile(example_path: Callable[[str], Path]) -> Callable[[str], Profile]:
    return lambda name: load_profile(example_path(name))


@pytest.fixture(scope="session")
def plan(store: KnowledgeStore) -> Callable[..., Roadmap]:
    """Run the full graph offline for a profile (cached per profile and language)."""
    from fahrplan.app.runner import run_roadmap

    cache: dict[tuple[str, str], Roadmap] = {}

    def run(profile: Profile, lang: str = "de") -> Roadmap:
        key = (profile.model_dump_json(exclude_unset=True), lang)  # a stated default differs from an assumed one
        if key not in cache:
            cache[key] = run_roadmap(profile, Settings(lang=lang), store=store)  # type: ignore[arg-type]
        return cache[key]

    return run


@pytest.fixture()
def minimal_profile_data() -> Iterator[dict[str, Any]]:
    yield {
        "company": {
            "name": "Test GmbH",
            "sector": "electronics",
            "annual_revenue_eur": 200_000_000,
            "employees": 900,
            "stores": 20,
            "channels": ["stores", "webshop"],
            "online_share_pct": 25,
        },
        "data_and_it": {"maturity": 3, "data_quality": "medium", "data_team_fte": 4},
        "budget": {"ai_budget_eur_24m": 2_000_000, "internal_fte_available": 5},
    }
