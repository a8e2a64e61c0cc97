"""End to end offline: both example profiles give complete, valid, tailored, reproducible roadmaps."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from fahrplan.app.runner import run_roadmap
from fahrplan.app.settings import Settings
from fahrplan.core.invariants import check_invariants
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import PHASES, Roadmap
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import MODULE_IDS
from fahrplan.knowledge.store import KnowledgeStore
from fahrplan.report.render_md import render_markdown

EXAMPLES = ("modehaus-nord", "frischmarkt-sued")


def planned(roadmap: Roadmap) -> set[str]:
    return {i for m in roadmap.modules for i in m.initiatives}


@pytest.mark.parametrize("name", EXAMPLES)
def test_contract_invariants(name: str, plan: Any, example_profile: Any, catalog: Catalog) -> None:
    roadmap = plan(example_profile(name))
    assert check_invariants(roadmap, catalog.resolves) == []
    assert [m.priority.rank for m in roadmap.modules] == [1, 2, 3, 4, 5, 6]
    assert {m.id for m in roadmap.modules} == set(MODULE_IDS)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_module_has_the_five_seed_fields_and_three_phases(name: str, plan: Any, example_profile: Any) -> None:
    for m in plan(example_profile(name)).modules:
        assert m.goal and m.value and m.scaling and m.success_factors and m.responsibilities
        assert {ms.phase for ms in m.milestones} == set(PHASES), m.id
        assert m.priority.rationale


@pytest.mark.parametrize("name", EXAMPLES)
def test_budget_within_limit(name: str, plan: Any, example_profile: Any) -> None:
    profile = example_profile(name)
    roadmap = plan(profile)
    assert roadmap.budget.within_limit
    assert roadmap.budget.total_eur <= profile.budget.ai_budget_eur_24m
    assert sum(roadmap.budget.by_phase.values()) == roadmap.budget.total_eur


@pytest.mark.parametrize("name", EXAMPLES)
def test_internal_capacity_respected_per_month(name: str, plan: Any, example_profile: Any, catalog: Catalog) -> None:
    profile = example_profile(name)
    roadmap = plan(profile)
    steps = [ms for m in roadmap.modules for ms in m.milestones if ms.step in ("pilot", "scale")]
    assert steps and all(ms.start_month is not None and ms.months for ms in steps)
    for month in range(1, 25):
        running = [ms for ms in steps if ms.start_month <= month < ms.start_month + ms.months]  # type: ignore[operator]
        assert sum(ms.fte for ms in running) <= profile.internal_fte + 1e-9, (month, [ms.id for ms in running])
        assert all(ms.start_month + ms.months - 1 <= 24 for ms in running)  # type: ignore[operator]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_use_case_and_ai_initiative_is_assessed(
    name: str, plan: Any, example_profile: Any, catalog: Catalog
) -> None:
    profile = example_profile(name)
    roadmap = plan(profile)
    assessed = {f.use_case for f in roadmap.compliance_findings if f.source == "planned_use_case"}
    assert assessed == set(profile.planned_use_cases)
    ai_initiatives = {i for i in planned(roadmap) if catalog.initiatives[i].ai_use_case is not None}
    # an initiative is reviewed in its own row or in the row of the use case it realises with the same processing
    reviewed = {f.initiative for f in roadmap.compliance_findings if f.source == "initiative"} | {
        f.initiative for f in roadmap.compliance_findings if f.source == "planned_use_case" and f.description
    }
    assert ai_initiatives <= reviewed
    assert not any(
        f.verdict == "not_permitted" and f.initiative in planned(roadmap) for f in roadmap.compliance_findings
    )


def test_roadmaps_differ_where_companies_differ(plan: Any, example_profile: Any) -> None:
    nord, sued = plan(example_profile("modehaus-nord")), plan(example_profile("frischmarkt-sued"))
    nord_planned, sued_planned = planned(nord), planned(sued)
    # channels: only the omnichannel fashion retailer gets webshop/app initiatives
    assert "personalization.webshop_recommendations" in nord_planned
    assert not any(
        i in sued_planned for i in ("personalization.webshop_recommendations", "omnichannel.click_and_collect")
    )
    # sector: fresh produce ordering is a grocery initiative
    assert "supply_chain.fresh_ordering" in sued_planned and "supply_chain.fresh_ordering" not in nord_planned
    # budget: the smaller budget plans less
    assert sued.budget.limit_eur < nord.budget.limit_eur
    assert sued.budget.total_eur < nord.budget.total_eur
    # use cases: each plan carries its own planned use cases
    nord_cases = {f.use_case for f in nord.compliance_findings if f.source == "planned_use_case"}
    assert "Personalisierte Newsletter" in nord_cases
    assert any("Schichtplanung" in f.use_case for f in sued.compliance_findings)
    # maturity: the maturity-1 grocer is told that maturity holds it back
    assert any(
        "Reifegrad" in w or "Datenreifegrad" in w for w in [*sued.executive_summary, *(d.reason for d in sued.deferred)]
    )
    # a named use case is realised, or the plan says why not: the grocer's €800k carry fresh ordering with its
    # rollout (its top goal); shift planning with its works agreement, DPIA and oversight gates does not fit too
    assert "supply_chain.fresh_ordering" in sued_planned
    coverage = {c.use_case: c for c in sued.use_case_coverage}
    shifts = next(c for c in coverage.values() if "Schichtplanung" in c.use_case)
    if "supply_chain.workforce_scheduling" not in sued_planned:
        assert any(d.milestone.startswith("supply_chain.workforce_scheduling.") for d in sued.deferred)
        assert "nicht eingeplant" in shifts.recommendation or "Backlog" in shifts.recommendation


def test_determinism_same_bytes(store: KnowledgeStore, example_profile: Any) -> None:
    profile = example_profile("modehaus-nord")
    a = run_roadmap(profile, Settings(), store=store)
    b = run_roadmap(profile, Settings(), store=store)
    assert a.model_dump_json() == b.model_dump_json()
    assert render_markdown(a) == render_markdown(b)
    assert a.generated_with.created_at is None


def test_english_output(plan: Any, example_profile: Any) -> None:
    roadmap = plan(example_profile("modehaus-nord"), "en")
    assert roadmap.generated_with.language == "en"
    titles = [m.title for m in roadmap.modules]
    assert "Personalisation & recommendations" in titles
    text = render_markdown(roadmap)
    assert "## Module priorities" in text and "Meilensteine" not in text


def test_markdown_structure(plan: Any, example_profile: Any) -> None:
    roadmap = plan(example_profile("frischmarkt-sued"))
    text = render_markdown(roadmap)
    assert text.index("## Priorisierung der Module") < text.index("## 1. ")
    for heading in (
        "### Ziel & Mehrwert",
        "### Meilensteine & Zeitrahmen",
        "### Verantwortlichkeiten & Ressourcen",
        "### Erfolgsfaktoren & Abhängigkeiten",
        "### Quick-Wins & Skalierung",
    ):
        assert text.count(heading) == 6, heading
    assert "## Compliance-Bewertung der Use Cases" in text and "## Budget nach Phase und Modul" in text
    # catalog costs are planning assumptions, said where the money is shown
    assert "Kosten (24 Monate, Planungsannahme)" in text and "Die Kosten sind Planungsannahmen" in text
    json.loads(roadmap.model_dump_json())


def test_markdown_has_a_mermaid_gantt_from_the_start_month(store: KnowledgeStore, example_profile: Any) -> None:
    profile = example_profile("modehaus-nord")
    assumed = run_roadmap(profile, Settings(), store=store)
    assert assumed.start_month == "2026-12"  # knowledge release 2026.11 + 1 month, deterministic
    assert any("Annahme: Start der Roadmap 2026-12" in w for w in assumed.warnings)
    roadmap = run_roadmap(profile, Settings(start="2027-03"), store=store)
    assert roadmap.start_month == "2027-03" and not any("Start der Roadmap" in w for w in roadmap.warnings)
    text = render_markdown(roadmap)
    block = text.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()
    assert block[0] == "gantt" and "    dateFormat YYYY-MM-DD" in block
    sections = [line.removeprefix("    section ") for line in block if line.startswith("    section ")]
    assert sections == [m.title for m in roadmap.modules]
    tasks = [line for line in block if " :" in line]
    assert len(tasks) == sum(len(m.milestones) for m in roadmap.modules)
    for line in tasks:
        name, fields = line.strip().rsplit(" :", 1)
        assert ":" not in name and "#" not in name and ";" not in name
        begin, end = fields.split(", ")[-2:]
        assert "2027-03-01" <= begin < end <= "2029-03-01"
    critical = roadmap.critical_path.milestones if roadmap.critical_path else []
    assert sum(1 for line in tasks if ":crit, " in line) == len(critical)


def test_summary_states_how_each_goal_is_covered(plan: Any, example_profile: Any) -> None:
    base = example_profile("frischmarkt-sued")
    # a store-only grocer cannot serve a webshop returns goal: the summary says so instead of hiding the goal
    profile = base.model_copy(update={"goals": [*base.goals, "Retourenquote im Onlineshop senken"]})
    roadmap = plan(profile)
    line = next(s for s in roadmap.executive_summary if s.startswith("Zielabdeckung"))
    for goal in profile.goals:
        assert f"„{goal}“" in line
    assert "„Retourenquote im Onlineshop senken“ → keine Initiative" in line
    assert "„Out-of-Stocks reduzieren“ → KI-Absatzprognose" in line
    assert "„Lebensmittelverschwendung und Abschriften bei Frische senken“ → KI-Bestellvorschläge für Frische" in line


def test_an_advised_alternative_does_not_inherit_the_duties_of_the_use_case_as_stated(
    plan: Any, minimal_profile_data: dict[str, Any]
) -> None:
    from fahrplan.core.profile import Profile

    profile = Profile.model_validate(
        {**minimal_profile_data, "planned_use_cases": ["Eigenes Bonitäts-Scoring für Kauf auf Rechnung (BNPL)"]}
    )
    roadmap = plan(profile)
    finding = next(f for f in roadmap.compliance_findings if f.source == "planned_use_case")
    # an own credit scoring is high-risk with a FRIA; the roadmap realises the purpose through a payment provider
    # (the compliant alternative), whose own review needs no FRIA: the finding keeps the duties of the design as
    # stated, and the provider is neither gated by a FRIA nor does the plan buy one for a design it advises against
    assert finding.initiative is None and "fria" in finding.measure_ids
    assert "creditworthiness_scoring" in finding.rules
    coverage = next(u for u in roadmap.use_case_coverage if u.use_case == finding.use_case)
    assert coverage.initiatives == ["omnichannel.payment_fraud_provider"]
    steps = [ms for m in roadmap.modules for ms in m.milestones]
    assert not any(d.startswith("compliance.fria") for ms in steps for d in ms.depends_on)
    deferred = {d.milestone.rsplit(".", 1)[0] for d in roadmap.deferred}
    assert "compliance.fria" not in {ms.initiative for ms in steps} | deferred


def test_binding_notes_agree_in_number(plan: Any, example_profile: Any) -> None:
    from fahrplan.evals.dataset import load_dataset

    # which limit binds moves with the catalog; over two plans the pilot cap and another limit both bind
    sample = next(s for s in load_dataset()[1] if s.id == "drogerie-lindner")
    notes = [n for p in (sample.profile, example_profile("modehaus-nord")) for n in plan(p).binding_constraints]
    pilots = [n for n in notes if "ein Pilot mehr" in n]
    budget = [n for n in notes if "Ein Fünftel mehr verplanbares Budget" in n]
    assert pilots and budget
    # singular subjects ("ein Pilot mehr … brächte", "Ein Fünftel mehr … brächte"); plural: "+2 FTE … zögen"
    assert all(" brächte " in n or " zöge " in n for n in pilots + budget)
    assert all(" brächten " in n or " zögen " in n for n in notes if "FTE" in n.split(":")[1])


def test_an_enabler_is_no_quick_win(plan: Any, example_profile: Any, catalog: Any) -> None:
    from fahrplan.core.vocab import ENABLING_LEVERS

    roadmap = plan(example_profile("modehaus-nord"))
    steps = [ms for m in roadmap.modules for ms in m.milestones]
    # early and cheap, but an enabler (a duty, a foundation) moves no business lever itself
    enablers = [
        ms
        for ms in steps
        if catalog.initiatives[ms.initiative].levers[0] in ENABLING_LEVERS
        and ms.step == "pilot"
        and (ms.start_month or 99) - 1 + (ms.months or 99) <= 6
        and 0 < ms.budget_eur <= 0.1 * roadmap.budget.limit_eur
    ]
    assert enablers and not [ms.id for ms in enablers if ms.quick_win]
    from fahrplan.evals.dataset import load_dataset

    online = next(s for s in load_dataset()[1] if s.id == "nordic-home-online")  # a plan with a quick win
    wins = [ms for m in plan(online.profile).modules for ms in m.milestones if ms.quick_win]
    wins += [ms for ms in steps if ms.quick_win]
    assert wins and all(catalog.initiatives[ms.initiative].levers[0] not in ENABLING_LEVERS for ms in wins)
    # a module whose first step is a foundation (POS-online feed, data platform) says why it has no quick win
    first_foundation = [m for m in roadmap.modules if m.quick_wins and "schafft Voraussetzungen" in m.quick_wins[0]]
    assert first_foundation and all(m.id not in ("compliance", "upskilling") for m in first_foundation)


def test_filler_milestones_are_not_padding(plan: Any, example_profile: Any) -> None:
    from fahrplan.evals.dataset import load_dataset

    sample = next(s for s in load_dataset()[1] if s.id == "kaufhaus-brenner")  # small budget: unfunded modules
    for roadmap in (plan(sample.profile), plan(example_profile("modehaus-nord"))):
        for m in roadmap.modules:
            titles = [ms.title for ms in m.milestones]
            assert len(titles) == len(set(titles)), (m.id, titles)  # never the same step twice
            reviews = [ms for ms in m.milestones if ms.title.startswith("Wirkungsmessung")]
            assert len({ms.initiative for ms in reviews}) == len(reviews)  # one impact review per initiative
        unfunded = [m for m in roadmap.modules if not m.initiatives]
        for m in unfunded:  # measure the baseline, decide, prepare the next round: not three "Vorbereitung" rows
            assert [ms.title.split(":")[0] for ms in m.milestones] == [
                "Ausgangswerte messen",
                "Entscheidung über den Start",
                "Nächste Budgetrunde vorbereiten",
            ]
            kpi = m.milestones[0].description.split("(")[1][:20]  # the baseline names the KPIs to measure
            assert kpi and kpi in m.milestones[0].description


def test_a_rollout_waiting_after_its_pilot_is_prepared_as_a_rollout(plan: Any, catalog: Any) -> None:
    from fahrplan.evals.dataset import load_dataset

    sample = next(s for s in load_dataset()[1] if s.id == "zoo-pfote")  # rollouts from year-two money
    roadmap = plan(sample.profile)
    steps = {ms.id: ms for m in roadmap.modules for ms in m.milestones}
    waiting = [
        ms
        for ms in steps.values()
        if ms.step == "scale"
        and f"{ms.initiative}.pilot" in steps
        and steps[f"{ms.initiative}.pilot"].start_month == 1
        and ms.start_month > 7  # the pilot ends in month 3, its review in month 4: the rollout waits a phase
    ]
    assert waiting, "a rollout that waits after its pilot"
    scale = waiting[0]
    before = [ms for ms in steps.values() if ms.initiative == scale.initiative and ms.step == "prepare"]
    assert before, "an empty phase between the pilot's review and its rollout gets a step"
    # a business rollout follows its go/no-go; a duty's or enabler's extension is no decision on its value
    prefix = "Rollout vorbereiten" if catalog.initiatives[scale.initiative].is_business else "Ausbau vorbereiten"
    assert all(ms.title.startswith(prefix) for ms in before)
    assert all(f"Monat {scale.start_month}" in ms.description for ms in before)
    assert not any("Business Case" in ms.description for ms in before)  # the pilot already made the case


def test_no_works_council_is_a_fact_not_a_limit_of_the_plan(plan: Any, minimal_profile_data: dict[str, Any]) -> None:
    from fahrplan.core.profile import Profile

    profile = Profile.model_validate(
        {
            **minimal_profile_data,
            "constraints": [
                "Kein Betriebsrat",
                "B2B only: customers are companies",
                "Keine Cloud: alles bleibt on-prem",
            ],
        }
    )
    roadmap = plan(profile)
    assert roadmap.board_summary is not None
    risks = " ".join(roadmap.board_summary.risks)
    # facts about the company (no works council, business customers only) are no limits of the plan
    assert "Keine Cloud" in risks and "Kein Betriebsrat" not in risks and "B2B only" not in risks
    texts = " ".join(ms.description for m in roadmap.modules for ms in m.milestones)
    assert "mit dem Betriebsrat –" not in texts  # the governance board meets it only where there is one


def test_money_the_plan_cannot_use_is_not_called_a_reserve(plan: Any, minimal_profile_data: dict[str, Any]) -> None:
    from fahrplan.core.i18n import eur
    from fahrplan.core.profile import Profile

    data = {**minimal_profile_data, "budget": {"ai_budget_eur_24m": 20_000_000, "internal_fte_available": 1}}
    roadmap = plan(Profile.model_validate(data))
    b = roadmap.budget
    assert b.limit_eur - b.total_eur > 0.2 * b.limit_eur  # one internal FTE cannot spend 20 m€
    decision = roadmap.board_summary.decisions[0] if roadmap.board_summary else ""
    assert f"{eur(2_000_000, 'de')} des Budgets bleiben Reserve" in decision
    assert f"weitere {eur(b.limit_eur - b.total_eur - 2_000_000, 'de')} sind nicht verplant" in decision


@pytest.mark.parametrize("maturity", [1, 4])
def test_duties_costed_at_the_ai_scope_say_so(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any], maturity: int
) -> None:
    data = {
        **minimal_profile_data,
        "company": {**minimal_profile_data["company"], "annual_revenue_eur": 14_000_000, "employees": 95},
        "data_and_it": {**minimal_profile_data["data_and_it"], "maturity": maturity},
        "budget": {"ai_budget_eur_24m": 60_000, "internal_fte_available": 0.5},
    }
    roadmap = run_roadmap(Profile.model_validate(data), Settings(start="2027-01"), store=store)
    inventory = next(ms for m in roadmap.modules for ms in m.milestones if ms.id == "compliance.ai_inventory.pilot")
    notes = [w for w in roadmap.warnings if w.startswith("Annahme: Die Vorhaben zu KI-Pflichten")]
    if maturity == 1:  # few AI systems and few people working with them: the small band's lower end, said once
        assert inventory.budget_eur == store.catalog.initiatives["compliance.ai_inventory"].cost_eur.small[0]
        assert len(notes) == 1 and "„KI-Inventar und Risikoeinstufung“" in notes[0] and "Datenreife 1/5" in notes[0]
    else:  # machine learning in production: the duty covers the company's whole scope
        assert inventory.budget_eur > store.catalog.initiatives["compliance.ai_inventory"].cost_eur.small[0]
        assert notes == []


def test_a_markdown_test_needs_no_separate_forecast_first(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any]
) -> None:
    """Markdown software models sell-through and price response itself ("a markdown rule test in two categories")."""
    data = {
        **minimal_profile_data,
        "company": {**minimal_profile_data["company"], "sector": "fashion"},
        "goals": ["Abschriften am Saisonende senken"],
        "budget": {"ai_budget_eur_24m": 250_000, "internal_fte_available": 1},
    }
    roadmap = run_roadmap(Profile.model_validate(data), Settings(start="2027-01"), store=store)
    steps = {ms.id: ms for m in roadmap.modules for ms in m.milestones}
    pilot = steps["supply_chain.markdown_optimisation.pilot"]
    assert "supply_chain.demand_forecasting.pilot" not in pilot.depends_on
    assert pilot.start_month is not None and pilot.start_month <= 6


@pytest.mark.parametrize("budget", [90_000, 3_000_000])
def test_a_blocked_use_case_says_whether_its_alternative_is_funded(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any], budget: int
) -> None:
    data = {
        **minimal_profile_data,
        "planned_use_cases": ["Kameras erkennen Stammkundinnen am Eingang per Gesichtserkennung"],
        "budget": {"ai_budget_eur_24m": budget, "internal_fte_available": 0.5 if budget < 100_000 else 6},
    }
    roadmap = run_roadmap(Profile.model_validate(data), Settings(start="2027-01"), store=store)
    blocked = [w for w in roadmap.warnings if "Gesichtserkennung" in w and "nicht zulässig" in w]
    assert len(blocked) == 1
    planned = {i.title for i in roadmap.initiatives if i.status == "planned"}
    alternative = re.search(r"„([^“]+)“", blocked[0].split("eingeplant.", 1)[1])
    assert alternative is not None
    funded = alternative.group(1) in planned
    assert funded == (budget > 100_000)  # the small budget cannot carry the clienteling app, the large one does
    if funded:
        assert "Stattdessen eingeplant" in blocked[0]
    else:
        assert "nicht finanziert" in blocked[0] and "Stattdessen eingeplant" not in blocked[0]


@pytest.mark.parametrize("consent_management", [False, True])
def test_unproven_newsletter_consents_are_a_board_decision_now(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any], consent_management: bool
) -> None:
    data = {
        **minimal_profile_data,
        "customers": {"newsletter_subscribers": 9000, "consent_management": consent_management},
    }
    roadmap = run_roadmap(Profile.model_validate(data), Settings(start="2027-01"), store=store)
    assert roadmap.board_summary is not None
    checks = [d for d in roadmap.board_summary.decisions if "9.000 Newsletter-Empfänger" in d]
    if consent_management:
        assert checks == []
    else:  # mailing without provable consent is an exposure today, not a pilot's gate
        assert len(checks) == 1 and "ersten drei Monaten" in checks[0] and "§ 7 Abs. 2 Nr. 2 UWG" in checks[0]


def test_steps_without_money_or_staff_read_as_line_work_and_one_month_as_one(plan: Any, example_profile: Any) -> None:
    """A CFO reads '0 € · FTE: 0' as filler: a preparation or review step is its owner's line work; a one-month step
    is 'Monat 9', not 'Monat 9–9'. Steps with money keep their budget and FTE."""
    from fahrplan.report.render_html import render_html

    roadmap = plan(example_profile("modehaus-nord"))
    md, html = render_markdown(roadmap), render_html(roadmap)
    steps = [ms for m in roadmap.modules for ms in m.milestones]
    assert any(not ms.budget_eur and not ms.fte for ms in steps) and any(ms.budget_eur for ms in steps)
    assert "Teil der Linienaufgaben der verantwortlichen Leitung, kein eigenes Budget" in md
    assert "Teil der Linienaufgaben der verantwortlichen Leitung, kein eigenes Budget" in html
    assert "Budget: 0 € · FTE: 0" not in md and "FTE: 0</span>" not in html
    assert not re.search(r"Monat (\d+)–\1\b", md)
