"""Run the roadmap graph for a profile: wire catalog, store and agents, stream progress."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata

from agents import PLANNER_VERSION
from agents.deps import AgentDeps
from agents.planning import Weights
from fahrplan.profile import Profile
from fahrplan.roadmap import GeneratedWith, Roadmap
from fahrplan.settings import Settings
from graph.builder import RunContext, build_graph
from knowledge.catalog import Catalog, load_catalog
from knowledge.store import KnowledgeStore

__all__ = ["fahrplan_version", "open_store", "reproducible_timestamp", "run_roadmap"]

ProgressCallback = Callable[[str], None]


def fahrplan_version() -> str:
    """Return the installed package version."""
    try:
        return metadata.version("ki-fahrplan")
    except metadata.PackageNotFoundError:
        return "0.0.0+local"


def reproducible_timestamp(backend: str) -> str | None:
    """Return created_at: SOURCE_DATE_EPOCH if set, None offline (byte-reproducible), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).isoformat()
    if backend == "offline":
        return None
    return datetime.now(tz=UTC).isoformat(timespec="seconds")


def open_store(settings: Settings, catalog: Catalog | None = None) -> KnowledgeStore:
    """Open (building if needed) the knowledge store configured in ``settings``."""
    return KnowledgeStore.open(catalog or load_catalog(), settings.kb_dir, url=settings.chroma_url)


def run_roadmap(
    profile: Profile,
    settings: Settings,
    *,
    store: KnowledgeStore | None = None,
    on_progress: ProgressCallback | None = None,
) -> Roadmap:
    """Plan a roadmap for ``profile``; ``on_progress`` is called with each finished node's name."""
    store = store or open_store(settings)
    deps = AgentDeps(
        catalog=store.catalog,
        retriever=store,
        weights=Weights(settings.weight_impact, settings.weight_feasibility, settings.quadrant_threshold),
        lang=settings.lang,
    )
    generated_with = GeneratedWith(
        backend=settings.backend,
        model=None,
        prompt_version=PLANNER_VERSION,
        knowledge_version=store.catalog.version,
        created_at=reproducible_timestamp(settings.backend),
        language=settings.lang,
        fahrplan_version=fahrplan_version(),
    )
    context = RunContext(deps=deps, generated_with=generated_with)
    graph = build_graph()
    final: Roadmap | None = None
    for update in graph.stream({"profile": profile}, context=context, stream_mode="updates"):
        for node, values in update.items():
            if on_progress is not None:
                on_progress(node)
            if isinstance(values, dict) and "roadmap" in values:
                final = values["roadmap"]
    if final is None:
        raise RuntimeError("the graph finished without a roadmap")
    return final
