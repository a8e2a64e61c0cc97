"""Resume from a SQLite checkpoint: interrupted runs continue without repeating finished agents."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ormsgpack
import pytest
from langchain_core.messages import BaseMessage
from pydantic import SecretStr

from fahrplan.agents import PLANNER_VERSION
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft
from fahrplan.agents.llm import StructuredLLM
from fahrplan.agents.prompts import load_prompts
from fahrplan.app.runner import LLMRuntime, build_llm, run_roadmap
from fahrplan.app.settings import Settings, fingerprint_settings
from fahrplan.cli.main import main
from fahrplan.core.profile import Profile, assumed_defaults
from fahrplan.core.roadmap import GeneratedWith, Roadmap
from fahrplan.core.vocab import AGENT_NODES, GRAPH_NODES, NODE_COMPLIANCE_REVIEW
from fahrplan.evals.fakes import Recorder, ScriptedChatModel, good_script, module_of
from fahrplan.graph.builder import RunContext, build_graph
from fahrplan.graph.checkpoint import StateSerializer, open_checkpointer, run_fingerprint, state_types
from fahrplan.knowledge.schema import MODULE_IDS
from fahrplan.knowledge.store import KnowledgeStore

MODULE_TOOL = "ModuleRefinement"
SUMMARY_TOOL = "SummaryRefinement"
FAKE_KEY = "sk-fake-CHECKPOINT-MUST-NOT-HOLD-THIS-4711"


class SimulatedInterrupt(BaseException):
    """A crash the agents' degradation does not catch (like KeyboardInterrupt: not an Exception)."""


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """LLM runs stamp created_at with the clock; fix it so two runs can be compared."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


@pytest.fixture()
def saver(tmp_path: Path) -> Iterator[Any]:
    with open_checkpointer(tmp_path / "checkpoints.sqlite") as opened:
        yield opened


def fake_runtime(script: Any) -> tuple[LLMRuntime, Recorder]:
    recorder = Recorder()
    model = ScriptedChatModel(script=script, recorder=recorder)
    llm = StructuredLLM(models={"default": model}, model_names={"default": "fake-model"}, sleep=lambda _s: None)
    return LLMRuntime(llm, load_prompts()), recorder


def crash_in(module: str) -> Any:
    """A script that interrupts the run in ``module``'s model call; the others answer."""

    def script(messages: list[BaseMessage], tool: str) -> Any:
        if tool == MODULE_TOOL and module_of(messages) == module:
            return SimulatedInterrupt(f"interrupted in {module}")
        return good_script(messages, tool)

    return script


def crash_in_summary(messages: list[BaseMessage], tool: str) -> Any:
    return SimulatedInterrupt("interrupted in the coordinator") if tool == SUMMARY_TOOL else good_script(messages, tool)


def modules_called(recorder: Recorder) -> list[str]:
    return sorted(module_of(messages) for tool, messages in recorder.calls if tool == MODULE_TOOL)


def without_run_notes(roadmap: Roadmap) -> Roadmap:
    """The roadmap without what legitimately differs after a resume: the notice and the usage."""
    warnings = [w for w in roadmap.warnings if not w.startswith(("Fortgesetzt", "Resumed"))]
    generated = roadmap.generated_with.model_copy(update={"usage": {}})
    return roadmap.model_copy(update={"warnings": warnings, "generated_with": generated})


def interrupted_then_resumed(
    profile: Profile, store: KnowledgeStore, saver: Any, script: Any, settings: Settings
) -> tuple[Recorder, Recorder, Roadmap, list[str]]:
    crashing, first = fake_runtime(script)
    with pytest.raises(SimulatedInterrupt):
        run_roadmap(profile, settings, store=store, runtime=crashing, checkpointer=saver)
    again, second = fake_runtime(good_script)
    notices: list[str] = []
    roadmap = run_roadmap(profile, settings, store=store, runtime=again, checkpointer=saver, on_resume=notices.append)
    return first, second, roadmap, notices


def thread_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(DISTINCT thread_id) FROM checkpoints").fetchone()[0])


