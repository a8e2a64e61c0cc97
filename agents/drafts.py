"""What the agents hand each other: use cases mapped to initiatives, and module drafts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fahrplan.agents.planning import Assessment
from fahrplan.core.roadmap import Milestone
from fahrplan.knowledge.schema import ModuleId, Text
from fahrplan.knowledge.store import Hit

__all__ = ["ModuleDraft", "UseCaseMatch"]


@dataclass(frozen=True)
class UseCaseMatch:
    """A planned use case mapped (or not) to the catalog initiative that realises it.

    ``blocked`` use cases are not permitted; ``initiative`` then names the compliant alternative. An
    ``alternative`` match is permitted as stated but realised by a better way (own credit scoring → a payment
    provider): ``initiative`` names that way, and the duties of the use case as stated (a FRIA) stay with it.
    ``outside`` says what to do when a matched rule knows that no catalog initiative realises this kind.
    """

    use_case: str
    initiative: str | None
    module: ModuleId | None
    similarity: float
    blocked: bool = False
    outside: Text | None = None
    alternative: bool = False

    @property
    def realised_as_stated(self) -> str | None:
        """The initiative that does this use case's processing as stated (its review joins that initiative's), or
        None when the roadmap realises the purpose another way (blocked, or advised away)."""
        return None if self.blocked or self.alternative else self.initiative


@dataclass(frozen=True)
class ModuleDraft:
    """One module agent's plan before the coordinator merges it."""

    module: ModuleId
    assessments: dict[str, Assessment]
    selected: tuple[str, ...]
    phases: dict[str, int]
    milestones: tuple[Milestone, ...]
    excluded: dict[str, str]
    retrieved: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    degraded: str | None = None
    documents: tuple[Hit, ...] = ()
    texts: Mapping[str, Any] | None = None
    refined: tuple[int, int] | None = None
    """With an LLM backend: (decisions and texts of the model that passed, those the module asked for and got)."""
