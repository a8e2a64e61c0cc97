"""Expert labels of an eval sample: goal → initiative mapping, use-case realisation, fit, forbidden words.

Written by hand from the profile, the catalog and the reference texts before any tuning (see
``evals/dataset/LABELLING.md``); the strategy scorers (:mod:`fahrplan.evals.scorers.strategy`) read them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fahrplan.core.vocab import Lever

__all__ = ["FitReason", "GoalLabel", "Labels", "NotFitting", "Split", "UseCaseLabel"]

Split = Literal["dev", "test"]
FitReason = Literal["existing_system", "channel", "sector", "no_customer_data", "no_stores", "size", "constraint"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoalLabel(_Strict):
    """Which initiatives realise one profile goal (any one acceptable counts) and which are clearly wrong."""

    goal: str = Field(min_length=1, description="The goal text exactly as in the profile.")
    levers: list[Lever] = Field(default_factory=list)
    acceptable: list[str] = Field(default_factory=list)
    wrong: list[str] = Field(default_factory=list)


class UseCaseLabel(_Strict):
    """What realises one planned use case (or its compliant alternative); [] = nothing in the catalog."""

    use_case: str = Field(min_length=1, description="The use-case text exactly as in the profile.")
    realised_by: list[str] = Field(default_factory=list)
    recommendation: str | None = None


class NotFitting(_Strict):
    """An initiative that does not fit this company, and why."""

    initiative: str
    reason: FitReason
    why: str = Field(min_length=1)


class Labels(_Strict):
    """All expert labels of one sample."""

    goals: list[GoalLabel] = Field(default_factory=list)
    use_cases: list[UseCaseLabel] = Field(default_factory=list)
    not_fitting: list[NotFitting] = Field(default_factory=list)
    forbidden_words: list[str] = Field(default_factory=list)

    def initiative_ids(self) -> set[str]:
        """Return every catalog initiative id the labels name (the dataset loader checks they exist)."""
        ids = {i for g in self.goals for i in (*g.acceptable, *g.wrong)}
        ids |= {i for u in self.use_cases for i in u.realised_by}
        return ids | {nf.initiative for nf in self.not_fitting}
