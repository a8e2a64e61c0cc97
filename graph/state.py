"""Typed graph state: a narrow input (the profile), a narrow output (the roadmap), reducers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, TypedDict

from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import ComplianceFinding, Roadmap
from fahrplan.core.vocab import Lever

__all__ = ["InputState", "OutputState", "State", "merge_drafts"]


def merge_drafts(
    left: Mapping[str, ModuleDraft] | None, right: Mapping[str, ModuleDraft] | None
) -> dict[str, ModuleDraft]:
    """Merge module drafts written by parallel agents; each agent writes only its own key."""
    merged = dict(left or {})
    for key, draft in (right or {}).items():
        if key in merged and merged[key] is not draft:
            raise ValueError(f"module {key} was planned twice")
        merged[key] = draft
    return merged


class InputState(TypedDict):
    """What a run starts from."""

    profile: Profile


class OutputState(TypedDict):
    """What a run returns."""

    roadmap: Roadmap


class State(InputState, OutputState, total=False):
    """Internal state: use-case matches, the six drafts (parallel writes), findings."""

    levers: dict[str, tuple[Lever, ...]]
    """Goal and use-case texts -> levers as the model settled them (LLM mode only)."""
    notes: list[str]
    """Warnings of the first step (a degraded lever classification)."""
    matches: tuple[UseCaseMatch, ...]
    drafts: Annotated[dict[str, ModuleDraft], merge_drafts]
    findings: list[ComplianceFinding]
