"""Use cases mapped by what the matched rules say: the purpose, the customers assessed, what is recognised."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fahrplan.agents.compliance import map_use_cases
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.findings import match_rules
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.evals.scorers import traps as tp
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.store import KnowledgeStore


def _mapped(store: KnowledgeStore, data: dict[str, Any], cases: list[str]) -> dict[str, Any]:
    profile = Profile.model_validate({**data, "planned_use_cases": cases})
    return {m.use_case: m for m in map_use_cases(profile, AgentDeps(catalog=store.catalog, retriever=store))}


def _rules(catalog: Catalog, text: str) -> set[str]:
    return {r.id for r in match_rules(text, catalog.rules.values())}


def test_the_purpose_decides_which_initiative_realises_a_use_case(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any]
) -> None:
    loyal = {**minimal_profile_data, "customers": {"loyalty_program": True, "newsletter_subscribers": 50_000}}
    cases = {
        # AI on customer e-mails: drafting the replies is agent assist, sorting them is triage
        "ChatGPT für die Antworten auf Kunden-E-Mails nutzen": "personalization.service_agent_assist",
        "KI sortiert eingehende Kunden-E-Mails nach Anliegen vor": "personalization.service_email_triage",
        # generated content: an influencer video is marketing, not product content
        "AI-generated videos in which a photorealistic virtual influencer presents our new products on TikTok": (
            "personalization.genai_marketing_content"
        ),
        # recommendations sent by newsletter
        "Newsletter mit Produktempfehlungen passend zu den früheren Käufen": (
            "personalization.newsletter_personalisation"
        ),
        # a discount for customers the AI expects to cancel soon is churn prevention
        "Kunden, die laut KI bald kündigen, bekommen automatisch einen persönlichen Rabatt per E-Mail": (
            "personalization.churn_prevention"
        ),
    }
    mapped = _mapped(store, loyal, list(cases))
    assert {text: m.initiative for text, m in mapped.items()} == cases


def test_a_purpose_the_company_cannot_run_is_not_realised_by_a_neighbour(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any]
) -> None:
    # no customer card and not online-only: churn prevention does not apply; e-mail triage does not stand in
    case = "Kunden, die laut KI bald kündigen, bekommen automatisch einen persönlichen Rabatt per E-Mail"
    assert _mapped(store, minimal_profile_data, [case])[case].initiative is None


def test_the_mechanism_text_and_rule_agree_on_beats_the_sector_initiative(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any]
) -> None:
    bakery = {**minimal_profile_data, "company": {**minimal_profile_data["company"], "sector": "grocery"}}
    case = "KI-Dienstplan, der die Verkäuferinnen automatisch auf Filialen und Schichten verteilt"
    assert _mapped(store, bakery, [case])[case].initiative == "supply_chain.workforce_scheduling"


def test_own_financing_scores_are_credit_scoring_business_limits_are_not(catalog: Catalog) -> None:
    own = "Eigenes KI-Scoring entscheidet im Verkaufsgespräch, wer die 0-%-Finanzierung für die Küche bekommt"
    assert "creditworthiness_scoring" in _rules(catalog, own)
    b2b = "Credit limits for new business accounts set automatically by an AI score from credit agency data"
    assert _rules(catalog, b2b) == {"business_credit_scoring"}
    rule = catalog.rules["business_credit_scoring"]
    assert rule.ai_act_risk == "minimal" and "fria" not in rule.measures and "human_review" in rule.measures
    # sole traders are natural persons: Annex III 5(b) again
    sole = "Credit limits for sole traders among our business customers set by an AI credit score"
    assert "creditworthiness_scoring" in _rules(catalog, sole) and "business_credit_scoring" not in _rules(
        catalog, sole
    )


def test_an_automatic_rejection_of_a_private_sellers_offer_needs_human_review(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any], catalog: Catalog
) -> None:
    case = "Automatically reject sell-in requests from private sellers whose items the model flags as counterfeit"
    assert _rules(catalog, case) == {"counterfeit_screening"}
    rule = catalog.rules["counterfeit_screening"]
    assert rule.ai_act_risk == "minimal" and "human_review" in rule.measures and "fria" not in rule.measures
    match = _mapped(store, minimal_profile_data, [case])[case]
    assert match.initiative is None and match.outside is not None


def test_product_recognition_at_the_counter_is_no_video_analytics(catalog: Catalog) -> None:
    bread = "Kamera über dem Tresen erkennt Brot und Gebäck und bucht den Artikel direkt in die Kasse"
    assert _rules(catalog, bread) == {"produce_recognition"}
    theft = "Kamera an der Kasse erkennt Ware im Einkaufswagen, die nicht gescannt wurde"
    assert "produce_recognition" not in _rules(catalog, theft)


def test_a_kitchen_draft_from_photos_is_a_planning_tool_not_generated_content(catalog: Catalog) -> None:
    case = "KI erstellt aus Kundenfotos und Raummaßen einen ersten Küchenentwurf im Webshop"
    assert _rules(catalog, case) == {"customer_planning_tool"}


def test_emotion_recognition_of_callers_is_outside_the_catalog(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any]
) -> None:
    mood = "Stimmungsanalyse der Anrufenden an der Kunden-Hotline, um verärgerte Kunden an Teamleiter weiterzuleiten"
    campaign = (
        "Kamera an den Werbebildschirmen im Eingang erkennt an der Mimik der Kundinnen, wie sie auf Kampagnen reagieren"
    )
    mapped = _mapped(store, minimal_profile_data, [mood, campaign])
    assert mapped[mood].initiative is None and mapped[mood].outside is not None
    # a store camera reading customers' emotions may not run: campaign impact is measured by anonymous footfall
    assert mapped[campaign].blocked and mapped[campaign].initiative == "omnichannel.footfall_counting"


def test_the_legal_scorer_reads_german_personal_discounts_and_financing_scores() -> None:
    assert tp.hit(tp.PERSONAL_PRICE, "bekommen automatisch einen persönlichen Rabatt per E-Mail")
    assert tp.is_credit("Eigenes KI-Scoring entscheidet, wer die 0-%-Finanzierung bekommt")
    assert not tp.is_credit("0-%-Finanzierung über die Partnerbank anbieten")


def test_a_selfie_try_on_is_no_store_camera(catalog: Catalog) -> None:
    text = "Virtual try-on: customers see lipstick and foundation shades on their own face via the app's selfie camera"
    rules = _rules(catalog, text)
    assert "virtual_try_on" in rules
    assert "instore_video_analytics" not in rules  # no store, no signage, no staff in the picture
    assert "instore_video_analytics" in _rules(catalog, "Kameras in den Filialen messen Wartezeiten an der Kasse")


def test_a_counter_camera_goes_live_with_the_works_council(
    catalog: Catalog, minimal_profile_data: dict[str, Any]
) -> None:
    from fahrplan.agents.findings import finding_for
    from fahrplan.agents.legal_context import fit_to_company

    text = "Kamera über dem Tresen erkennt Brot und Gebäck und bucht den Artikel direkt in die Kasse"
    rules = [catalog.rules[r] for r in sorted(_rules(catalog, text))]
    assert [r.id for r in rules] == ["produce_recognition"]
    finding = finding_for(
        text, rules, catalog=catalog, lang="de", source="planned_use_case", module=None, initiative=None
    )
    council = Profile.model_validate({**minimal_profile_data, "constraints": ["Betriebsrat in allen Filialen"]})
    none = Profile.model_validate({**minimal_profile_data, "constraints": ["Kein Betriebsrat"]})
    # the camera sees the seller's hands and books under their login: suitable to monitor staff (§ 87(1) No. 6)
    with_council = fit_to_company(finding, rules, council, catalog=catalog, lang="de")
    assert "betrvg.s87" in [b.id for b in with_council.legal_basis]
    assert "works_council_consent" in with_council.measure_ids
    without = fit_to_company(finding, rules, none, catalog=catalog, lang="de")
    assert "works_council_consent" not in without.measure_ids


def test_a_personalised_price_notice_is_owed_to_consumers_not_to_business_customers(
    catalog: Catalog, minimal_profile_data: dict[str, Any]
) -> None:
    from fahrplan.agents.findings import finding_for
    from fahrplan.agents.legal_context import fit_to_company

    text = "Individuelle Preise je nach Kaufhistorie des Kunden im Onlineshop"
    rules = [catalog.rules[r] for r in sorted(_rules(catalog, text))]
    finding = finding_for(
        text, rules, catalog=catalog, lang="de", source="planned_use_case", module=None, initiative=None
    )
    assert "price_notice" in finding.measure_ids
    b2b = Profile.model_validate({**minimal_profile_data, "constraints": ["Nur Geschäftskunden (B2B)"]})
    consumers = Profile.model_validate(minimal_profile_data)
    fitted = fit_to_company(finding, rules, b2b, catalog=catalog, lang="de")
    assert "price_notice" not in fitted.measure_ids
    assert "consumer.personalised_price" not in [*fitted.citations, *(b.id for b in fitted.legal_basis)]
    assert "nur an Geschäftskunden" in fitted.rationale
    assert "price_notice" in fit_to_company(finding, rules, consumers, catalog=catalog, lang="de").measure_ids


@pytest.mark.parametrize(
    ("name", "sensitive"), [("Lesezeichen Buch & Spiel GmbH", True), ("Spielwaren Kaiser GmbH", False)]
)
def test_a_bookseller_profiling_purchases_handles_special_categories(
    catalog: Catalog, minimal_profile_data: dict[str, Any], name: str, sensitive: bool
) -> None:
    """Book titles reveal faith, health and political views (Art. 9 GDPR), like a drugstore's health range."""
    from fahrplan.agents.findings import finding_for
    from fahrplan.agents.legal_context import fit_to_company

    text = "Leseempfehlungen in App und Webshop aus den Käufen der Clubmitglieder"
    rules = [catalog.rules[r] for r in sorted(_rules(catalog, text))]
    finding = finding_for(
        text, rules, catalog=catalog, lang="de", source="planned_use_case", module=None, initiative=None
    )
    data = {**minimal_profile_data, "company": {**minimal_profile_data["company"], "name": name}}
    fitted = fit_to_company(finding, rules, Profile.model_validate(data), catalog=catalog, lang="de")
    assert ("sensitive_categories" in fitted.measure_ids) == sensitive
    assert ("gdpr.art9" in [b.id for b in fitted.legal_basis]) == sensitive


