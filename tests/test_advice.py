"""``fahrplan check``'s token figures bound what a run really sends and may receive, in both refinement modes.

The prompts are built by a run with the scripted fake model for the example profiles in both languages;
each call's tool schema counts as prompt (the server puts it there). The answers' bounds come from the
schemas' own ``maxLength``/``maxItems`` (a lever answer has one entry per numbered text).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from fahrplan.app.advice import ANSWER_TOKENS, CHARS_PER_TOKEN, PROMPT_TOKENS
from fahrplan.app.runner import run_roadmap
from fahrplan.app.settings import Settings
from fahrplan.core.vocab import REFINE_MODES, RefineMode
from fahrplan.evals.fakes import Recorder, good_script
from fahrplan.knowledge.store import KnowledgeStore
from tests.test_llm_agents import runtime

SPARE = 1.25
"""A constant may exceed the largest measured figure by at most this factor (else it is stale again)."""
NUMBERED = re.compile(r"^\[\d+\] ", re.M)


def _answer_chars(schema: dict[str, Any], defs: dict[str, Any], unbounded: int) -> int:
    """The longest JSON answer ``schema`` allows (an array without ``maxItems`` has ``unbounded`` items)."""
    if "$ref" in schema:
        return _answer_chars(defs[schema["$ref"].rsplit("/", 1)[1]], defs, unbounded)
    if "anyOf" in schema:
        return max(_answer_chars(s, defs, unbounded) for s in schema["anyOf"])
    if "enum" in schema:
        return max(len(json.dumps(v, ensure_ascii=False)) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return 2 + sum(len(k) + 6 + _answer_chars(v, defs, unbounded) for k, v in props.items())
    if kind == "array":
        return 2 + schema.get("maxItems", unbounded) * (_answer_chars(schema["items"], defs, unbounded) + 2)
    if kind == "string":
        return int(schema["maxLength"]) + 2  # every free text of these schemas is bounded
    assert kind == "integer", schema
    return 4


def _measure(store: KnowledgeStore, example_profile: Any, mode: RefineMode) -> tuple[int, int]:
    """The largest prompt (messages and tool schema) and the largest allowed answer of the mode's runs, in chars."""
    prompt = answer = 0
    for name in ("frischmarkt-sued", "modehaus-nord"):
        for lang in ("de", "en"):
            rt, recorder = runtime(good_script)
            run_roadmap(example_profile(name), Settings(lang=lang, refine_mode=mode), store=store, runtime=rt)
            prompt = max(prompt, *_prompt_chars(recorder))
            answer = max(answer, *_answers(recorder))
    return prompt, answer


def _prompt_chars(recorder: Recorder) -> list[int]:
    return [
        sum(len(str(m.content)) for m in messages) + len(json.dumps(tool, ensure_ascii=False))
        for (_, messages), tool in zip(recorder.calls, recorder.tools, strict=True)
    ]


def _answers(recorder: Recorder) -> list[int]:
    out = []
    for (_, messages), tool in zip(recorder.calls, recorder.tools, strict=True):
        params = tool["function"]["parameters"]
        texts = len(NUMBERED.findall(str(messages[-1].content)))
        out.append(_answer_chars(params, params.get("$defs", {}), texts))
    return out


@pytest.mark.parametrize("mode", REFINE_MODES)
def test_the_advice_constants_bound_the_real_prompts_and_answers(
    mode: RefineMode, store: KnowledgeStore, example_profile: Any
) -> None:
    prompt, answer = _measure(store, example_profile, mode)
    prompt_tokens, answer_tokens = prompt / CHARS_PER_TOKEN, answer / CHARS_PER_TOKEN
    assert prompt_tokens <= PROMPT_TOKENS[mode] <= SPARE * prompt_tokens, (mode, prompt, prompt_tokens)
    assert answer_tokens <= ANSWER_TOKENS[mode] <= SPARE * answer_tokens, (mode, answer, answer_tokens)
