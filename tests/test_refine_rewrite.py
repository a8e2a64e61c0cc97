"""Rewrite mode (``refine_mode = "rewrite"``): the model also rewrites the draft's texts, each checked on its own."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import BaseMessage

from fahrplan.agents.refine_fields import Accepted, Choices, kept_summary, refined_agents
from fahrplan.agents.refine_rewrite import REWRITE_MILESTONES, accept_rewrite, rewrite_schema
from fahrplan.app.runner import run_roadmap
from fahrplan.app.settings import Settings
from fahrplan.app.trace import JsonlTracer
from fahrplan.core.invariants import check_invariants
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.evals.fakes import REWRITE, Recorder, good_rewrite, good_script, module_of
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.store import KnowledgeStore
from tests.test_llm_agents import MODULE_TOOL, module, runtime
from tests.test_refine_fields import SMALL_MODEL_NOTE

REWRITE_SETTINGS = Settings(refine_mode="rewrite")


def run_rewrite(profile: Profile, store: KnowledgeStore, script: Any, **kw: Any) -> tuple[Roadmap, Recorder]:
    rt, recorder = runtime(script, **kw)
    return run_roadmap(profile, REWRITE_SETTINGS, store=store, runtime=rt), recorder


def test_accepted_rewrites_appear_in_the_roadmap(store: KnowledgeStore, catalog: Catalog, example_profile: Any) -> None:
    roadmap, recorder = run_rewrite(example_profile("modehaus-nord"), store, good_script)
    supply = module(roadmap, "supply_chain")
    text = REWRITE[False]
    assert supply.goal.startswith(text["goal"]) and "Abschriften und Überbestände reduzieren" in supply.goal
    assert supply.scaling == text["scaling"]
    pilot = next(m for m in supply.milestones if m.id == "supply_chain.demand_forecasting.pilot")
    assert pilot.title == "LLM-Titel Schritt 1" and pilot.owner == text["owner"]
    assert pilot.description.startswith("Konkrete Umsetzung") and pilot.budget_eur > 0 and pilot.kpis
    assert not any("vom Modell übernommen" in w or "Offline-Entwurf" in w for w in roadmap.warnings), roadmap.warnings
    assert recorder.count(MODULE_TOOL) == 6  # one call per agent: decisions and texts together
    assert check_invariants(roadmap, catalog.resolves) == []


def test_the_rewrite_prompt_carries_the_drafts_texts_fenced(store: KnowledgeStore, example_profile: Any) -> None:
    _, recorder = run_rewrite(example_profile("frischmarkt-sued"), store, good_script)
    task = next(
        str(m[1].content) for tool, m in recorder.calls if tool == MODULE_TOOL and module_of(m) == "supply_chain"
    )
    assert "<auswahl>" in task and task.count("\n<texte>\n") == 1 and task.count("\n</texte>") == 1
    assert task.count("\n- id: ") <= REWRITE_MILESTONES and "description: " in task


def test_rejected_rewrites_keep_the_draft_and_are_named(
    store: KnowledgeStore, catalog: Catalog, example_profile: Any
) -> None:
    ids: list[str] = []

    def script(messages: list[BaseMessage], tool: str) -> Any:
        if tool != MODULE_TOOL:
            return good_script(messages, tool)
        out = good_rewrite(messages)
        if module_of(messages) == "supply_chain":  # both attempts: the repair does not fix them
            ids[:] = [m["id"] for m in out["milestones"][:2]]
            out["goal"] = "Abschriften sinken garantiert um 37 % in jeder Filiale."
            out["scaling"] = SMALL_MODEL_NOTE
            out["milestones"][0]["title"] = "forecast_owner"
            out["milestones"][1]["description"] = "The answer contained no tool call."
            out["milestones"].append({**out["milestones"][0], "id": "supply_chain.invented.pilot"})
        return out

    offline = run_roadmap(example_profile("modehaus-nord"), Settings(), store=store)
    roadmap, _ = run_rewrite(example_profile("modehaus-nord"), store, script)
    supply, draft = module(roadmap, "supply_chain"), module(offline, "supply_chain")
    assert supply.goal.startswith(draft.goal.split(".")[0]) and "37 %" not in roadmap.model_dump_json()
    assert supply.scaling == draft.scaling and "kleinere KPI" not in roadmap.model_dump_json()
    first, second = (next(m for m in supply.milestones if m.id == mid) for mid in ids)
    before = {m.id: m for m in draft.milestones}
    assert first.title == before[first.id].title and first.owner == REWRITE[False]["owner"]
    assert second.description == before[second.id].description and second.title != before[second.id].title
    partly = [w for w in roadmap.warnings if "Automatisierung" in w and "vom Modell übernommen" in w]
    assert len(partly) == 1, roadmap.warnings
    named = ("goal", "scaling", f"{first.id}.title", f"{second.id}.description")
    for part in (*named, "37", "identifier", "JSON", "repeats"):
        assert part in partly[0], (part, partly[0])
    assert "supply_chain.invented.pilot" in " ".join(roadmap.warnings)  # the unknown id is ignored, and said
    assert check_invariants(roadmap, catalog.resolves) == []


def test_refined_counts_the_rewritten_texts_shown(store: KnowledgeStore, example_profile: Any) -> None:
    tracer = JsonlTracer()
    roadmap, _ = run_rewrite(example_profile("frischmarkt-sued"), store, good_script, tracer=tracer)
    parts = refined_agents(roadmap, tracer.events)["agent_supply_chain"]
    assert {"goal", "scaling", "supply_chain.demand_forecasting.pilot.title"} <= set(parts), parts


def test_offline_output_does_not_depend_on_the_refine_mode(store: KnowledgeStore, example_profile: Any) -> None:
    profile = example_profile("frischmarkt-sued")
    decide = run_roadmap(profile, Settings(), store=store).model_dump_json()
    assert run_roadmap(profile, REWRITE_SETTINGS, store=store).model_dump_json() == decide


CHOICES = Choices(goals=("Cut waste",), served=(1,), factors=("Clean sales history",), kpis=("Waste rate",))


def _answer(draft: Any, **fields: Any) -> tuple[Accepted, Any]:
    schema = rewrite_schema(CHOICES, draft)
    data = {"success_factors": [1], "lead_kpi": 1, "goal": "Less waste in every fresh department.", **fields}
    data.setdefault("scaling", "Roll out to all stores after the pilot region.")
    data.setdefault("milestones", [])
    acc = Accepted()
    return accept_rewrite(schema.model_validate(data), draft, acc, ["140 stores"], "Fix exactly these points"), schema


@pytest.mark.parametrize(
    ("goal", "reason"),
    [
        ("Waste falls by 37 % in every store.", "numbers not found in the profile or draft: 37"),
        ("reduce_waste", "an identifier, not text"),
        ("Less waste {", "a JSON fragment, not text"),
        ("Fresh-first rollout", "not a sentence"),
        ("Fix exactly these points", "repeats the instructions"),
        ("Roll out to all stores after the pilot region.", "the same text as another field"),
        ("", "empty or too short"),
    ],
)
def test_each_rewritten_text_is_judged_on_its_own(goal: str, reason: str, rewrite_draft: Any) -> None:
    acc, _ = _answer(rewrite_draft, goal=goal)
    assert "goal" not in acc.texts and any(r.startswith(f"goal: {reason}") for r in acc.rejected), acc.rejected
    if not reason.startswith("the same"):  # the other field is judged on its own
        assert acc.texts["scaling"] == "Roll out to all stores after the pilot region."


def test_milestones_known_ids_only_and_missing_ones_named(rewrite_draft: Any) -> None:
    offered = [m.id for m in rewrite_draft.milestones[:REWRITE_MILESTONES]]
    text = {
        "title": "Forecast pilot in the south",
        "description": "Forecast fresh demand per store daily.",
        "owner": "Buying",
    }
    acc, schema = _answer(rewrite_draft, milestones=[{"id": offered[0], **text}, {"id": "x.y.pilot", **text}])
    assert schema.model_json_schema()["$defs"]["MilestoneText"]["properties"]["id"]["enum"] == offered
    assert acc.milestones == {offered[0]: text} and any("x.y.pilot" in n for n in acc.notes)
    assert all(f"{mid}.title" in acc.kept for mid in offered[1:]) and offered[0] + ".title" not in acc.kept
    assert kept_summary(acc, limit=20).split(", ")[: len(offered) - 1] == offered[1:]  # a whole milestone, once


@pytest.fixture()
def rewrite_draft(store: KnowledgeStore, example_profile: Any) -> Any:
    from fahrplan.agents.module_agent import plan_module
    from fahrplan.app.runner import run_context

    deps = run_context(Settings(lang="en"), store).deps
    return plan_module("supply_chain", example_profile("frischmarkt-sued"), (), deps)
