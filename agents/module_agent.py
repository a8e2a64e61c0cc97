"""The module agent: retrieve the module's initiatives, assess them for the profile, and plan.

One instance runs per roadmap module; the offline planner is the default backend and the
draft every LLM backend starts from.
"""

from __future__ import annotations

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.goal_fit import text_relevance
from fahrplan.agents.planning import (
    Assessment,
    applicability,
    assess,
    earliest_phases,
    milestones_for,
    selection_size,
)
from fahrplan.agents.tailoring import camera_restricted, exclusion_note
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Milestone
from fahrplan.core.texts import MODULE_GOALS
from fahrplan.core.vocab import OUTCOME_LEVERS
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import ModuleId
from fahrplan.knowledge.store import Hit

__all__ = [
    "FALLBACK_RELEVANCE",
    "GOAL_TOP_SHARE",
    "goal_relevance",
    "plan_module",
    "related_documents",
    "select_initiatives",
]

# Dense similarity a user-document chunk needs to be cited by a module (E5, see knowledge/).
DOCUMENT_SIMILARITY = 0.83
MAX_DOCUMENTS = 3


def related_documents(module: ModuleId, profile: Profile, deps: AgentDeps) -> tuple[Hit, ...]:
    """Retrieve the user's own documents that speak to this module (for citation)."""
    query = " ".join([MODULE_GOALS[module][deps.lang], *profile.goals])
    hits = deps.retriever.scores([query], kind="document")
    chosen = sorted((h for h in hits.values() if h.score >= DOCUMENT_SIMILARITY), key=lambda h: (-h.score, h.id))
    return tuple(chosen[:MAX_DOCUMENTS])


GOAL_TOP_SHARE = 0.7
"""An initiative serves a goal only if its relevance is at least this share of the best applicable one's.

Many initiatives share a broad lever with a goal ("labour productivity": scheduling, product texts, shelf
labels); only the few that move the goal's KPI most directly serve it, so a weak lever match never
stands in for the initiative the goal asks for.
"""


FALLBACK_RELEVANCE = 0.5
"""Least relevance of a second-line initiative for a goal: it moves the goal's lever clearly, but less directly
than the best one. It serves the goal only in a plan that funds none of the first-line initiatives."""


def goal_relevance(
    module: ModuleId, profile: Profile, deps: AgentDeps
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]], tuple[str, ...]]:
    """Return this module's first-line and second-line {initiative: {goal: relevance}} and the ids.

    An initiative is relevant for a goal only when it moves one of the goal's levers
    (:func:`fahrplan.agents.goal_fit.text_relevance`). It is first-line when it comes close to the most
    relevant initiative that applies to this company (:data:`GOAL_TOP_SHARE`), second-line when it is
    clearly relevant (:data:`FALLBACK_RELEVANCE`) through an outcome KPI several mechanisms move
    (:data:`~fahrplan.core.vocab.OUTCOME_LEVERS`) without coming that close.
    """
    catalog = deps.catalog
    relevance: dict[str, dict[str, float]] = {}
    second: dict[str, dict[str, float]] = {}
    applies: dict[str, bool] = {}  # per initiative, shared by all goals

    def applicable(ini_id: str) -> bool:
        if ini_id not in applies:
            applies[ini_id] = applicability(catalog.initiatives[ini_id], profile) is None
        return applies[ini_id]

    for goal in profile.goals:
        match, scores = text_relevance(goal, deps)
        outcomes = set(match.levers) & set(OUTCOME_LEVERS)
        best = max((r for i, r in scores.items() if applicable(i)), default=0.0)
        for ini_id, rel in scores.items():
            if catalog.initiatives[ini_id].module != module or rel <= 0:
                continue
            if rel >= GOAL_TOP_SHARE * best:
                relevance.setdefault(ini_id, {})[goal] = rel
            elif rel >= FALLBACK_RELEVANCE and outcomes & set(catalog.initiatives[ini_id].levers):
                second.setdefault(ini_id, {})[goal] = rel
    return relevance, second, tuple(sorted(relevance))


