"""The single-prompt baseline topology: the user's original prompt as ONE structured LLM call.

No retrieval, no planning math, no compliance rules: the model answers the seed prompt
(``agents/prompts/baseline/{de,en}.md``, the profile inserted as fenced YAML) into
:class:`BaselineRoadmap`, and code only turns that answer into a contract-valid
:class:`~fahrplan.roadmap.Roadmap` (module ids, ranks 1..6, milestone ids, budget sums). It is the
yardstick the multi-agent graph is compared against; budgets and FTE are the model's own figures.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Literal, Protocol

from langchain_core.messages import HumanMessage
from pydantic import BaseModel, Field

from fahrplan.agents.assembly import assemble_roadmap, budget_summary
from fahrplan.agents.llm import LLMError, LLMRuntime, usage_summary
from fahrplan.agents.prompts import Prompt, load_prompt_file
from fahrplan.agents.refine import profile_block
from fahrplan.agents.scheduling import fte_by_phase
from fahrplan.core.errors import InternalError
from fahrplan.core.profile import Profile, assumed_defaults
from fahrplan.core.provenance import fahrplan_version, reproducible_timestamp
from fahrplan.core.roadmap import (
    PHASES,
    ComplianceFinding,
    Dependency,
    GeneratedWith,
    LegalBasis,
    Milestone,
    ModulePlan,
    Priority,
    Resources,
    Responsibility,
    Roadmap,
)
from fahrplan.core.texts import default_labels, t
from fahrplan.core.vocab import Lang, norm_lang
from fahrplan.knowledge.catalog import Catalog, load_catalog
from fahrplan.knowledge.schema import MODULE_IDS, ModuleId, RiskTier, Verdict
from fahrplan.knowledge.store import KnowledgeStore

__all__ = [
    "AGENT",
    "BASELINE_DIR",
    "PLANNER",
    "BaselineError",
    "BaselineModule",
    "BaselineRoadmap",
    "load_baseline_prompt",
    "run_single_prompt",
    "to_roadmap",
]

AGENT = "baseline"
PLANNER = "single-prompt/1"
BASELINE_DIR = Path(__file__).parent / "prompts" / "baseline"


class BaselineError(InternalError, RuntimeError):
    """The single-prompt call failed or its answer cannot become a roadmap; the message says why."""


# -- the model's answer --------------------------------------------------------------------


class BaselineMilestone(BaseModel):
    """One step of a module."""

    phase: Literal["0-6", "6-12", "12-24"] = Field(description="Months: 0-6, 6-12 or 12-24.")
    title: str = Field(description="What is done.")
    description: str = Field(default="", description="How and with whom.")
    owner: str = Field(description="Responsible unit, e.g. IT, marketing, purchasing, external AI team.")
    budget_eur: int = Field(ge=0, description="Budget of this step in euros.")
    fte: float = Field(ge=0, description="Internal full-time equivalents needed.")
    quick_win: bool = Field(default=False, description="True for a quick win (short-term, months 0-6 only).")


class BaselineResponsibility(BaseModel):
    """Who is responsible for what."""

    role: str
    tasks: str


class BaselineDependency(BaseModel):
    """A dependency on another module."""

    on_module: int = Field(ge=1, le=6, description="Number (1-6) of the module this one depends on.")
    reason: str


class BaselineLegalBasis(BaseModel):
    """A legal provision."""

    instrument: str = Field(description="e.g. GDPR, ePrivacy, AI Act.")
    article: str = Field(description="e.g. Art. 6(1)(f).")


class BaselineFinding(BaseModel):
    """The legal assessment of one AI use case."""

    use_case: str
    module: int | None = Field(default=None, ge=1, le=6, description="Module number (1-6) of the use case.")
    ai_act_risk: RiskTier
    verdict: Verdict
    legal_basis: list[BaselineLegalBasis] = Field(default_factory=list)
    required_measures: list[str] = Field(default_factory=list)
    rationale: str


class BaselineModule(BaseModel):
    """One of the six modules of the prompt."""

    number: int = Field(ge=1, le=6, description="The module's number in the prompt (1-6).")
    title: str
    rank: int = Field(ge=1, le=6, description="Priority by business impact and feasibility, 1 = first.")
    impact: float = Field(ge=0, le=10, description="Business impact, 0-10.")
    feasibility: float = Field(ge=0, le=10, description="Feasibility, 0-10.")
    rationale: str = Field(description="Why this rank.")
    goal: str
    value: str = Field(description="Expected business value.")
    milestones: list[BaselineMilestone] = Field(description="Steps in 0-6, 6-12 and 12-24 months.")
    responsibilities: list[BaselineResponsibility]
    external_resources: str = Field(default="", description="External resources needed.")
    success_factors: list[str]
    dependencies: list[BaselineDependency] = Field(default_factory=list)
    scaling: str = Field(description="How successes are scaled.")


class BaselineRoadmap(BaseModel):
    """The roadmap asked for by the prompt (reasoning first; write in the prompt's language)."""

    reasoning: str = Field(description="Short reasoning first: what matters most for this company.")
    executive_summary: list[str] = Field(description="Three to five summary sentences.")
    modules: list[BaselineModule] = Field(description="Exactly the six modules of the prompt.")
    compliance_findings: list[BaselineFinding] = Field(default_factory=list)


# -- prompt ---------------------------------------------------------------------------------


def load_baseline_prompt(lang: str, prompts_dir: Path | None = None) -> Prompt:
    """The seed prompt in ``lang``: ``prompts_dir/baseline/<lang>.md`` if that exists, else the bundled one."""
    code = norm_lang(lang)
    variant = prompts_dir / "baseline" / f"{code}.md" if prompts_dir else None
    path = variant if variant is not None and variant.is_file() else BASELINE_DIR / f"{code}.md"
    return load_prompt_file(path, AGENT, code)


# -- conversion -----------------------------------------------------------------------------


def _check_modules(answer: BaselineRoadmap) -> None:
    numbers = sorted(m.number for m in answer.modules)
    if numbers != [1, 2, 3, 4, 5, 6]:
        raise BaselineError(f"single-prompt baseline: expected the six modules 1-6 once each, got {numbers}")
    empty = [m.number for m in answer.modules if not m.milestones]
    if empty:
        raise BaselineError(f"single-prompt baseline: module(s) {empty} have no milestones")


def _ranked(answer: BaselineRoadmap, warnings: list[str], lang: str) -> list[BaselineModule]:
    ordered = sorted(answer.modules, key=lambda m: (m.rank, m.number))
    ranks = [m.rank for m in ordered]
    if ranks != [1, 2, 3, 4, 5, 6]:
        warnings.append(t("baseline_ranks_fixed", lang, ranks=", ".join(map(str, ranks))))
    return ordered


def _milestones(module: BaselineModule, mid: ModuleId, late: list[str]) -> list[Milestone]:
    out = []
    for n, m in enumerate(sorted(module.milestones, key=lambda m: PHASES.index(m.phase)), start=1):
        quick = m.quick_win and m.phase == "0-6"
        if m.quick_win and not quick:
            late.append(m.title)
        out.append(
            Milestone(
                id=f"{mid}.sp{n}",
                phase=m.phase,
                title=m.title,
                description=m.description or m.title,
                owner=m.owner,
                budget_eur=m.budget_eur,
                fte=m.fte,
                quick_win=quick,
                initiative="",  # the baseline plans without the catalog
            )
        )
    return out


class BaselineSettings(Protocol):
    """What the baseline reads of the run settings (the app's ``Settings`` satisfies it)."""

    @property
    def lang(self) -> Lang: ...

    @property
    def prompts_dir(self) -> Path | None: ...

    @property
    def weight_impact(self) -> float: ...

    @property
    def weight_feasibility(self) -> float: ...


def _module(module: BaselineModule, rank: int, settings: BaselineSettings, late: list[str]) -> ModulePlan:
    mid = MODULE_IDS[module.number - 1]
    milestones = _milestones(module, mid, late)
    score = settings.weight_impact * module.impact + settings.weight_feasibility * module.feasibility
    fte = max(fte_by_phase(milestones).values())
    return ModulePlan(
        id=mid,
        title=module.title,
        priority=Priority(
            rank=rank,
            impact=module.impact,
            feasibility=module.feasibility,
            score=round(min(10.0, score), 2),
            rationale=module.rationale,
        ),
        goal=module.goal,
        value=module.value,
        milestones=milestones,
        responsibilities=[Responsibility(role=r.role, owner=r.role, tasks=r.tasks) for r in module.responsibilities],
        resources=Resources(
            budget_eur=sum(m.budget_eur for m in milestones), fte=round(fte, 2), external=module.external_resources
        ),
        success_factors=module.success_factors,
        dependencies=[
            Dependency(on=MODULE_IDS[d.on_module - 1], reason=d.reason)
            for d in module.dependencies
            if d.on_module != module.number
        ],
        quick_wins=[m.id for m in milestones if m.quick_win],
        scaling=module.scaling,
        citations=[],
    )


def _legal_id(catalog: Catalog, instrument: str, article: str) -> str:
    """The catalog id of an exactly named provision, else "" (the model's reference is not verified)."""

    def norm(text: str) -> str:
        return "".join(text.lower().split())

    key = (norm(instrument), norm(article))
    return next((e.id for e in catalog.legal.values() if (norm(e.instrument), norm(e.article)) == key), "")


def _findings(answer: BaselineRoadmap, catalog: Catalog) -> list[ComplianceFinding]:
    return [
        ComplianceFinding(
            use_case=f.use_case,
            module=MODULE_IDS[f.module - 1] if f.module else None,
            source="planned_use_case",
            ai_act_risk=f.ai_act_risk,
            legal_basis=[
                LegalBasis(instrument=b.instrument, article=b.article, id=_legal_id(catalog, b.instrument, b.article))
                for b in f.legal_basis
            ],
            required_measures=f.required_measures,
            verdict=f.verdict,
            rationale=f.rationale,
            citations=[],
        )
        for f in answer.compliance_findings
    ]


def to_roadmap(
    answer: BaselineRoadmap,
    profile: Profile,
    settings: BaselineSettings,
    *,
    catalog: Catalog,
    generated_with: GeneratedWith,
) -> Roadmap:
    """Turn the model's answer into a contract-valid roadmap; raise :class:`BaselineError` if it cannot."""
    _check_modules(answer)
    lang = settings.lang
    warnings = [t("baseline_warning", lang)]
    warnings += [t("w_default", lang, **default_labels(p, v, lang)) for p, v in assumed_defaults(profile)]
    late: list[str] = []
    modules = [_module(m, rank, settings, late) for rank, m in enumerate(_ranked(answer, warnings, lang), start=1)]
    if late:
        warnings.append(t("baseline_quick_win_late", lang, titles="; ".join(late)))
    budget = budget_summary(modules, int(profile.budget.ai_budget_eur_24m))
    if not budget.within_limit:
        warnings.append(t("baseline_over_budget", lang, total=budget.total_eur, limit=budget.limit_eur))
    return assemble_roadmap(
        profile,
        generated_with,
        modules=modules,
        findings=_findings(answer, catalog),
        budget=budget,
        warnings=warnings,
        executive_summary=answer.executive_summary,
    )


# -- the topology ---------------------------------------------------------------------------


def run_single_prompt(
    profile: Profile,
    settings: BaselineSettings,
    runtime: LLMRuntime,
    store: KnowledgeStore | None = None,
) -> Roadmap:
    """Plan a roadmap with ONE LLM call on the user's original prompt; raise :class:`BaselineError` on failure.

    ``runtime.llm`` (its models, cache, retries, tracer) is used under the agent name ``"baseline"``;
    the call's accounting goes to ``generated_with.usage``, not to ``runtime.llm.usage``.
    ``runtime.prompts`` is not used: the seed prompt comes from ``settings.prompts_dir/baseline/<lang>.md``
    if present, else the bundled file. ``store`` only supplies the catalog (knowledge version, legal
    ids); without it the catalog is loaded from the package.
    """
    catalog = store.catalog if store is not None else load_catalog()
    prompt = load_baseline_prompt(settings.lang, settings.prompts_dir)
    message = HumanMessage(prompt.render(daten=profile_block(profile)))
    llm = dataclasses.replace(runtime.llm, usage={})  # this roadmap's own accounting, even if runs share a runtime
    try:
        answer, _raw = llm.invoke(AGENT, [message], BaselineRoadmap)
    except LLMError as err:
        raise BaselineError(f"single-prompt baseline: model call failed: {err}") from err
    names = llm.model_names
    generated_with = GeneratedWith(
        backend="openai",
        model=names.get(AGENT, names["default"]),
        prompt_version=prompt.version,
        knowledge_version=catalog.version,
        created_at=reproducible_timestamp("openai"),
        language=settings.lang,
        fahrplan_version=fahrplan_version(),
        planner_version=PLANNER,
        prompt_hashes={f"{prompt.lang}/baseline": prompt.sha256[:12]},
        usage=usage_summary(llm.usage),
    )
    return to_roadmap(answer, profile, settings, catalog=catalog, generated_with=generated_with)
