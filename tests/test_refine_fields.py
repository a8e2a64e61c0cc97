"""Field-level acceptance of a module agent's answer (scripted fake model): keep what passes, name what does not."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import BaseMessage

from fahrplan.agents.prompts import load_prompts
from fahrplan.agents.refine_fields import MilestoneText, ModuleRefinement, accept_fields, echoes, kept_summary
from fahrplan.agents.repair import ECHO_PROBLEMS, repair_request
from fahrplan.core.invariants import check_invariants
from fahrplan.core.roadmap import Milestone
from fahrplan.evals.fakes import good_refinement, good_script, module_of
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.store import KnowledgeStore
from tests.test_llm_agents import MODULE_TOOL, module, run

# What SmolLM2-135M answered for the compliance agent of frischmarkt-sued (German prompts, 2026-12-02):
# one sentence in every text field, schema keys as success factors, no milestone.
SMALL_MODEL_ANSWER = {
    "reasoning": "Diesen können die Auswahl der Anzahlen auf einige wichtigen Daten, die in dieser "
    "Wirklichkeitsbereich zukünftet würllen, abhängig darfende, umgehen und erhalten.",
    "goal": "Diesen können die Auswahl der Anzahlen auf einige wichtigen Daten, die in dieser "
    "Wirklichkeitsbereich zukünftet würllen, abhängig darfende, umgehen und erhalten.",
    "success_factors": [
        "Diesen können die Auswahl der Anzahlen auf einige wichtigen Daten, die in dieser "
        "Wirklichkeitsbereich zukünftet würllen, abhängig darfende, umgehen und erhalten.",
        "goa_d",
        "success_factores_laufen",
    ],
    "scaling": "Diesen können die Auswahl der Anzahlen auf einige wichtigen Daten, die in dieser "
    "Wirklichkeitsbereich zukünftet würllen, abhängig darfende, umgehen und erhalten.",
    "milestones": [],
}
# Its answer to the repair round of the omnichannel agent: the repair prompt, repeated.
SMALL_MODEL_REPAIR = {
    "reasoning": "The answer contained no tool call.",
    "goal": "the answer contained no tool call.",
    "success_factors": ["Korrigiere genau eine kurzwachung", "Gib erneut ein komplexe Punkte"],
    "scaling": "The answer contained no tool call.",
    "milestones": [],
}


def test_a_field_that_fails_its_check_keeps_the_drafts_text_and_says_so(
    store: KnowledgeStore, catalog: Catalog, example_profile: Any
) -> None:
    def script(messages: list[BaseMessage], tool: str) -> Any:
        if tool != MODULE_TOOL:
            return good_script(messages, tool)
        out = good_refinement(messages)
        if module_of(messages) == "supply_chain":  # both attempts: the repair does not fix it
            out["goal"] = "Abschriften sinken garantiert um 37 %."
        return out

    roadmap, _ = run(example_profile("modehaus-nord"), store, script)
    supply = module(roadmap, "supply_chain")
    assert not supply.goal.startswith("LLM-Ziel") and "37 %" not in roadmap.model_dump_json()
    assert supply.scaling.startswith("LLM-Skalierung")  # the fields that passed are the model's
    assert any(m.title.startswith("LLM-Titel") for m in supply.milestones), [m.title for m in supply.milestones]
    partly = [w for w in roadmap.warnings if "Textfeldern vom Modell übernommen" in w]
    assert len(partly) == 1 and "goal" in partly[0] and "37" in partly[0], roadmap.warnings
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
            out["success_factors"] = ["goal_text"]
        return out

    roadmap, _ = run(example_profile("modehaus-nord"), store, script)
    supply = module(roadmap, "supply_chain")
    assert supply.goal.startswith("LLM-Ziel") and "goal_text" not in supply.success_factors
    assert any("success_factors[1]" in w and "identifier" in w for w in roadmap.warnings), roadmap.warnings


def test_a_degenerate_small_model_answer_is_not_counted_as_refined(
    store: KnowledgeStore, catalog: Catalog, example_profile: Any
) -> None:
    def script(messages: list[BaseMessage], tool: str) -> Any:
        if tool != MODULE_TOOL:
            return good_script(messages, tool)
        return SMALL_MODEL_ANSWER if len(messages) == 2 else SMALL_MODEL_REPAIR

    roadmap, _ = run(example_profile("frischmarkt-sued"), store, script)
    degraded = [w for w in roadmap.warnings if "Offline-Entwurf wurde übernommen" in w]
    assert len(degraded) >= 4 and not any("vom Modell übernommen" in w for w in roadmap.warnings), roadmap.warnings
    assert "zukünftet" not in roadmap.model_dump_json() and "kurzwachung" not in roadmap.model_dump_json()
    assert "repeats the instructions" in degraded[0] and "not in the answer" in degraded[0]
    assert check_invariants(roadmap, catalog.resolves) == []


def _milestone(mid: str, phase: str = "6-12") -> Milestone:
    return Milestone(
        id=mid,
        phase=phase,  # type: ignore[arg-type]
        title="Draft title",
        description="Draft description of the step.",
        owner="Head of IT",
        budget_eur=40_000,
        fte=0.5,
        initiative=mid.rsplit(".", 1)[0],
    )


def test_each_field_is_judged_on_its_own() -> None:
    draft = (_milestone("data.platform.pilot"), _milestone("data.platform.scale", "12-24"))
    answer = ModuleRefinement(
        reasoning="Sharpen it.",
        goal="One platform for the store and online data of the company.",
        success_factors=["Clear data ownership per domain", "data_owner", "Budget of 40.000 EUR per year"],
        scaling="Cuts waste by 35 % in every store.",
        milestones=[
            MilestoneText(
                id="data.platform.pilot",
                title="Pilot the shared data platform",
                description="Connect the checkout and web shop data for two stores.",
                owner="Head of IT",
                phase="0-6",  # earlier than the draft: kept at 6-12
                kpis=["Share of stores connected"],
                citations=[1, 7],
            ),
            MilestoneText(id="data.platform.unknown", title="x", description="y", owner="z", phase="0-6"),
        ],
    )
    context = ["budget: 40.000 EUR", "[1] source"]
    acc = accept_fields(answer, draft, ["entry.one"], context, repair_request(load_prompts(), "en", ECHO_PROBLEMS))
    assert acc.texts == {
        "goal": "One platform for the store and online data of the company.",
        "success_factors": ["Clear data ownership per domain", "Budget of 40.000 EUR per year"],
    }
    assert "scaling: numbers not found in the profile, draft or sources: 35 — remove them" in acc.rejected
    assert "success_factors[2]: an identifier, not text" in acc.rejected
    pilot = acc.milestones["data.platform.pilot"]
    assert (
        pilot["phase"] == "6-12"
        and pilot["citations"] == ["entry.one"]
        and pilot["kpis"] == ["Share of stores connected"]
    )
    assert "data.platform.unknown" not in acc.milestones and any("unknown milestone id" in n for n in acc.notes)
    assert "data.platform.scale: not in the answer; use the milestone id exactly as given" in acc.rejected
    assert acc.accepted == 7 and kept_summary(acc) == "scaling, success_factors[2], data.platform.scale"
    assert acc.total == 7 + 2 + 4
    assert echoes("The answer contained no tool call.", repair_request(load_prompts(), "en", ECHO_PROBLEMS))
    assert not echoes("Share of answers given within a day", repair_request(load_prompts(), "en", ECHO_PROBLEMS))


def test_a_milestone_without_a_text_that_passed_keeps_the_drafts_phase() -> None:
    draft = (_milestone("data.platform.pilot"),)
    garbage = MilestoneText(id="data.platform.pilot", title="x", description="y", owner="z", phase="12-24")
    answer = ModuleRefinement(
        reasoning="", goal="A goal of its own.", success_factors=[], scaling="", milestones=[garbage]
    )
    acc = accept_fields(answer, draft, [], [""])
    assert acc.texts == {"goal": "A goal of its own."} and acc.milestones == {}  # not moved to 12-24
    assert "data.platform.pilot.title: empty or too short" in acc.rejected


def test_a_token_list_with_json_debris_is_not_a_scaling_plan() -> None:
    """SmolLM2-135M's answer for the supply-chain agent (repair round, 2026-12-02); its scaling passed the
    checks before they asked for a sentence without JSON debris, and reached the roadmap."""
    draft = (_milestone("supply_chain.fresh_ordering.pilot"),)
    answer = ModuleRefinement(
        reasoning="The answer contained no tool call",
        goal="und_werts",
        success_factors=[],
        scaling="en-US,us,de,DE,ESL,FRANCE,ITE,RUA,NZA,SINC,TRANSLATION}\n{ ",
        milestones=[
            MilestoneText(
                id="1234567890",
                title="Mile to NBA",
                description="The Mile to NBA is a professional basketball league in the United States.",
                owner="Amaria",
                phase="12-24",
            )
        ],
    )
    acc = accept_fields(answer, draft, [], [""])
    assert acc.accepted == 0 and acc.texts == {} and acc.milestones == {}
    assert "scaling: a JSON fragment, not text" in acc.rejected and "goal: empty or too short" in acc.rejected
    assert not accept_fields(answer.model_copy(update={"scaling": "en-US,us,de,DE"}), draft, [], [""]).texts
