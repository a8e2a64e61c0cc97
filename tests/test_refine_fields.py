"""The module agent's decisions (scripted fake model and unit checks): keep what passes, name what does not."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import BaseMessage
from pydantic import ValidationError

from fahrplan.agents.prompts import load_prompts
from fahrplan.agents.refine_fields import Choices, accept_fields, echoes, kept_summary, refinement_schema, shown
from fahrplan.agents.repair import ECHO_PROBLEMS, repair_request
from fahrplan.core.invariants import check_invariants
from fahrplan.evals.fakes import NOTE, good_refinement, good_script, module_of
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.store import KnowledgeStore
from tests.test_llm_agents import MODULE_TOOL, module, run

# What SmolLM2-135M wrote as its optional note for the supply-chain agent (German prompt, 2026-12-02):
# JSON debris around a sentence that repeats the prompt's own words.
SMALL_MODEL_NOTE = "}\n\nDas ist eine kleinere KPI für die erste Schritte.\n\nErstellen Sie auf der Profil:\n{\n  "

CHOICES = Choices(
    goals=("Cut waste in fresh food", "Fewer out-of-stocks", "Grow the web shop"),
    served=(2, 1),
    factors=("Clean sales history", "Involve the planners early", "Daily waste recording"),
    kpis=("Waste rate", "Out-of-stock rate before closing"),
)
INSTRUCTIONS = repair_request(load_prompts(), "en", ECHO_PROBLEMS)


def answer(**fields: Any) -> Any:
    return refinement_schema(CHOICES).model_validate({"focus_goal": 2, "success_factors": [1], "lead_kpi": 1, **fields})


def test_the_schema_offers_only_numbers_that_exist() -> None:
    schema = refinement_schema(CHOICES).model_json_schema()
    props = schema["properties"]
    assert props["focus_goal"]["enum"] == [1, 2, 3] and props["lead_kpi"]["enum"] == [1, 2]
    assert props["success_factors"]["items"]["enum"] == [1, 2, 3] and props["success_factors"]["maxItems"] == 3
    assert props["note"]["maxLength"] == 240  # a grammar-constrained server ends the note there
    with pytest.raises(ValidationError):
        answer(lead_kpi=3)
    one_goal = Choices(goals=("Only goal",), served=(1,), factors=("A factor",), kpis=())
    assert set(refinement_schema(one_goal).model_json_schema()["properties"]) == {"success_factors", "note"}


def test_each_part_is_judged_on_its_own() -> None:
    acc = accept_fields(answer(focus_goal=3, success_factors=[3, 3, 1], lead_kpi=2, note="data_owner"), CHOICES, [])
    assert acc.texts == {
        "success_factors": ["Daily waste recording", "Clean sales history"],
        "lead_kpi": "Out-of-stock rate before closing",
    }
    assert "focus_goal: goal 3 is served by none of the module's steps; choose from 1, 2" in acc.rejected
    assert "note: an identifier, not text" in acc.rejected
    assert acc.notes == ["repeated or surplus success factor numbers dropped"]
    assert acc.accepted == 2 and acc.total == 4 and kept_summary(acc) == "focus_goal, note"


@pytest.mark.parametrize(
    ("note", "reason"),
    [
        ("Waste falls by 37 % in every store.", "numbers not found in the profile or draft: 37"),
        (SMALL_MODEL_NOTE, "a JSON fragment, not text"),
        ("The answer contained no tool call.", "repeats the instructions"),
        ("Involve the planners early", "the same text as a candidate"),
        ("Good plan", "empty or too short"),
        ("Fresh-first rollout", "not a sentence"),
    ],
)
def test_a_note_must_be_text_of_its_own(note: str, reason: str) -> None:
    acc = accept_fields(answer(note=note), CHOICES, ["140 stores"], INSTRUCTIONS)
    assert "note" not in acc.texts and any(r.startswith("note: " + reason) for r in acc.rejected), acc.rejected


def test_a_served_focus_goal_and_a_plain_note_pass() -> None:
    note = "Start with the fresh departments of the largest stores."
    acc = accept_fields(answer(focus_goal=1, note=note), CHOICES, [], INSTRUCTIONS)
    assert acc.texts["focus_goal"] == "Cut waste in fresh food" and acc.texts["note"] == note and not acc.rejected
    assert echoes("The answer contained no tool call.", INSTRUCTIONS)
    assert not echoes("Share of answers given within a day", INSTRUCTIONS)


def test_a_note_speaking_of_stores_fails_for_a_retailer_without_stores() -> None:
    note = "Start with the fresh departments of the largest stores."
    storeless = accept_fields(answer(note=note), CHOICES, [], INSTRUCTIONS, storeless=True)
    assert "note" not in storeless.texts
    assert any(r.startswith("note: speaks of shops on the high street") for r in storeless.rejected), storeless.rejected
    german = accept_fields(
        answer(note="Zuerst die Filialen mit dem größten Nutzen einbinden."), CHOICES, [], storeless=True
    )
    assert "note" not in german.texts
    online = accept_fields(answer(note="Start with the categories that sell most online."), CHOICES, [], storeless=True)
    assert "note" in online.texts


def test_a_note_that_fails_keeps_the_drafts_goal_and_says_so(
    store: KnowledgeStore, catalog: Catalog, example_profile: Any
) -> None:
    def script(messages: list[BaseMessage], tool: str) -> Any:
        if tool != MODULE_TOOL:
            return good_script(messages, tool)
        out = good_refinement(messages)
        if module_of(messages) == "supply_chain":  # both attempts: the repair does not fix it
            out["note"] = "Abschriften sinken garantiert um 37 %."
        return out

    roadmap, _ = run(example_profile("modehaus-nord"), store, script)
    supply = module(roadmap, "supply_chain")
    assert NOTE[False] not in supply.goal and "37 %" not in roadmap.model_dump_json()
    assert supply.success_factors[0] != module(roadmap, "upskilling").success_factors[0]
    partly = [w for w in roadmap.warnings if "vom Modell übernommen" in w]
    assert len(partly) == 1 and "note" in partly[0] and "37" in partly[0], roadmap.warnings
    assert "3 von 4 Entscheidungen und Texten" in partly[0]  # focus goal, success factors, KPI passed
    assert not any("Offline-Entwurf wurde übernommen" in w for w in roadmap.warnings)
    assert check_invariants(roadmap, catalog.resolves) == []


def test_a_failed_repair_keeps_what_the_first_answer_got_right(store: KnowledgeStore, example_profile: Any) -> None:
    def script(messages: list[BaseMessage], tool: str) -> Any:
        if tool != MODULE_TOOL:
            return good_script(messages, tool)
        out = good_refinement(messages)
        if module_of(messages) == "supply_chain":
            if len(messages) > 2:
                return "Ich kann leider kein JSON liefern."  # the repair round is unparseable
            out["note"] = SMALL_MODEL_NOTE
        return out

    roadmap, _ = run(example_profile("modehaus-nord"), store, script)
    supply = module(roadmap, "supply_chain")
    assert "kleinere KPI" not in roadmap.model_dump_json() and "Disponenten" in supply.success_factors[0]
    assert any("note" in w and "JSON fragment" in w for w in roadmap.warnings), roadmap.warnings


def test_the_chosen_parts_are_shown_where_the_model_put_them(store: KnowledgeStore, example_profile: Any) -> None:
    roadmap, _ = run(example_profile("frischmarkt-sued"), store, good_script)
    supply = module(roadmap, "supply_chain")
    texts = {
        "focus_goal": "Lebensmittelverschwendung und Abschriften bei Frische senken",
        "success_factors": supply.success_factors[:2],
        "lead_kpi": supply.milestones[0].kpis[0],
        "note": NOTE[False],
    }
    assert shown(supply, texts, "de") == ["focus_goal", "success_factors", "lead_kpi", "note"]
    other = {**texts, "focus_goal": "Out-of-Stocks reduzieren", "success_factors": supply.success_factors[1:2]}
    assert shown(supply, other, "de") == ["lead_kpi", "note"]  # named, but not first; not leading the list