def test_special_categories_rest_on_explicit_consent_alone(plan: Any) -> None:
    from fahrplan.evals.dataset import load_dataset

    _, samples = load_dataset()
    sample = next(s for s in samples if s.id == "sehwerk-optik")  # dev: eyesight values in the customer file
    roadmap = plan(sample.profile)
    finding = next(f for f in roadmap.compliance_findings if f.use_case.startswith("Personalisierte Angebote"))
    assert "explicit_consent" in finding.measure_ids and "balancing_test" not in finding.measure_ids
    assert "Art. 9 Abs. 2 lit. a DSGVO) die Grundlage" in finding.rationale


def test_a_system_built_on_consenting_customers_rests_on_consent_alone(plan: Any) -> None:
    """Clienteling shows advisers the history of regular customers who consented: consent is the basis, and no
    legitimate-interest balancing is listed beside it (lawyer review of wohnhaus-hartmann)."""
    from fahrplan.evals.dataset import load_dataset

    _, samples = load_dataset()
    roadmap = plan(next(s for s in samples if s.id == "wohnhaus-hartmann").profile)
    finding = next(
        f for f in roadmap.compliance_findings if f.initiative == "omnichannel.clienteling_app" and f.step == "pilot"
    )
    assert "consent" in finding.measure_ids and "balancing_test" not in finding.measure_ids


