"""Prompt sets: placeholders are checked against what each agent fills in when a set is loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fahrplan.agents.baseline import load_baseline_prompt
from fahrplan.agents.prompts import (
    BUNDLED,
    PLACEHOLDERS,
    PROMPT_NAMES,
    PromptError,
    check_placeholders,
    load_prompts,
    placeholders,
)
from fahrplan.core.errors import BadInputError

HEADER = "<!-- fahrplan-prompt version=1 -->\n"


def variant(tmp_path: Path) -> Path:
    root = tmp_path / "prompts"
    shutil.copytree(BUNDLED, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def test_every_prompt_name_declares_its_placeholders() -> None:
    assert set(PROMPT_NAMES) <= set(PLACEHOLDERS)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_bundled_prompts_use_exactly_the_declared_placeholders(lang: str) -> None:
    prompts = load_prompts()
    for name in PROMPT_NAMES:
        assert placeholders(prompts.get(name, lang).template) == PLACEHOLDERS[name], name
    assert placeholders(load_baseline_prompt(lang).template) == PLACEHOLDERS["baseline"]


def test_placeholders_ignore_literal_braces() -> None:
    assert placeholders('JSON: {{"a": 1}} and {facts}') == {"facts"}
    check_placeholders(Path("x.md"), "{{literal}} {problems}", frozenset({"problems"}))


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("coordinator.task", "Fakten: {fakten}", "unknown placeholder {fakten} (this prompt takes {facts})"),
        ("coordinator.task", "Fakten: {facts} {}", "unknown placeholder {} (this prompt takes {facts})"),
        ("coordinator.system", "Du bist {rolle}.", "unknown placeholder {rolle} (this prompt takes no placeholders)"),
        ("repair.task", "Bitte korrigieren.", "placeholder {problems} missing (this prompt takes {problems})"),
        ("intake.task", "Text: {text", "not a valid template"),
    ],
)
def test_a_wrong_placeholder_names_the_file_and_the_placeholder(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    root = variant(tmp_path)
    path = root / "en" / f"{name}.md"
    path.write_text(HEADER + text + "\n", encoding="utf-8")
    with pytest.raises(PromptError) as info:
        load_prompts(root)
    assert str(info.value).startswith(f"{path}: {message}")
    assert isinstance(info.value, BadInputError) and info.value.exit_code == 2


def test_a_baseline_variant_is_checked_too(tmp_path: Path) -> None:
    root = variant(tmp_path)
    path = root / "baseline" / "de.md"
    path.write_text(HEADER + "Daten: {profil}\n", encoding="utf-8")
    with pytest.raises(PromptError, match=r"unknown placeholder \{profil\} \(this prompt takes \{daten\}\)"):
        load_baseline_prompt("de", root)
