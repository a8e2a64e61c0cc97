"""LangGraph Studio: langgraph.json names a graph factory whose graph plans offline with no input but a profile."""

from __future__ import annotations

import importlib
import inspect
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from fahrplan.app.studio import NODE, offline_context
from fahrplan.core.roadmap import Roadmap
from fahrplan.graph.builder import build_graph
from fahrplan.knowledge.store import KnowledgeStore

REPO = Path(__file__).resolve().parents[1]
NODES = sorted(set(build_graph().nodes) - {"__start__"})  # the roadmap graph's nodes


def studio_factory() -> Callable[[], Any]:
    """The factory langgraph.json names, imported the way the server does ("module:attribute")."""
    config = json.loads((REPO / "langgraph.json").read_text(encoding="utf-8"))
    assert config["dependencies"] == ["."]  # the server installs this project
    assert list(config["graphs"]) == ["fahrplan"]
    module, _, attribute = config["graphs"]["fahrplan"].partition(":")
    factory = getattr(importlib.import_module(module), attribute)
    assert callable(factory) and not inspect.signature(factory).parameters  # nothing for the server to inject
    return factory  # type: ignore[no-any-return]


@pytest.fixture()
def studio_settings(monkeypatch: pytest.MonkeyPatch, kb_dir: Path, store: KnowledgeStore) -> Iterator[None]:
    """Default settings, except the test session's knowledge store; the context is built afresh."""
    for name in list(os.environ):
        if name.startswith("FAHRPLAN_") and name != "FAHRPLAN_CHECKPOINT_PATH":
            monkeypatch.delenv(name)
    monkeypatch.setenv("FAHRPLAN_KB_DIR", str(kb_dir))
    offline_context.cache_clear()
    yield
    offline_context.cache_clear()


def test_studio_graph_is_drawn_with_every_agent() -> None:
    graph = studio_factory()()
    drawn = set(graph.get_graph(xray=1).nodes)
    assert {f"{NODE}:{node}" for node in NODES} <= drawn
    assert graph.get_context_jsonschema() is None  # Studio asks for no runtime context
    assert graph.get_input_jsonschema()["required"] == ["profile"]


def test_studio_graph_plans_offline_like_the_cli(
    studio_settings: None, example_profile: Any, plan: Callable[..., Roadmap]
) -> None:
    profile = example_profile("modehaus-nord")
    graph = studio_factory()().copy(update={"checkpointer": InMemorySaver()})  # as `langgraph dev` runs it
    config: Any = {"configurable": {"thread_id": "studio"}}
    streamed: list[str] = []
    for namespace, update in graph.stream(
        {"profile": profile.model_dump(mode="json")}, config, stream_mode="updates", subgraphs=True
    ):
        streamed += [node for node in update if namespace and namespace[0].startswith(f"{NODE}:")]
    assert sorted(streamed) == NODES  # every node of the roadmap graph reports to Studio
    roadmap = graph.get_state(config).values["roadmap"]
    assert roadmap.model_dump_json() == plan(profile).model_dump_json()
