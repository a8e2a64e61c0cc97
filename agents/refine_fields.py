"""What a module agent asks the model, and how each part of the answer is checked on its own.

The model does not rewrite the offline draft; it makes the decisions a small local model can make
well, each one from numbered candidates the draft offers (grammar-constrained servers such as
llama.cpp can only answer a number that exists):

- ``focus_goal``: which of the company's goals the module serves most — only asked when the
  company has two or more goals and the module's initiatives serve one; the answer must be a goal
  they serve (the planner's goal fit), else it is rejected;
- ``success_factors``: the one to three success factors that matter most for this company, most
  important first (repeats are dropped; none is rejected);
- ``lead_kpi``: the KPI by which the board judges the module's first steps;
- ``note``: optionally one short sentence of the model's own, which must pass the text checks
  (not empty or too short, no snake_case identifier, no JSON braces, at least three words, not a
  candidate's or the goal's text, not mostly the instructions, no number that is in no input).

With ``refine_mode = "rewrite"`` (a capable model) the answer also rewrites the draft's texts, checked
field by field in :mod:`agents.refine_rewrite`; this module's :class:`Accepted` and :func:`shown`
cover both modes.

A decision or text that passed replaces or orders what the roadmap shows: the focus goal is named
first in the module's goal, the chosen success factors lead its list, the lead KPI comes first in
the milestones that measure it, the note follows the module's goal. **Refined** means: at least one
decision or text of the model passed its checks and is shown in the roadmap (:func:`shown`) — it
either changed what the offline planner would show or confirmed it in a place where the model's
answer could have changed it. An answer whose every part failed degrades to the offline draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from fahrplan.agents.validation import ungrounded_numbers
from fahrplan.core.i18n import quote
from fahrplan.core.roadmap import ModulePlan, Roadmap
from fahrplan.core.vocab import AGENT_NODES, Lang

__all__ = [
    "ECHO_SHARE",
    "MAX_FACTORS",
    "MILESTONE_TEXTS",
    "NOTE_MAX_CHARS",
    "Accepted",
    "Choices",
    "accept_fields",
    "clip",
    "differs",
    "echoes",
    "kept_summary",
    "refined_agents",
    "refinement_schema",
    "shown",
    "store_wording",
    "text_key",
    "text_problem",
]

NOTE_MAX_CHARS = 240
"""The note's length bound; in the JSON schema (a grammar-constrained server cannot write more) and clipped after."""
NOTE_MIN_CHARS, NOTE_MIN_WORDS = 10, 3
MAX_FACTORS = 3
"""Success factors the model may put first."""
_IDENTIFIER = re.compile(r"[A-Za-z]+(?:_[A-Za-z0-9]+)+")
_STORE_WORDING = re.compile(
    r"(?<![\wÄÖÜäöüß])(?:filial|ladengesch|verkaufsfläch|stationär|in-store|stores?\b|shop floor)", re.IGNORECASE
)
"""Store wording: never in a roadmap for a retailer without stores, whoever wrote the text."""


def store_wording(text: str, *, storeless: bool) -> str | None:
    """Why ``text`` does not fit a retailer without stores (it speaks of stores), or None."""
    hit = storeless and _STORE_WORDING.search(text) is not None
    return "speaks of shops on the high street, but the company sells only online" if hit else None


MILESTONE_TEXTS = ("title", "description", "owner")
"""A milestone's texts the rewrite mode asks for (:mod:`agents.refine_rewrite`)."""


@dataclass(frozen=True)
class Choices:
    """The numbered candidates a module agent offers the model, all from the offline draft."""

    goals: tuple[str, ...]
    """The company's goals, numbered from 1."""
    served: tuple[int, ...]
    """Numbers of the goals the module's planned initiatives serve (the planner's goal fit), in the draft's order."""
    factors: tuple[str, ...]
    """Candidate success factors of the module's initiatives, in the draft's order."""
    kpis: tuple[str, ...]
    """KPIs of the module's first steps, in the draft's order."""

    @property
    def asks_focus(self) -> bool:
        """Whether the focus goal is a decision: two or more goals, at least one served."""
        return len(self.goals) >= 2 and bool(self.served)


def _numbers(n: int, start: int = 1) -> Any:
    return Literal[tuple(range(start, n + 1))]  # type: ignore[valid-type]


