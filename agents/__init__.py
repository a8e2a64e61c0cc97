"""The planning agents: six module agents, the compliance reviewer and the coordinator."""

from fahrplan.agents.compliance import map_use_cases, review
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.coordinator import coordinate
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.module_agent import plan_module

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
