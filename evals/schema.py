"""Types shared by the eval harness: a score, what a scorer may look at, and a sample's expectations.

Scorers (``evals/scorers/``) are pure functions ``(Roadmap, ScoreContext) -> Score``; the Inspect
harness only wraps them. Expectations are written per sample in the versioned dataset YAML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from fahrplan.core.profile import Profile
from fahrplan.core.weights import Weights
from fahrplan.evals.labels import Labels
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import ModuleId, RiskTier, Verdict

__all__ = [
    "EvalResults",
    "Expectations",
    "RunInfo",
    "SampleResult",
    "Score",
    "ScoreContext",
    "UseCaseExpectation",
]


@dataclass(frozen=True)
class Score:
    """A scorer's result: ``value`` in [0, 1] (1 = fully meets the criterion) and why."""

    value: float
    explanation: str

    def __post_init__(self) -> None:
        if not 0.0 <= self.value <= 1.0:
            raise ValueError(f"score {self.value} outside [0, 1]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UseCaseExpectation(_Strict):
    """What the compliance review must say about one planned use case."""

    match: str = Field(min_length=3, description="Case-insensitive substring of the planned use-case text.")
    verdict: Verdict | None = None
    ai_act_risk: RiskTier | None = None
    measures: list[str] = Field(default_factory=list, description="Measure ids the finding must require.")
    forbidden_measures: list[str] = Field(default_factory=list, description="Measure ids it must not require.")


class Expectations(_Strict):
    """Per-sample expectations (the dataset's labels)."""

    use_cases: list[UseCaseExpectation] = Field(default_factory=list)
    must_plan: list[str] = Field(default_factory=list, description="Initiative ids that must be planned.")
    must_not_plan: list[str] = Field(default_factory=list, description="Initiative ids that must not be planned.")
    top_modules: list[ModuleId] = Field(default_factory=list, description="Modules that must rank in the top three.")
    min_quick_wins: int = Field(default=1, ge=0)
    mentions: list[str] = Field(
        default_factory=list, description="Profile facts (e.g. a goal's key word) the roadmap text must use."
    )


@dataclass(frozen=True)
class ScoreContext:
    """Everything a scorer may use besides the roadmap itself."""

    profile: Profile
    catalog: Catalog
    resolves: Callable[[str], bool]
    expect: Expectations = field(default_factory=Expectations)
    lang: str = "de"
    labels: Labels | None = None
    # The quadrant threshold the planner used: the run's setting (``quadrant_threshold``), by default the planner's.
    quadrant_threshold: float = Weights.threshold


class SampleResult(BaseModel):
    """One sample of an eval run: its scores (None = unscored), explanations and cost."""

    model_config = ConfigDict(extra="forbid")

    sample: str
    scores: dict[str, float | None] = Field(default_factory=dict)
    explanations: dict[str, str] = Field(default_factory=dict)
    latency_s: float = 0.0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = None
    error: str | None = Field(default=None, description="Why the sample produced no roadmap (then no scores).")


class RunInfo(BaseModel):
    """What produced an eval run: variant, versions, totals."""

    model_config = ConfigDict(extra="forbid")

    run_id: str
    created_at: str | None = None
    backend: str
    model: str | None = None
    judge_model: str | None = None
    topology: str = "graph"
    prompts_dir: str | None = None
    prompt_version: str = ""
    prompt_hashes: dict[str, str] = Field(default_factory=dict)
    knowledge_version: str = ""
    dataset_version: str = ""
    fahrplan_version: str = ""
    duration_s: float = 0.0
    inspect_log: str | None = None


class EvalResults(BaseModel):
    """The results file of one eval run (``results.json`` in the run directory)."""

    model_config = ConfigDict(extra="forbid")

    run: RunInfo
    samples: list[SampleResult]

    def metrics(self) -> list[str]:
        """Names of all metrics scored in this run, sorted."""
        return sorted({name for s in self.samples for name in s.scores})

    def mean(self, metric: str) -> float | None:
        """Mean of ``metric`` over the samples where it was scored (None if nowhere)."""
        values = [v for s in self.samples if (v := s.scores.get(metric)) is not None]
        return sum(values) / len(values) if values else None
