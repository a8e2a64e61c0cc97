"""The roadmap graph (LangGraph)."""

from fahrplan.graph.builder import RunContext, build_graph
from fahrplan.graph.state import InputState, OutputState, State

__all__ = ["InputState", "OutputState", "RunContext", "State", "build_graph"]