def test_interrupted_agent_is_resumed_and_finished_agents_are_not_run_again(
    store: KnowledgeStore, example_profile: Any, saver: Any, tmp_path: Path
) -> None:
    profile = example_profile("modehaus-nord")
    first, second, resumed, notices = interrupted_then_resumed(
        profile, store, saver, crash_in("supply_chain"), Settings()
    )
    assert first.count(MODULE_TOOL) == 6 and first.count(SUMMARY_TOOL) == 0
    # the five agents that finished in the failed superstep kept their writes
    assert modules_called(second) == ["supply_chain"] and second.count(SUMMARY_TOOL) == 1
    assert len(notices) == 1 and "5 von 6" in notices[0] and notices[0] in resumed.warnings
    fresh, _ = fake_runtime(good_script)
    uninterrupted = run_roadmap(profile, Settings(), store=store, runtime=fresh)
    assert without_run_notes(resumed) == without_run_notes(uninterrupted)
    assert resumed.generated_with.usage["total"]["calls"] == 2  # only this run's calls are counted
    assert thread_count(tmp_path / "checkpoints.sqlite") == 0  # a finished run keeps no checkpoint


def test_sequential_crash_reruns_only_the_agents_without_a_result(
    store: KnowledgeStore, example_profile: Any, saver: Any
) -> None:
    first, second, roadmap, notices = interrupted_then_resumed(
        example_profile("modehaus-nord"), store, saver, crash_in("omnichannel"), Settings(max_concurrency=1)
    )
    answered = {m for m in modules_called(first) if m != "omnichannel"}
    rerun = set(modules_called(second))
    assert "omnichannel" in rerun and not answered & rerun
    assert answered | rerun == set(MODULE_IDS)
    assert f"{len(answered)} von 6" in notices[0]
    assert len(roadmap.modules) == 6


def test_crash_in_the_coordinator_reuses_all_six_agents(
    store: KnowledgeStore, example_profile: Any, saver: Any
) -> None:
    _, second, roadmap, notices = interrupted_then_resumed(
        example_profile("modehaus-nord"), store, saver, crash_in_summary, Settings(lang="en")
    )
    assert second.count(MODULE_TOOL) == 0 and second.count(SUMMARY_TOOL) == 1
    assert "6 of 6" in notices[0] and roadmap.executive_summary[0].startswith(("LLM-Summary", "LLM summary"))


def test_resumed_nodes_are_reported_once_each_in_graph_order(
    store: KnowledgeStore, example_profile: Any, saver: Any
) -> None:
    profile = example_profile("modehaus-nord")
    crashing, _ = fake_runtime(crash_in_summary)
    with pytest.raises(SimulatedInterrupt):
        run_roadmap(profile, Settings(), store=store, runtime=crashing, checkpointer=saver)
    seen: list[str] = []
    again, _ = fake_runtime(good_script)
    run_roadmap(profile, Settings(), store=store, runtime=again, checkpointer=saver, on_progress=seen.append)
    assert tuple(seen) == GRAPH_NODES


def test_changed_inputs_change_the_fingerprint_and_irrelevant_settings_do_not(example_profile: Any) -> None:
    profile = example_profile("modehaus-nord")
    prompts = load_prompts().hashes()

    def fp(p: Profile = profile, s: Settings | None = None, h: dict[str, str] = prompts, **kw: Any) -> str:
        chosen = fingerprint_settings(s or Settings())
        return run_fingerprint(p, chosen, h, kw.get("kv", "kb-1"), PLANNER_VERSION, kw.get("top", "graph"))

    base = fp()
    assert len(base) == 64 and base == fp()
    changed_profile = profile.model_copy(update={"notes": "anders"})
    changed_prompt = {**prompts, next(iter(prompts)): "0" * 64}
    variants = [
        fp(p=changed_profile),
        fp(s=Settings(lang="en")),
        fp(s=Settings(weight_impact=0.5, weight_feasibility=0.5)),
        fp(s=Settings(model="other-model", base_url="http://127.0.0.1:1/v1")),
        fp(s=Settings(temperature=0.7)),
        fp(s=Settings(agent_models={"coordinator": "big"})),
        fp(h=changed_prompt),
        fp(kv="kb-2"),
        fp(top="no_review"),
    ]
    assert base not in variants and len(set(variants)) == len(variants)
    same = [
        Settings(kb_dir=Path("/elsewhere"), cache_dir=Path("/c"), use_cache=False, max_concurrency=2),
        Settings(api_key=SecretStr(FAKE_KEY), timeout_s=5, max_retries=0, checkpoint_path=Path("/x.sqlite")),
    ]
    assert all(fp(s=s) == base for s in same)