def select_initiatives(
    catalog: Catalog,
    assessments: dict[str, Assessment],
    excluded: dict[str, str],
    limit: int,
) -> tuple[str, ...]:
    """Choose the module's initiatives: mandatory and requested ones, then the best by score.

    In-module prerequisites of a chosen initiative are chosen too; an initiative whose
    prerequisite does not apply is excluded instead.
    """
    chosen: list[str] = []

    def add(ini_id: str) -> bool:
        if ini_id in chosen:
            return True
        ini = catalog.initiatives[ini_id]
        local = [p for p in ini.prerequisites if catalog.initiatives[p].module == ini.module]
        if any(p not in assessments for p in local):
            excluded[ini_id] = "prerequisite:" + ",".join(p for p in local if p not in assessments)
            return False
        if all(add(p) for p in local):
            chosen.append(ini_id)
            return True
        return False

    ranked = sorted(assessments.values(), key=lambda a: (-a.score, a.initiative))
    for a in ranked:
        if catalog.initiatives[a.initiative].mandatory or a.matched_use_cases:
            add(a.initiative)
    for ini_id in _goal_candidates(assessments):
        add(ini_id)
    optional = 0
    for a in ranked:
        if optional >= limit:
            break
        if a.initiative in chosen or a.quadrant == "drop":
            continue
        if add(a.initiative):
            optional += 1
    return tuple(chosen)


GOAL_CANDIDATES = 2
"""Initiatives per stated goal a module proposes regardless of its score; the portfolio solver decides."""


def _goal_candidates(assessments: dict[str, Assessment]) -> list[str]:
    """The module's best initiatives for each stated goal (by goal relevance, then score)."""
    goals = sorted({g for a in assessments.values() for g in a.matched_goals})
    out: list[str] = []
    for goal in goals:
        serving = sorted(
            (a for a in assessments.values() if goal in a.matched_goals),
            key=lambda a: (-dict(a.goal_scores).get(goal, 0.0), -a.score, a.initiative),
        )
        out += [a.initiative for a in serving[:GOAL_CANDIDATES] if a.initiative not in out]
    return out


def plan_module(
    module: ModuleId,
    profile: Profile,
    matches: tuple[UseCaseMatch, ...],
    deps: AgentDeps,
) -> ModuleDraft:
    """Plan one module offline: deterministic, tailored to ``profile``, citing the catalog."""
    catalog = deps.catalog
    relevance, second, retrieved = goal_relevance(module, profile, deps)
    excluded: dict[str, str] = {}
    assessments: dict[str, Assessment] = {}
    for ini in catalog.by_module(module):
        reason = applicability(ini, profile)
        requested = tuple(m.use_case for m in matches if m.initiative == ini.id)
        if reason is None and not requested and camera_restricted(ini, profile):
            reason = "constraint:camera_restriction"  # the agreement admits the camera use case asked for, no other
        if reason is not None:
            excluded[ini.id] = reason
            continue
        assessments[ini.id] = assess(
            ini,
            profile,
            goal_scores=relevance.get(ini.id, {}),
            fallback_scores=second.get(ini.id, {}),
            use_case_matches=requested,
            weights=deps.weights,
            rules=[catalog.rules[r] for r in ini.reviewed_rules],  # the whole plan of it, scale step included
        )
    selected = select_initiatives(catalog, assessments, excluded, selection_size(profile))
    phases = earliest_phases(catalog, profile)
    milestones: list[Milestone] = []
    for ini_id in sorted(selected, key=lambda i: (phases[i], -assessments[i].score, i)):
        milestones += milestones_for(catalog.initiatives[ini_id], assessments[ini_id], phases[ini_id], lang=deps.lang)
    notes = (exclusion_note(excluded[i], catalog.initiatives[i], profile, deps.lang) for i in sorted(excluded))
    return ModuleDraft(
        module=module,
        assessments=assessments,
        selected=selected,
        phases={i: phases[i] for i in selected},
        milestones=tuple(milestones),
        excluded=excluded,
        retrieved=retrieved,
        documents=related_documents(module, profile, deps),
        warnings=tuple(n for n in notes if n is not None),
    )
