"""Give every phase of a module a milestone without padding: dated preparation, review and decision steps.

Pure. The seed asks for milestones in 0–6, 6–12 and 12–24 months per module; where the schedule leaves a
phase empty, it gets a step with a date and a purpose: preparing the next step (or a pilot's rollout) right
before it, measuring the KPIs' baseline where a module funds nothing yet, one
impact review per initiative with the board's decision (roll out, adjust or stop), or a dated decision on
the module's best unfunded initiative that the matrix does not drop. Every business pilot that can scale ends
with that review in its last month, whether or not its rollout is funded: no rollout without a decision. Never two
reviews of one step; once everything in a module runs and is reviewed, a finished rollout gets its effectiveness
review in operation and then the preparation of its next expansion stage.
"""

from __future__ import annotations

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft
from fahrplan.core.roadmap import PHASES, Milestone, Phase
from fahrplan.core.texts import t
from fahrplan.core.vocab import PHASE_MONTHS, Lang, phase_of_month
from fahrplan.knowledge.schema import Initiative, ModuleId

__all__ = ["fill_phases"]

_PREPARE_MONTHS = 2  # preparation right before the first step
_ASSESS_MONTHS = 3  # checking the case at the start of an earlier empty phase
_NEXT_ROUND_MONTHS = 3  # preparing the next budget round after a positive decision


def _months(phase: Phase) -> tuple[int, int]:
    """First and last month of ``phase``, counted 1-24."""
    lo, hi = PHASE_MONTHS[phase]
    return lo + 1, hi


def fill_phases(module: ModuleId, ms: list[Milestone], draft: ModuleDraft, deps: AgentDeps) -> list[Milestone]:
    """The module's milestones plus one dated step for each empty phase."""
    lang, catalog = deps.lang, deps.catalog
    if not ms:  # not funded here: measure the baseline, decide after the first results, prepare the next round
        ini = catalog.initiatives[_anchor(module, draft, deps)]
        return [
            _step(ini, "0-6", "baseline", lang, start=1, months=_ASSESS_MONTHS, kpis=_kpi_text(ini, lang)),
            _step(ini, "6-12", "decide", lang, start=12, months=1),
            _step(ini, "12-24", "next_round", lang, start=13, months=_NEXT_ROUND_MONTHS),
        ]
    out = list(ms)
    gates = _pilot_decisions(ms, deps)
    out += gates
    reviewed = {g.initiative for g in gates if g.initiative}
    decided: set[str] = set()
    operated: set[str] = set()
    for index, phase in enumerate(PHASES):
        if any(m.phase == phase for m in out):
            continue
        later = [m for m in ms if PHASES.index(m.phase) > index]
        if later:
            first = min(later, key=lambda m: (PHASES.index(m.phase), m.start_month or 0, m.id))
            piloted = any(m.step == "pilot" and m.initiative == first.initiative for m in ms)
            out.append(_before(catalog.initiatives[first.initiative], phase, first, index, lang, piloted=piloted))
            continue
        target = _unreviewed(ms, reviewed)
        if target is not None:
            reviewed.add(target.initiative)
            out.append(_review(catalog.initiatives[target.initiative], phase, target, lang))
            continue
        spare = _unfunded(draft, ms, deps)
        lo, _ = _months(phase)
        if spare is not None and spare in decided:  # decided on in an earlier phase: prepare its budget round
            out.append(
                _step(catalog.initiatives[spare], phase, "next_round", lang, start=lo, months=_NEXT_ROUND_MONTHS)
            )
        elif spare is not None:
            decided.add(spare)
            out.append(_step(catalog.initiatives[spare], phase, "decide", lang, start=lo, months=1))
        else:  # every initiative of the module runs and is reviewed: what follows it
            out.append(_after_all(ms, phase, operated, deps))
    return sorted(out, key=lambda m: (PHASES.index(m.phase), m.step != "prepare", m.id))


def _after_all(ms: list[Milestone], phase: Phase, operated: set[str], deps: AgentDeps) -> Milestone:
    """The step of an empty phase once every initiative of the module runs and is reviewed: the effectiveness review
    of a finished rollout in regular operation, then its next expansion stage for the next budget round; a pilot
    whose rollout the plan does not fund prepares that rollout for the next round (``operated``: rollouts already
    reviewed in operation, updated)."""
    lo, _ = _months(phase)
    last = max(ms, key=lambda m: (_end(m), m.id))
    ini = deps.catalog.initiatives[last.initiative]
    rollout = next((m for m in ms if m.initiative == ini.id and m.step == "scale"), None)
    if rollout is None:
        return _step(ini, phase, "next_round", deps.lang, start=lo, months=_NEXT_ROUND_MONTHS)
    if ini.id not in operated and _end(rollout) < PHASE_MONTHS[phase][1]:
        operated.add(ini.id)
        return _review(ini, phase, rollout, deps.lang)
    return _step(ini, phase, "next_stage", deps.lang, start=lo, months=_NEXT_ROUND_MONTHS)


def _anchor(module: ModuleId, draft: ModuleDraft, deps: AgentDeps) -> str:
    """The initiative an unfunded module describes: its best assessment, else the best that applies."""
    candidates = sorted(draft.assessments.values(), key=lambda a: (-a.score, a.initiative))
    if candidates:
        return candidates[0].initiative
    catalog = deps.catalog
    pool = [i for i in catalog.by_module(module) if i.id not in draft.excluded] or catalog.by_module(module)
    return max(pool, key=lambda i: (i.base_impact, i.id)).id


