"""The roadmap graph for LangGraph Studio and ``langgraph dev``: ``langgraph.json`` names :func:`make_graph`.

The roadmap graph takes its dependencies (catalog, knowledge store, weights, planner) as runtime
context, which a LangGraph server cannot supply from a browser. So the Studio graph wraps it: its
one node validates the profile from Studio's JSON input and runs the roadmap graph as a subgraph
with the offline context bound. Studio draws the subgraph's nodes and streams each node's update;
the run needs no input besides a profile, no model and no network.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from typing_extensions import TypedDict  # pydantic builds Studio's JSON schemas only from this one on Python 3.11

from fahrplan.app.runner import open_store, run_context
from fahrplan.app.settings import load_settings
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.vocab import GraphTopology
from fahrplan.graph.builder import RunContext, build_graph

__all__ = ["NODE", "StudioInput", "StudioOutput", "StudioState", "make_graph", "offline_context", "studio_graph"]

NODE = "roadmap"  # the Studio graph's one node; the roadmap graph's nodes appear under it


class StudioInput(TypedDict):
    """What Studio asks for: a company profile (the input form follows its JSON schema)."""

    profile: Profile


class StudioOutput(TypedDict):
    """What a Studio run returns."""

    roadmap: Roadmap


class StudioState(StudioInput, StudioOutput):
    """The Studio graph's state: the profile in, the roadmap out."""


@cache  # Studio calls the factory for every run and schema request; open the store once, on the first run
def offline_context() -> RunContext:
    """The offline run context from the settings (config file and ``FAHRPLAN_*`` environment), backend offline."""
    settings = load_settings(backend="offline")
    return run_context(settings, open_store(settings))


def studio_graph(
    context: Callable[[], RunContext], *, topology: GraphTopology = "graph"
) -> CompiledStateGraph[StudioState, None, StudioInput, StudioOutput]:
    """Wrap the roadmap graph so it runs with ``context()`` bound (no runtime context needed from the caller)."""
    roadmap_graph = build_graph(topology=topology)

    def roadmap(state: StudioState) -> dict[str, Any]:
        """Plan the roadmap for the profile (Studio sends it as JSON; validated here)."""
        profile = Profile.model_validate(state["profile"])
        # Invoked inside a node, the roadmap graph runs as a subgraph: Studio draws and streams its nodes.
        result = roadmap_graph.invoke({"profile": profile}, context=context())
        return {"roadmap": result["roadmap"]}

    builder = StateGraph(StudioState, input_schema=StudioInput, output_schema=StudioOutput)
    builder.add_node(NODE, roadmap)
    builder.add_edge(START, NODE)
    builder.add_edge(NODE, END)
    return builder.compile(name="fahrplan")


def make_graph() -> CompiledStateGraph[StudioState, None, StudioInput, StudioOutput]:
    """Return the Studio graph with the offline context (the graph factory ``langgraph.json`` names)."""
    return studio_graph(offline_context)
