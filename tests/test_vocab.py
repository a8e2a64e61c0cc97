"""The shared vocabulary is what the graph, the runner and the CLI actually use."""

from __future__ import annotations

from typing import get_args

import pytest

from fahrplan.core.vocab import (
    AGENT_NODES,
    GRAPH_NODES,
    GRAPH_TOPOLOGIES,
    LANGS,
    LLM_AGENTS,
    MODULE_IDS,
    NODE_COORDINATOR,
    NODE_MAP_USE_CASES,
    TOPOLOGIES,
    GraphTopology,
    Lang,
    ModuleId,
    Topology,
    agent_node,
    norm_lang,
)
from fahrplan.graph.builder import build_graph


@pytest.mark.parametrize("topology", GRAPH_TOPOLOGIES)
def test_the_compiled_graph_has_exactly_the_vocabulary_nodes(topology: GraphTopology) -> None:
    nodes = set(build_graph(topology=topology).get_graph().nodes) - {"__start__", "__end__"}
    assert nodes == set(GRAPH_NODES)


def test_node_names_are_unique_and_in_run_order() -> None:
    assert len(set(GRAPH_NODES)) == len(GRAPH_NODES)
    assert GRAPH_NODES[0] == NODE_MAP_USE_CASES and GRAPH_NODES[-1] == NODE_COORDINATOR
    assert tuple(agent_node(m) for m in MODULE_IDS) == AGENT_NODES
    assert (*AGENT_NODES, NODE_COORDINATOR) == LLM_AGENTS


def test_literals_and_tuples_agree() -> None:
    assert get_args(Topology) == TOPOLOGIES and get_args(GraphTopology) == GRAPH_TOPOLOGIES
    assert set(GRAPH_TOPOLOGIES) < set(TOPOLOGIES)
    assert get_args(Lang) == LANGS and get_args(ModuleId) == MODULE_IDS


def test_an_unknown_graph_topology_is_refused() -> None:
    with pytest.raises(ValueError, match="no_review"):
        build_graph(topology="single_prompt")  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "expected"), [("en", "en"), ("de", "de"), ("fr", "de"), ("", "de")])
def test_norm_lang_is_english_only_for_en(given: str, expected: Lang) -> None:
    assert norm_lang(given) == expected