def test_changed_profile_after_a_crash_starts_a_fresh_run(
    store: KnowledgeStore, example_profile: Any, saver: Any
) -> None:
    profile = example_profile("modehaus-nord")
    crashing, _ = fake_runtime(crash_in("upskilling"))
    with pytest.raises(SimulatedInterrupt):
        run_roadmap(profile, Settings(), store=store, runtime=crashing, checkpointer=saver)
    other = profile.model_copy(update={"notes": "Neue Randbedingung"})
    again, second = fake_runtime(good_script)
    notices: list[str] = []
    roadmap = run_roadmap(other, Settings(), store=store, runtime=again, checkpointer=saver, on_resume=notices.append)
    assert second.count(MODULE_TOOL) == 6 and notices == []
    assert not any(w.startswith("Fortgesetzt") for w in roadmap.warnings)


def test_offline_run_with_checkpoint_is_byte_identical(
    store: KnowledgeStore, example_profile: Any, saver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    from fahrplan.cli.cmd_run import render

    profile = example_profile("frischmarkt-sued")
    plain = render(run_roadmap(profile, Settings(), store=store), ["json", "md"])
    checkpointed = render(run_roadmap(profile, Settings(), store=store, checkpointer=saver), ["json", "md"])
    again = render(run_roadmap(profile, Settings(), store=store, checkpointer=saver), ["json", "md"])
    assert plain == checkpointed == again
    assert json.loads(plain["roadmap.json"])["generated_with"]["created_at"] is None  # type: ignore[arg-type]


def test_state_round_trips_exactly_and_only_allow_listed_classes_are_rebuilt(
    store: KnowledgeStore, example_profile: Any
) -> None:
    state = final_state(store, example_profile("modehaus-nord"))
    serde = StateSerializer(state_types())
    loaded = serde.loads_typed(serde.dumps_typed(state))
    assert loaded == state
    draft: ModuleDraft = loaded["drafts"]["personalization"]
    assert type(loaded["matches"]) is tuple and type(draft.selected) is tuple and type(draft.milestones) is tuple
    assert all(
        type(getattr(draft, f.name)) is type(getattr(state["drafts"]["personalization"], f.name))
        for f in dataclasses.fields(draft)
    )

    @dataclasses.dataclass(frozen=True)
    class Intruder:
        command: str

    # a class outside the allow-list is never rebuilt: LangGraph's strict mode hands back its data
    assert serde.loads_typed(serde.dumps_typed({"x": Intruder("rm -rf /")})) == {"x": {"command": "rm -rf /"}}
    forged = ormsgpack.packb(ormsgpack.Ext(101, ormsgpack.packb(["os", "system", {"command": "true"}])))
    with pytest.raises(ValueError, match=r"os\.system"):
        serde.loads_typed(("msgpack", forged))


def final_state(store: KnowledgeStore, profile: Profile) -> dict[str, Any]:
    """Every channel of an offline run, as the graph holds them."""
    deps = AgentDeps(catalog=store.catalog, retriever=store)
    generated = GeneratedWith(
        backend="offline",
        model=None,
        prompt_version=PLANNER_VERSION,
        knowledge_version=store.catalog.version,
        created_at=None,
        language="de",
        fahrplan_version="test",
        planner_version=PLANNER_VERSION,
        prompt_hashes={},
    )
    context = RunContext(deps=deps, generated_with=generated)
    return list(build_graph().stream({"profile": profile}, context=context, stream_mode="values"))[-1]


def test_checkpoint_database_never_holds_the_api_key(
    store: KnowledgeStore, example_profile: Any, tmp_path: Path
) -> None:
    settings = Settings(
        api_key=SecretStr(FAKE_KEY), model="fake-7b", base_url="http://127.0.0.1:9/v1", max_retries=0, timeout_s=2
    )
    runtime = build_llm(settings)  # real clients holding the key (the port refuses: agents degrade)
    profile = example_profile("modehaus-nord")

    def interrupt(node: str) -> None:
        if node in AGENT_NODES:
            raise SimulatedInterrupt("Ctrl-C after the first agent")

    path = tmp_path / "ck" / "checkpoints.sqlite"
    with open_checkpointer(path) as saver, pytest.raises(SimulatedInterrupt):
        run_roadmap(profile, settings, store=store, runtime=runtime, checkpointer=saver, on_progress=interrupt)
    files = list(path.parent.iterdir())
    blob = b"".join(f.read_bytes() for f in files)
    assert thread_count(path) == 1  # the interrupted run is on disk ...
    assert profile.company.name.encode() in blob  # ... in readable form, so the grep below would find a key
    assert FAKE_KEY.encode() not in blob and FAKE_KEY[8:].encode() not in blob


def test_cli_resumes_visibly_and_no_checkpoint_writes_nothing(
    store: KnowledgeStore,
    kb_dir: Path,
    example_path: Any,
    example_profile: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "cli.sqlite"
    profile = example_profile("modehaus-nord")

    def interrupt(node: str) -> None:
        if node == NODE_COMPLIANCE_REVIEW:
            raise SimulatedInterrupt("Ctrl-C")

    with open_checkpointer(path) as saver, pytest.raises(SimulatedInterrupt):
        run_roadmap(profile, Settings(), store=store, checkpointer=saver, on_progress=interrupt)
    args = ["run", str(example_path("modehaus-nord")), "--kb-dir", str(kb_dir), "--quiet"]
    code = main([*args, "-o", str(tmp_path / "a"), "--checkpoint", str(path)])
    _, err = capsys.readouterr()
    assert code == 0 and "Fortgesetzt" in err and "6 von 6" in err, err
    assert "Fortgesetzt" in (tmp_path / "a" / "roadmap.md").read_text(encoding="utf-8")
    unused = tmp_path / "unused.sqlite"
    code = main([*args, "-o", str(tmp_path / "b"), "--checkpoint", str(unused), "--no-checkpoint"])
    assert code == 0 and not unused.exists()


def test_unusable_checkpoint_database_is_a_clear_error(
    kb_dir: Path, store: KnowledgeStore, example_path: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "checkpoints.sqlite"
    garbage.write_bytes(b"this is not a database" * 100)
    args = ["run", str(example_path("modehaus-nord")), "--kb-dir", str(kb_dir), "--quiet", "-o", str(tmp_path / "o")]
    code = main([*args, "--checkpoint", str(garbage)])
    out, err = capsys.readouterr()
    assert code == 1 and str(garbage) in err and "--no-checkpoint" in err and "Traceback" not in out + err
    assert not (tmp_path / "o").exists()
    assert main([*args, "--checkpoint", str(garbage), "--no-checkpoint"]) == 0


def test_a_resumed_run_keeps_the_defaults_the_profile_left_out(
    store: KnowledgeStore, minimal_profile_data: dict[str, Any], saver: Any
) -> None:
    """A checkpoint restores the profile exactly, down to which fields it left out: the resumed roadmap still lists
    the assumed defaults (country, channels, …) and asks the board what they imply, like an uninterrupted run."""
    profile = Profile.model_validate(minimal_profile_data)
    assert dict(assumed_defaults(profile))  # the minimal profile leaves optional fields out
    serializer = StateSerializer(state_types())
    restored = serializer.loads_typed(serializer.dumps_typed(profile))
    assert restored == profile and restored.model_fields_set == profile.model_fields_set
    assert assumed_defaults(restored) == assumed_defaults(profile)
    _, _, resumed, _ = interrupted_then_resumed(profile, store, saver, crash_in_summary, Settings())
    fresh, _ = fake_runtime(good_script)
    uninterrupted = run_roadmap(profile, Settings(), store=store, runtime=fresh)
    assert resumed.assumed_defaults == uninterrupted.assumed_defaults == dict(assumed_defaults(profile))
    assert without_run_notes(resumed) == without_run_notes(uninterrupted)
