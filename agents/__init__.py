"""The planning agents: six module agents, the compliance reviewer and the coordinator."""

from agents.compliance import map_use_cases, review
from agents.coordinator import coordinate
from agents.deps import AgentDeps, ModuleDraft, UseCaseMatch
from agents.module_agent import plan_module

PLANNER_VERSION = "offline-planner/1"

__all__ = [
    "PLANNER_VERSION",
    "AgentDeps",
    "ModuleDraft",
    "UseCaseMatch",
    "coordinate",
    "map_use_cases",
    "plan_module",
    "review",
]
