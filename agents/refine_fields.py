"""Field-level acceptance of a module agent's answer: each text field is checked on its own.

A field the model filled well replaces the draft's text; a field that fails its check keeps the
draft's and is named in a visible warning. The checks never loosen what protects correctness:
a number that is not in the profile, the draft or the sources rejects the field it is in, a
milestone id the draft does not have is ignored, a phase never moves earlier and citations are
only the numbered sources. They also reject what is not text of its own: a snake_case identifier
(a schema key echoed back) and a sentence the model wrote into several fields at once (a goal that
is word for word the scaling plan is neither; milestones may share a description).

"Refined" means what this module counts: at least one prose field of the model (goal, scaling,
a success factor, a milestone's title, description, owner or KPI) passed its checks and replaced
the draft's text. Phases and citations alone do not count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from fahrplan.agents.validation import Check, check_milestones, map_citations, ungrounded_numbers
from fahrplan.core.roadmap import Milestone

__all__ = [
    "ECHO_SHARE",
    "MAX_CHARS",
    "MAX_ITEMS",
    "MIN_CHARS",
    "Accepted",
    "MilestoneText",
    "ModuleRefinement",
    "accept_fields",
    "clip",
    "echoes",
    "kept_summary",
]

# Length rules are checked after parsing, not in the schema: grammar-constrained servers
# (llama.cpp) cannot compile long repetition bounds.
MIN_CHARS = {"goal": 10, "scaling": 10, "title": 3, "description": 10, "owner": 2, "item": 3}
MAX_CHARS = {"goal": 1500, "scaling": 1500, "title": 200, "description": 1500, "owner": 120, "item": 300}
MAX_ITEMS = 6
MIN_WORDS = {"goal": 3, "scaling": 3, "description": 3}
"""Words a sentence-like field needs (a comma-separated token list is not a goal)."""
MILESTONE_TEXTS = ("title", "description", "owner")
_IDENTIFIER = re.compile(r"[A-Za-z]+(?:_[A-Za-z0-9]+)+")


class MilestoneText(BaseModel):
    """The model's text for one draft milestone."""

    id: str = Field(description="Milestone id exactly as given in the draft.")
    title: str = Field(description="Concrete title for this company.")
    description: str = Field(description="What is done, how, with whom.")
    owner: str = Field(description="Accountable role.")
    phase: Literal["0-6", "6-12", "12-24"] = Field(description="Phase; never earlier than in the draft.")
    kpis: list[str] = Field(default_factory=list, description="Measurable KPIs.")
    citations: list[int] = Field(default_factory=list, description="Numbers of the sources this relies on.")


class ModuleRefinement(BaseModel):
    """The model's refinement of one module (reasoning first)."""

    reasoning: str = Field(description="Short reasoning first: what to sharpen for this company and why.")
    goal: str = Field(description="Goal and business value of the module.")
    success_factors: list[str] = Field(description="Success factors.")
    scaling: str = Field(description="How successes are scaled.")
    milestones: list[MilestoneText] = Field(description="One entry per draft milestone.")


def clip(text: str, limit: int) -> str:
    """``text`` with whitespace collapsed, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class Accepted:
    """The fields of one answer that passed their checks, and why the others did not."""

    texts: dict[str, Any] = field(default_factory=dict)
    """Accepted module texts: goal, scaling, success_factors."""
    milestones: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per known milestone id: the phase, the citations and the accepted text fields."""
    rejected: list[str] = field(default_factory=list)
    """One "field: reason" per prose field kept from the draft."""
    kept: list[str] = field(default_factory=list)
    """The names of the prose fields kept from the draft."""
    notes: list[str] = field(default_factory=list)
    accepted: int = 0
    """Prose fields of the model that replace the draft's text."""

    @property
    def total(self) -> int:
        """Prose fields the module has: accepted plus kept from the draft."""
        return self.accepted + len(self.kept)


_WORD = re.compile(r"\w{4,}")
ECHO_SHARE = 0.5
"""A text at least this share of whose words are the repair prompt's repeats the instructions."""