def test_a_counter_camera_s_recommendation_reads_for_the_company_s_works_council(
    plan: Callable[..., Roadmap], minimal_profile_data: dict[str, Any]
) -> None:
    """The camera bought with the till: with a works council its consent is a condition, without one the clause goes,
    and the verdict says there are conditions (the camera sees the seller's hands)."""
    camera = "Kamera über dem Tresen erkennt Brot und Gebäck und bucht den Artikel direkt in die Kasse"
    texts = {}
    for key, constraint in (("present", "Betriebsrat in allen Filialen"), ("none", "Kein Betriebsrat")):
        data = {**minimal_profile_data, "constraints": [constraint], "planned_use_cases": [camera]}
        road = plan(Profile.model_validate(data))
        coverage = next(u for u in road.use_case_coverage if u.use_case == camera)
        assert coverage.verdict == "permitted_with_conditions" and not coverage.initiatives
        texts[key] = coverage.recommendation
        # the recommendation says how it is done (with the next till), so no "needs its own planning" beside it
        unmapped = [w for w in road.warnings if camera[:40] in w]
        assert len(unmapped) == 1 and "seine Empfehlung sagt, wie er neben diesem Plan umgesetzt wird" in unmapped[0]
    assert "und die Zustimmung des Betriebsrats" in texts["present"]
    assert (
        "Betriebsrat" not in texts["none"]
        and "Datenschutzhinweise und ein Auftragsverarbeitungsvertrag" in texts["none"]
    )
    assert "wo ein Betriebsrat besteht" not in texts["present"]


