"""The one table of user-facing texts: unique keys, both languages, matching placeholders."""

from __future__ import annotations

import re
import string
from collections import Counter
from typing import Any

import pytest

from fahrplan.core.texts import AREAS, TEXTS, _merged, labels, t, tn
from fahrplan.core.vocab import LANGS


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def test_every_key_is_defined_in_exactly_one_area() -> None:
    counts = Counter(key for table in AREAS.values() for key in table)
    assert [key for key, n in counts.items() if n > 1] == []
    assert len(TEXTS) == sum(len(table) for table in AREAS.values())


def test_a_key_in_two_areas_is_refused() -> None:
    with pytest.raises(ValueError, match="w_default"):
        _merged({"planner": AREAS["planner"], "copy": {"w_default": {"de": "x", "en": "x"}}})


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_key_has_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = TEXTS[key]
    assert sorted(entry) == sorted(LANGS)
    assert all(entry[lang] for lang in LANGS)
    assert _placeholders(entry["de"]) == _placeholders(entry["en"])


def test_presentation_and_error_keys_carry_their_area() -> None:
    prefixes = {"report": ("report.",), "cli": ("cli.",), "errors": ("profile.", "ingest.", "output.", "endpoint.")}
    for area, allowed in prefixes.items():
        assert all(key.startswith(allowed) for key in AREAS[area]), area
    assert not any("." in key for key in AREAS["planner"])


def test_t_fills_a_template_and_falls_back_to_german() -> None:
    assert t("output.exists", "en", paths="a.md") == "a.md: already exists (use --force to overwrite)"
    assert t("output.exists", "fr", paths="a.md") == t("output.exists", "de", paths="a.md")


def test_counts_read_as_singular_or_plural_never_in_brackets() -> None:
    assert tn("risk_high", "de", 1) == "1 Hochrisiko-KI-System nach KI-VO (Pflichten ab 2. Dezember 2027)"
    assert tn("risk_high", "de", 3).startswith("3 Hochrisiko-KI-Systeme ")
    assert tn("risk_high", "en", 1).startswith("1 high-risk AI system ")
    assert tn("driver_foundation", "de", 2) == "Grundlage für andere Module (2 Abhängigkeiten)."
    bracketed = re.compile(r"\w\((?:e|s|en|n|r)\)")  # "Meilenstein(e)", "file(s)"
    assert [key for key, entry in TEXTS.items() if any(bracketed.search(text) for text in entry.values())] == []


def test_labels_take_an_area_in_one_language_without_its_prefix() -> None:
    report = labels("report", "en")
    assert report["permitted"] == "permitted" and report["phase"] == "{phase} months"
    assert set(report) == {key.removeprefix("report.") for key in AREAS["report"]}
    assert labels("profile", "de")["expected.int_type"] == "erwartet eine ganze Zahl"


def test_the_document_shows_no_field_paths_enum_values_or_cli_flags(store: Any, example_profile: Any) -> None:
    from fahrplan.app.runner import run_roadmap
    from fahrplan.app.settings import Settings
    from fahrplan.report.render_html import render_html
    from fahrplan.report.render_md import render_markdown

    profile = example_profile("frischmarkt-sued")
    for lang in ("de", "en"):
        roadmap = run_roadmap(profile, Settings(lang=lang), store=store)
        for text in (render_markdown(roadmap), render_html(roadmap)):
            body = text.split("<sub>Erstellt mit")[0].split("<sub>Generated with")[0]
            assert "--start" not in body and "JJJJ-MM" not in body  # (the Gantt's dateFormat is YYYY-MM-DD)
            assert not re.search(r"\b(company|customers|data_and_it|budget)\.[a-z_]+\b", body), lang
            assert not re.search(r"\b(general_merchandise|sporting_goods|consent_management|data_quality)\b", body), (
                lang
            )
            assert lang == "en" or not re.search(r"\b(grocery|fashion|drugstore|electronics)\b", body)
    german = render_markdown(run_roadmap(profile, Settings(), store=store))
    assert "Branche: Lebensmittel" in german and "GDPR Art." not in german and "AI Act Art." not in german
    assert german.rstrip().endswith("</sub>") and "Erstellt mit Fahrplan" in german.splitlines()[-1]


def test_legal_references_read_german_in_german_output() -> None:
    from fahrplan.core.i18n import legal_ref

    assert legal_ref("AI Act", "Art. 5(1)(f)", "de") == "KI-VO Art. 5 Abs. 1 lit. f"
    assert legal_ref("AI Act", "Annex III 1(a)", "de") == "KI-VO Anhang III Nr. 1 lit. a"
    assert legal_ref("AI Act", "Art. 3(3), 3(4), 25(1)", "de") == "KI-VO Art. 3 Nr. 3, Nr. 4, Art. 25 Abs. 1"
    assert legal_ref("GDPR", "Art. 83(4)–(5)", "de") == "DSGVO Art. 83 Abs. 4–5"
    assert legal_ref("UWG", "§ 7(2) Nr. 2, § 7(3)", "de") == "UWG § 7 Abs. 2 Nr. 2, § 7 Abs. 3"
    assert (
        legal_ref("GDPR", "COM(2025) 837 (draft Art. 88a, 88b)", "de") == "DSGVO COM(2025) 837 (Entwurf Art. 88a, 88b)"
    )
    assert legal_ref("AI Act", "Art. 5(1)(f)", "en") == "AI Act Art. 5(1)(f)"


def test_legal_sources_and_references_read_in_the_report_language() -> None:
    """German reports connect identifiers in German, English ones cite German laws with 'No.'."""
    from fahrplan.core.i18n import legal_ref, legal_source

    source = "CELEX 32024R1689 as amended by Regulation (EU) 2026/1744"
    assert legal_source(source, "de") == "CELEX 32024R1689 i. d. F. der Verordnung (EU) 2026/1744"
    assert legal_source(source, "en") == source
    assert legal_ref("UWG", "§ 7(2) Nr. 2", "en") == "UWG § 7(2) No. 2"
