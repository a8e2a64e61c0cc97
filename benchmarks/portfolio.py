"""Portfolio solver vs the former greedy scheduler, side by side on every dataset sample.

For each sample the offline planner runs once; the merged plan the coordinator hands to its placement
step is captured and placed twice — by the MIP (``agents.placement.place``) and by the former greedy
phase-by-phase scheduler (``agents.placement_greedy.place_greedy``). Printed per sample and in total:
value realised within 24 months (the solver's objective units; a greedy step starts at its phase's
first month), spend by phase, business pilots that also scale, stated goals started by month 12,
which limits a plan breaks (the greedy scheduler knows no reserve, no pilot cap and no monthly FTE, so
its value is not earned within the same limits), and the time each placement takes. Figures are
printed, never asserted.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import fahrplan.agents.coordinator as coordinator  # noqa: E402
from fahrplan.agents.context import AgentDeps  # noqa: E402
from fahrplan.agents.merging import Plan  # noqa: E402
from fahrplan.agents.placement import jobs_for, pilot_cap, place  # noqa: E402
from fahrplan.agents.placement_greedy import place_greedy  # noqa: E402
from fahrplan.agents.portfolio import HORIZON  # noqa: E402
from fahrplan.agents.ranking import BUSINESS_MODULES  # noqa: E402
from fahrplan.app.runner import open_store, run_roadmap  # noqa: E402
from fahrplan.app.settings import Settings  # noqa: E402
from fahrplan.core.profile import Profile  # noqa: E402
from fahrplan.core.roadmap import Milestone  # noqa: E402
from fahrplan.core.vocab import PHASE_MONTHS, PHASES  # noqa: E402
from fahrplan.evals.dataset import load_dataset  # noqa: E402


def _start(m: Milestone) -> int:
    return m.start_month - 1 if m.start_month is not None else PHASE_MONTHS[m.phase][0]


def _metrics(placed: Sequence[Milestone], plan: Plan, profile: Profile, deps: AgentDeps) -> dict[str, Any]:
    jobs = {j.id: j for j in jobs_for(plan, profile, deps)}
    value = sum(jobs[m.id].value * max(0, HORIZON - _start(m) - jobs[m.id].months) for m in placed if m.id in jobs)
    spend = {p: sum(m.budget_eur for m in placed if m.phase == p) for p in PHASES}
    steps = {(m.initiative, m.step) for m in placed}
    pilots = {
        m.initiative
        for m in placed
        if m.step == "pilot"
        and deps.catalog.initiatives[m.initiative].module in BUSINESS_MODULES
        and f"{m.initiative}.scale" in plan.milestones
    }
    scaled = sum((i, "scale") in steps for i in pilots)
    goals = set(profile.goals)
    started = {
        g
        for m in placed
        if m.step in ("pilot", "scale") and _start(m) < 12 and m.initiative in plan.assessments
        for g in plan.assessments[m.initiative].matched_goals
    }
    cap = pilot_cap(profile.internal_fte)
    early = sum(
        1
        for m in placed
        if m.step == "pilot"
        and _start(m) < 6
        and deps.catalog.initiatives[m.initiative].module in BUSINESS_MODULES
        and not deps.catalog.initiatives[m.initiative].mandatory
    )
    reserve = 1 - sum(spend.values()) / profile.budget.ai_budget_eur_24m
    return {
        "breaks": f"{'B' if reserve < 0 else '-'}{'P' if early > cap else '-'}{'R' if reserve < 0.1 - 1e-6 else '-'}",
        "value": value,
        "spend": spend,
        "scaled": (scaled, len(pilots)),
        "goals": (len(started & goals), len(goals)),
    }


def _of(pair: tuple[int, int]) -> str:
    """``n/m``: how many of how many."""
    return f"{pair[0]}/{pair[1]}"


def main() -> None:
    settings = Settings(checkpoint=False)
    store = open_store(settings)
    captured: dict[str, Any] = {}
    original = coordinator.place

    def capture(plan: Plan, profile: Profile, deps: AgentDeps) -> Any:
        captured["args"] = (plan, profile, deps)
        return original(plan, profile, deps)

    coordinator.place = capture  # type: ignore[assignment]
    rows: list[Mapping[str, Any]] = []
    print(
        f"{'sample':26s} {'value MIP':>9s} {'greedy':>8s} {'t MIP':>6s} {'t greedy':>8s}  "
        f"{'spend 0-6/6-12/12-24 (kEUR) MIP':34s} {'greedy':22s} {'scale':>11s} {'goals by m12':>13s} breaks"
    )
    for sample in load_dataset()[1]:
        run_roadmap(sample.profile, settings.model_copy(update={"lang": sample.lang}), store=store)
        plan, profile, deps = captured["args"]
        t0 = time.perf_counter()  # without the solver cache: the run above already cached this very solve
        schedule, _ = place(plan, profile, dataclasses.replace(deps, solver_cache=None))
        t_mip = time.perf_counter() - t0
        t0 = time.perf_counter()
        greedy = place_greedy(plan, profile, deps)
        t_greedy = time.perf_counter() - t0
        a, b = _metrics(schedule.placed, plan, profile, deps), _metrics(greedy.placed, plan, profile, deps)
        rows.append({"mip": a, "greedy": b, "t_mip": t_mip, "t_greedy": t_greedy})
        spend_a = "/".join(f"{a['spend'][p] // 1000}" for p in PHASES)
        spend_b = "/".join(f"{b['spend'][p] // 1000}" for p in PHASES)
        print(
            f"{sample.id:26s} {a['value']:9.0f} {b['value']:8.0f} {t_mip:6.2f} {t_greedy:8.3f}  "
            f"{spend_a:34s} {spend_b:22s} {_of(a['scaled']):>5s}|{_of(b['scaled']):<5s} "
            f"{_of(a['goals']):>6s}|{_of(b['goals']):<6s} "
            f"{a['breaks']}|{b['breaks']}"
        )
    total_a = sum(r["mip"]["value"] for r in rows)
    total_b = sum(r["greedy"]["value"] for r in rows)
    times = [r["t_mip"] for r in rows]
    print(
        f"\nvalue realised within 24 months, all samples: MIP {total_a:.0f} vs greedy {total_b:.0f} "
        f"({(total_a / total_b - 1) * 100:+.0f} %)"
    )
    broken = sum(r["greedy"]["breaks"] != "---" for r in rows)
    print(
        f"greedy plans that break a limit the MIP keeps: {broken}/{len(rows)} "
        "(B over budget, P more business pilots in months 1-6 than the cap, R reserve under 10 %)"
    )
    for key, what in (("scaled", "business pilots that also scale within 24 months"), ("goals", "goals by month 12")):
        total = {side: tuple(sum(r[side][key][i] for r in rows) for i in (0, 1)) for side in ("mip", "greedy")}
        print(f"{what}: MIP {_of(total['mip'])}, greedy {_of(total['greedy'])}")
    print(
        f"MIP time per profile: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
        f"(greedy median {statistics.median(r['t_greedy'] for r in rows):.3f} s)"
    )


if __name__ == "__main__":
    main()
