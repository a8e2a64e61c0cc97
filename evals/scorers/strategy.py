"""Strategy scorers: what a retailer's board sees on the first page, measured against expert labels.

Each scorer is a pure function ``(Roadmap, ScoreContext) -> Score`` whose explanation names what
failed. The labels (:mod:`fahrplan.evals.labels`) were written before any tuning; the rules of
thumb for plan shape come from ``shared/reference/strategy-principles.md`` (few pilots then scale,
spend follows value, a reserve, a critical path inside the plan, real quick wins, one story).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from fahrplan.core.roadmap import DeferredItem, Milestone, ModulePlan, Roadmap
from fahrplan.core.vocab import ModuleId
from fahrplan.evals.labels import GoalLabel, UseCaseLabel
from fahrplan.evals.schema import Score, ScoreContext
from fahrplan.evals.scorers.base import Tally, named, roadmap_texts

__all__ = [
    "BUSINESS_MODULES",
    "STRATEGY_SCORERS",
    "consistency",
    "goal_mapping",
    "plan_shape",
    "quick_wins_per_module",
    "tailoring",
    "use_case_mapping",
    "value_first",
]

BUSINESS_MODULES: tuple[ModuleId, ...] = ("personalization", "supply_chain", "omnichannel")
PLAN_MONTHS = 24
LATE_SPEND_SHARE = 0.25  # spend in months 12-24 when anything is deferred for budget
SCALE_SHARE = 0.6  # business pilots that also scale within the 24 months
RESERVE_SHARE = 0.10  # the lower end of the 10-15 % reserve
RESERVE_CEILING = 0.15  # above this, a budget deferral contradicts the reserve
MAX_PARALLEL_PILOTS = 5
QUICK_WIN_COST_SHARE = 0.10  # "low cost": at most this share of the 24-month budget

_SHIFT = re.compile(r"(verschoben|moved|shifted)\b.*\b(auf|to)\s+(0-6|6-12|12-24)", re.IGNORECASE)
_DECISIONS = re.compile(r"^(Entscheidungen|Decisions)\b", re.IGNORECASE)


def _ratio_score(failures: list[str], total: int, noun: str, empty: str) -> Score:
    """The shared tally's score for ``total`` checks of which ``failures`` failed."""
    return Tally(noun=noun, verb="fail", total=total, failures=failures).score(empty)


def _milestones(roadmap: Roadmap) -> list[Milestone]:
    return roadmap.all_milestones()


def _planned(roadmap: Roadmap) -> set[str]:
    """Initiatives with at least one scheduled milestone (deferred work is not planned)."""
    return {ms.initiative for ms in _milestones(roadmap) if ms.initiative}


# -- goals and use cases --------------------------------------------------------------------------


def _goal_outcome(label: GoalLabel, mapped: set[str], has_entry: bool, ctx: ScoreContext) -> tuple[bool, int, int]:
    """Return (hit, acceptable mapped, judged mapped) for one labelled goal."""
    acceptable, wrong = set(label.acceptable), set(label.wrong)
    reachable = {i for i in acceptable if i in ctx.catalog.initiatives}
    # when only a future catalog entry moves the goal, saying "none" honestly is the right answer
    honest_none = not reachable and has_entry and not mapped
    hit = bool(mapped & acceptable) or honest_none
    return hit, len(mapped & acceptable), len(mapped & (acceptable | wrong))


