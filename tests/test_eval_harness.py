"""The Inspect eval harness end to end (offline): results, errors, log status, reproducibility, CLI.

inspect-ai is a test requirement (``make test`` installs the ``[eval]`` extra): these tests fail,
not skip, without it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import inspect_ai
import pytest
from inspect_ai.log import read_eval_log

import fahrplan.evals.harness as harness
from fahrplan.app.runner import run_roadmap
from fahrplan.app.settings import Settings
from fahrplan.cli.main import main
from fahrplan.core.roadmap import Roadmap
from fahrplan.evals.dataset import Sample, load_dataset
from fahrplan.evals.harness import EvalOptions, EvalRun, EvalRunError, EvalVariant, no_tiktoken_downloads, run_eval
from fahrplan.evals.schema import EvalResults, Score, ScoreContext
from fahrplan.evals.scorers import SCORERS
from fahrplan.knowledge.store import KnowledgeStore

THREE = ["frischmarkt-sued", "injection-boutique", "urban-threads-online"]
TIMING = {"latency_s", "duration_s", "created_at"}


@pytest.fixture(scope="module")
def samples() -> dict[str, Sample]:
    return {s.id: s for s in load_dataset()[1]}


@pytest.fixture(scope="module")
def offline_run(store: KnowledgeStore, tmp_path_factory: pytest.TempPathFactory) -> EvalRun:
    """Three samples through Inspect with the real scorers, two in parallel."""
    out = tmp_path_factory.mktemp("eval") / "run-a"
    return run_eval(EvalOptions(out_dir=out, sample_ids=THREE, concurrency=2), store=store, settings=Settings())


@pytest.fixture(scope="module")
def roadmaps(offline_run: EvalRun) -> dict[str, Roadmap]:
    folder = offline_run.out_dir / "roadmaps"
    return {p.stem: Roadmap.model_validate_json(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}


def _strip_timing(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_timing(v) for k, v in data.items() if k not in TIMING}
    if isinstance(data, list):
        return [_strip_timing(v) for v in data]
    return data


def test_offline_run_scores_every_metric(offline_run: EvalRun) -> None:
    out = offline_run.out_dir
    results = EvalResults.model_validate_json((out / "results.json").read_text(encoding="utf-8"))
    assert [s.sample for s in results.samples] == sorted(THREE)
    assert set(results.metrics()) == set(SCORERS)
    for s in results.samples:
        assert s.error is None
        assert set(s.scores) == set(SCORERS)
        assert all(v is not None and 0.0 <= v <= 1.0 for v in s.scores.values())
        assert set(s.explanations) == set(SCORERS)
        assert s.latency_s > 0
        assert (out / "roadmaps" / f"{s.sample}.json").is_file()
    info = results.run
    assert (info.backend, info.topology, info.model) == ("offline", "graph", None)
    assert info.dataset_version == load_dataset()[0] and info.knowledge_version and info.fahrplan_version
    assert info.prompt_version.startswith("offline-planner")
    assert info.inspect_log == "logs/fahrplan_roadmap.eval"


def test_inspect_log_is_written_and_successful(offline_run: EvalRun) -> None:
    log = read_eval_log(str(offline_run.out_dir / "logs" / "fahrplan_roadmap.eval"))
    assert log.status == "success"
    assert log.eval.model == harness.INSPECT_MODEL
    assert sorted(str(s.id) for s in log.samples or []) == sorted(THREE)
    assert set((log.samples or [])[0].scores or {}) == set(SCORERS)


def test_offline_run_is_reproducible(offline_run: EvalRun, store: KnowledgeStore, tmp_path: Path) -> None:
    options = EvalOptions(out_dir=tmp_path / "run-a", sample_ids=THREE, concurrency=3)
    again = run_eval(options, store=store, settings=Settings())
    first = json.loads((offline_run.out_dir / "results.json").read_text(encoding="utf-8"))
    second = json.loads((again.out_dir / "results.json").read_text(encoding="utf-8"))
    assert _strip_timing(first) == _strip_timing(second)
    for sid in THREE:
        name = f"roadmaps/{sid}.json"
        assert (offline_run.out_dir / name).read_bytes() == (again.out_dir / name).read_bytes()


def test_run_dir_is_not_overwritten_without_force(offline_run: EvalRun, store: KnowledgeStore) -> None:
    from fahrplan.app.output import OutputError

    with pytest.raises(OutputError, match="--force"):
        run_eval(EvalOptions(out_dir=offline_run.out_dir, sample_ids=THREE[:1]), store=store)


# -- errors: one sample, the whole log ---------------------------------------------------------


def _planner(roadmaps: dict[str, Roadmap], failing: str) -> Any:
    def plan(sample: Sample) -> Roadmap:
        if sample.id == failing:
            raise RuntimeError(f"planner exploded on {sample.id}")
        return roadmaps[sample.id]

    return plan


def test_a_failing_sample_is_recorded_and_the_others_are_scored(
    store: KnowledgeStore, roadmaps: dict[str, Roadmap], tmp_path: Path
) -> None:
    run = run_eval(
        EvalOptions(out_dir=tmp_path / "run", sample_ids=THREE),
        store=store,
        planner=_planner(roadmaps, "injection-boutique"),
    )
    by_id = {s.sample: s for s in run.results.samples}
    assert by_id["injection-boutique"].error and "planner exploded" in by_id["injection-boutique"].error
    assert by_id["injection-boutique"].scores == {}
    for sid in ("frischmarkt-sued", "urban-threads-online"):
        assert by_id[sid].error is None and set(by_id[sid].scores) == set(SCORERS)
    assert not (tmp_path / "run" / "roadmaps" / "injection-boutique.json").exists()


def test_a_failed_log_status_raises(store: KnowledgeStore, roadmaps: dict[str, Roadmap], tmp_path: Path) -> None:
    with pytest.raises(EvalRunError, match="status 'error'"):
        run_eval(
            EvalOptions(out_dir=tmp_path / "run", sample_ids=THREE, fail_on_error=True),
            store=store,
            planner=_planner(roadmaps, "frischmarkt-sued"),
        )
    assert not (tmp_path / "run" / "results.json").exists()


def test_judge_metric_when_a_judge_model_is_configured(
    store: KnowledgeStore, roadmaps: dict[str, Roadmap], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_judge(roadmap: Roadmap, profile: Any, llm: Any, **_: Any) -> Score | None:
        return Score(0.75, "rubric ok") if roadmap.generated_with.language == "de" else None

    monkeypatch.setattr(harness, "build_judge_llm", lambda settings: object())
    monkeypatch.setattr(harness, "judge_roadmap", fake_judge)
    run = run_eval(
        EvalOptions(out_dir=tmp_path / "run", sample_ids=THREE),
        store=store,
        settings=Settings(judge_model="judge-x"),
        planner=_planner(roadmaps, "none"),
    )
    by_id = {s.sample: s for s in run.results.samples}
    assert by_id["frischmarkt-sued"].scores["judge"] == 0.75
    assert by_id["urban-threads-online"].scores["judge"] is None  # unscored, not zero
    assert run.results.run.judge_model == "judge-x"


def test_scorer_registry_can_be_swapped(store: KnowledgeStore, roadmaps: dict[str, Roadmap], tmp_path: Path) -> None:
    def modules(roadmap: Roadmap, ctx: ScoreContext) -> Score:
        return Score(1.0 if len(roadmap.modules) == 6 else 0.0, f"{len(roadmap.modules)} modules for {ctx.lang}")

    run = run_eval(
        EvalOptions(out_dir=tmp_path / "run", sample_ids=THREE[:2]),
        store=store,
        planner=_planner(roadmaps, "none"),
        scorers={"six_modules": modules},
    )
    assert run.results.metrics() == ["six_modules"]
    assert run.results.mean("six_modules") == 1.0


def test_scorers_get_the_runs_quadrant_threshold(
    store: KnowledgeStore, roadmaps: dict[str, Roadmap], tmp_path: Path
) -> None:
    def threshold(roadmap: Roadmap, ctx: ScoreContext) -> Score:
        return Score(1.0, f"threshold {ctx.quadrant_threshold}")

    run = run_eval(
        EvalOptions(out_dir=tmp_path / "run", sample_ids=THREE[:1]),
        store=store,
        settings=Settings(quadrant_threshold=4.5),
        planner=_planner(roadmaps, "none"),
        scorers={"threshold": threshold},
    )
    assert run.results.samples[0].explanations == {"threshold": "threshold 4.5"}


# -- variants and guards -----------------------------------------------------------------------


def test_variant_options_are_checked() -> None:
    with pytest.raises(ValueError, match="single_prompt"):
        EvalVariant(backend="offline", topology="single_prompt")
    with pytest.raises(ValueError, match="unknown backend"):
        EvalVariant(backend="cloud")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="--concurrency must be at least 1"):
        EvalOptions(concurrency=0)
    with pytest.raises(ValueError, match="--limit must be at least 1"):
        EvalOptions(limit=0)
    settings = EvalVariant(backend="openai", model="m", base_url="http://127.0.0.1:9/v1").settings(Settings())
    assert (settings.backend, settings.model, settings.base_url) == ("openai", "m", "http://127.0.0.1:9/v1")


def test_fake_backend_plans_through_the_llm_path(store: KnowledgeStore, samples: dict[str, Sample]) -> None:
    plan = harness.make_planner(EvalVariant(backend="fake"), Settings(), store)
    roadmap = plan(samples["zoo-pfote"])
    assert roadmap.generated_with.backend == "openai" and roadmap.generated_with.model == harness.FAKE_MODEL
    assert roadmap.generated_with.usage["total"]["input_tokens"] > 0


def test_no_review_topology_reaches_run_roadmap(store: KnowledgeStore, samples: dict[str, Sample]) -> None:
    plan = harness.make_planner(EvalVariant(topology="no_review"), Settings(), store)
    sample = samples["zoo-pfote"]
    expected = run_roadmap(sample.profile, Settings(lang=sample.lang), store=store, topology="no_review")
    assert plan(sample) == expected


@pytest.fixture()
def empty_tiktoken_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import tiktoken.registry

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tiktoken"))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    yield


@pytest.mark.usefixtures("empty_tiktoken_cache")
def test_tiktoken_downloads_are_refused() -> None:
    import tiktoken

    with no_tiktoken_downloads(), pytest.raises(EvalRunError, match="tiktoken tried to download"):
        tiktoken.get_encoding("o200k_base")
    import tiktoken.load

    assert tiktoken.load.read_file.__name__ == "read_file"  # restored afterwards


# -- CLI ---------------------------------------------------------------------------------------


def test_cli_eval_run_prints_the_table(kb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli-run"
    code = main(["eval", "run", "--kb-dir", str(kb_dir), "--out", str(out), "--sample", "zoo-pfote"])
    assert code == 0
    text = capsys.readouterr().out
    assert "structure" in text and "legal_correctness" in text and f"run directory: {out}" in text
    assert (out / "results.json").is_file()
    assert main(["eval", "run", "--kb-dir", str(kb_dir), "--out", str(out), "--sample", "zoo-pfote"]) == 2
    assert main(["eval", "run", "--kb-dir", str(kb_dir), "--out", str(out), "--sample", "zoo-pfote", "--force"]) == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--sample", "no-such-sample"], "unknown sample id(s): no-such-sample"),
        (["--dataset", "/nonexistent/dataset"], "/nonexistent/dataset: dataset directory not found"),
        (["--topology", "single_prompt"], "single_prompt"),
        (["--concurrency", "0"], "--concurrency"),
        (["--backend", "cloud"], "--backend"),
        (["--prompts", "/nonexistent/prompts"], "/nonexistent/prompts"),
    ],
)
def test_cli_bad_input_exits_2_without_traceback(
    kb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code = main(["eval", "run", "--kb-dir", str(kb_dir), "--out", str(tmp_path / "x"), *argv])
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_cli_failed_log_status_exits_1(
    kb_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = harness.inspect_eval

    def failing(*args: Any, **kwargs: Any) -> Any:
        return [log.model_copy(update={"status": "error"}) for log in real(*args, **kwargs)]

    monkeypatch.setattr(harness, "inspect_eval", failing)
    code = main(["eval", "run", "--kb-dir", str(kb_dir), "--out", str(tmp_path / "x"), "--sample", "zoo-pfote"])
    assert code == 1
    assert "status 'error'" in capsys.readouterr().err


def test_cli_eval_view(
    offline_run: EvalRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(inspect_ai, "view", lambda **kwargs: calls.append(kwargs))
    assert main(["eval", "view", str(offline_run.out_dir)]) == 0
    assert calls == [{"log_dir": str(offline_run.out_dir / "logs"), "host": "127.0.0.1", "port": 7575}]
    assert main(["eval", "view", str(tmp_path / "missing")]) == 2
    assert "not an eval run directory" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)  # no eval-runs/ here
    assert main(["eval", "view"]) == 2
