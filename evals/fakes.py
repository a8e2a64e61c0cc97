"""A scripted chat model for offline runs of the LLM path: tests, benchmarks, experiments (no network)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field

from fahrplan.core.texts import MODULE_TITLES
from fahrplan.knowledge.schema import MODULE_IDS

Script = Callable[[list[BaseMessage], str], Any]


@dataclass
class Recorder:
    """What the fake saw: one (tool name, messages) per call."""

    calls: list[tuple[str, list[BaseMessage]]] = field(default_factory=list)
    tools: list[dict[str, Any]] = field(default_factory=list)
    """Per call, the tool (OpenAI function) the request bound: its JSON schema is part of the prompt."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, tool: str | None = None) -> int:
        with self.lock:
            return sum(1 for name, _ in self.calls if tool is None or name == tool)


class ScriptedChatModel(BaseChatModel):
    """Answers tool calls from a script: a dict becomes tool arguments, a str plain text, an exception is raised."""

    script: Any
    recorder: Any
    tool_name: str = ""
    tool: dict[str, Any] = Field(default_factory=dict)
    delay_s: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Any:  # type: ignore[override]
        tool = convert_to_openai_tool(tools[0])
        return self.model_copy(update={"tool_name": tool["function"]["name"], "tool": tool})

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        with self.recorder.lock:
            self.recorder.calls.append((self.tool_name, list(messages)))
            self.recorder.tools.append(self.tool)
        if self.delay_s:
            time.sleep(self.delay_s)
        out = self.script(messages, self.tool_name)
        if isinstance(out, BaseException):
            raise out
        usage = {"input_tokens": 100, "output_tokens": 50, "total_tokens": 150}
        if isinstance(out, str):
            message = AIMessage(content=out, usage_metadata=usage)
        else:
            message = AIMessage(
                content="", tool_calls=[{"name": self.tool_name, "args": out, "id": "call_1"}], usage_metadata=usage
            )
        return ChatResult(generations=[ChatGeneration(message=message)])


def module_of(messages: list[BaseMessage]) -> str:
    """The module a module-agent request is about (from the module's title in its system prompt)."""
    system = str(messages[0].content)
    return next((m for m in MODULE_IDS if any(t in system for t in MODULE_TITLES[m].values())), "")


def _english(messages: list[BaseMessage]) -> bool:
    """Whether the request's system prompt is the English prompt set (answers follow its language)."""
    return str(messages[0].content).startswith("You are")


GOAL_NUMBERS = re.compile(r"\| goals: ([\d, ]+)$", re.M)
NUMBERED = re.compile(r"^\[(\d+)\] ", re.M)
CHOICE_BLOCK = re.compile(r"<(?:auswahl|choices)>\n(.*?)\n</(?:auswahl|choices)>", re.S)
NOTE = {
    False: "LLM-Notiz: zuerst die Filialen mit dem größten Nutzen einbinden.",
    True: "LLM note: involve the stores with the largest benefit first.",
}


def good_refinement(messages: list[BaseMessage]) -> dict[str, Any]:
    """Valid decisions for whatever candidates the request offers, and a note in the request's language.

    The second success factor first (a visible change), the last KPI of the first steps, the first goal
    the module's initiatives serve.
    """
    task = str(messages[1].content)
    factors, kpis = ([int(n) for n in NUMBERED.findall(b)] for b in [*CHOICE_BLOCK.findall(task), "", ""][:2])
    out: dict[str, Any] = {"note": NOTE[_english(messages)]}
    if factors:
        out["success_factors"] = [2, 1] if len(factors) > 1 else [1]
    if kpis:
        out["lead_kpi"] = kpis[-1]
    served = [int(g) for line in GOAL_NUMBERS.findall(task) for g in line.split(",")]
    if served:
        out["focus_goal"] = served[0]
    return out


TEXTS_BLOCK = re.compile(r"<(?:texte|texts)>\n(.*?)\n</(?:texte|texts)>", re.S)
TEXT_MILESTONE = re.compile(r"^- id: (\S+) \|", re.M)
REWRITE = {
    False: {
        "goal": "LLM-Ziel: Verfügbarkeit und Frische für dieses Unternehmen sichern.",
        "scaling": "LLM-Skalierung: schrittweise auf alle Filialen und Sortimente.",
        "title": "LLM-Titel Schritt {step}",
        "description": "Konkrete Umsetzung gemeinsam mit den Fachbereichen, Schritt {step}.",
        "owner": "Fachbereichsleitung",
    },
    True: {
        "goal": "LLM goal: secure availability and freshness for this company.",
        "scaling": "LLM scaling: roll out step by step to all stores and assortments.",
        "title": "LLM title step {step}",
        "description": "Concrete implementation together with the business units, step {step}.",
        "owner": "Head of the business unit",
    },
}


def good_rewrite(messages: list[BaseMessage]) -> dict[str, Any]:
    """Valid decisions plus rewritten texts for every milestone the request offers (rewrite mode)."""
    block = TEXTS_BLOCK.search(str(messages[1].content))
    text = REWRITE[_english(messages)]
    ids = TEXT_MILESTONE.findall(block.group(1)) if block else []
    milestones = [
        {
            "id": mid,
            "title": text["title"].format(step=n),
            "description": text["description"].format(step=n),
            "owner": text["owner"],
        }
        for n, mid in enumerate(ids, start=1)
    ]
    return {**good_refinement(messages), "goal": text["goal"], "scaling": text["scaling"], "milestones": milestones}