def _before(ini: Initiative, phase: Phase, first: Milestone, index: int, lang: Lang, *, piloted: bool) -> Milestone:
    """Prepare the first step right before its phase (``piloted``: a rollout after its own pilot, whose case the
    pilot already checked); an earlier empty phase checks the case first."""
    lo, hi = _months(phase)
    if PHASES.index(first.phase) == index + 1:
        kind = "prepare_rollout" if first.step == "scale" and piloted else "prepare"
        if kind == "prepare_rollout" and not ini.is_business:  # a duty or enabler widens: no go/no-go on its value
            kind = "prepare_extension"
        start = hi - _PREPARE_MONTHS + 1
        return _step(
            ini, phase, kind, lang, start=start, months=_PREPARE_MONTHS, phase_text=first.phase, month=first.start_month
        )
    return _step(ini, phase, "assess", lang, start=lo, months=_ASSESS_MONTHS, phase_text=first.phase)


def _pilot_decisions(ms: list[Milestone], deps: AgentDeps) -> list[Milestone]:
    """Every business pilot that can scale ends with the board's go/no-go on its rollout, in its last month: a
    rollout starts at the earliest in the month after, so never before its review."""
    out: list[Milestone] = []
    for pilot in (m for m in ms if m.step == "pilot" and m.initiative and m.start_month is not None):
        ini = deps.catalog.initiatives[pilot.initiative]
        if ini.is_business and ini.scale_step is not None:
            month = min(24, _end(pilot))
            funded = any(m.step == "scale" and m.initiative == ini.id for m in ms)
            out.append(_review(ini, phase_of_month(month - 1), pilot, deps.lang, month=month, funded=funded))
    return out


def _unreviewed(ms: list[Milestone], reviewed: set[str]) -> Milestone | None:
    """The latest-ending business step whose initiative has no review yet."""
    steps = [m for m in ms if m.step in ("pilot", "scale") and m.initiative not in reviewed]
    return max(steps, key=lambda m: (_end(m), m.id)) if steps else None


def _end(m: Milestone) -> int:
    """Last month of a step: as scheduled, else the end of its phase."""
    if m.start_month is not None and m.months:
        return m.start_month + m.months - 1
    return PHASE_MONTHS[m.phase][1]


def _unfunded(draft: ModuleDraft, ms: list[Milestone], deps: AgentDeps) -> str | None:
    """The module's best assessed initiative the plan does not run (a decision on it is a real step); one the
    value x feasibility matrix says to drop is not put to the board for a start."""
    running = {m.initiative for m in ms}
    candidates = sorted(
        (a for a in draft.assessments.values() if a.initiative not in running and a.quadrant != "drop"),
        key=lambda a: (-a.score, a.initiative),
    )
    return candidates[0].initiative if candidates else None


def _review(
    ini: Initiative, phase: Phase, last: Milestone, lang: Lang, *, month: int | None = None, funded: bool = True
) -> Milestone:
    """The impact review after ``last`` with the board's decision, dated in ``phase`` (or in ``month``); a pilot
    whose rollout the plan does not fund (``funded``) is decided for the next budget round, not rolled out now."""
    lo, hi = _months(phase)
    month = month if month is not None else min(hi, max(lo, _end(last) + 1))
    # a duty, a works agreement, an enabler or what is already rolled out is not stopped like a pilot: its
    # review checks that it works and what to improve
    settled = not ini.is_business or last.step == "scale"
    kind = "_duty" if settled else ""
    decision = kind if settled or funded else "_unfunded"  # without rollout money the decision is the next round's
    return Milestone(
        id=f"{ini.id}.review-{phase}",
        phase=phase,
        title=t(f"review_title{kind}", lang, title=ini.title.get(lang)),
        description=t(f"review_desc{decision}", lang, kpis=_kpi_text(ini, lang), month=month),
        owner=ini.owner_roles[0].get(lang),
        budget_eur=0,
        fte=0.0,
        kpis=[k.get(lang) for k in ini.kpis],
        depends_on=[last.id],
        citations=[ini.id],
        initiative=ini.id,
        step="review",
        start_month=month,
        months=1,
    )


def _kpi_text(ini: Initiative, lang: Lang) -> str:
    return "; ".join(k.get(lang) for k in ini.kpis[:2])


def _step(
    ini: Initiative,
    phase: Phase,
    kind: str,
    lang: Lang,
    *,
    start: int,
    months: int,
    phase_text: str = "",
    month: int | None = None,
    kpis: str = "",
) -> Milestone:
    """A dated step before or instead of ``ini``: measure the baseline, check the case, prepare the start or the
    rollout (``month``: when it starts), decide, or prepare the next budget round."""
    return Milestone(
        id=f"{ini.id}.prepare-{phase}",
        phase=phase,
        title=t(f"{kind}_title", lang, title=ini.title.get(lang)),
        description=t(
            f"{kind}_desc",
            lang,
            title=ini.title.get(lang),
            phase=phase_text or phase,
            month=month if month is not None else start,
            kpis=kpis,
        ),
        owner=ini.owner_roles[0].get(lang),
        budget_eur=0,
        fte=0.0,
        kpis=[],
        citations=[ini.id],
        initiative=ini.id,
        step="prepare",
        start_month=start,
        months=months,
    )
