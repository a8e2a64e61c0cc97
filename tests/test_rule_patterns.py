"""Use-case rules match the pattern family of a use case (German and English, compounds), not one sample's words."""

from __future__ import annotations

import pytest

from fahrplan.agents.compliance import finding_for, match_rules
from fahrplan.core.roadmap import ComplianceFinding
from fahrplan.knowledge.catalog import Catalog


def rule_ids(catalog: Catalog, text: str) -> set[str]:
    return {r.id for r in match_rules(text, catalog.rules.values())}


def classify(catalog: Catalog, text: str) -> ComplianceFinding:
    rules = match_rules(text, catalog.rules.values())
    return finding_for(text, rules, catalog=catalog, lang="de", source="planned_use_case", module=None, initiative=None)


@pytest.mark.parametrize(
    "text",
    [
        "Auswertung von Stornos, Retouren und Preisänderungen an den Kassen je Kasse und Schicht",
        "Bonabbrüche und manuelle Rabatte je Kassierer auswerten, um Auffälligkeiten zu finden",
        "Void and refund analysis per cashier to detect sweethearting",
        "Price overrides per till and shift flagged for review",
    ],
)
def test_till_exceptions_per_till_or_cashier_need_the_works_council(catalog: Catalog, text: str) -> None:
    assert "pos_exception_analytics" in rule_ids(catalog, text)
    f = classify(catalog, text)
    assert {"works_council", "dpia", "human_review"} <= set(f.measure_ids) and "fria" not in f.measure_ids
    assert catalog.rules["pos_exception_analytics"].realised_by == ["omnichannel.loss_prevention_analytics"]


@pytest.mark.parametrize(
    "text", ["Stornoquote je Filiale und Warengruppe auswerten", "Preisänderungen automatisch an die Preisschilder"]
)
def test_till_figures_without_tills_or_cashiers_are_no_staff_evaluation(catalog: Catalog, text: str) -> None:
    assert "pos_exception_analytics" not in rule_ids(catalog, text)


@pytest.mark.parametrize(
    "text",
    [
        "Prognose der Kassenfrequenz je Markt und Stunde für die Besetzung der Kassen",
        "Prognose der Kundenfrequenz je Stunde für die Personaleinsatzplanung",
        "Forecast checkout traffic per store and hour to decide how many tills to staff",
    ],
)
def test_staffing_forecasts_per_hour_need_the_works_council_but_are_no_annex_iii_case(
    catalog: Catalog, text: str
) -> None:
    f = classify(catalog, text)
    assert f.rules == ["process_planning_staff_data"]
    assert f.ai_act_risk == "minimal" and "works_council" in f.measure_ids


@pytest.mark.parametrize(
    "text", ["Absatzprognose je Markt und Stunde für die Disposition", "Sales forecast per store and hour for ordering"]
)
def test_a_forecast_of_goods_is_no_staff_planning(catalog: Catalog, text: str) -> None:
    assert rule_ids(catalog, text) == {"demand_forecasting"}


