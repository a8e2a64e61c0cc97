"""The knowledge base: complete, sourced, consistent, and retrievable through Chroma."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from fahrplan.knowledge.catalog import Catalog, CatalogError, _check_references, load_catalog
from fahrplan.knowledge.schema import MODULE_IDS
from fahrplan.knowledge.store import KnowledgeStore

REFERENCES = Path(__file__).resolve().parents[2] / "shared" / "reference"


def test_at_least_eight_initiatives_per_module(catalog: Catalog) -> None:
    for module in MODULE_IDS:
        assert len(catalog.by_module(module)) >= 8, module


def test_every_figure_has_a_source_from_the_reference(catalog: Catalog) -> None:
    reference = "\n".join(p.read_text(encoding="utf-8") for p in sorted(REFERENCES.glob("*.md")))
    assert reference, f"reference fact sheets missing in {REFERENCES}"
    for ini in catalog.initiatives.values():
        for lever in ini.value_levers:
            if lever.figure is None:
                continue
            if lever.evidence == "estimate":
                assert lever.assumption is not None, ini.id
                continue
            assert lever.source, ini.id
            source = lever.source or ""
            celex = re.search(r"CELEX \d{5}[A-Z]\d{4}", source)
            url = re.search(r"https?://\S+", source)
            anchor = celex.group(0).removeprefix("CELEX ") if celex else url.group(0) if url else source.split(",")[0]
            assert anchor.strip() in reference, (ini.id, source)


def test_every_legal_entry_has_an_official_source(catalog: Catalog) -> None:
    for entry in catalog.legal.values():
        assert (
            "CELEX" in entry.source
            or "gesetze-im-internet.de" in entry.source
            or "Regulation (EU)" in entry.source
            or "DSK" in entry.source
            or "COM(" in entry.source
        ), entry.id


def test_store_is_built_once_per_content(catalog: Catalog, tmp_path: Path) -> None:
    first = KnowledgeStore.open(catalog, tmp_path)
    assert first.size == len(catalog.initiatives) + len(catalog.legal) + len(catalog.rules)
    again = KnowledgeStore.open(load_catalog(), tmp_path)
    assert again._collection.id == first._collection.id  # reused, not rebuilt


def test_retrieval_finds_the_right_initiative(store: KnowledgeStore) -> None:
    hits = store.search("Nachfrageprognose je Filiale und Artikel", kind="initiative", k=3)
    assert "supply_chain.demand_forecasting" in [h.id for h in hits]
    hits = store.search("product recommendations in the online shop", kind="initiative", module="personalization", k=2)
    assert hits[0].id == "personalization.webshop_recommendations"
    assert all(h.module == "personalization" for h in hits)


def test_an_interrupted_build_is_rebuilt(catalog: Catalog, tmp_path: Path) -> None:
    """The collection's metadata is written before its entries: a build killed half-way must not count as done."""
    small = dataclasses.replace(
        catalog,
        initiatives=dict(list(catalog.initiatives.items())[:3]),
        legal=dict(list(catalog.legal.items())[:2]),
        rules={},
    )
    first = KnowledgeStore.open(small, tmp_path)
    first._collection.delete(ids=[next(iter(small.initiatives))])  # as if the process died during add()
    again = KnowledgeStore.open(small, tmp_path)
    assert again.size == 5 and again._collection.id != first._collection.id
    assert [h.id for h in again.search("Prognose", k=5)]


# -- catalog breadth and data hygiene (issue 13) ------------------------------------------------

BREADTH_IDS = {
    "personalization": [
        "size_fit_advice",
        "service_agent_assist",
        "service_email_triage",
        "genai_marketing_content",
        "visual_search",
        "retail_media",
    ],
    "supply_chain": [
        "returns_prediction",
        "promotion_planning",
        "assortment_space_planning",
        "warehouse_picking_optimisation",
        "transport_route_optimisation",
        "supplier_analytics",
    ],
    "omnichannel": [
        "payment_fraud_provider",
        "store_energy_management",
        "loss_prevention_analytics",
        "marketplace_optimisation",
        "electronic_shelf_labels",
        "fulfilment_orchestration",
    ],
    "data_platform": ["product_data_enrichment"],
    "compliance": ["genai_usage_policy"],
}
STORE_WORDS_DE = re.compile(r"\b(Filial\w*|Markt|Märkte\w*|Laden|Läden)\b")
STORE_WORDS_EN = re.compile(r"\b(stores?|in-store|sales floor)\b", re.IGNORECASE)
CONVENTIONS = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "CONVENTIONS.md"


def test_catalog_breadth(catalog: Catalog) -> None:
    assert len(catalog.initiatives) >= 70
    for module, names in BREADTH_IDS.items():
        ids = {i.id for i in catalog.initiatives.values() if i.module == module}
        missing = [n for n in names if f"{module}.{n}" not in ids]
        assert not missing, (module, missing)