def refinement_schema(choices: Choices) -> type[BaseModel]:
    """The tool schema for ``choices``: each decision is a number of a candidate, the note is bounded."""
    fields: dict[str, Any] = {}
    if choices.asks_focus:
        fields["focus_goal"] = (
            _numbers(len(choices.goals)),
            Field(description="Number of the company goal this module serves most (one its steps serve)."),
        )
    if choices.factors:
        fields["success_factors"] = (
            list[_numbers(len(choices.factors))],  # type: ignore[misc]
            Field(
                description=f"Numbers of the 1 to {MAX_FACTORS} success factors that matter most for this company, "
                "most important first.",
                json_schema_extra={"minItems": 1, "maxItems": MAX_FACTORS},
            ),
        )
    if choices.kpis:
        fields["lead_kpi"] = (
            _numbers(len(choices.kpis)),
            Field(description="Number of the KPI by which the board should judge the module's first steps."),
        )
    fields["note"] = (
        str,
        Field(
            default="",
            description="Optional: one short sentence, without numbers, on what matters for this company; "
            "empty if there is nothing specific to add.",
            json_schema_extra={"maxLength": NOTE_MAX_CHARS},
        ),
    )
    return create_model("ModuleRefinement", __doc__="The module agent's decisions on the offline draft.", **fields)