@pytest.mark.parametrize(
    "text",
    [
        "Kameras am Eingang erkennen wiederkehrende Besucher am Gesicht, um Stammkunden zu zählen",
        "Kameras am Eingang erkennen wiederkehrende Besucher, um Stammkunden zu zählen",
        "Cameras at the entrance recognise returning visitors by their face to count repeat visits",
    ],
)
def test_recognising_returning_visitors_by_camera_is_biometric_and_not_permitted(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert f.verdict == "not_permitted" and f.ai_act_risk == "high"
    assert f.alternative is not None and "anonym" in f.alternative  # counting purpose: count anonymously


@pytest.mark.parametrize(
    "text",
    [
        "Anonyme Zählsensoren an den Eingängen, die nur Ein- und Ausgänge zählen (keine Kameras)",
        "Kameras zählen Besucher am Eingang, ohne Wiedererkennung",
        "Stammkunden erkennen wir an der Kundenkarte",
        "Empfehlungen für Kunden anhand der Gesichtspflege-Käufe erkennen",
    ],
)
def test_anonymous_counting_and_cards_are_not_biometric(catalog: Catalog, text: str) -> None:
    assert "customer_facial_recognition" not in rule_ids(catalog, text)


@pytest.mark.parametrize(
    "text",
    [
        "Cart-abandonment e-mails to shoppers who left food in their basket",
        "Abandoned-basket reminders by e-mail",
        "Push-Nachricht, wenn Kunden Artikel im Warenkorb liegen gelassen haben",
        "Erinnerungs-E-Mail bei abgebrochenem Warenkorb",
    ],
)
def test_cart_abandonment_triggers_need_consent_and_the_objection_right(catalog: Catalog, text: str) -> None:
    assert "trigger_campaigns" in rule_ids(catalog, text)
    assert {"consent", "objection_right"} <= set(classify(catalog, text).measure_ids)


@pytest.mark.parametrize(
    "text",
    [
        "Abo-Kundinnen mit hoher Kündigungswahrscheinlichkeit per E-Mail einen persönlichen Rabatt anbieten",
        "Offer subscribers at risk of churning a personal discount by e-mail",
        "Gutscheine für abwanderungsgefährdete Kunden",
    ],
)
def test_personal_discounts_are_personalised_prices(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert "personalised_pricing" in f.rules and "price_notice" in f.measure_ids
    assert f.ai_act_risk == "minimal"


@pytest.mark.parametrize(
    "text", ["Dynamische Preise nach Nachfrage, kein persönlicher Rabatt", "Preisoptimierung für alle Kunden gleich"]
)
def test_uniform_prices_need_no_price_notice(catalog: Catalog, text: str) -> None:
    assert rule_ids(catalog, text) == {"dynamic_pricing"}


@pytest.mark.parametrize(
    "text",
    [
        "Personalisierte Angebote für Gleitsichtgläser auf Basis der gespeicherten Sehwerte in der Kundenkartei",
        "Contact-lens reorder reminders based on customers' stored prescription values",
        "Hörtestergebnisse für Angebote zu Hörgeräten auswerten",
    ],
)
def test_health_data_in_offers_needs_explicit_consent(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert "customer_health_data" in f.rules
    assert {"explicit_consent", "dpia"} <= set(f.measure_ids) and f.ai_act_risk == "minimal"


@pytest.mark.parametrize(
    "text",
    ["Personalisierte Angebote nur aus Kaufdaten, Sehwerte ausgeschlossen", "Terminvergabe für Sehtests per Telefon"],
)
def test_no_health_data_no_health_rule(catalog: Catalog, text: str) -> None:
    assert "customer_health_data" not in rule_ids(catalog, text)


@pytest.mark.parametrize(
    "text",
    [
        "Telefonassistent mit KI-Stimme, der Termine vergibt und den Abholstatus nennt",
        "AI phone assistant that books appointments",
        "Anrufe in den Filialen nimmt eine KI-Stimme entgegen",
        "Voice bot on the hotline for order and repair status",
    ],
)
def test_voice_bots_customers_talk_to_need_the_art50_notice(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert f.ai_act_risk == "limited" and {"art50_notice", "dpia"} <= set(f.measure_ids)


@pytest.mark.parametrize(
    "text", ["Werbespot mit KI-Stimme für Social Media", "Telefonassistent für Mitarbeiter im Lager"]
)
def test_a_synthetic_voice_or_a_staff_tool_is_no_customer_voice_bot(catalog: Catalog, text: str) -> None:
    assert "customer_chatbot" not in rule_ids(catalog, text)


@pytest.mark.parametrize(
    "text",
    [
        "AI screening and ranking of applications for seasonal store staff",
        "KI sortiert eingehende Bewerbungen für Aushilfen vor",
        "Applications for apprenticeships are pre-screened by AI",
    ],
)
def test_applicant_screening_is_annex_iii_4a_high_risk(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert f.rules == ["recruitment_screening"] and f.ai_act_risk == "high"
    assert {"works_council", "human_oversight"} <= set(f.measure_ids) and "fria" not in f.measure_ids


@pytest.mark.parametrize(
    "text",
    ["Security review of web applications", "Scoring of loan applications", "Review all applications in the app store"],
)
def test_software_or_loan_applications_are_no_recruiting(catalog: Catalog, text: str) -> None:
    assert "recruitment_screening" not in rule_ids(catalog, text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("AI screening and ranking of applications for seasonal store staff", "recruitment_screening"),
        ("Virtuelle Anprobe von Fassungen per Smartphone-Kamera im Webshop", "virtual_try_on"),
        ("Virtual try-on of sneakers in the app", "virtual_try_on"),
        ("Kamera an der Obstwaage erkennt Obst- und Gemüsesorten automatisch", "produce_recognition"),
        ("Self-checkout scales recognise fruit and vegetables by camera", "produce_recognition"),
    ],
)
def test_kinds_without_a_catalogue_initiative_are_advised_outside_it(catalog: Catalog, text: str, rule: str) -> None:
    assert rule in rule_ids(catalog, text)
    entry = catalog.rules[rule]
    assert entry.outside_catalog is not None and entry.outside_catalog.de and entry.outside_catalog.en
    f = classify(catalog, text)
    assert f.ai_act_risk != "prohibited" and "fria" not in f.measure_ids


def test_a_produce_scale_is_no_store_video_analysis_or_forecast(catalog: Catalog) -> None:
    assert rule_ids(catalog, "Kamera an der Obstwaage im Markt erkennt Obstsorten") == {"produce_recognition"}
    assert rule_ids(catalog, "Demand forecasting at scale for all stores") == {"demand_forecasting"}


@pytest.mark.parametrize(
    ("text", "informed"),
    [
        ("Schichtpläne, die Mitarbeitenden Schichten nach ihrer Verkaufsleistung zuweisen", True),
        ("AI screening and ranking of applications for seasonal staff", True),
        ("Bonitätsprüfung für den Ratenkauf mit eigenem Scoring", True),
        ("Kameras erkennen die Emotionen der Kundinnen und Kunden an der Kasse", False),  # no decision about anyone
    ],
)
def test_people_a_high_risk_system_decides_about_are_informed(catalog: Catalog, text: str, informed: bool) -> None:
    """AI Act Art. 26(11): deployers of Annex III systems that make or prepare decisions about people inform them."""
    f = classify(catalog, text)
    assert f.ai_act_risk == "high"
    assert ("affected_persons_notice" in f.measure_ids) is informed


@pytest.mark.parametrize(
    "text",
    [
        "Warenkorbanalyse anonymer Kassenbons für die Sortimentssteuerung",
        "Kundensegmentierung ohne Kundenkarte aus anonymen Kassenbons",
        "Basket analysis of anonymous receipts per store",
        "Clustering of anonymous till receipts without a customer key by basket pattern",
    ],
)
def test_segments_of_anonymous_receipts_are_no_profiling(catalog: Catalog, text: str) -> None:
    """Receipts without a customer key describe shopping trips, not people: no DSK profile item, no DPIA; the
    cashier numbers and payment data they carry are removed when loading."""
    assert rule_ids(catalog, text) == {"anonymous_basket_analysis"}
    f = classify(catalog, text)
    assert "dpia" not in f.measure_ids and "objection_right" not in f.measure_ids
    assert "minimise_at_load" in f.measure_ids and f.ai_act_risk == "minimal"


@pytest.mark.parametrize(
    "text",
    ["Kundensegmentierung auf Basis der Kundenkarte", "Segmentierung der Warenkörbe mit der Kundenkarte"],
)
def test_segments_of_identified_customers_are_not_anonymous(catalog: Catalog, text: str) -> None:
    assert "anonymous_basket_analysis" not in rule_ids(catalog, text)


@pytest.mark.parametrize(
    "text",
    [
        "ChatGPT für die Antworten auf Kunden-E-Mails nutzen, Kundendaten einfach reinkopieren",
        "Staff paste customer names and order data into the free ChatGPT to write replies",
    ],
)
def test_customer_data_in_a_consumer_chat_service_needs_a_business_version(catalog: Catalog, text: str) -> None:
    f = classify(catalog, text)
    assert "consumer_genai_personal_data" in f.rules and "processor_agreement" in f.measure_ids
    assert "frei verfügbaren Version" in f.rationale and "ab sofort keine Kundendaten" in f.rationale


@pytest.mark.parametrize(
    "text",
    [
        "ChatGPT Enterprise mit Auftragsverarbeitungsvertrag für Antworten auf Kunden-E-Mails",
        "ChatGPT für Produkttexte nutzen",
        "Kundendaten anonymisiert in ChatGPT einfügen, um Beschwerden zusammenzufassen",
    ],
)
def test_a_business_contract_or_no_personal_data_is_no_consumer_chat_case(catalog: Catalog, text: str) -> None:
    assert "consumer_genai_personal_data" not in rule_ids(catalog, text)


@pytest.mark.parametrize(
    ("text", "recommends"),
    [
        ("Leseempfehlungen in App und Webshop aus den Käufen der Leseclub-Mitglieder", True),
        ("Empfehlungen im Webshop auf Basis der Kaufhistorie", True),
        ("Wine recommendations in the newsletter", True),
        ("Bestellempfehlungen für die Filialen auf Basis der Kaufhistorie", False),  # ordering, not customers
    ],
)
def test_recommendations_are_recognised_by_what_is_recommended_or_what_they_learn_from(
    catalog: Catalog, text: str, recommends: bool
) -> None:
    assert ("recommendations" in rule_ids(catalog, text)) == recommends
