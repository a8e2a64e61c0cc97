"""Retrieval quality: recall@k and MRR of dense, BM25 and hybrid search on a labelled query set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from fahrplan.knowledge.store import KnowledgeStore, Method

__all__ = ["QUERIES_FILE", "MethodScore", "Query", "evaluate", "load_queries", "recall_at_k", "reciprocal_rank"]

QUERIES_FILE = Path(__file__).parent / "retrieval" / "queries.yaml"
METHODS: tuple[Method, ...] = ("dense", "bm25", "hybrid")


class Query(BaseModel):
    """One labelled query: the ids that must be retrieved."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    lang: Literal["de", "en"]
    query: str = Field(min_length=2)
    kind: Literal["initiative", "legal", "rule"] | None = None
    relevant: list[str] = Field(min_length=1)


@dataclass(frozen=True)
class MethodScore:
    """Mean recall@k and MRR of one method over the query set."""

    method: str
    recall: float
    mrr: float
    queries: int


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    """Load and validate the labelled query set."""
    return [Query.model_validate(q) for q in yaml.safe_load(path.read_text(encoding="utf-8"))]


def recall_at_k(retrieved: list[str], relevant: list[str], k: int) -> float:
    """Share of the relevant ids found in the first ``k`` retrieved ids."""
    top = set(retrieved[:k])
    return sum(1 for r in relevant if r in top) / len(relevant)


def reciprocal_rank(retrieved: list[str], relevant: list[str]) -> float:
    """1 / rank of the first relevant id (0 if none retrieved)."""
    for rank, entry_id in enumerate(retrieved, start=1):
        if entry_id in relevant:
            return 1.0 / rank
    return 0.0


def evaluate(store: KnowledgeStore, queries: list[Query], *, k: int = 5, depth: int = 20) -> list[MethodScore]:
    """Score each retrieval method on ``queries`` (recall@k, MRR over the top ``depth``)."""
    out = []
    for method in METHODS:
        recalls, rrs = [], []
        for q in queries:
            ids = [h.id for h in store.search(q.query, kind=q.kind, k=depth, method=method)]
            recalls.append(recall_at_k(ids, q.relevant, k))
            rrs.append(reciprocal_rank(ids, q.relevant))
        out.append(MethodScore(method, sum(recalls) / len(recalls), sum(rrs) / len(rrs), len(queries)))
    return out
