"""Build the LangGraph: intake -> six module agents in parallel -> compliance review -> coordinator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from fahrplan.agents.compliance import map_use_cases, review
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.coordinator import coordinate
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.module_agent import plan_module
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import GeneratedWith, Roadmap
from fahrplan.graph.state import InputState, OutputState, State
from fahrplan.knowledge.schema import MODULE_IDS, ModuleId

__all__ = ["TOPOLOGIES", "ModulePlanner", "RunContext", "Topology", "agent_node_name", "build_graph"]

Topology = Literal["graph", "no_review"]
TOPOLOGIES: tuple[Topology, ...] = ("graph", "no_review")


class ModulePlanner(Protocol):
    """Plans one module; the offline planner or an LLM-backed agent."""

    def __call__(
        self, module: ModuleId, profile: Profile, matches: tuple[UseCaseMatch, ...], deps: AgentDeps
    ) -> ModuleDraft: ...


@dataclass(frozen=True)
class RunContext:
    """Run-scoped dependencies handed to every node (LangGraph runtime context)."""

    deps: AgentDeps
    generated_with: GeneratedWith
    planner: ModulePlanner = field(default=plan_module)
    summarizer: Callable[[Roadmap], Roadmap] | None = None


def agent_node_name(module: ModuleId) -> str:
    """Name of the graph node that runs ``module``'s agent."""
    return f"agent_{module}"


def intake(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Map the planned use cases to catalog initiatives (or compliant alternatives)."""
    return {"matches": map_use_cases(state["profile"], runtime.context.deps)}


def _agent(module: ModuleId) -> Callable[[State, Runtime[RunContext]], dict[str, Any]]:
    def node(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
        ctx = runtime.context
        draft = ctx.planner(module, state["profile"], state.get("matches", ()), ctx.deps)
        return {"drafts": {module: draft}}

    node.__name__ = agent_node_name(module)
    return node


def compliance_review(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Review every planned use case and every AI initiative of the six drafts."""
    drafts = state.get("drafts", {})
    return {"findings": review(drafts.values(), state.get("matches", ()), runtime.context.deps)}


def skip_review(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Ablation (topology "no_review"): no compliance findings reach the coordinator."""
    return {"findings": []}


def coordinator(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Merge, schedule and prioritise into the final roadmap."""
    ctx = runtime.context
    roadmap = coordinate(
        state["profile"], state["drafts"], state["findings"], state.get("matches", ()), ctx.deps, ctx.generated_with
    )
    if ctx.summarizer is not None:
        roadmap = ctx.summarizer(roadmap)
    return {"roadmap": roadmap}


def build_graph(
    *, topology: Topology = "graph", checkpointer: BaseCheckpointSaver[Any] | None = None
) -> CompiledStateGraph[State, RunContext, InputState, OutputState]:
    """Compile the roadmap graph (dependencies arrive as runtime context).

    ``topology`` "no_review" replaces the compliance reviewer by a node that finds nothing (an
    ablation for the eval harness); ``checkpointer`` persists every step so a run can resume.
    """
    if topology not in TOPOLOGIES:
        raise ValueError(f"unknown topology {topology!r}; expected one of {', '.join(TOPOLOGIES)}")
    builder = StateGraph(State, context_schema=RunContext, input_schema=InputState, output_schema=OutputState)
    builder.add_node("intake", intake)
    agents = [agent_node_name(m) for m in MODULE_IDS]
    for module in MODULE_IDS:
        builder.add_node(agent_node_name(module), _agent(module))  # type: ignore[call-overload]
        builder.add_edge("intake", agent_node_name(module))
    builder.add_node("compliance_review", compliance_review if topology == "graph" else skip_review)
    builder.add_node("coordinator", coordinator)
    builder.add_edge(START, "intake")
    builder.add_edge(agents, "compliance_review")
    builder.add_edge("compliance_review", "coordinator")
    builder.add_edge("coordinator", END)
    return builder.compile(checkpointer=checkpointer)
