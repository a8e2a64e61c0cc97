"""Profile validation: every bad-input class gets a precise message naming file and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from fahrplan.app.settings import SettingsError, load_settings
from fahrplan.core.profile import assumed_defaults
from fahrplan.core.profile_io import MAX_PROFILE_BYTES, ProfileError, load_profile


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def error_of(path: Path, lang: str = "de") -> str:
    with pytest.raises(ProfileError) as info:
        load_profile(path, lang=lang)
    message = str(info.value)
    assert str(path) in message
    return message


def test_examples_load(example_profile: Any) -> None:
    nord = example_profile("modehaus-nord")
    assert nord.company.channels == ["stores", "webshop", "app"]
    assert not nord.data_and_it.has_system("crm")  # "keins" means absent
    assert nord.data_and_it.has_system("erp")


def test_json_profile(tmp_path: Path, minimal_profile_data: dict[str, Any]) -> None:
    profile = load_profile(write(tmp_path, "p.json", json.dumps(minimal_profile_data)))
    assert profile.company.name == "Test GmbH"


def test_syntax_error_names_line(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "p.yaml", "company:\n  name: [unclosed\n  sector: grocery\n"))
    assert "Zeile" in message and "Syntaxfehler" in message


def test_json_syntax_error(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "p.json", '{"company": {"name": }'), lang="en")
    assert "JSON syntax error at line 1" in message


@pytest.mark.parametrize("content", ["", "   \n\n", "# nur ein Kommentar\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    assert "leer" in error_of(write(tmp_path, "p.yaml", content))


def test_top_level_not_mapping(tmp_path: Path) -> None:
    assert "Zuordnung" in error_of(write(tmp_path, "p.yaml", "- a\n- b\n"))


def test_wrong_type(tmp_path: Path, minimal_profile_data: dict[str, Any]) -> None:
    minimal_profile_data["company"]["employees"] = "viele"
    message = error_of(write(tmp_path, "p.yaml", yaml.safe_dump(minimal_profile_data)))
    assert "company.employees" in message and "ganze Zahl" in message and "'viele'" in message


def test_out_of_range(tmp_path: Path, minimal_profile_data: dict[str, Any]) -> None:
    minimal_profile_data["data_and_it"]["maturity"] = 7
    minimal_profile_data["company"]["online_share_pct"] = 140
    message = error_of(write(tmp_path, "p.yaml", yaml.safe_dump(minimal_profile_data)), lang="en")
    assert "data_and_it.maturity" in message and "≤ 5" in message and "found: 7" in message
    assert "company.online_share_pct" in message


def test_bad_enum_lists_allowed_values(tmp_path: Path, minimal_profile_data: dict[str, Any]) -> None:
    minimal_profile_data["company"]["sector"] = "mode"
    message = error_of(write(tmp_path, "p.yaml", yaml.safe_dump(minimal_profile_data)))
    assert "company.sector" in message and "'fashion'" in message and "'mode'" in message


def test_missing_required(tmp_path: Path, minimal_profile_data: dict[str, Any]) -> None:
    del minimal_profile_data["budget"]["ai_budget_eur_24m"]
    del minimal_profile_data["company"]["name"]
    message = error_of(write(tmp_path, "p.yaml", yaml.safe_dump(minimal_profile_data)))
    assert "budget.ai_budget_eur_24m" in message and "company.name" in message and "Pflichtfeld" in message


def test_unknown_key_with_hint(tmp_path: Path, minimal_profile_data: dict[str, Any]) -> None:
    minimal_profile_data["company"]["employes"] = 5
    minimal_profile_data["goal"] = ["x"]
    message = error_of(write(tmp_path, "p.yaml", yaml.safe_dump(minimal_profile_data)), lang="en")
    assert "company.employes" in message and "did you mean 'company.employees'" in message
    assert "did you mean 'goals'" in message


def test_non_utf8(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "p.yaml", "company:\n  name: Müller\n".encode("latin-1")))
    assert "UTF-8" in message


def test_binary(tmp_path: Path) -> None:
    assert "Binärdatei" in error_of(write(tmp_path, "p.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00"))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "nicht gefunden" in error_of(tmp_path / "nope.yaml")
    assert "keine Datei" in error_of(tmp_path)


def test_too_large(tmp_path: Path) -> None:
    assert "zu groß" in error_of(write(tmp_path, "p.yaml", "a: " + "x" * MAX_PROFILE_BYTES))


def test_free_text_needs_structure_offline(tmp_path: Path) -> None:
    assert "fahrplan init" in error_of(write(tmp_path, "notes.md", "Wir sind ein Modehändler."))


def test_defaults_are_reported(tmp_path: Path) -> None:
    data = {
        "company": {"name": "Mini", "sector": "diy", "annual_revenue_eur": 30e6, "employees": 120},
        "data_and_it": {"maturity": 1},
        "budget": {"ai_budget_eur_24m": 150000},
    }
    profile = load_profile(write(tmp_path, "p.yaml", yaml.safe_dump(data)))
    assumed = dict(assumed_defaults(profile))
    assert assumed["company.country"] == "DE"
    assert assumed["data_and_it.data_quality"] == "low"
    assert assumed["budget.internal_fte_available"] == "1"
    assert profile.size_band == "small"


def test_criteria_and_phase_shares_from_file_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "fahrplan.toml"
    config.write_text(
        "[fahrplan]\ncriteria = {goal_fit = 2.0, cost_share = 2.5}\n"
        'phase_budget_shares = {"0-6" = 0.3, "6-12" = 0.4, "12-24" = 0.6}\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("FAHRPLAN_CRITERIA__GOAL_FIT", "1.0")
    settings = load_settings(config)
    # the environment wins for goal_fit; the file's other criterion survives the merge
    assert settings.criteria.goal_fit == 1.0 and settings.criteria.cost_share == 2.5
    assert settings.phase_budget_shares == {"0-6": 0.3, "6-12": 0.4, "12-24": 0.6}


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ({"0-6": 0.5, "6-12": 0.5}, "missing 12-24"),
        ({"0-6": 0.2, "6-12": 0.2, "12-24": 0.2}, "at least 1"),
        ({"0-6": 1.5, "6-12": 0.5, "12-24": 0.5}, "> 0 and <= 1"),
    ],
)
def test_bad_phase_shares_are_named(shares: dict[str, float], message: str) -> None:
    with pytest.raises(SettingsError, match=rf"phase_budget_shares.*{message}"):
        load_settings(None, phase_budget_shares=shares)


@pytest.mark.parametrize(
    ("variable", "value", "setting"),
    [("FAHRPLAN_REFINE_MODE", "banana", "refine_mode"), ("FAHRPLAN_MAX_CONCURRENCY", "abc", "max_concurrency")],
)
def test_a_bad_environment_setting_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, setting: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=rf"setting '{setting}': .* \(from {variable}\)"):
        load_settings(None)
