"""LLM-as-judge: a rubric score of one roadmap and a position-debiased pairwise comparison of two.

The judge sees a neutral digest of each roadmap (content only; no backend, model, warnings or
source ids, so it cannot tell which topology wrote it) fenced as data, and answers a pydantic
schema with its reasoning before every score. A failed or unparseable judgement is *unscored*
(``None``), never a zero. Pairwise comparisons run in both orders; if the orders disagree the
verdict is a tie, and the agreement rate over many samples shows how position-biased the judge is.
Prompts are versioned files under ``evals/prompts/`` (separate from the agents' prompt sets).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from fahrplan.agents.llm import LLMError, StructuredLLM, Tracer
from fahrplan.agents.prompts import Prompt, fence, load_prompt_file
from fahrplan.agents.refine import profile_block
from fahrplan.app.runner import structured_llm
from fahrplan.app.settings import Settings, SettingsError
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import ModulePlan, Roadmap
from fahrplan.evals.schema import Score

__all__ = [
    "AGENT",
    "CRITERIA",
    "JUDGE_PROMPTS",
    "CriterionScore",
    "JudgePrompts",
    "PairwiseJudgement",
    "PairwiseResult",
    "PairwiseTally",
    "Preference",
    "RoadmapJudgement",
    "agreement_rate",
    "build_judge_llm",
    "judge_roadmap",
    "judgement_score",
    "load_judge_prompts",
    "pairwise",
    "roadmap_digest",
    "tally",
]

AGENT = "judge"
JUDGE_PROMPTS = Path(__file__).parent / "prompts"
PROMPT_FILES = ("rubric", "judge.system", "judge.task", "pairwise.system", "pairwise.task")
CRITERIA = ("actionability", "specificity", "coherence", "prioritisation", "strategic_fit")
Preference = Literal["a", "b", "tie"]


# -- schemas (reasoning before score) -------------------------------------------------------


class CriterionScore(BaseModel):
    """One rubric criterion: the reasoning first, then the score."""

    reasoning: str = Field(description="Why this score, with reference to the anchors and the roadmap.")
    score: int = Field(ge=1, le=5, description="1-5 per the rubric's anchors.")


class RoadmapJudgement(BaseModel):
    """The rubric assessment of one roadmap."""

    reasoning: str = Field(description="Short overall reasoning first.")
    actionability: CriterionScore
    specificity: CriterionScore = Field(description="Specificity to the company.")
    coherence: CriterionScore
    prioritisation: CriterionScore = Field(description="Prioritisation quality.")
    strategic_fit: CriterionScore = Field(description="Strategic fit to this company.")

    def normalised(self) -> float:
        """Mean of the criterion scores mapped from 1..5 to [0, 1]."""
        return sum((getattr(self, c).score - 1) / 4 for c in CRITERIA) / len(CRITERIA)


class PairwiseJudgement(BaseModel):
    """Which of two roadmaps is better: the reasoning first, then the verdict."""

    reasoning: str = Field(description="Compare both roadmaps on the criteria before deciding.")
    better: Literal["1", "2", "tie"] = Field(description='"1" or "2" for the better roadmap, "tie" if neither.')


# -- prompts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgePrompts:
    """The judge's prompt files: rubric, system and task prompts for rubric and pairwise judging."""

    prompts: dict[str, Prompt]

    def get(self, name: str) -> Prompt:
        """Return prompt ``name`` (e.g. "judge.system")."""
        return self.prompts[name]

    def hashes(self) -> dict[str, str]:
        """Short content hash of every judge prompt, keyed "judge/<name>"."""
        return {f"judge/{name}": p.sha256[:12] for name, p in sorted(self.prompts.items())}


def load_judge_prompts(root: Path | None = None) -> JudgePrompts:
    """Load the judge prompts from ``root`` (default: the bundled ``evals/prompts``)."""
    base = root or JUDGE_PROMPTS
    return JudgePrompts({name: load_prompt_file(base / f"{name}.md", name, "en") for name in PROMPT_FILES})


# -- the roadmap as the judge sees it -------------------------------------------------------


def _module_view(m: ModulePlan) -> dict[str, Any]:
    return {
        "rank": m.priority.rank,
        "title": m.title,
        "why_this_rank": m.priority.rationale,
        "goal": m.goal,
        "value": m.value,
        "milestones": [
            {
                "phase_months": ms.phase,
                "title": ms.title,
                "description": ms.description,
                "owner": ms.owner,
                "budget_eur": ms.budget_eur,
                "fte": ms.fte,
                "quick_win": ms.quick_win,
                **({"kpis": ms.kpis} if ms.kpis else {}),
                **({"gated_by": ms.gated_by} if ms.gated_by else {}),
            }
            for ms in m.milestones
        ],
        "responsibilities": [f"{r.role}: {r.tasks}" for r in m.responsibilities],
        "resources": {"budget_eur": m.resources.budget_eur, "fte": m.resources.fte, "external": m.resources.external},
        "success_factors": m.success_factors,
        "dependencies": [f"{d.on}: {d.reason}" for d in m.dependencies],
        "scaling": m.scaling,
    }