def clip(text: str, limit: int) -> str:
    """``text`` with whitespace collapsed, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_key(text: str) -> str:
    """``text`` as compared for sameness: case and whitespace ignored."""
    return " ".join(text.casefold().split())


@dataclass
class Accepted:
    """The parts of one answer that passed their checks, and why the others did not."""

    texts: dict[str, Any] = field(default_factory=dict)
    """Accepted decisions and texts: focus_goal, success_factors, lead_kpi (the candidates' texts), note; in
    rewrite mode (:mod:`agents.refine_rewrite`) also goal and scaling."""
    milestones: dict[str, dict[str, str]] = field(default_factory=dict)
    """Rewrite mode: per milestone id, its accepted texts (title, description, owner)."""
    rejected: list[str] = field(default_factory=list)
    """One "field: reason" per part kept from the draft."""
    kept: list[str] = field(default_factory=list)
    """The names of the parts kept from the draft."""
    notes: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        """Decisions and texts of the model that passed."""
        return len(self.texts) + sum(len(texts) for texts in self.milestones.values())

    @property
    def total(self) -> int:
        """Parts the module asked for and got an answer to: accepted plus kept from the draft."""
        return self.accepted + len(self.kept)

    def reject(self, name: str, reason: str) -> None:
        """Keep the draft's ``name``, for ``reason``."""
        self.kept.append(name)
        self.rejected.append(f"{name}: {reason}")


_WORD = re.compile(r"\w{4,}")
ECHO_SHARE = 0.5
"""A text at least this share of whose words are the instructions' repeats the instructions."""


def echoes(text: str, instructions: str) -> bool:
    """Whether ``text`` mostly repeats ``instructions``: at least two and half of its words (of 4+ letters)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    said = {w.casefold() for w in _WORD.findall(instructions)}
    repeated = sum(w in said for w in words)
    return repeated >= 2 and repeated >= ECHO_SHARE * len(words)


def text_problem(
    text: str,
    *,
    min_chars: int,
    min_words: int,
    context: Sequence[str],
    instructions: str,
    storeless: bool,
    duplicate: str | None = None,
) -> str | None:
    """Why a text of the model cannot stand in the roadmap, or None: too short, an identifier or JSON debris, not a
    sentence, an echo of the instructions, ``duplicate`` (the caller's reason when the text repeats another), a
    number that is in no input, store wording for a retailer without stores — the first that applies."""
    stripped = text.strip()
    if len(stripped) < min_chars:
        return "empty or too short"
    if _IDENTIFIER.fullmatch(stripped):
        return "an identifier, not text"
    if "{" in stripped or "}" in stripped:
        return "a JSON fragment, not text"
    if len(stripped.split()) < min_words:
        return "not a sentence"
    if echoes(stripped, instructions):
        return "repeats the instructions"
    if duplicate is not None:
        return duplicate
    invented = ungrounded_numbers([stripped], context)
    if invented:
        return "numbers not found in the profile or draft: " + ", ".join(invented) + " — remove them"
    return store_wording(stripped, storeless=storeless)


def accept_fields(
    answer: BaseModel, choices: Choices, context: Sequence[str], instructions: str = "", *, storeless: bool = False
) -> Accepted:
    """Check every part of ``answer`` (a :func:`refinement_schema` instance) on its own against ``choices``.

    ``context``: the texts the prompt showed (numbers must come from them); ``instructions``: the
    prompts' own wording, which a note must not mostly repeat (a small model answers "the answer
    contained no tool call" as its text); ``storeless``: the company has no stores, so no text may speak of them.
    """
    out, data = Accepted(), answer.model_dump()
    if choices.asks_focus and "focus_goal" in data:
        goal = data["focus_goal"]
        if goal in choices.served:
            out.texts["focus_goal"] = choices.goals[goal - 1]
        else:
            served = ", ".join(str(g) for g in sorted(choices.served))
            out.reject("focus_goal", f"goal {goal} is served by none of the module's steps; choose from {served}")
    if choices.factors and "success_factors" in data:
        picked = list(dict.fromkeys(data["success_factors"]))[:MAX_FACTORS]
        if len(picked) < len(data["success_factors"]):
            out.notes.append("repeated or surplus success factor numbers dropped")
        if picked:
            out.texts["success_factors"] = [choices.factors[n - 1] for n in picked]
        else:
            out.reject("success_factors", "missing; give 1 to 3 numbers")
    if choices.kpis and "lead_kpi" in data:
        out.texts["lead_kpi"] = choices.kpis[data["lead_kpi"] - 1]
    note = str(data.get("note") or "")
    if note.strip():
        candidates = {text_key(c) for c in (*choices.goals, *choices.factors, *choices.kpis)}
        reason = text_problem(
            note,
            min_chars=NOTE_MIN_CHARS,
            min_words=NOTE_MIN_WORDS,
            context=context,
            instructions=instructions,
            storeless=storeless,
            duplicate="the same text as a candidate" if text_key(note) in candidates else None,
        )
        if reason is None:
            out.texts["note"] = clip(note, NOTE_MAX_CHARS)
        else:
            out.reject("note", reason)
    return out


def kept_summary(acc: Accepted, limit: int = 8) -> str:
    """The parts kept from the draft (a milestone none of whose texts passed as one name), at most ``limit`` named."""
    names: list[str] = []
    for name in acc.kept:
        mid, _, part = name.rpartition(".")
        whole = mid and part in MILESTONE_TEXTS and all(f"{mid}.{n}" in acc.kept for n in MILESTONE_TEXTS)
        names.append(mid if whole else name)
    names = list(dict.fromkeys(names))
    return ", ".join(names[:limit]) + (f" … (+{len(names) - limit})" if len(names) > limit else "")


def shown(plan: ModulePlan, texts: Mapping[str, Any], lang: Lang) -> list[str]:
    """The model's accepted parts (``Accepted.texts``) that ``plan`` shows where the model put them."""
    out: list[str] = []
    goal = texts.get("focus_goal")
    if goal:
        at = plan.goal.find(quote(goal, lang, 80))
        opening = "“" if lang == "en" else "„"
        if at >= 0 and opening not in plan.goal[:at]:  # named first among the goals
            out.append("focus_goal")
    factors = list(texts.get("success_factors") or [])
    if factors and plan.success_factors[: len(factors)] == factors:
        out.append("success_factors")
    kpi = texts.get("lead_kpi")
    if kpi and any(m.kpis[:1] == [kpi] for m in plan.milestones):
        out.append("lead_kpi")
    note = texts.get("note")
    if note and plan.goal.endswith(" " + note):
        out.append("note")
    return out + _shown_rewrite(plan, texts)


def _shown_rewrite(plan: ModulePlan, texts: Mapping[str, Any]) -> list[str]:
    """The rewrite mode's accepted texts ``plan`` shows: the goal first, the scaling, milestone texts.

    A description may be followed by what the compliance review adds to it.
    """
    out = [name for name in ("goal", "scaling") if texts.get(name) and getattr(plan, name).startswith(texts[name])]
    shown_milestones = {m.id: m for m in plan.milestones}
    for mid, parts in (texts.get("milestones") or {}).items():
        m = shown_milestones.get(mid)
        if m is not None:
            out += [f"{mid}.{name}" for name, text in parts.items() if str(getattr(m, name)).startswith(text)]
    return out


def refined_agents(roadmap: Roadmap, events: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """The module agents that refined ``roadmap`` (from its run's trace events), each with the parts shown.

    Counted from the roadmap: an agent refined when a part of one of its accepted answers is shown
    where the model put it (:func:`shown`), not because it reported something.
    """
    plans = {f"agent_{m.id}": m for m in roadmap.modules}
    lang = roadmap.generated_with.language
    out: dict[str, list[str]] = {}
    for e in events:
        agent = e.get("agent")
        if e.get("event") != "agent_output" or agent not in AGENT_NODES or agent not in plans or not e.get("texts"):
            continue
        parts = shown(plans[agent], e["texts"], lang)
        if parts:
            out[agent] = list(dict.fromkeys([*out.get(agent, []), *parts]))
    return out


def differs(plan: ModulePlan, offline: ModulePlan) -> bool:
    """Whether ``plan`` shows something else than the offline plan of the module: goal, success factors or KPIs."""
    kpis = [m.kpis for m in plan.milestones]
    return (plan.goal, plan.success_factors, kpis) != (
        offline.goal,
        offline.success_factors,
        [m.kpis for m in offline.milestones],
    )
