"""A scripted chat model for offline runs of the LLM path: tests, benchmarks, experiments (no network)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool

Script = Callable[[list[BaseMessage], str], Any]
DRAFT_LINE = re.compile(r"- id: (\S+) \| phase: (\S+) \|")


@dataclass
class Recorder:
    """What the fake saw: one (tool name, messages) per call."""

    calls: list[tuple[str, list[BaseMessage]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, tool: str | None = None) -> int:
        with self.lock:
            return sum(1 for name, _ in self.calls if tool is None or name == tool)


class ScriptedChatModel(BaseChatModel):
    """Answers tool calls from a script: a dict becomes tool arguments, a str plain text, an exception is raised."""

    script: Any
    recorder: Any
    tool_name: str = ""
    delay_s: float = 0.0

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Any:  # type: ignore[override]
        name = convert_to_openai_tool(tools[0])["function"]["name"]
        return self.model_copy(update={"tool_name": name})

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        with self.recorder.lock:
            self.recorder.calls.append((self.tool_name, list(messages)))
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
    """The module a module-agent request is about (from the draft's milestone ids)."""
    ids = DRAFT_LINE.findall(str(messages[1].content))
    return ids[0][0].split(".")[0] if ids else ""


def good_refinement(messages: list[BaseMessage], citations: list[int] | None = None) -> dict[str, Any]:
    """A valid refinement for whatever draft the request contains."""
    draft = DRAFT_LINE.findall(str(messages[1].content))
    return {
        "reasoning": "Schärfen für dieses Unternehmen.",
        "goal": "LLM-Ziel: Wert für dieses Unternehmen schaffen.",
        "success_factors": ["LLM-Erfolgsfaktor: klare Verantwortung"],
        "scaling": "LLM-Skalierung: schrittweise auf alle Filialen.",
        "milestones": [
            {
                "id": mid,
                "title": f"LLM-Titel {mid.split('.')[1]}",
                "description": "Konkrete Umsetzung mit den Fachbereichen.",
                "owner": "Fachbereich",
                "phase": phase,
                "kpis": ["Umsetzungsgrad"],
                "citations": citations if citations is not None else [1],
            }
            for mid, phase in draft
        ],
    }


GOOD_SUMMARY = {
    "reasoning": "Kurz und klar.",
    "bullets": ["LLM-Summary: Fokus auf die Top-Prioritäten.", "Quick Wins zuerst.", "Budget je Phase einhalten."],
}


def good_script(messages: list[BaseMessage], tool: str) -> Any:
    """Valid answers for every agent."""
    if tool == "SummaryRefinement":
        return GOOD_SUMMARY
    return good_refinement(messages)
