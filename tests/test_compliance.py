"""Compliance traps from the legal fact sheet must come out right (tier, verdict, duties)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fahrplan.agents.compliance import finding_for, match_rules
from fahrplan.core.profile import Profile
from fahrplan.core.profile_io import load_profile
from fahrplan.core.roadmap import ComplianceFinding
from fahrplan.knowledge.catalog import Catalog


def classify(catalog: Catalog, text: str, lang: str = "de") -> ComplianceFinding:
    rules = match_rules(text, catalog.rules.values())
    return finding_for(text, rules, catalog=catalog, lang=lang, source="planned_use_case", module=None, initiative=None)


def articles(f: ComplianceFinding) -> set[str]:
    return {f"{b.instrument} {b.article}" for b in f.legal_basis}


@pytest.mark.parametrize(
    "text",
    ["Gesichtserkennung von Stammkunden am Filialeingang", "Facial recognition of returning customers in stores"],
)
def test_customer_facial_recognition_is_not_permitted_but_not_an_art5h_ban(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert f.verdict == "not_permitted"
    assert f.ai_act_risk == "high"  # Annex III 1(a), not a prohibited practice
    assert "gdpr.art9" in f.citations
    assert "aiact.art5_1_h" not in f.citations  # Art. 5(1)(h) concerns law enforcement only
    assert f.alternative


@pytest.mark.parametrize(
    "text", ["Emotionserkennung bei Kassierern per Kamera", "Emotion recognition to monitor staff stress levels"]
)
def test_staff_emotion_recognition_is_prohibited(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert (f.ai_act_risk, f.verdict) == ("prohibited", "not_permitted")
    assert "aiact.art5_1_f" in f.citations


def test_customer_emotion_recognition_is_high_risk_with_notice(catalog: Catalog) -> None:
    f = classify(catalog, "Emotionserkennung der Kunden an der Kasse zur Zufriedenheitsmessung")
    assert (f.ai_act_risk, f.verdict) == ("high", "permitted_with_conditions")
    assert "art50_notice" in f.measure_ids


@pytest.mark.parametrize("text", ["Bonitätsprüfung für Kauf auf Rechnung", "Credit scoring for buy now pay later"])
def test_creditworthiness_scoring_needs_fria(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert (f.ai_act_risk, f.verdict) == ("high", "permitted_with_conditions")
    assert {"fria", "dpia"} <= set(f.measure_ids)
    assert "gdpr.art22" in f.citations
    # a retailer that builds its own model is its provider too (AI Act Art. 3(3)), not only its deployer
    assert "aiact.art3" in f.citations
    assert ("zugleich Anbieter (Art. 3 Nr. 3)" in f.rationale) or ("also the provider (Art. 3(3))" in f.rationale)


@pytest.mark.parametrize(
    ("text", "lang", "says"),
    [
        (
            "Chatbot im Onlineshop beantwortet Fragen zu Lieferstatus und Retouren",
            "de",
            "ist selbst Anbieter (Art. 3 Nr. 3)",
        ),
        ("Customer service chatbot in the app for order questions", "en", "is itself the provider (Art. 3(3))"),
    ],
)
def test_a_chatbot_s_disclosure_duty_names_who_owes_it(catalog: Catalog, text: str, lang: str, says: str) -> None:
    """Art. 50(1) binds the provider: a retailer running a bought bot under its own name is the provider."""
    f = classify(catalog, text, lang)
    assert "customer_chatbot" in f.rules and "art50_notice" in f.measure_ids
    assert says in f.rationale and "aiact.art3" in f.citations


@pytest.mark.parametrize(
    "text", ["KI-gestützte Schichtplanung für Mitarbeitende", "AI shift scheduling for store staff"]
)
def test_workforce_scheduling_needs_works_council_and_more_than_a_dpia(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert (f.ai_act_risk, f.verdict) == ("high", "permitted_with_conditions")
    assert {"works_council", "dpia"} <= set(f.measure_ids)
    assert "aiact.annex3.4b" in f.citations and "aiact.annex3.4a" not in f.citations and "betrvg.s87" in f.citations


@pytest.mark.parametrize("text", ["Chatbot im Kundenservice", "Customer service chatbot on the website"])
def test_chatbot_is_limited_risk_with_art50_notice(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert f.ai_act_risk == "limited"
    assert "art50_notice" in f.measure_ids and "aiact.art50" in f.citations
    assert "dpia" in f.measure_ids  # DSK list: AI steering interaction with people


@pytest.mark.parametrize("text", ["Personalisierte Preise in der App", "Personalised prices for loyalty members"])
def test_personalised_prices_are_not_annex_iii_but_need_price_notice(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert f.ai_act_risk == "minimal" and f.verdict == "permitted_with_conditions"
    assert "price_notice" in f.measure_ids
    assert not any(c.startswith("aiact.annex3") for c in f.citations)


def test_dynamic_pricing_is_minimal_and_needs_no_price_notice(catalog: Catalog) -> None:
    f = classify(catalog, "Dynamische Preisgestaltung im Onlineshop nach Nachfrage")
    assert f.ai_act_risk == "minimal"
    assert "price_notice" not in f.measure_ids


def test_tracking_based_personalisation_needs_consent_not_legitimate_interest(catalog: Catalog) -> None:
    f = classify(catalog, "Personalisierung auf Basis von Tracking-Pixeln und Cookies im Webshop")
    assert "consent" in f.measure_ids
    assert {"tdddg.s25", "eprivacy.art5_3"} <= set(f.citations)


def test_newsletter_needs_consent_under_uwg(catalog: Catalog) -> None:
    f = classify(catalog, "Personalisierte Newsletter")
    assert "consent" in f.measure_ids and "uwg.s7" in f.citations
    assert "objection_right" in f.measure_ids


def test_demand_forecasting_is_permitted(catalog: Catalog) -> None:
    f = classify(catalog, "Automatische Bestellvorschläge für Obst und Gemüse")
    assert (f.ai_act_risk, f.verdict) == ("minimal", "permitted")


def test_english_output(catalog: Catalog) -> None:
    f = classify(catalog, "Chatbot im Kundenservice", lang="en")
    assert any("Art. 50" in m for m in f.required_measures)
    assert "KI" not in " ".join(f.required_measures)


def test_ai_act_dates_follow_the_2026_amendment(catalog: Catalog) -> None:
    annex3 = catalog.legal["aiact.dates.annex3"]
    assert str(annex3.applies_from) == "2027-12-02"
    original = catalog.legal["aiact.dates.annex3_original"]
    assert original.status == "superseded" and original.superseded_by == "aiact.dates.annex3"
    assert str(catalog.legal["aiact.dates.entry_into_force"].applies_from) == "2024-08-01"


def _with_use_cases(data: dict[str, Any], cases: list[str]) -> Profile:
    return Profile.model_validate({**data, "planned_use_cases": cases})


def test_banned_use_case_is_replaced_by_its_alternative(plan: Any, minimal_profile_data: dict[str, Any]) -> None:
    profile = _with_use_cases(minimal_profile_data, ["Gesichtserkennung von Kunden in allen Filialen"])
    roadmap = plan(profile)
    finding = next(f for f in roadmap.compliance_findings if f.source == "planned_use_case")
    assert finding.verdict == "not_permitted" and finding.module is None
    planned = {i for m in roadmap.modules for i in m.initiatives}
    assert "omnichannel.footfall_counting" in planned
    assert any("nicht zulässig" in w for w in roadmap.warnings)


def test_the_alternative_fits_the_purpose_of_a_blocked_use_case(
    plan: Any, minimal_profile_data: dict[str, Any]
) -> None:
    case = "Gesichtserkennung von Stammkundinnen am Eingang, um sie persönlich zu begrüßen"
    roadmap = plan(_with_use_cases(minimal_profile_data, [case]))
    finding = next(f for f in roadmap.compliance_findings if f.source == "planned_use_case")
    assert finding.verdict == "not_permitted" and finding.alternative is not None
    assert "Clienteling" in finding.alternative and "Frequenz" not in finding.alternative
    coverage = next(c for c in roadmap.use_case_coverage if c.use_case == case)
    assert coverage.initiatives == ["omnichannel.clienteling_app"]


def test_gating_measures_precede_what_they_gate(plan: Any, minimal_profile_data: dict[str, Any]) -> None:
    profile = _with_use_cases(minimal_profile_data, ["KI-gestützte Schichtplanung für Mitarbeitende"])
    roadmap = plan(profile)
    milestones = {ms.id: ms for m in roadmap.modules for ms in m.milestones}
    gated = milestones["supply_chain.workforce_scheduling.pilot"]
    # the pilot forecasts demand per department and hour (works agreement); the shift proposals per employee
    # of the scale step are the high-risk part, gated on the DPIA too
    assert "compliance.works_council_agreement.pilot" in gated.depends_on
    assert "compliance.dpia_process.pilot" not in gated.depends_on
    order = ["0-6", "6-12", "12-24"]
    for dep in gated.depends_on:
        assert order.index(milestones[dep].phase) <= order.index(gated.phase)
    scale = milestones.get("supply_chain.workforce_scheduling.scale")
    deferred = {d.milestone for d in roadmap.deferred}
    assert scale is not None or "supply_chain.workforce_scheduling.scale" in deferred
    if scale is not None:
        assert "compliance.dpia_process.pilot" in scale.depends_on


EXAMPLE_FILES = sorted((Path(__file__).resolve().parents[2] / "shared" / "examples" / "profiles").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_examples_plan_no_banned_use_case_and_gates_come_first(plan: Any, path: Path, catalog: Catalog) -> None:
    roadmap = plan(load_profile(path))
    planned = {i for m in roadmap.modules for i in m.initiatives}
    banned = {f.initiative for f in roadmap.compliance_findings if f.verdict == "not_permitted"}
    assert not banned & planned
    milestones = {ms.id: ms for m in roadmap.modules for ms in m.milestones}
    measure_initiatives = {m.initiative for m in catalog.measures.values() if m.initiative}
    order = ["0-6", "6-12", "12-24"]
    gated = [ms for ms in milestones.values() if ms.gated_by]
    gating = {m.id for m in catalog.measures.values() if m.initiative and m.gates_go_live}
    needs = [
        f
        for f in roadmap.compliance_findings
        if f"{f.initiative}.{f.step}" in milestones and gating & set(f.measure_ids) and f.verdict != "not_permitted"
    ]
    assert gated or not needs, "a scheduled step whose finding requires a gating measure must be gated"
    # a measure no initiative delivers (the vendor contract, the pilot agreement) is done within the step itself
    scheduled = {lbl for m in catalog.measures.values() if m.initiative for lbl in (m.label.de, m.label.en)}
    for ms in gated:
        gates = [d for d in ms.depends_on if d.rsplit(".", 1)[0] in measure_initiatives]
        assert gates or not set(ms.gated_by) & scheduled, ms.id
        for gate in gates:
            assert gate in milestones and order.index(milestones[gate].phase) <= order.index(ms.phase), (ms.id, gate)


def test_example_files_are_found() -> None:
    assert len(EXAMPLE_FILES) >= 2


@pytest.mark.parametrize(
    "text",
    ["Emotionserkennung bei Verkäuferinnen per Kamera", "Stimmungsanalyse der Verkäufer an der Kasse"],
)
def test_sales_staff_are_staff_not_customers(catalog: Catalog, text: str) -> None:
    assert [r.id for r in match_rules(text, catalog.rules.values())] == ["staff_emotion_recognition"]


def test_buyers_are_still_customers(catalog: Catalog) -> None:
    assert [r.id for r in match_rules("Emotionserkennung bei Käufern am Regal", catalog.rules.values())] == [
        "customer_emotion_recognition"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Personalisierte Newsletter an alle Kundenkarten-Mitglieder",
        "Personalised newsletter e-mails to loyalty members",
    ],
)
def test_personalised_newsletters_on_loyalty_data_need_a_dpia(catalog: Catalog, text: str) -> None:
    rules = match_rules(text, catalog.rules.values())
    assert {"email_marketing", "loyalty_profiling"} <= {r.id for r in rules}
    finding = finding_for(
        text, rules, catalog=catalog, lang="de", source="planned_use_case", module=None, initiative=None
    )
    assert {"consent", "dpia"} <= set(finding.measure_ids)


def test_a_use_case_is_one_row_with_the_step_whose_processing_it_is_part_of(catalog: Catalog) -> None:
    """Part of what an initiative does (it adds only the data the processing rests on) is one row; another purpose
    of the same initiative, or something it does not do, is not."""
    from fahrplan.agents.findings import same_processing

    def row(*rules: str) -> ComplianceFinding:
        return finding_for("x", [catalog.rules[r] for r in rules], catalog=catalog, lang="de", source="initiative",
                           module=None, initiative=None)  # fmt: skip

    journey = row("tracking_personalisation", "loyalty_profiling", "trigger_campaigns")
    assert same_processing(row("trigger_campaigns"), journey)
    assert same_processing(row("email_marketing", "trigger_campaigns"), journey)  # a trigger reminder is an e-mail ad
    assert same_processing(row("email_marketing"), row("email_marketing", "loyalty_profiling"))
    assert not same_processing(row("dynamic_pricing"), row("dynamic_pricing", "generative_content"))
    assert not same_processing(row("employee_performance_monitoring"), row("operations_optimisation"))
