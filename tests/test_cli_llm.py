"""CLI with an LLM backend (scripted fake model injected), settings errors, free-text intake, init."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from langchain_core.messages import BaseMessage

import fahrplan.app.runner as runner
from fahrplan.agents.llm import StructuredLLM
from fahrplan.agents.prompts import load_prompts
from fahrplan.app import endpoint
from fahrplan.app.settings import Settings
from fahrplan.cli.main import main
from fahrplan.core.profile_io import load_profile
from fahrplan.evals.fakes import Recorder, ScriptedChatModel, good_script

SECRET = "sk-live-THIS-MUST-NOT-LEAK-0123456789"
EXTRACTED = {
    "company": {
        "name": "Textil Freitext AG",
        "sector": "fashion",
        "annual_revenue_eur": 90000000,
        "employees": 600,
        "stores": 12,
        "channels": ["stores", "webshop"],
    },
    "data_and_it": {"maturity": 2},
    "budget": {"ai_budget_eur_24m": 900000},
    "goals": ["Mehr Onlineumsatz"],
}


def script(messages: list[BaseMessage], tool: str) -> Any:
    if tool == "IntakeProfile":
        return EXTRACTED
    return good_script(messages, tool)


@pytest.fixture()
def fake_llm(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """Replace the model factory: the CLI's LLM path runs against the scripted fake."""
    recorder = Recorder()

    def build(settings: Settings, *, tracer: Any = None) -> runner.LLMRuntime:
        model = ScriptedChatModel(script=script, recorder=recorder)
        llm = StructuredLLM(
            models={"default": model},
            model_names={"default": settings.model or "fake"},
            sleep=lambda _s: None,
            tracer=tracer,
        )
        return runner.LLMRuntime(llm, load_prompts(settings.prompts_dir))

    monkeypatch.setattr(runner, "build_llm", build)
    monkeypatch.setattr(endpoint, "preflight", lambda settings: (settings, []))  # no endpoint to ask
    monkeypatch.setenv("FAHRPLAN_API_KEY", SECRET)
    return recorder


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_llm_run_writes_trace_and_never_leaks_the_key(
    fake_llm: Recorder, kb_dir: Path, store: Any, tmp_path: Path, example_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = cli(
        capsys,
        "run",
        str(example_path("modehaus-nord")),
        "-o",
        str(out),
        "--model",
        "fake-7b",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--kb-dir",
        str(kb_dir),
    )
    assert code == 0, stderr
    assert "fake-7b" in stderr and (out / "trace.jsonl").exists()
    data = json.loads((out / "roadmap.json").read_text(encoding="utf-8"))
    assert data["generated_with"]["backend"] == "openai" and data["generated_with"]["usage"]["total"]["calls"] == 8
    for path in out.iterdir():
        assert SECRET not in path.read_text(encoding="utf-8"), path
    assert SECRET not in stdout + stderr
    events = [json.loads(line) for line in (out / "trace.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {e["event"] for e in events} >= {"llm_call", "agent_output"}


def test_free_text_profile_is_extracted_saved_and_planned(
    fake_llm: Recorder, kb_dir: Path, store: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notizen.md"
    notes.write_text("Wir sind die Textil Freitext AG, 12 Filialen, Onlineshop, 90 Mio. € Umsatz ...", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = cli(capsys, "run", str(notes), "-o", str(out), "--model", "fake", "--kb-dir", str(kb_dir))
    assert code == 0, stderr
    saved = out / "profile.extracted.yaml"
    assert load_profile(saved).company.name == "Textil Freitext AG"
    assert "Textil Freitext AG" in (out / "roadmap.md").read_text(encoding="utf-8")


def test_free_text_with_missing_required_fields_is_reported(
    fake_llm: Recorder,
    kb_dir: Path,
    store: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    partial = {"company": {"name": "Nur Name GmbH"}}
    monkeypatch.setitem(EXTRACTED, "company", partial["company"])
    monkeypatch.setitem(EXTRACTED, "data_and_it", {})
    monkeypatch.setitem(EXTRACTED, "budget", {})
    monkeypatch.delitem(EXTRACTED, "goals")
    notes = tmp_path / "notizen.txt"
    notes.write_text("Wir heißen Nur Name GmbH.", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = cli(capsys, "run", str(notes), "-o", str(out), "--model", "fake", "--kb-dir", str(kb_dir))
    assert code == 2
    assert "company.sector" in stderr and "budget.ai_budget_eur_24m" in stderr and "profile.extracted.yaml" in stderr
    assert yaml.safe_load((out / "profile.extracted.yaml").read_text(encoding="utf-8")) == partial
    assert not (out / "roadmap.md").exists()


def test_free_text_offline_explains_how_to_start(
    tmp_path: Path, kb_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("FAHRPLAN_MODEL", "FAHRPLAN_BASE_URL", "FAHRPLAN_BACKEND"):
        monkeypatch.delenv(var, raising=False)
    notes = tmp_path / "notizen.md"
    notes.write_text("Wir sind ein Händler.", encoding="utf-8")
    code, _, stderr = cli(capsys, "run", str(notes), "-o", str(tmp_path / "o"), "--kb-dir", str(kb_dir))
    assert code == 2 and "fahrplan init" in stderr


def test_init_writes_a_valid_template_and_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "profil.yaml"
    code, stdout, _ = cli(capsys, "init", str(target))
    assert code == 0 and str(target) in stdout
    assert load_profile(target).company.name == "Beispiel Handels GmbH"
    target.write_text("mein Profil", encoding="utf-8")
    code, _, stderr = cli(capsys, "init", str(target))
    assert code == 2 and "--force" in stderr and target.read_text(encoding="utf-8") == "mein Profil"
    code, _, _ = cli(capsys, "init", str(tmp_path / "en.yaml"), "--lang", "en")
    assert load_profile(tmp_path / "en.yaml").company.name == "Example Retail Ltd"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('[fahrplan]\napi_key = "sk-x"\n', "must not be stored in a file"),
        ("[fahrplan\n", "invalid TOML"),
        ('[fahrplan]\nmax_concurrency = "viele"\n', "max_concurrency"),
        ('[fahrplan]\nbase_url = "http://127.0.0.1:1/v1"\n', "'model'"),  # and the server cannot name one
    ],
)
def test_bad_settings_are_bad_input(
    tmp_path: Path,
    kb_dir: Path,
    example_path: Any,
    config: str,
    expected: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FAHRPLAN_MODEL", raising=False)
    path = tmp_path / "fahrplan.toml"
    path.write_text(config, encoding="utf-8")
    code, _, stderr = cli(
        capsys,
        "run",
        str(example_path("modehaus-nord")),
        "-o",
        str(tmp_path / "o"),
        "--config",
        str(path),
        "--kb-dir",
        str(kb_dir),
    )
    assert code == 2 and expected in stderr and "Traceback" not in stderr


def test_prompt_variant_directory_is_used_and_recorded(
    fake_llm: Recorder, kb_dir: Path, store: Any, tmp_path: Path, example_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from fahrplan.agents.prompts import BUNDLED

    variant = tmp_path / "prompts-b"
    shutil.copytree(BUNDLED, variant, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    (variant / "VERSION").write_text("variant-b\n", encoding="utf-8")
    task = variant / "de" / "supply_chain.system.md"
    task.write_text(task.read_text(encoding="utf-8") + "\nVARIANTE B: besonders knapp formulieren.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = cli(
        capsys,
        "run",
        str(example_path("modehaus-nord")),
        "-o",
        str(out),
        "--model",
        "fake",
        "--prompts",
        str(variant),
        "--kb-dir",
        str(kb_dir),
        "--quiet",
    )
    assert code == 0, stderr
    generated = json.loads((out / "roadmap.json").read_text(encoding="utf-8"))["generated_with"]
    assert generated["prompt_version"] == "variant-b"
    assert generated["prompt_hashes"]["de/supply_chain.system"] != load_prompts().hashes()["de/supply_chain.system"]
    sent = [str(m[0].content) for tool, m in fake_llm.calls if "VARIANTE B" in str(m[0].content)]
    assert len(sent) == 1


@pytest.mark.parametrize(
    ("original", "replacement", "named"),
    [
        ("{profile}", "{firmenprofil}", "unknown placeholder {firmenprofil}"),
        ("{kpis}", "KPIs", "placeholder {kpis} missing"),
    ],
)
def test_prompt_variant_with_a_wrong_placeholder_is_bad_input(
    fake_llm: Recorder,
    kb_dir: Path,
    tmp_path: Path,
    example_path: Any,
    capsys: pytest.CaptureFixture[str],
    original: str,
    replacement: str,
    named: str,
) -> None:
    import shutil

    from fahrplan.agents.prompts import BUNDLED

    variant = tmp_path / "prompts-bad"
    shutil.copytree(BUNDLED, variant, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    task = variant / "de" / "supply_chain.task.md"
    text = task.read_text(encoding="utf-8")
    assert original in text
    task.write_text(text.replace(original, replacement), encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = cli(
        capsys,
        "run",
        str(example_path("modehaus-nord")),
        "-o",
        str(out),
        "--model",
        "fake",
        "--prompts",
        str(variant),
        "--kb-dir",
        str(kb_dir),
        "--quiet",
    )
    assert code == 2, stderr
    message = " ".join(stderr.split())  # the console may wrap a long message
    assert f"{task}: {named}" in message and "Traceback" not in stderr
    assert not fake_llm.calls and not out.exists()  # refused before any agent ran