def echoes(text: str, instructions: str) -> bool:
    """Whether ``text`` mostly repeats ``instructions``: at least two and half of its words (of 4+ letters)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    said = {w.casefold() for w in _WORD.findall(instructions)}
    repeated = sum(w in said for w in words)
    return repeated >= 2 and repeated >= ECHO_SHARE * len(words)


def _verdict(name: str, text: str, limit: int, fields: _Fields) -> str | None:
    """Why ``text`` cannot replace the draft's ``name``, or None."""
    stripped = text.strip()
    if len(stripped) < limit:
        return "empty or too short"
    if _IDENTIFIER.fullmatch(stripped):
        return "an identifier, not text"
    if "{" in stripped or "}" in stripped:
        return "a JSON fragment, not text"
    if len(stripped.split()) < MIN_WORDS.get(name.rpartition(".")[2], 1):
        return "not a sentence"
    if echoes(stripped, fields.instructions):
        return "repeats the instructions"
    context, repeated = fields.context, fields.repeated
    if repeated[_key(stripped)] > 1:
        return "the same text as another field"
    invented = ungrounded_numbers([stripped], context)
    if invented:
        return "numbers not found in the profile, draft or sources: " + ", ".join(invented) + " — remove them"
    return None


class _Fields:
    """Collects the verdicts of one answer."""

    def __init__(self, context: list[str], repeated: Counter[str], instructions: str) -> None:
        self.context, self.repeated, self.instructions, self.out = context, repeated, instructions, Accepted()

    def text(self, name: str, text: str, kind: str) -> bool:
        reason = _verdict(name, text, MIN_CHARS[kind], self)
        if reason is None:
            self.out.accepted += 1
            return True
        self.out.kept.append(name)
        self.out.rejected.append(f"{name}: {reason}")
        return False

    def items(self, name: str, items: Sequence[str]) -> list[str]:
        kept = [
            clip(i, MAX_CHARS["item"])
            for n, i in enumerate(items[:MAX_ITEMS])
            if self.text(f"{name}[{n + 1}]", i, "item")
        ]
        if not items:
            self.out.kept.append(name)
            self.out.rejected.append(f"{name}: missing")
        return kept


def _repeated(answer: ModuleRefinement) -> Counter[str]:
    """How often each text occurs among the module's texts, the milestones' texts counted once together.

    The reasoning is not a roadmap field; milestones may share a description with each other.
    """
    texts = [answer.goal, answer.scaling, *answer.success_factors]
    texts += list({_key(t) for m in answer.milestones for t in (m.title, m.description)})
    return Counter(_key(t) for t in texts if t.strip())


def accept_fields(
    answer: ModuleRefinement,
    draft: Sequence[Milestone],
    sources: Sequence[str],
    context: list[str],
    instructions: str = "",
) -> Accepted:
    """Check every field of ``answer`` on its own against the draft's milestones and the prompt's context.

    ``instructions``: the repair prompt with the problems it can name; a text that mostly repeats
    it is not the model's own (a small model answers "the answer contained no tool call" as the goal).
    """
    fields = _Fields(context, _repeated(answer), instructions)
    out = fields.out
    for name in ("goal", "scaling"):
        value = getattr(answer, name)
        if fields.text(name, value, name):
            out.texts[name] = clip(value, MAX_CHARS[name])
    factors = fields.items("success_factors", answer.success_factors)
    if factors:
        out.texts["success_factors"] = factors
    known = {m.id: m for m in draft}
    check = Check()
    answered = [m for m in answer.milestones if m.id in known]
    phases = check_milestones({m.id: m.phase for m in answer.milestones}, known, check)
    for m in answered:
        accepted: dict[str, Any] = {
            "phase": phases[m.id],
            "citations": map_citations(m.citations, sources, check, m.id),
        }
        for name in MILESTONE_TEXTS:
            if fields.text(f"{m.id}.{name}", getattr(m, name), name):
                accepted[name] = clip(getattr(m, name), MAX_CHARS[name])
        kpis = fields.items(f"{m.id}.kpis", m.kpis)
        if kpis:
            accepted["kpis"] = kpis
        if len(accepted) > 2:  # a phase or citation from an answer none of whose text passed is not trusted
            out.milestones[m.id] = accepted
    missing = [mid for mid in known if mid not in {m.id for m in answered}]
    out.kept += [f"{mid}.{name}" for mid in missing for name in (*MILESTONE_TEXTS, "kpis")]
    out.rejected += [f"{mid}: not in the answer; use the milestone id exactly as given" for mid in missing]
    out.notes += check.notes
    return out


def kept_summary(acc: Accepted, limit: int = 8) -> str:
    """The fields kept from the draft (a milestone the answer left out as one name), at most ``limit`` named."""
    names: list[str] = []
    for name in acc.kept:
        mid, _, part = name.rpartition(".")
        whole = part and all(f"{mid}.{n}" in acc.kept for n in (*MILESTONE_TEXTS, "kpis"))
        names.append(mid if whole else name)
    names = list(dict.fromkeys(names))
    return ", ".join(names[:limit]) + (f" … (+{len(names) - limit})" if len(names) > limit else "")
