"""The roadmap graph (LangGraph)."""

from graph.builder import RunContext, build_graph
from graph.state import InputState, OutputState, State

__all__ = ["InputState", "OutputState", "RunContext", "State", "build_graph"]
