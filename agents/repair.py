"""The repair loop shared by the LLM steps: call the model, check the meaning, one repair round, else degrade.

The model's answer is first validated against the output schema (by :class:`StructuredLLM`), then
by the caller's meaning check. Either failure sends the problems back once, with the repair prompt;
a second failure, or a model call that fails for good, degrades to the caller's offline result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import BaseModel

from fahrplan.agents.llm import LLMError, LLMOutputError, StructuredLLM
from fahrplan.agents.prompts import PromptSet

__all__ = ["ECHO_PROBLEMS", "REASONING_MAX_CHARS", "Accept", "refine_with_repair", "repair_request"]

REASONING_MAX_CHARS = 300
"""Bound of a schema's reasoning field, in the JSON schema only: a grammar-constrained server (llama.cpp)
writes no more, so a small model's ramble ends in time; a longer answer of another server is not rejected."""

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R")

# The meaning check of one answer (parsed output, raw JSON, attempt 1 or 2): the accepted result
# with no problems, or None with the problems the repair round lists.
Accept = Callable[[M, str, int], tuple[R | None, list[str]]]


# The wording of the problems a repair round can name (schema errors of :class:`StructuredLLM`);
# an answer that repeats them is an echo of the repair prompt, not the model's own text.
ECHO_PROBLEMS = (
    "output does not match the schema: the answer contained no tool call",
    "empty or too short; an identifier, not text; a JSON fragment, not text; not a sentence",
    "the same text as a candidate; repeats the instructions",
    "numbers not found in the profile or draft — remove them",
    "is served by none of the module's steps; choose from; missing; give 1 to 3 numbers",
)


def repair_request(prompts: PromptSet, lang: str, problems: Sequence[str]) -> str:
    """The repair prompt listing ``problems``, one bullet each."""
    return prompts.get("repair.task", lang).render(problems="\n".join(f"- {p}" for p in problems))


def refine_with_repair(
    llm: StructuredLLM,
    prompts: PromptSet,
    lang: str,
    *,
    agent: str,
    schema: type[M],
    messages: Sequence[BaseMessage],
    accept: Accept[M, R],
    degrade: Callable[[str], R],
) -> R:
    """Ask ``agent``'s model for ``schema``; return what ``accept`` makes of it, or ``degrade(reason)``.

    A schema error or a rejected answer gets one repair round (the answer and the problems are
    appended to the conversation); after a second failure the problems become the reason. A model
    call that fails for good (:class:`LLMError`) degrades at once.
    """
    history = list(messages)
    problems: list[str] = []
    for attempt in (1, 2):
        try:
            out, raw = llm.invoke(agent, history, schema)
        except LLMOutputError as err:
            problems = [str(err)]
            if attempt == 1:
                history = [*history, AIMessage(err.raw or "{}"), HumanMessage(repair_request(prompts, lang, problems))]
            continue
        except LLMError as err:
            return degrade(str(err))
        result, problems = accept(out, raw, attempt)
        if result is not None and not problems:
            return result
        if attempt == 1:
            history = [*history, AIMessage(raw), HumanMessage(repair_request(prompts, lang, problems))]
    return degrade("; ".join(problems))
