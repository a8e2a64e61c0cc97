"""Comparing eval runs: paired differences, bootstrap interval, the regression gate and its CLI."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import BaseMessage

from fahrplan.cli.cmd_eval_compare import add_compare_parsers, cmd_compare, cmd_gate
from fahrplan.evals.compare import (
    ResultsError,
    bootstrap_ci,
    compare_runs,
    gate,
    load_results,
    render_comparison,
    render_gate,
)
from fahrplan.evals.schema import EvalResults, RunInfo, SampleResult

Scores = Mapping[str, Mapping[str, float | None]]


def results(
    scores: Scores, *, run_id: str = "run", errors: Mapping[str, str] | None = None, backend: str = "openai"
) -> EvalResults:
    """Results of an LLM run by default (noisy); ``backend="offline"`` for the deterministic planner."""
    samples = [SampleResult(sample=s, scores=dict(v)) for s, v in scores.items()]
    samples += [SampleResult(sample=s, error=e) for s, e in (errors or {}).items()]
    return EvalResults(run=RunInfo(run_id=run_id, backend=backend), samples=samples)


def shifted(base: Scores, metric: str, deltas: list[float]) -> dict[str, dict[str, float | None]]:
    out = {s: dict(v) for s, v in base.items()}
    for v, d in zip(out.values(), deltas, strict=True):
        value = v[metric]
        assert value is not None
        v[metric] = min(1.0, max(0.0, value + d))
    return out


BASE: dict[str, dict[str, float | None]] = {
    f"s{i:02d}": {"structure": 0.6 + 0.01 * i, "legal": 0.5 + 0.02 * (i % 5)} for i in range(20)
}


def test_paired_differences_use_samples_scored_in_both() -> None:
    a = results({"x": {"m": 0.5}, "y": {"m": 1.0}, "z": {"m": 0.2}, "u": {"m": None}})
    b = results({"x": {"m": 0.75}, "y": {"m": 1.0}, "w": {"m": 0.3}, "u": {"m": 0.9}, "z": {"other": 1.0}})
    c = compare_runs(a, b)
    m = c.metric("m")
    assert m.diffs == {"x": 0.25, "y": 0.0}
    assert m.mean_diff == pytest.approx(0.125) and m.mean_a == pytest.approx(0.75) and m.mean_b == pytest.approx(0.875)
    assert (m.wins, m.losses, m.ties) == (1, 0, 1)
    assert m.only_a == ["z"] and m.only_b == ["u", "w"]
    assert c.samples_only_a == [] and c.samples_only_b == ["w"]
    assert c.metrics_only_b == ["other"] and c.metrics_only_a == []


def test_bootstrap_interval_contains_the_true_mean_and_is_seeded() -> None:
    # differences 0.1 ± 0.005k, k = 1..10, symmetric: the true mean difference is exactly 0.1
    deltas = [0.1 + sign * 0.005 * k for k in range(1, 11) for sign in (1, -1)]
    base = {s: {"m": 0.3} for s in BASE}
    c = compare_runs(results(base), results(shifted(base, "m", deltas)), seed=7)
    m = c.metric("m")
    assert m.mean_diff == pytest.approx(0.1)
    assert m.ci_low is not None and m.ci_high is not None
    assert m.ci_low < 0.1 < m.ci_high and m.ci_high - m.ci_low < 0.05
    again = compare_runs(results(base), results(shifted(base, "m", deltas)), seed=7).metric("m")
    assert (again.ci_low, again.ci_high) == (m.ci_low, m.ci_high)
    other = compare_runs(results(base), results(shifted(base, "m", deltas)), seed=8).metric("m")
    assert (other.ci_low, other.ci_high) != (m.ci_low, m.ci_high)


def test_bootstrap_of_constant_differences_is_a_point() -> None:
    assert bootstrap_ci([0.2, 0.2, 0.2], resamples=100, seed=0, confidence=0.9) == pytest.approx((0.2, 0.2))
    with pytest.raises(ValueError):
        bootstrap_ci([], resamples=100, seed=0, confidence=0.9)


def test_gate_passes_identical_runs() -> None:
    result = gate(results(BASE), results(BASE))
    assert result.passed and result.failures == []
    assert "gate PASSED" in render_gate(result)


def test_gate_fails_on_a_significant_regression() -> None:
    drops = [-0.1 - 0.01 * (i % 3) for i in range(20)]
    result = gate(results(shifted(BASE, "legal", drops)), results(BASE))
    assert not result.passed
    (failure,) = result.failures
    assert failure.startswith("metric legal: significant regression, mean -0.1")
    text = render_gate(result)
    assert "REGRESSION" in text and "gate FAILED (1 problem(s))" in text


def test_gate_passes_noise_within_tolerance() -> None:
    noise = [0.004 * (1 if i % 2 else -1) * (i % 4) for i in range(20)]
    assert gate(results(shifted(BASE, "structure", noise)), results(BASE)).passed
    # a small but certain drop is still within the tolerance: both conditions must hold
    small = gate(results(shifted(BASE, "structure", [-0.005] * 20)), results(BASE))
    assert small.passed and any("lower on 20 of 20" in n for n in small.notes)
    assert not gate(results(shifted(BASE, "structure", [-0.005] * 20)), results(BASE), tolerance=0.001).passed


def test_offline_gate_fails_on_any_single_sample_drop() -> None:
    one = [0.0] * 20
    one[3] = -0.05  # mean drop 0.0025: noise for an LLM run, a real change for the deterministic planner
    current, baseline = shifted(BASE, "legal", one), BASE
    assert gate(results(current), results(baseline)).passed
    offline = gate(results(current, backend="offline"), results(baseline, backend="offline"))
    assert not offline.passed
    assert offline.failures == ["metric legal: lower on 1 of 20 sample(s) in deterministic runs: s03 -0.050"]
    assert gate(results(BASE, backend="offline"), results(BASE, backend="offline")).passed
    assert not gate(results(current), results(baseline), exact=True).passed


def test_gate_fails_when_a_scored_sample_errors_or_goes_missing() -> None:
    current = {s: v for s, v in BASE.items() if s not in ("s03", "s04")}
    result = gate(results(current, errors={"s03": "RuntimeError: boom"}), results(BASE))
    assert not result.passed
    assert "sample s03: scored in the baseline, errors now: RuntimeError: boom" in result.failures
    assert "sample s04: scored in the baseline, missing from this run" in result.failures


def test_gate_fails_when_a_metric_disappears() -> None:
    current = {s: {"structure": v["structure"]} for s, v in BASE.items()}
    result = gate(results(current), results(BASE))
    assert result.failures == ["metric legal: scored in the baseline, missing from this run"]


def test_baseline_errors_and_new_metrics_do_not_fail() -> None:
    baseline = results(BASE, errors={"broken": "ValueError"})
    current = results({s: {**v, "judge": 0.5} for s, v in BASE.items()}, errors={"broken": "ValueError"})
    result = gate(current, baseline)
    assert result.passed and "metric judge: new in this run (not in the baseline)" in result.notes


def test_render_comparison_lists_runs_metrics_and_one_sided_samples() -> None:
    a = results(BASE, run_id="baseline-run")
    b = results({**BASE, "extra": {"structure": 1.0}}, run_id="new-run", errors={"bad": "boom"})
    text = render_comparison(compare_runs(a, b))
    assert "A: baseline-run" in text and "B: new-run" in text and "95% CI" in text
    assert "legal" in text and "structure" in text
    assert "samples only in B: bad, extra" in text and "error in B, bad: boom" in text


# -- loading --------------------------------------------------------------------------------


def write_run(directory: Path, data: EvalResults) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "results.json").write_text(data.model_dump_json(), encoding="utf-8")
    return directory


def test_load_results_from_directory_or_file(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", results(BASE))
    assert load_results(run).samples == load_results(run / "results.json").samples


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "results file not found"),
        ("{not json", "not valid JSON"),
        (json.dumps({"run": {"run_id": "x"}, "samples": []}), "not an eval results file: run.backend"),
    ],
)
def test_load_results_errors_name_the_file(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "results.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ResultsError, match=message) as err:
        load_results(tmp_path)
    assert str(err.value).startswith(str(path))


# -- command line ---------------------------------------------------------------------------


def cli(argv: list[str]) -> int:
    """Run ``fahrplan eval compare|gate`` through the real parser and dispatch."""
    parser = argparse.ArgumentParser(prog="fahrplan eval")
    sub = parser.add_subparsers(dest="eval_command", required=True)
    add_compare_parsers(sub)
    args = parser.parse_args(argv)
    return {"compare": cmd_compare, "gate": cmd_gate}[args.eval_command](args)


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write_run(tmp_path / "base", results(BASE))
    same = write_run(tmp_path / "same", results(BASE))
    worse = write_run(tmp_path / "worse", results(shifted(BASE, "legal", [-0.2] * 20)))
    assert cli(["gate", str(same), "--baseline", str(base / "results.json")]) == 0
    assert "gate PASSED" in capsys.readouterr().out
    assert cli(["gate", str(worse), "--baseline", str(base)]) == 1
    assert "metric legal: significant regression" in capsys.readouterr().out
    assert cli(["compare", str(base), str(worse), "--resamples", "200", "--seed", "3"]) == 0
    assert "200 resamples, seed 3" in capsys.readouterr().out


def test_cli_bad_input_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write_run(tmp_path / "base", results(BASE))
    missing = tmp_path / "nope"
    assert cli(["gate", str(base), "--baseline", str(missing / "offline.json")]) == 2
    assert str(missing / "offline.json") in capsys.readouterr().err
    (tmp_path / "broken.json").write_text("[]", encoding="utf-8")
    assert cli(["compare", str(base), str(tmp_path / "broken.json")]) == 2
    assert "broken.json: not an eval results file" in capsys.readouterr().err
    assert cli(["gate", str(base), "--baseline", str(base), "--tolerance", "-1"]) == 2


def test_cli_judge_needs_a_judge_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FAHRPLAN_JUDGE_MODEL", raising=False)
    monkeypatch.delenv("FAHRPLAN_CONFIG", raising=False)
    base = write_run(tmp_path / "base", results(BASE))
    assert cli(["compare", str(base), str(base), "--judge"]) == 2
    assert "no judge model configured" in capsys.readouterr().err


def test_cli_judge_compares_stored_roadmaps_in_both_orders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, example_profile: Any
) -> None:
    from fahrplan.agents.baseline import run_single_prompt
    from fahrplan.agents.llm import StructuredLLM
    from fahrplan.agents.prompts import load_prompts
    from fahrplan.app.runner import LLMRuntime
    from fahrplan.app.settings import Settings
    from fahrplan.evals import judge
    from fahrplan.evals.fakes import Recorder, ScriptedChatModel, baseline_script

    def llm(script: Any) -> StructuredLLM:
        model = ScriptedChatModel(script=script, recorder=Recorder())
        return StructuredLLM(models={"default": model}, model_names={"default": "fake"}, sleep=lambda _s: None)

    generic = run_single_prompt(
        example_profile("modehaus-nord"), Settings(), LLMRuntime(llm(baseline_script), load_prompts())
    )
    better = generic.model_copy(
        update={"modules": [m.model_copy(update={"goal": "Konkret: Abschriften senken."}) for m in generic.modules]}
    )
    runs = {}
    for name, roadmap in (("a", generic), ("b", better)):
        runs[name] = write_run(tmp_path / name, results({"modehaus": {"structure": 1.0}}))
        (runs[name] / "roadmaps").mkdir()
        (runs[name] / "roadmaps" / "modehaus.json").write_text(roadmap.model_dump_json(), encoding="utf-8")

    def prefers_concrete(messages: list[BaseMessage], _tool: str) -> Any:
        first = str(messages[1].content).split("</roadmap_1>")[0]
        return {"reasoning": "Concrete wins.", "better": "1" if "Konkret" in first else "2"}

    monkeypatch.setattr(judge, "build_judge_llm", lambda _settings: llm(prefers_concrete))
    assert cli(["compare", str(runs["a"]), str(runs["b"]), "--judge", "--judge-model", "fake"]) == 0
    out = capsys.readouterr().out
    assert "modehaus: A first → b, B first → b, verdict b" in out
    assert "A wins 0, B wins 1, ties 0, unscored 0; order agreement 100%" in out


def test_fahrplan_eval_is_wired_into_the_cli(tmp_path: Path) -> None:
    from fahrplan.cli.main import main

    base = write_run(tmp_path / "base", results(BASE))
    worse = write_run(tmp_path / "worse", results(shifted(BASE, "legal", [-0.2] * 20)))
    assert main(["eval", "gate", str(base), "--baseline", str(base)]) == 0
    assert main(["eval", "gate", str(worse), "--baseline", str(base)]) == 1
    assert main(["eval", "gate", str(tmp_path / "missing"), "--baseline", str(base)]) == 2
    assert main(["eval", "compare", str(base), str(worse)]) == 0
