"""Rewrite mode: besides its decisions, a capable model rewrites the draft's texts, each checked on its own.

With ``refine_mode = "rewrite"`` the module agent's schema adds to the decisions of
:mod:`agents.refine_fields` the module's goal sentence (``goal``), its scaling text (``scaling``)
and, for the draft's first :data:`REWRITE_MILESTONES` milestones, title, description and owner. A
text that passes its checks replaces the draft's; one that fails keeps the draft's and is named in
the warning. The checks (restored from the field-by-field acceptance before decide mode): not empty
or too short, no snake_case identifier (a schema key echoed back), no JSON braces, at least three
words where a sentence is asked, not mostly the instructions (the repair prompt's problems), not the
same text as another field, no number that is in no input; a milestone id the draft does not have is
ignored with a note. Phases, budgets, FTE, KPIs, citations and dependencies stay computed: the
portfolio solver schedules every step, so a phase of the model's would not be shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field, JsonValue, create_model

from fahrplan.agents.drafts import ModuleDraft
from fahrplan.agents.module_plans import scaling_text, standard_goal
from fahrplan.agents.refine_fields import (
    MILESTONE_TEXTS,
    Accepted,
    Choices,
    clip,
    refinement_schema,
    text_key,
    text_problem,
)
from fahrplan.agents.tailoring import online_only
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Milestone
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog

__all__ = [
    "MAX_CHARS",
    "REWRITE_ECHO_PROBLEMS",
    "REWRITE_MILESTONES",
    "accept_rewrite",
    "draft_goal",
    "draft_scaling",
    "offered_milestones",
    "rewrite_schema",
    "texts_block",
]

REWRITE_MILESTONES = 6
"""Milestones (the draft's first, in phase order) whose texts the model may rewrite: bounds the answer."""
MAX_CHARS = {"goal": 360, "scaling": 480, "title": 100, "description": 360, "owner": 60}
"""Bounds in the JSON schema (a grammar-constrained server writes no more); a longer text is clipped after."""
MIN_CHARS = {"goal": 10, "scaling": 10, "title": 3, "description": 10, "owner": 2}
MIN_WORDS = {"goal": 3, "scaling": 3, "description": 3}
"""Words a sentence-like field needs (a comma-separated token list is not a goal)."""
REWRITE_ECHO_PROBLEMS = (
    "the same text as another field",
    "not in the answer; use the milestone id exactly as given",
    "not a milestone of the draft",
)
"""The problems a rewrite answer's repair round can name besides the decisions' (an echo of them is rejected)."""


def offered_milestones(draft: ModuleDraft) -> tuple[Milestone, ...]:
    """The milestones whose texts the model may rewrite: the draft's first :data:`REWRITE_MILESTONES`."""
    return draft.milestones[:REWRITE_MILESTONES]


def _bounded(kind: str, description: str) -> Any:
    return (str, Field(description=description, json_schema_extra={"maxLength": MAX_CHARS[kind]}))


def rewrite_schema(choices: Choices, draft: ModuleDraft) -> type[BaseModel]:
    """The decisions' schema (:func:`refinement_schema`) plus the texts the model rewrites."""
    ids: list[JsonValue] = [m.id for m in offered_milestones(draft)]
    milestone = create_model(
        "MilestoneText",
        __doc__="The model's texts for one milestone of the draft.",
        id=(str, Field(description="Milestone id exactly as given.", json_schema_extra={"enum": ids})),
        title=_bounded("title", "Concrete title for this company."),
        description=_bounded("description", "What is done, how and with whom, for this company."),
        owner=_bounded("owner", "Accountable role."),
    )
    return create_model(
        "ModuleRefinement",
        __base__=refinement_schema(choices),
        __doc__="The module agent's decisions on the offline draft and its rewritten texts.",
        goal=_bounded("goal", "The module's goal and business value for this company, one or two sentences."),
        scaling=_bounded("scaling", "How the module's successes are scaled for this company."),
        milestones=(
            list[milestone],  # type: ignore[valid-type]
            Field(description="One entry per milestone given.", json_schema_extra={"maxItems": len(ids)}),
        ),
    )


def draft_scaling(draft: ModuleDraft, catalog: Catalog, lang: Lang) -> str:
    """The draft's scaling text: the scale steps of its initiatives (as the module plan writes it)."""
    return scaling_text([catalog.initiatives[i] for i in dict.fromkeys(m.initiative for m in draft.milestones)], lang)


def draft_goal(draft: ModuleDraft, profile: Profile, lang: Lang) -> str:
    """The draft's goal sentence the model's ``goal`` replaces (store-free for a company without stores)."""
    return standard_goal(draft.module, online_only(profile), lang)


def texts_block(draft: ModuleDraft, profile: Profile, catalog: Catalog, lang: Lang) -> str:
    """The draft's texts the model may rewrite (not fenced): goal, scaling, one line per offered milestone."""
    lines = [f"goal: {draft_goal(draft, profile, lang)}", f"scaling: {draft_scaling(draft, catalog, lang)}"]
    lines += [
        f"- id: {m.id} | title: {m.title} | owner: {m.owner} | description: {m.description}"
        for m in offered_milestones(draft)
    ]
    return "\n".join(lines)


def _verdict(
    kind: str, text: str, repeated: Counter[str], context: Sequence[str], instructions: str, storeless: bool
) -> str | None:
    """Why ``text`` cannot replace the draft's text of kind ``kind``, or None."""
    return text_problem(
        text,
        min_chars=MIN_CHARS[kind],
        min_words=MIN_WORDS.get(kind, 1),
        context=context,
        instructions=instructions,
        storeless=storeless,
        duplicate="the same text as another field" if repeated[text_key(text)] > 1 else None,
    )


def _repeated(data: dict[str, Any]) -> Counter[str]:
    """How often each text occurs among goal, scaling and the milestones' texts (milestones' counted once together).

    Milestones may share a description or an owner with each other, not with the goal or the scaling.
    """
    shared = {text_key(m.get(n) or "") for m in data.get("milestones") or [] for n in ("title", "description")}
    return Counter(k for k in [text_key(data.get("goal") or ""), text_key(data.get("scaling") or ""), *shared] if k)


def accept_rewrite(
    answer: BaseModel,
    draft: ModuleDraft,
    out: Accepted,
    context: Sequence[str],
    instructions: str,
    *,
    storeless: bool = False,
) -> Accepted:
    """Check the rewritten texts of ``answer`` (a :func:`rewrite_schema` instance) each on its own, into ``out``
    (``storeless``: no text may speak of stores)."""
    data = answer.model_dump()
    repeated = _repeated(data)

    def text(name: str, kind: str, value: str) -> str | None:
        reason = _verdict(kind, value, repeated, context, instructions, storeless)
        if reason is None:
            return clip(value, MAX_CHARS[kind])
        out.reject(name, reason)
        return None

    for kind in ("goal", "scaling"):
        if (value := text(kind, kind, str(data.get(kind) or ""))) is not None:
            out.texts[kind] = value
    known = [m.id for m in offered_milestones(draft)]
    answered: list[str] = []
    for m in data.get("milestones") or []:
        mid = str(m.get("id"))
        if mid not in known or mid in answered:
            out.notes.append(f"{mid}: not a milestone of the draft (or answered twice); ignored")
            continue
        answered.append(mid)
        texts = {n: v for n in MILESTONE_TEXTS if (v := text(f"{mid}.{n}", n, str(m.get(n) or ""))) is not None}
        if texts:
            out.milestones[mid] = texts
    for mid in (m for m in known if m not in answered):
        for name in MILESTONE_TEXTS:
            out.reject(f"{mid}.{name}", "not in the answer; use the milestone id exactly as given")
    return out