def roadmap_digest(roadmap: Roadmap) -> str:
    """The roadmap's content as fenced YAML for a judge, without anything that reveals how it was made."""
    view: dict[str, Any] = {
        "executive_summary": roadmap.executive_summary,
        "modules": [_module_view(m) for m in sorted(roadmap.modules, key=lambda m: m.priority.rank)],
        "compliance_findings": [
            {
                "use_case": f.use_case,
                "ai_act_risk": f.ai_act_risk,
                "verdict": f.verdict,
                "legal_basis": [f"{b.instrument} {b.article}" for b in f.legal_basis],
                "required_measures": f.required_measures,
                "rationale": f.rationale,
                **({"alternative": f.alternative} if f.alternative else {}),
            }
            for f in roadmap.compliance_findings
        ],
        "budget": {
            "limit_eur": roadmap.budget.limit_eur,
            "total_eur": roadmap.budget.total_eur,
            "by_phase_months": dict(roadmap.budget.by_phase),
        },
        "deferred": [f"{d.title}: {d.reason}" for d in roadmap.deferred],
    }
    return fence(yaml.safe_dump(view, allow_unicode=True, sort_keys=False, width=120).strip())


# -- judging --------------------------------------------------------------------------------


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def judgement_score(j: RoadmapJudgement) -> Score:
    """The :class:`Score` of a judgement: normalised mean and each criterion's score and reason."""
    parts = [f"{c} {getattr(j, c).score}/5 ({_clip(getattr(j, c).reasoning, 120)})" for c in CRITERIA]
    return Score(round(j.normalised(), 4), "; ".join(parts))


def judge_roadmap(
    roadmap: Roadmap, profile: Profile, llm: StructuredLLM, *, prompts: JudgePrompts | None = None
) -> Score | None:
    """Score ``roadmap`` on the rubric (normalised to [0, 1]); None if the judge fails or answers off-schema."""
    p = prompts or load_judge_prompts()
    messages: list[BaseMessage] = [
        SystemMessage(p.get("judge.system").render(rubric=p.get("rubric").template.strip())),
        HumanMessage(p.get("judge.task").render(profile=profile_block(profile), roadmap=roadmap_digest(roadmap))),
    ]
    try:
        judgement, _raw = llm.invoke(AGENT, messages, RoadmapJudgement)
    except LLMError:
        return None
    return judgement_score(judgement)


@dataclass(frozen=True)
class PairwiseResult:
    """A pairwise comparison of roadmaps A and B in both orders (None = that order failed)."""

    first_order: Preference | None
    """The preference when A was shown first."""
    second_order: Preference | None
    """The preference when B was shown first."""
    reasoning: tuple[str, str] = ("", "")

    @property
    def agree(self) -> bool | None:
        """Whether both orders gave the same preference (None if an order is unscored)."""
        if self.first_order is None or self.second_order is None:
            return None
        return self.first_order == self.second_order

    @property
    def verdict(self) -> Preference | None:
        """The combined verdict: the agreed preference, a tie if the orders disagree, None if unscored."""
        if self.agree is None:
            return None
        return self.first_order if self.agree else "tie"


def _one_order(
    first: Roadmap, second: Roadmap, profile: Profile, llm: StructuredLLM, p: JudgePrompts
) -> PairwiseJudgement | None:
    messages: list[BaseMessage] = [
        SystemMessage(p.get("pairwise.system").render(rubric=p.get("rubric").template.strip())),
        HumanMessage(
            p.get("pairwise.task").render(
                profile=profile_block(profile), first=roadmap_digest(first), second=roadmap_digest(second)
            )
        ),
    ]
    try:
        judgement, _raw = llm.invoke(AGENT, messages, PairwiseJudgement)
    except LLMError:
        return None
    return judgement


def _as_preference(j: PairwiseJudgement | None, *, shown_first: Preference) -> Preference | None:
    if j is None:
        return None
    if j.better == "tie":
        return "tie"
    other: Preference = "b" if shown_first == "a" else "a"
    return shown_first if j.better == "1" else other


def pairwise(
    a: Roadmap, b: Roadmap, profile: Profile, llm: StructuredLLM, *, prompts: JudgePrompts | None = None
) -> PairwiseResult:
    """Ask which roadmap is better, once as (A, B) and once as (B, A), to cancel position bias."""
    p = prompts or load_judge_prompts()
    ab = _one_order(a, b, profile, llm, p)
    ba = _one_order(b, a, profile, llm, p)
    return PairwiseResult(
        first_order=_as_preference(ab, shown_first="a"),
        second_order=_as_preference(ba, shown_first="b"),
        reasoning=(ab.reasoning if ab else "", ba.reasoning if ba else ""),
    )


def agreement_rate(results: Iterable[PairwiseResult]) -> float | None:
    """Share of comparisons whose two orders agree, over those where both orders answered."""
    answered = [r.agree for r in results if r.agree is not None]
    return sum(answered) / len(answered) if answered else None


@dataclass(frozen=True)
class PairwiseTally:
    """Verdicts over many samples."""

    a_wins: int
    b_wins: int
    ties: int
    unscored: int
    agreement: float | None


def tally(results: Sequence[PairwiseResult]) -> PairwiseTally:
    """Count the combined verdicts and the order agreement of ``results``."""
    verdicts = [r.verdict for r in results]
    return PairwiseTally(
        a_wins=verdicts.count("a"),
        b_wins=verdicts.count("b"),
        ties=verdicts.count("tie"),
        unscored=verdicts.count(None),
        agreement=agreement_rate(results),
    )


# -- model ----------------------------------------------------------------------------------


def build_judge_llm(settings: Settings, *, tracer: Tracer | None = None) -> StructuredLLM:
    """The judge's model client (``settings.judge_model`` on the configured endpoint); SettingsError if unset."""
    if not settings.judge_model:
        raise SettingsError("no judge model configured: set 'judge_model' (FAHRPLAN_JUDGE_MODEL or the config file)")
    return structured_llm(settings, {"default": settings.judge_model}, tracer=tracer)
