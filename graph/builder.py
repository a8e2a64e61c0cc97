"""Build the LangGraph: levers and use cases -> six module agents in parallel -> compliance review -> coordinator."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from fahrplan.agents.compliance import map_use_cases, review
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.coordinator import coordinate
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.module_agent import plan_module
from fahrplan.agents.tailoring import tailored_deps
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import GeneratedWith, Roadmap
from fahrplan.core.vocab import (
    AGENT_NODES,
    GRAPH_TOPOLOGIES,
    MODULE_IDS,
    NODE_COMPLIANCE_REVIEW,
    NODE_COORDINATOR,
    NODE_MAP_USE_CASES,
    GraphTopology,
    Lever,
    ModuleId,
    agent_node,
)
from fahrplan.graph.state import InputState, OutputState, State

__all__ = ["LeverClassifier", "ModulePlanner", "RunContext", "build_graph"]


class ModulePlanner(Protocol):
    """Plans one module; the offline planner or an LLM-backed agent."""

    def __call__(
        self, module: ModuleId, profile: Profile, matches: tuple[UseCaseMatch, ...], deps: AgentDeps
    ) -> ModuleDraft: ...


class LeverClassifier(Protocol):
    """Classifies goal and use-case texts to levers with a model (LLM mode): (levers per text, warnings)."""

    def __call__(self, texts: Sequence[str], deps: AgentDeps) -> tuple[dict[str, tuple[Lever, ...]], list[str]]: ...


@dataclass(frozen=True)
class RunContext:
    """Run-scoped dependencies handed to every node (LangGraph runtime context)."""

    deps: AgentDeps
    generated_with: GeneratedWith
    planner: ModulePlanner = field(default=plan_module)
    summarizer: Callable[[Roadmap], Roadmap] | None = None
    classifier: LeverClassifier | None = None
    """None: the deterministic lever classifier alone (offline)."""


def _deps(state: State, runtime: Runtime[RunContext]) -> AgentDeps:
    """The agents' dependencies for this run: the catalog as it reads for the profile, the settled levers."""
    deps = tailored_deps(runtime.context.deps, state["profile"])
    levers = state.get("levers")
    return dataclasses.replace(deps, lever_overrides=levers) if levers else deps


def map_planned_use_cases(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Settle the levers of goals and use cases (the model's, in LLM mode), then map the planned use cases."""
    profile, classifier = state["profile"], runtime.context.classifier
    update: dict[str, Any] = {}
    if classifier is not None:
        levers, notes = classifier([*profile.goals, *profile.planned_use_cases], _deps(state, runtime))
        update = {"levers": levers, "notes": notes}
    deps = _deps({**state, **update}, runtime)  # type: ignore[typeddict-item]
    return {**update, "matches": map_use_cases(profile, deps)}


def _agent(module: ModuleId) -> Callable[[State, Runtime[RunContext]], dict[str, Any]]:
    def node(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
        ctx = runtime.context
        deps = _deps(state, runtime)
        draft = ctx.planner(module, state["profile"], state.get("matches", ()), deps)
        return {"drafts": {module: draft}}

    node.__name__ = agent_node(module)
    return node


def compliance_review(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Review every planned use case and every AI initiative of the six drafts."""
    drafts = state.get("drafts", {})
    findings = review(drafts.values(), state.get("matches", ()), _deps(state, runtime), state["profile"])
    return {"findings": findings}


def skip_review(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Ablation (topology "no_review"): no compliance findings reach the coordinator."""
    return {"findings": []}


def coordinator(state: State, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Merge, schedule and prioritise into the final roadmap."""
    ctx = runtime.context
    roadmap = coordinate(
        state["profile"],
        state["drafts"],
        state["findings"],
        state.get("matches", ()),
        _deps(state, runtime),
        ctx.generated_with,
    )
    if state.get("notes"):
        roadmap = roadmap.model_copy(update={"warnings": [*state.get("notes", []), *roadmap.warnings]})
    if ctx.summarizer is not None:
        roadmap = ctx.summarizer(roadmap)
    return {"roadmap": roadmap}


def build_graph(
    *, topology: GraphTopology = "graph", checkpointer: BaseCheckpointSaver[Any] | None = None
) -> CompiledStateGraph[State, RunContext, InputState, OutputState]:
    """Compile the roadmap graph (dependencies arrive as runtime context).

    ``topology`` "no_review" replaces the compliance reviewer by a node that finds nothing (an
    ablation for the eval harness); ``checkpointer`` persists every step so a run can resume.
    """
    if topology not in GRAPH_TOPOLOGIES:
        raise ValueError(f"unknown topology {topology!r}; expected one of {', '.join(GRAPH_TOPOLOGIES)}")
    builder = StateGraph(State, context_schema=RunContext, input_schema=InputState, output_schema=OutputState)
    builder.add_node(NODE_MAP_USE_CASES, map_planned_use_cases)
    for module in MODULE_IDS:
        builder.add_node(agent_node(module), _agent(module))  # type: ignore[call-overload]
        builder.add_edge(NODE_MAP_USE_CASES, agent_node(module))
    builder.add_node(NODE_COMPLIANCE_REVIEW, compliance_review if topology == "graph" else skip_review)
    builder.add_node(NODE_COORDINATOR, coordinator)
    builder.add_edge(START, NODE_MAP_USE_CASES)
    builder.add_edge(list(AGENT_NODES), NODE_COMPLIANCE_REVIEW)
    builder.add_edge(NODE_COMPLIANCE_REVIEW, NODE_COORDINATOR)
    builder.add_edge(NODE_COORDINATOR, END)
    return builder.compile(checkpointer=checkpointer)
