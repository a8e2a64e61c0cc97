"""``fahrplan check``, the run's preflight and model discovery against scripted local endpoints (loopback only).

The real llama.cpp server's check is in tests/test_llama_server.py (it shares that server fixture).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fahrplan.app.advice import advise
from fahrplan.app.discovery import ServerInfo, choose_model, display_url, parse_models, parse_props, root_url
from fahrplan.app.endpoint import EndpointError, Reachability, preflight
from fahrplan.app.probe import CallProbe, CheckReport
from fahrplan.app.settings import Settings, SettingsError, load_settings
from fahrplan.cli.main import main
from tests.fake_openai import Answer, chat_answer, fake_openai, models_answer
from tests.servers import free_port

SECRET = "sk-test-CHECK-0123456789-do-not-print"
GARBAGE: Answer = (200, b"<html><body>Welcome to nginx!</body></html>")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, " ".join((out + err).split())  # the console wraps long lines


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAHRPLAN_API_KEY", SECRET)
    monkeypatch.setenv("COLUMNS", "300")  # table cells unwrapped
    for var in ("FAHRPLAN_MODEL", "FAHRPLAN_BASE_URL", "FAHRPLAN_BACKEND", "FAHRPLAN_CONFIG"):
        monkeypatch.delenv(var, raising=False)


def one_model(path: str, body: dict[str, Any]) -> Answer:
    return models_answer("qwen-local") if path.endswith("/models") else chat_answer(body)


def no_tools(path: str, body: dict[str, Any]) -> Answer:
    """Lists one model; refuses function calling (400), answers json_schema requests."""
    if path.endswith("/models"):
        return models_answer("qwen-local")
    if body.get("tools"):
        return 400, b'{"error": {"message": "tools are not supported by this server", "type": "invalid_request"}}'
    return chat_answer(body)


def echoes_key(path: str, body: dict[str, Any]) -> Answer:
    """Refuses every completion, quoting the key it got (some servers do)."""
    if path.endswith("/models"):
        return models_answer("qwen-local")
    return 400, json.dumps({"error": {"message": f"invalid key {SECRET}"}}).encode()


def garbage_chat(path: str, body: dict[str, Any]) -> Answer:
    return models_answer("qwen-local") if path.endswith("/models") else GARBAGE


def test_check_recommends_settings_for_a_working_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    with fake_openai(one_model) as (url, seen):
        code, out = cli(capsys, "check", "--base-url", url, "--lang", "en")
    assert code == 0, out
    assert "No model configured: using qwen-local" in out and "schema met" in out
    assert 'structured_method = "function_calling"' in out and "max_concurrency = 6" in out
    assert 'refine_mode = "decide"' in out and "reports no context length" in out  # no context: decide
    assert SECRET not in out
    assert all(headers.get("authorization") == f"Bearer {SECRET}" for _, _, headers in seen)  # sent, never shown


def test_check_recommends_rewriting_for_a_large_context(capsys: pytest.CaptureFixture[str]) -> None:
    def large(path: str, body: dict[str, Any]) -> Answer:
        if path.endswith("/models"):
            return 200, json.dumps({"data": [{"id": "llama-70b", "max_model_len": 32768}]}).encode()
        return chat_answer(body)

    with fake_openai(large) as (url, _):
        code, out = cli(capsys, "check", "--base-url", url, "--lang", "en")
    assert code == 0, out
    assert 'refine_mode = "rewrite"' in out and "the context holds 32768 tokens" in out


def test_check_finds_the_method_the_server_accepts(capsys: pytest.CaptureFixture[str]) -> None:
    with fake_openai(no_tools) as (url, _):
        code, out = cli(capsys, "check", "--base-url", url, "--model", "qwen-local")
    assert code == 0, out
    assert "tools are not supported" in out
    assert 'structured_method = "json_schema"' in out and "function_calling wurde abgelehnt" in out


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (lambda path, body: GARBAGE, "not as an OpenAI-compatible API"),  # e.g. base_url without /v1
        (garbage_chat, "works with neither method"),
        (echoes_key, "invalid key ***"),
    ],
    ids=["garbage-everywhere", "garbage-completions", "echoes-the-key"],
)
def test_check_of_a_server_that_answers_garbage_fails_clearly(
    route: Any, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_openai(route) as (url, _):
        code, out = cli(capsys, "check", "--base-url", url, "--model", "qwen-local", "--lang", "en")
    assert code == 1 and expected in out and "Traceback" not in out and SECRET not in out


def test_check_of_a_server_that_is_down_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    code, out = cli(capsys, "check", "--base-url", url, "--model", "m")
    assert code == 1 and "nicht erreichbar" in out and "fahrplan check" in out and "Traceback" not in out


def test_run_stops_before_planning_when_the_endpoint_is_down(
    tmp_path: Path, kb_dir: Path, example_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    args = ["run", str(example_path("modehaus-nord")), "-o", str(tmp_path / "o"), "--kb-dir", str(kb_dir)]
    code, out = cli(capsys, *args, "--model", "m", "--base-url", url, "--lang", "en")
    assert code == 1 and "is not reachable" in out and "Traceback" not in out
    assert not (tmp_path / "o").exists()


def _settings(url: str, model: str | None = None) -> Settings:
    return load_settings(None, backend="openai", base_url=url, model=model, lang="en")


def test_preflight_discovers_the_only_model_and_lists_several() -> None:
    with fake_openai(one_model) as (url, _):
        settings, notes = preflight(_settings(url))
    assert settings.model == "qwen-local" and "the only model" in notes[0]

    def several(path: str, body: dict[str, Any]) -> Answer:
        return models_answer("llama-3-8b", "qwen-7b", "mistral-7b")

    with fake_openai(several) as (url, _), pytest.raises(SettingsError) as err:
        preflight(_settings(url))
    assert "'model'" in str(err.value) and "llama-3-8b, qwen-7b, mistral-7b" in str(err.value)
    with fake_openai(several) as (url, _):
        settings, notes = preflight(_settings(url, "phi-3"))
    assert settings.model == "phi-3" and "not in the server's model list" in notes[0]


def test_preflight_names_the_key_setting_without_showing_the_key() -> None:
    refuse = fake_openai(lambda path, body: (401, b'{"error": {"message": "bad key"}}'))
    with refuse as (url, _), pytest.raises(SettingsError) as err:
        preflight(_settings(url, "m"))
    assert "'api_key'" in str(err.value) and "FAHRPLAN_API_KEY" in str(err.value) and SECRET not in str(err.value)
    with pytest.raises(EndpointError, match="is not reachable"):
        preflight(_settings(f"http://127.0.0.1:{free_port()}/v1", "m"))


def test_server_descriptions_are_read_where_they_exist() -> None:
    vllm = {"data": [{"id": "qwen", "max_model_len": 32768}]}
    llama_cpp = {"data": [{"id": "a.gguf", "meta": {"n_ctx_train": 8192}}]}
    assert parse_models(vllm, "qwen") == ServerInfo(("qwen",), 32768)
    assert parse_models(llama_cpp).context == 8192
    props = {"default_generation_settings": {"n_ctx": 4096}, "total_slots": 2}
    assert parse_props(props, ServerInfo(("a.gguf",), 8192)) == ServerInfo(("a.gguf",), 4096, 2)
    with pytest.raises(ValueError, match="no model list"):
        parse_models({"error": "nope"})
    assert choose_model(None, ("a",)) == ("a", "discovered") and choose_model(None, ()) == (None, "none")
    assert root_url("http://h:8080/v1/") == "http://h:8080"
    assert display_url("https://user:pw@h/v1") == "https://h/v1"


def _report(context: int | None, call: CallProbe, ratio: float | None = 1.9) -> CheckReport:
    info = ServerInfo(("m",), context)
    return CheckReport(Reachability("ok", info), info, "m", call, None, ratio)


def test_advice_follows_the_measurements() -> None:
    settings = Settings(max_output_tokens=2048, timeout_s=60)
    call = CallProbe("function_calling", True, latency_s=2.0, input_tokens=60, output_tokens=40)  # 20 tokens/s
    advice = advise(settings, _report(4096, call))
    assert advice.usable and advice.method == "function_calling" and advice.concurrency == 1
    assert advice.refine_mode == "decide"  # a 4k context: decisions only
    # the largest decide prompt (1,800 tokens) leaves room for the whole token limit (was 512 beside 4,000)
    assert advice.max_output_tokens == 2048
    # 2 s + 1800/(10*20) s + 800/20 s (the largest decide answer, not 2,048 tokens) = 51 s, doubled, rounded up
    assert advice.timeout_s == 110
    failed = CallProbe("function_calling", False, error="400", reason="client_error")
    none = CheckReport(Reachability("ok", ServerInfo(("m",))), ServerInfo(("m",)), "m", failed, failed, None)
    assert not advise(settings, none).usable and advise(settings, none).refine_mode == "decide"


def test_advice_for_a_slow_small_model_no_longer_assumes_a_full_answer_per_call() -> None:
    """SmolLM2 on one llama.cpp slot (README): the check recommended 960 s from a 2,048-token answer."""
    call = CallProbe("function_calling", True, latency_s=10.0, input_tokens=60, output_tokens=45)  # 4.5 tokens/s
    advice = advise(Settings(), _report(8192, call))
    assert advice.refine_mode == "decide" and advice.max_output_tokens == 2048
    assert advice.timeout_s == 460  # 10 + 1800/45 + 800/4.5 = 227.8 s, doubled, rounded up (was 1,110 s)


def test_advice_recommends_rewriting_only_with_structured_output_and_a_16k_context() -> None:
    call = CallProbe("function_calling", True, latency_s=2.0, input_tokens=60, output_tokens=40)
    large = advise(Settings(max_output_tokens=4096), _report(32768, call, None))
    assert large.refine_mode == "rewrite" and large.max_output_tokens == 4096
    assert large.timeout_s == 260  # 2 + 4000/200 + 2100/20 = 127 s (the rewrite answer's bound), doubled, rounded up
    assert advise(Settings(), _report(16_000, call)).refine_mode == "rewrite"
    assert advise(Settings(), _report(15_999, call)).refine_mode == "decide"
    assert advise(Settings(), _report(None, call)).refine_mode == "decide"  # not reported: not shown to fit
    failed = CallProbe("function_calling", False, error="output does not match the schema", reason="output")
    assert advise(Settings(), _report(32768, failed)).refine_mode == "decide"


def test_eval_run_with_an_llm_backend_has_the_runs_preflight(
    tmp_path: Path, kb_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, out = f"http://127.0.0.1:{free_port()}/v1", tmp_path / "eval"
    argv = ["eval", "run", "--backend", "openai", "--base-url", url, "--model", "m", "--out", str(out)]
    code, text = cli(capsys, *argv, "--kb-dir", str(kb_dir), "--sample", "zoo-pfote", "--lang", "en")
    assert code == 1 and "is not reachable" in text and "Traceback" not in text
    assert not out.exists()  # stopped before Inspect planned a sample


def test_eval_samples_share_one_adaptive_limit(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import fahrplan.evals.harness as harness
    from fahrplan.evals.dataset import load_dataset

    limiters: list[object] = []

    def build(settings: Settings, **kwargs: Any) -> str:
        limiters.append(kwargs.get("limiter"))
        return "runtime"

    monkeypatch.setattr(harness, "build_llm", build)
    monkeypatch.setattr(harness, "run_roadmap", lambda *args, **kwargs: kwargs["runtime"])
    variant = harness.EvalVariant(backend="openai", model="m", base_url="http://127.0.0.1:9/v1")
    plan = harness.make_planner(variant, Settings(max_concurrency=3), store)
    for sample in load_dataset()[1][:3]:
        assert plan(sample) == "runtime"
    assert len(limiters) == 3 and limiters[0] is not None and all(lim is limiters[0] for lim in limiters)
    assert getattr(limiters[0], "maximum", None) == 3  # max_concurrency bounds the whole eval, not each sample