def test_no_store_wording_in_titles_of_initiatives_without_stores(catalog: Catalog) -> None:
    wrong = [
        i.id
        for i in catalog.initiatives.values()
        if not i.requires_stores and (STORE_WORDS_DE.search(i.title.de) or STORE_WORDS_EN.search(i.title.en))
    ]
    assert not wrong, wrong
    assert STORE_WORDS_DE.search("Energiemanagement in Filialen") and not STORE_WORDS_DE.search("Marktplätze")


def test_fresh_produce_only_for_grocery(catalog: Catalog) -> None:
    fresh = [i for i in catalog.initiatives.values() if re.search(r"Frische", i.title.de)]
    assert fresh, "the fresh ordering initiative exists"
    for ini in fresh:
        assert ini.sectors == ["grocery"] and ini.requires_stores, ini.id


def test_ai_initiatives_with_personal_data_name_their_rules(catalog: Catalog) -> None:
    """An initiative whose AI processes no personal data says so; the others name a compliance rule."""
    no_personal = re.compile(r"keine(?:n)? personenbezogenen Daten|keine Kundendaten|keine Daten über", re.IGNORECASE)
    for module, names in BREADTH_IDS.items():
        for name in names:
            ini = catalog.initiatives[f"{module}.{name}"]
            if ini.ai_use_case is None:
                continue
            assert ini.compliance_rules or no_personal.search(ini.ai_use_case.de), ini.id


def test_conventions_list_every_initiative_and_rule_id(catalog: Catalog) -> None:
    text = CONVENTIONS.read_text(encoding="utf-8")
    ids_section = text.split("## Initiative ids")[1].split("## Legal entry ids")[0]
    listed = {
        f"{module}.{name.strip()}"
        for module, names in re.findall(r"^(\w+): ([\s\S]*?)(?=^\w+:|^Full id)", ids_section, re.MULTILINE)
        for name in names.replace("\n", " ").split(",")
        if name.strip()
    }
    assert listed == set(catalog.initiatives), sorted(listed ^ set(catalog.initiatives))
    rules_section = text.split("## Use-case rule ids")[1].split("##")[0]
    listed_rules = {r.strip() for r in rules_section.replace("(fixed)", "").replace("\n", " ").split(",") if r.strip()}
    assert listed_rules == set(catalog.rules), sorted(listed_rules ^ set(catalog.rules))
    used = {r for i in catalog.initiatives.values() for r in i.compliance_rules}
    assert used <= set(catalog.rules) and "operations_optimisation" in used


def test_a_rule_naming_an_unknown_initiative_is_rejected(catalog: Catalog) -> None:
    rule = next(iter(catalog.rules.values()))
    broken = rule.model_copy(update={"realised_by": ["personalization.does_not_exist"]})
    bad = dataclasses.replace(catalog, rules={**catalog.rules, rule.id: broken})
    with pytest.raises(CatalogError, match=r"unknown initiative personalization\.does_not_exist"):
        _check_references(bad)


def test_the_data_protection_officer_advises_and_owns_no_initiative(catalog: Catalog) -> None:
    """The DPO advises the controller; making them the responsible owner of a decision on which tools process
    personal data would have them decide the means of processing (a conflict under Art. 38(6) GDPR)."""
    first = {i.id: i.owner_roles[0].de for i in catalog.initiatives.values() if i.owner_roles}
    assert not [i for i, role in first.items() if role.startswith("Datenschutzbeauftragte")]
    policy = catalog.initiatives["compliance.genai_usage_policy"].owner_roles
    assert any("(berät)" in role.de for role in policy)


def test_no_assumption_repeats_the_label_the_report_gives_it(catalog: Catalog) -> None:
    """The report prints every estimate as '(Schätzung; Annahme: …)': a text opening with 'Annahme:' read twice."""
    doubled = [
        i.id
        for i in catalog.initiatives.values()
        for lever in i.value_levers
        if lever.assumption is not None
        and (lever.assumption.de.startswith("Annahme:") or lever.assumption.en.lower().startswith("assumption:"))
    ]
    assert doubled == []


def test_an_assumption_that_names_itself_is_not_labelled_again(catalog: Catalog) -> None:
    """'Annahme des Katalogs …' is printed as '(Schätzung; Annahme des Katalogs …)', not '(… Annahme: Annahme …)'."""
    from fahrplan.agents.module_plans import _value_text

    for lang, label in (("de", "Annahme: "), ("en", "assumption: ")):
        texts = [x for i in catalog.initiatives.values() for x in _value_text(i, lang)]
        assert not [x for x in texts if f"{label}annahme" in x.lower() or f"{label}catalogue assumption" in x.lower()]
        assert any(f"({'Schätzung' if lang == 'de' else 'estimate'}; {label}" in x for x in texts)  # others keep it
