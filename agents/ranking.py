"""Rank the six modules: each module's score from its top initiatives, the order, and the reasons."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft
from fahrplan.agents.planning import Assessment
from fahrplan.core.i18n import quote
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import ComplianceFinding, Milestone, Priority
from fahrplan.core.texts import t, tn
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import MODULE_IDS, ModuleId

BUSINESS_MODULES: tuple[ModuleId, ...] = ("personalization", "supply_chain", "omnichannel")
"""The modules that create business value; the others are the mandatory/enabling track."""

__all__ = ["BUSINESS_MODULES", "TOP_N", "RankedModule", "module_scores", "rank_modules", "top_initiatives"]

TOP_N = 3


class _Scored(Protocol):
    @property
    def score(self) -> float: ...


S = TypeVar("S", bound=_Scored)


def top_initiatives(planned: Sequence[S], assessed: Sequence[S], ident: Callable[[S], str]) -> list[S]:
    """Return the initiatives a module's score averages: its TOP_N best planned ones (ties by id).

    A module with nothing planned is scored by its TOP_N best assessed initiatives instead.
    """
    return sorted(list(planned) or list(assessed), key=lambda x: (-x.score, ident(x)))[:TOP_N]


def module_scores(
    module: ModuleId,
    planned: list[str],
    assessments: Mapping[str, Assessment],
    draft: ModuleDraft,
    *,
    inbound_dependencies: int,
    conditional_findings: int,
    weights_impact: float,
    weights_feasibility: float,
) -> tuple[float, float, float]:
    """Return (impact, feasibility, score) of a module from its top initiatives.

    Foundations gain 0.5 impact per module that depends on them (max 1); the compliance module
    gains 0.25 per use case with conditions or a ban (max 1).
    """
    own = [assessments[i] for i in planned if i in assessments]
    top = top_initiatives(own, list(draft.assessments.values()), lambda a: a.initiative)
    if not top:
        return 0.0, 0.0, 0.0
    impact = sum(a.impact for a in top) / len(top)
    feasibility = sum(a.feasibility for a in top) / len(top)
    impact += min(1.0, 0.5 * inbound_dependencies)
    if module == "compliance":
        impact += min(1.0, 0.25 * conditional_findings)
    impact, feasibility = round(min(10.0, impact), 1), round(min(10.0, feasibility), 1)
    return impact, feasibility, round(weights_impact * impact + weights_feasibility * feasibility, 2)


@dataclass(frozen=True)
class RankedModule:
    """One module's place in the ranking, with the milestones and initiatives it plans."""

    module: ModuleId
    milestones: list[Milestone]
    planned: list[str]
    priority: Priority


def _inbound_modules(placed: tuple[Milestone, ...], catalog: Catalog) -> dict[str, set[str]]:
    """For each module, the other modules with a milestone that depends on one of its milestones."""
    module_of = {m.id: catalog.initiatives[m.initiative].module for m in placed}
    inbound: dict[str, set[str]] = {mod: set() for mod in MODULE_IDS}
    for m in placed:
        for dep in m.depends_on:
            if dep in module_of and module_of[dep] != module_of[m.id]:
                inbound[module_of[dep]].add(module_of[m.id])
    return inbound


def rank_modules(
    profile: Profile,
    placed: tuple[Milestone, ...],
    findings: list[ComplianceFinding],
    assessments: Mapping[str, Assessment],
    drafts: Mapping[str, ModuleDraft],
    deps: AgentDeps,
) -> list[RankedModule]:
    """Score the six modules from their placed milestones and rank them (ties: module order)."""
    catalog, lang = deps.catalog, deps.lang
    inbound = _inbound_modules(placed, catalog)
    conditional = sum(1 for f in findings if f.verdict != "permitted")
    scored = []
    for module in MODULE_IDS:
        ms = [m for m in placed if catalog.initiatives[m.initiative].module == module]
        planned = list(dict.fromkeys(m.initiative for m in ms))
        impact, feasibility, score = module_scores(
            module,
            planned,
            assessments,
            drafts[module],
            inbound_dependencies=len(inbound[module]),
            conditional_findings=conditional,
            weights_impact=deps.weights.impact,
            weights_feasibility=deps.weights.feasibility,
        )
        scored.append((module, ms, planned, impact, feasibility, score))
    track = {module: _track(module, planned, catalog) for module, _, planned, *_ in scored}
    scored.sort(key=lambda x: (track[x[0]] != "value", -x[5], MODULE_IDS.index(x[0])))
    ranked = []
    for rank, (module, ms, planned, impact, feasibility, score) in enumerate(scored, start=1):
        reasons = _rank_reasons(module, planned, assessments, profile, len(inbound[module]), conditional, catalog, lang)
        if track[module] == "enabling":
            # a module without a planned step is neither a duty nor an enabler here: it is not funded in this plan
            driver = "driver_unfunded" if not planned else "driver_enabling"
            reasons = " ".join([t(driver, lang), reasons]).strip()
        rationale = t("rationale", lang, rank=rank, impact=impact, feasibility=feasibility, drivers=reasons).strip()
        priority = Priority(
            rank=rank, impact=impact, feasibility=feasibility, score=score, rationale=rationale, track=track[module]
        )
        ranked.append(RankedModule(module=module, milestones=ms, planned=planned, priority=priority))
    return ranked


def _track(module: ModuleId, planned: list[str], catalog: Catalog) -> Literal["value", "enabling"]:
    """Business modules with planned value rank on the value track; duties and enablers on their own track."""
    if module in BUSINESS_MODULES and any(not catalog.initiatives[i].mandatory for i in planned):
        return "value"
    return "enabling"


def _rank_reasons(
    module: ModuleId,
    planned: list[str],
    assessments: Mapping[str, Assessment],
    profile: Profile,
    inbound: int,
    conditional: int,
    catalog: Catalog,
    lang: Lang,
) -> str:
    """Say what drives the module's rank: goals, use cases, maturity gap, dependants, duties, findings."""
    parts = []
    goals = list(dict.fromkeys(g for i in planned if i in assessments for g in assessments[i].matched_goals))
    if goals:
        parts.append(t("driver_goals", lang, goals=", ".join(quote(g, lang, 60) for g in goals[:3])))
    cases = {c for i in planned if i in assessments for c in assessments[i].matched_use_cases}
    if cases:
        parts.append(t("driver_use_cases", lang, n=len(cases)))
    need = max((catalog.initiatives[i].min_maturity for i in planned), default=0)
    if need > profile.data_and_it.maturity:
        parts.append(t("driver_maturity", lang, have=profile.data_and_it.maturity, need=need))
    if inbound:
        parts.append(tn("driver_foundation", lang, inbound))
    if any(catalog.initiatives[i].mandatory for i in planned):
        parts.append(t("driver_mandatory", lang))
    if module == "compliance" and conditional:
        parts.append(t("driver_findings", lang, n=conditional))
    return " ".join(parts)
