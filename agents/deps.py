"""Dependencies handed to every agent (catalog, retriever, weights), and shared draft types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from fahrplan.agents.planning import Assessment
from fahrplan.core.roadmap import Milestone, Phase
from fahrplan.core.vocab import Lang
from fahrplan.core.weights import Weights
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import ModuleId
from fahrplan.knowledge.store import Hit, Kind, Method

__all__ = ["AgentDeps", "ModuleDraft", "Retriever", "UseCaseMatch", "relative_relevance"]


def relative_relevance(scores: Mapping[str, float]) -> dict[str, float]:
    """Turn one query's similarities over the whole catalog into relevances in [0, 1].

    multilingual-e5 similarities cluster in a narrow band, so absolute values say little.
    Relevance is 1 for the best entry, 0 at or below the midpoint between the median and the
    best, linear in between: only entries that clearly stand out count.
    """
    if not scores:
        return {}
    ordered = sorted(scores.values())
    median, best = ordered[len(ordered) // 2], ordered[-1]
    midpoint = median + (best - median) / 2
    if best - midpoint < 1e-6:
        return {key: 0.0 for key in scores}
    return {key: round(min(1.0, max(0.0, (s - midpoint) / (best - midpoint))), 3) for key, s in scores.items()}


class Retriever(Protocol):
    """What the agents need from the knowledge store."""

    def search(
        self,
        query: str,
        *,
        kind: Kind | None = None,
        module: str | None = None,
        instrument: str | None = None,
        k: int = 5,
        method: Method = "hybrid",
    ) -> list[Hit]:
        """Return the k best entries (hybrid dense + BM25 by default)."""
        ...

    def scores(
        self,
        queries: Sequence[str],
        *,
        kind: Kind | None = None,
        module: str | None = None,
        instrument: str | None = None,
    ) -> dict[str, Hit]:
        """Score every matching entry by its best dense similarity over the queries."""
        ...


@dataclass(frozen=True)
class AgentDeps:
    """Everything an agent may use; injected so tests can swap each part."""

    catalog: Catalog
    retriever: Retriever
    weights: Weights = field(default_factory=Weights)
    lang: Lang = "de"
    phase_budget_shares: Mapping[Phase, float] | None = None
    """Most of the 24-month budget each phase may use; None: only the total is capped."""
    start_month: str | None = None
    """First month of the roadmap (YYYY-MM); None: the month after the knowledge release."""


@dataclass(frozen=True)
class UseCaseMatch:
    """A planned use case mapped (or not) to the catalog initiative that realises it.

    ``blocked`` use cases are not permitted; ``initiative`` then names the compliant alternative.
    """

    use_case: str
    initiative: str | None
    module: ModuleId | None
    similarity: float
    blocked: bool = False


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