def test_the_alternative_to_a_forbidden_use_case_names_no_app_the_company_lacks(plan: Callable[..., Roadmap]) -> None:
    """A garden centre without an app that wants to count regular visitors by face reads the anonymous alternative
    with its customer card, not 'customer cards or the app'."""
    from fahrplan.evals.dataset import load_dataset

    _, samples = load_dataset()
    sample = next(s for s in samples if s.id == "gartencenter-sonnenhof")
    assert "app" not in sample.profile.company.channels
    roadmap = plan(sample.profile)
    row = next(u for u in roadmap.use_case_coverage if "Gesicht" in u.use_case)
    finding = next(f for f in roadmap.compliance_findings if f.use_case == row.use_case)
    assert "Kundenkarten" in row.recommendation and "App" not in row.recommendation
    assert finding.alternative and "App" not in finding.alternative


def test_without_a_works_council_applicants_not_staff_are_told_about_ai_pre_screening(
    catalog: Catalog, minimal_profile_data: dict[str, Any]
) -> None:
    """AI pre-screening of applications concerns applicants: without a works council the note says they are
    informed when their data are collected, and the co-determination rights wait for a council."""
    from fahrplan.agents.findings import finding_for
    from fahrplan.agents.legal_context import fit_to_company
    from fahrplan.core.texts import t

    text = "KI sortiert eingehende Bewerbungen für Filialjobs automatisch vor"
    rules = [catalog.rules[r] for r in sorted(_rules(catalog, text))]
    assert "recruitment_screening" in [r.id for r in rules]
    finding = finding_for(
        text, rules, catalog=catalog, lang="de", source="planned_use_case", module=None, initiative=None
    )
    none = Profile.model_validate({**minimal_profile_data, "constraints": ["Kein Betriebsrat"]})
    without = fit_to_company(finding, rules, none, catalog=catalog, lang="de")
    assert without.rationale.count(t("legal_works_council_none_applicants", "de")) == 1
    assert t("legal_works_council_none_short", "de") not in without.rationale
    assert catalog.rules["recruitment_screening"].rationale.de not in without.rationale
    assert "works_council" not in without.measure_ids


def test_shrinkage_analytics_on_till_data_is_reviewed_as_till_exception_analysis(plan: Any) -> None:
    """The loss-prevention initiative evaluates voids and refunds per till: its review is the till-exception rule
    (a hit is a prompt to check, Art. 22; patterns per till, no rankings of cashiers), not promotion or dismissal."""
    from fahrplan.evals.dataset import load_dataset

    _, samples = load_dataset()
    roadmap = plan(next(s for s in samples if s.id == "juwelier-goldammer").profile)
    row = next(f for f in roadmap.compliance_findings if f.initiative == "omnichannel.loss_prevention_analytics")
    assert row.rules[0] == "pos_exception_analytics" and "employee_performance_monitoring" not in row.rules
    assert "gdpr.art22" in row.citations and "Ranglisten" in row.rationale
    assert "Beförderung" not in row.rationale


def test_size_advice_is_a_service_not_advertising_and_its_personal_variant_needs_a_dpia(
    catalog: Catalog, minimal_profile_data: dict[str, Any]
) -> None:
    """A size recommendation for the item being viewed is reviewed as size advice, not as a product recommender:
    no 'advertising based on a profile', consent for the customer's own history, a DPIA because AI evaluating
    personal aspects is on the DSK list. A recommender of further items stays a recommender."""
    from fahrplan.agents.findings import finding_for

    size = "Größenempfehlung im Onlineshop auf Basis von Fußmaßen, Leistendaten und Retourengründen"
    assert _rules(catalog, size) == {"size_advice"}
    assert "recommendations" in _rules(
        catalog, "Outfit-Empfehlungen und Produktempfehlungen auf Basis der Kaufhistorie"
    )
    rules = [catalog.rules["size_advice"]]
    finding = finding_for(
        size, rules, catalog=catalog, lang="de", source="planned_use_case", module=None, initiative=None
    )
    assert {"consent", "dpia", "objection_right"} <= set(finding.measure_ids)
    assert "dsk.dpia_list.ai_interaction" in finding.citations
    assert "Werbung auf Grundlage eines Profils" not in finding.rationale
    assert catalog.initiatives["personalization.size_fit_advice"].compliance_rules == ["size_advice"]