GOOD_SUMMARY = {
    "reasoning": "Kurz und klar.",
    "bullets": ["LLM-Summary: Fokus auf die Top-Prioritäten.", "Quick Wins zuerst.", "Budget je Phase einhalten."],
}
GOOD_SUMMARY_EN = {
    "reasoning": "Short and clear.",
    "bullets": ["LLM summary: focus on the top priorities.", "Quick wins first.", "Keep to the budget per phase."],
}


LEVER_ITEM = re.compile(r"^\[(\d+)\] .*? draft: (.*)$", re.M)


def good_levers(messages: list[BaseMessage]) -> dict[str, Any]:
    """The lever classifier's answer that keeps the rule-based draft of every numbered text."""
    items = [
        {"index": int(n), "levers": [] if draft.strip() == "-" else [x.strip() for x in draft.split(",")]}
        for n, draft in LEVER_ITEM.findall(str(messages[1].content))
    ]
    return {"reasoning": "Der Entwurf trifft den Mechanismus.", "items": items}


def good_script(messages: list[BaseMessage], tool: str) -> Any:
    """Valid answers for every agent."""
    if tool == "SummaryRefinement":
        return GOOD_SUMMARY_EN if _english(messages) else GOOD_SUMMARY
    if tool == "LeverRefinement":
        return good_levers(messages)
    if TEXTS_BLOCK.search(str(messages[1].content)):
        return good_rewrite(messages)
    return good_refinement(messages)


DATA_BLOCK = re.compile(r"<daten>\n(.*?)\n</daten>", re.S)
_GENERIC_RANKS = (2, 3, 6, 5, 1, 4)  # data platform first, personalisation second: the usual generic answer
_GENERIC_TEXT = {
    "de": {
        "titles": tuple(MODULE_TITLES[m]["de"] for m in MODULE_IDS),
        "goal": "Mit KI Effizienz und Kundenerlebnis verbessern.",
        "value": "Höherer Umsatz und geringere Kosten.",
        "steps": ("Pilot starten", "Lösung ausrollen", "Skalieren und optimieren"),
        "owners": ("IT", "Fachbereich", "Externes KI-Team"),
        "factors": ["Unterstützung durch das Management", "Gute Datenqualität"],
        "scaling": "Erfolgreiche Piloten schrittweise ausrollen.",
        "summary": ["Die Roadmap führt KI in drei Phasen ein.", "Quick Wins schaffen früh Akzeptanz."],
        "reason": "Benötigt eine saubere Datenbasis.",
        "rationale": "Hoher Business Impact bei guter Umsetzbarkeit.",
    },
    "en": {
        "titles": tuple(MODULE_TITLES[m]["en"] for m in MODULE_IDS),
        "goal": "Use AI to improve efficiency and customer experience.",
        "value": "Higher revenue and lower costs.",
        "steps": ("Start a pilot", "Roll out the solution", "Scale and optimise"),
        "owners": ("IT", "Business unit", "External AI team"),
        "factors": ["Management support", "Good data quality"],
        "scaling": "Roll out successful pilots step by step.",
        "summary": ["The roadmap introduces AI in three phases.", "Quick wins build early acceptance."],
        "reason": "Needs a clean data foundation.",
        "rationale": "High business impact with good feasibility.",
    },
}


def _baseline_budget(messages: list[BaseMessage]) -> tuple[int, str]:
    """The AI budget from the profile fenced in a baseline request, and the request's language."""
    text = str(messages[-1].content)
    lang = "de" if "Nutzerdaten" in text else "en"
    match = DATA_BLOCK.search(text)
    data = yaml.safe_load(match.group(1)) if match else {}
    budget = (data or {}).get("budget", {}).get("ai_budget_eur_24m", 0)
    return int(budget), lang


def baseline_script(messages: list[BaseMessage], tool: str) -> Any:
    """A plausible, deliberately generic answer to the single-prompt baseline for the profile in the request.

    Six modules with the prompt's titles, one step per phase owned by IT, the business unit and an
    external team, the profile's AI budget split evenly, a generic ranking and no legal findings:
    what one prompt without a knowledge base tends to produce.
    """
    budget, lang = _baseline_budget(messages)
    text = _GENERIC_TEXT[lang]
    per_step = budget // 18
    modules = []
    for number, (title, rank) in enumerate(zip(text["titles"], _GENERIC_RANKS, strict=True), start=1):
        milestones = [
            {
                "phase": phase,
                "title": f"{step}: {title}",
                "description": "",
                "owner": owner,
                "budget_eur": per_step,
                "fte": 0.5,
                "quick_win": phase == "0-6",
            }
            for phase, step, owner in zip(("0-6", "6-12", "12-24"), text["steps"], text["owners"], strict=True)
        ]
        modules.append(
            {
                "number": number,
                "title": title,
                "rank": rank,
                "impact": 8.0 - rank,
                "feasibility": 7.0,
                "rationale": text["rationale"],
                "goal": text["goal"],
                "value": text["value"],
                "milestones": milestones,
                "responsibilities": [{"role": text["owners"][0], "tasks": text["steps"][0]}],
                "external_resources": text["owners"][2],
                "success_factors": text["factors"],
                "dependencies": [] if number == 5 else [{"on_module": 5, "reason": text["reason"]}],
                "scaling": text["scaling"],
            }
        )
    return {
        "reasoning": text["rationale"],
        "executive_summary": text["summary"],
        "modules": modules,
        "compliance_findings": [],
    }
