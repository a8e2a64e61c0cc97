"""Field-level acceptance of a module agent's answer (scripted fake model): keep what passes, name what does not."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import BaseMessage

from fahrplan.core.invariants import check_invariants
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