def goal_mapping(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score goal coverage: F1 of recall (an acceptable initiative serves the goal) and mapping precision."""
    labels = ctx.labels
    goals = [g for g in (labels.goals if labels else []) if g.acceptable or g.wrong]
    if not goals:
        return Score(1.0, "no labelled goals")
    coverage = {gc.goal: gc for gc in roadmap.goal_coverage}
    planned = _planned(roadmap)
    hits, good, judged = 0, 0, 0
    misses: list[str] = []
    wrong_maps: list[str] = []
    for label in goals:
        entry = coverage.get(label.goal)
        mapped = set(entry.initiatives) & planned if entry else set()
        hit, n_good, n_judged = _goal_outcome(label, mapped, entry is not None, ctx)
        hits += hit
        good, judged = good + n_good, judged + n_judged
        if not hit:
            misses.append(f"'{label.goal[:60]}' -> {sorted(mapped) or 'nothing'}")
        wrong_maps += [f"'{label.goal[:40]}' -> {i}" for i in sorted(mapped & set(label.wrong))]
    recall = hits / len(goals)
    precision = good / judged if judged else recall
    value = 0.0 if recall + precision == 0 else 2 * recall * precision / (recall + precision)
    parts = [f"recall {recall:.2f} ({hits}/{len(goals)} goals served)", f"precision {precision:.2f}"]
    if misses:
        parts.append("missed: " + named(misses))
    if wrong_maps:
        parts.append("wrong: " + named(wrong_maps))
    return Score(round(value, 4), "; ".join(parts))


def _use_case_hit(label: UseCaseLabel, initiatives: set[str], recommendation: str, ctx: ScoreContext) -> bool:
    wanted = set(label.realised_by)
    if any(i in ctx.catalog.initiatives for i in wanted):
        return bool(initiatives & wanted)
    # nothing in the catalog realises it: the right answer is a concrete recommendation
    return bool(initiatives & wanted) or (not initiatives and bool(recommendation.strip()))


def use_case_mapping(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score the share of planned use cases mapped to what realises them (or their alternative)."""
    labels = ctx.labels
    cases = labels.use_cases if labels else []
    coverage = {uc.use_case: uc for uc in roadmap.use_case_coverage}
    failures: list[str] = []
    for label in cases:
        entry = coverage.get(label.use_case)
        if entry is None:
            failures.append(f"'{label.use_case[:60]}': no use_case_coverage entry")
        elif not _use_case_hit(label, set(entry.initiatives), entry.recommendation, ctx):
            expected = label.realised_by or ["a recommendation"]
            failures.append(f"'{label.use_case[:50]}' -> {entry.initiatives or '[]'}, expected {expected}")
    return _ratio_score(failures, len(cases), "use cases", "no labelled use cases")


# -- fit to the company -----------------------------------------------------------------------------


def _word_pattern(word: str) -> re.Pattern[str]:
    """Match ``word`` at the start of a word, case-insensitively ("Filial" also finds "Filialen")."""
    return re.compile(r"(?<![\wÄÖÜäöüß])" + re.escape(word), re.IGNORECASE)


def _without_titles(text: str, titles: list[str]) -> str:
    for title in titles:
        text = text.replace(title, "")
    return text


def tailoring(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score fit: no initiative that does not fit this company, no word that must not appear in its roadmap.

    The module names are the user's (the seed's six modules, "Omnichannel & in-store analytics" too): they
    are not the roadmap's wording and are left out of the word check.
    """
    labels = ctx.labels
    if labels is None:
        return Score(1.0, "no labels")
    planned = _planned(roadmap)
    failures = [
        f"{nf.initiative} planned ({nf.reason}: {nf.why[:60]})" for nf in labels.not_fitting if nf.initiative in planned
    ]
    titles = [m.title for m in roadmap.modules if m.title]
    texts = [(section, _without_titles(text, titles)) for section, text in roadmap_texts(roadmap)]
    for word in labels.forbidden_words:
        pattern = _word_pattern(word)
        where = [section for section, text in texts if pattern.search(text)]
        if where:
            failures.append(f"'{word}' in {len(where)} text(s), e.g. {where[0]}")
    total = len(labels.not_fitting) + len(labels.forbidden_words)
    return _ratio_score(failures, total, "fit checks", "no fit labels")


# -- plan shape -------------------------------------------------------------------------------------


def _budget_deferrals(roadmap: Roadmap) -> list[DeferredItem]:
    """Backlog items deferred for budget (the reason text names the budget in both languages)."""
    return [d for d in roadmap.deferred if re.search(r"budget", d.reason, re.IGNORECASE)]


def _pilot_cap(internal_fte: float) -> int:
    """Pilots a company can run at once: about one per two internal FTE, between one and five."""
    return max(1, min(MAX_PARALLEL_PILOTS, math.ceil(internal_fte / 2)))


def _scaling_share(roadmap: Roadmap, ctx: ScoreContext) -> tuple[int, int]:
    """(business pilots that scale within 24 months, business pilots that could scale)."""
    steps = {(ms.initiative, ms.step) for ms in _milestones(roadmap)}
    pilots = {
        ms.initiative
        for m in roadmap.modules
        if m.id in BUSINESS_MODULES
        for ms in m.milestones
        if ms.step == "pilot"
        and ms.initiative in ctx.catalog.initiatives
        and ctx.catalog.initiatives[ms.initiative].scale_step is not None
    }
    return sum((i, "scale") in steps for i in pilots), len(pilots)


def _shape_checks(roadmap: Roadmap, ctx: ScoreContext) -> list[tuple[str, float]]:
    """Each applicable plan-shape check as (what it says, sub-score 0..1)."""
    checks: list[tuple[str, float]] = []
    path = roadmap.critical_path
    if path is not None:
        checks.append((f"critical path {path.months} months", 1.0 if path.months <= PLAN_MONTHS else 0.0))
    total = roadmap.budget.total_eur
    if _budget_deferrals(roadmap) and total > 0:
        late = roadmap.budget.by_phase.get("12-24", 0) / total
        checks.append((f"{late:.0%} of spend in months 12-24 with budget deferrals", min(1.0, late / LATE_SPEND_SHARE)))
    scaled, pilots = _scaling_share(roadmap, ctx)
    if pilots:
        share = scaled / pilots
        checks.append((f"{scaled}/{pilots} business pilots scale", min(1.0, share / SCALE_SHARE)))
    # "few pilots" means use-case pilots: legal duties, enablers and compliance programmes are not pilots
    early = [
        ms
        for m in roadmap.modules
        if m.id in BUSINESS_MODULES
        for ms in m.milestones
        if ms.step == "pilot" and ms.phase == "0-6" and not _mandatory(ms.initiative, ctx)
    ]
    cap = _pilot_cap(ctx.profile.budget.internal_fte_available or 0.0)
    checks.append((f"{len(early)} pilots in months 0-6 for a cap of {cap}", min(1.0, cap / max(1, len(early)))))
    limit = roadmap.budget.limit_eur
    if limit > 0:
        reserve = (limit - total) / limit
        checks.append((f"reserve {reserve:.0%}", min(1.0, max(0.0, reserve) / RESERVE_SHARE)))
    return checks


def plan_shape(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score few-pilots-then-scale: critical path, late spend, scaling, parallel pilots and reserve."""
    checks = _shape_checks(roadmap, ctx)
    value = sum(v for _, v in checks) / len(checks)
    failing = [f"{what} ({v:.2f})" for what, v in checks if v < 1.0]
    if not failing:
        return Score(1.0, f"all {len(checks)} shape checks pass")
    return Score(round(value, 4), f"{len(failing)} of {len(checks)} shape checks short: " + named(failing))


# -- ranking, quick wins, one story ---------------------------------------------------------------


def _mandatory(initiative: str, ctx: ScoreContext) -> bool:
    entry = ctx.catalog.initiatives.get(initiative)
    return entry is not None and entry.mandatory


def _has_value(module: ModulePlan, ctx: ScoreContext) -> bool:
    """A pilot or rollout of an optional initiative (preparation and review steps deliver nothing)."""
    return any(
        ms.step in ("pilot", "scale")
        and ms.initiative in ctx.catalog.initiatives
        and not _mandatory(ms.initiative, ctx)
        for ms in module.milestones
    )


def value_first(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score value first: business modules with planned value rank above the mandatory/enabling modules."""
    business = [m for m in roadmap.modules if m.id in BUSINESS_MODULES and _has_value(m, ctx)]
    enabling = [m for m in roadmap.modules if m.id not in BUSINESS_MODULES]
    failures = [
        f"{e.id} (rank {e.priority.rank}) above {b.id} (rank {b.priority.rank})"
        for e in enabling
        for b in business
        if e.priority.rank < b.priority.rank
    ]
    return _ratio_score(failures, len(business) * len(enabling), "rank pairs", "no business module with value")


def _paperwork(initiative: str, ctx: ScoreContext) -> bool:
    """Legal duties, compliance paperwork and enablers (a leadership workshop): necessary, but not what a board
    calls a quick win."""
    entry = ctx.catalog.initiatives.get(initiative)
    return entry is None or not entry.is_business


def _genuine_quick_win(module: ModulePlan, roadmap: Roadmap, ctx: ScoreContext) -> bool:
    cheap = QUICK_WIN_COST_SHARE * roadmap.budget.limit_eur
    return any(
        ms.quick_win and ms.phase == "0-6" and ms.budget_eur <= cheap and not _paperwork(ms.initiative, ctx)
        for ms in module.milestones
    )


def quick_wins_per_module(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score modules with a genuine quick win (value in 0-6 months at low cost) or a reason for none."""
    failures: list[str] = []
    for m in roadmap.modules:
        ids = {ms.id for ms in m.milestones}
        statement = any(q not in ids and len(q.split()) > 3 for q in m.quick_wins)
        if not (_genuine_quick_win(m, roadmap, ctx) or statement):
            failures.append(f"{m.id}: no genuine quick win and no reason given")
    return _ratio_score(failures, len(roadmap.modules), "modules", "no modules")


def _titles(ctx: ScoreContext) -> dict[str, str]:
    """Initiative title (both languages) -> id."""
    out: dict[str, str] = {}
    for ini in ctx.catalog.initiatives.values():
        out[ini.title.de] = ini.id
        out[ini.title.en] = ini.id
    return out


def _mentioned(text: str, titles: dict[str, str]) -> Iterable[str]:
    return {ini for title, ini in titles.items() if title in text}


def _package_cost(item: DeferredItem, deferred: Sequence[DeferredItem]) -> int:
    """What funding ``item`` would cost: itself plus the deferred prerequisites its reason names."""
    return item.budget_eur + sum(d.budget_eur for d in deferred if d is not item and d.title in item.reason)


def consistency(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score one story: summary, decisions, warnings and backlog agree with the schedule."""
    failures: list[str] = []
    total = 0
    for item in roadmap.deferred:
        total += 1
        if any(item.title in w and _SHIFT.search(w) for w in roadmap.warnings):
            failures.append(f"'{item.title}' is in the backlog but a warning says it was moved into the plan")
    planned = _planned(roadmap)
    titles = _titles(ctx)
    for line in roadmap.executive_summary:
        if _DECISIONS.search(line):
            for ini in sorted(_mentioned(line, titles)):
                total += 1
                if ini not in planned:
                    failures.append(f"a board decision names {ini}, which is not planned")
    deferred_budget = _budget_deferrals(roadmap)
    if deferred_budget:
        total += 1
        spare = roadmap.budget.limit_eur * (1 - RESERVE_CEILING) - roadmap.budget.total_eur
        affordable = [d.title for d in deferred_budget if _package_cost(d, roadmap.deferred) <= spare]
        if affordable:
            failures.append(f"deferred for budget although the unspent budget covers: {named(affordable)}")
    return _ratio_score(failures, total, "consistency checks", "nothing to cross-check")


STRATEGY_SCORERS = {
    "goal_mapping": goal_mapping,
    "use_case_mapping": use_case_mapping,
    "tailoring": tailoring,
    "plan_shape": plan_shape,
    "value_first": value_first,
    "quick_wins_per_module": quick_wins_per_module,
    "consistency": consistency,
}
