"""What every agent is given: the catalog, the retriever, the weights and the run's options (``AgentDeps``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from fahrplan.agents.solver_cache import SolverCache
from fahrplan.core.roadmap import Phase
from fahrplan.core.vocab import Lang, Lever
from fahrplan.core.weights import Weights
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.store import Hit, Kind, Method

__all__ = ["AgentDeps", "Retriever"]


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
    lever_overrides: Mapping[str, tuple[Lever, ...]] = field(default_factory=dict)
    """Levers of goal and use-case texts as the model classified them (LLM mode); else the classifier's."""
    solver_cache: SolverCache | None = None
    """Answers of earlier portfolio solves of the very same model (a rerun skips HiGHS); None: always solve."""
