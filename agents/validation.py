"""Meaning checks of LLM output, after its shape was validated: ids, citations, phases, numbers.

Pure functions; each returns the cleaned output plus fatal problems (trigger a repair round)
and notes (fixed silently but reported, e.g. a dropped citation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from fahrplan.core.roadmap import PHASES, Milestone

__all__ = ["Check", "check_milestones", "map_citations", "numbers_in", "ungrounded_numbers"]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)*)\s*(?:%|prozent|percent)", re.IGNORECASE)


@dataclass
class Check:
    """Outcome of a meaning check."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No fatal problems."""
        return not self.problems


def _normalise(number: str) -> str:
    return number.replace(".", "").replace(",", "").lstrip("0") or "0"


def numbers_in(texts: Iterable[str]) -> set[str]:
    """All numbers in ``texts``, normalised (thousands separators and decimal marks removed)."""
    return {_normalise(m.group(0)) for text in texts for m in _NUMBER.finditer(text)}


def ungrounded_numbers(texts: Iterable[str], context: Iterable[str]) -> list[str]:
    """Numbers in ``texts`` that do not occur in ``context``.

    Single digits used as counts are allowed, unless they are percentages.
    """
    allowed = numbers_in(context)
    out: list[str] = []
    for text in texts:
        percents = {_normalise(m.group(1)) for m in _PERCENT.finditer(text)}
        for m in _NUMBER.finditer(text):
            value = _normalise(m.group(0))
            small = len(m.group(0)) == 1 and value not in percents
            if value not in allowed and not small and m.group(0) not in out:
                out.append(m.group(0))
    return out


def map_citations(numbers: Sequence[int], sources: Sequence[str], check: Check, where: str) -> list[str]:
    """Map source numbers (1-based) to ids; numbers that were not offered are dropped and noted."""
    ids: list[str] = []
    for n in numbers:
        if 1 <= n <= len(sources):
            ids.append(sources[n - 1])
        else:
            check.notes.append(f"{where}: citation [{n}] was not among the retrieved sources and was dropped")
    return list(dict.fromkeys(ids))


def check_milestones(proposed: Mapping[str, str], draft: Mapping[str, Milestone], check: Check) -> dict[str, str]:
    """Keep proposals for known milestone ids; never move a milestone earlier than the draft.

    ``proposed`` maps milestone id -> proposed phase. Returns the normalised phase per known id.
    """
    phases: dict[str, str] = {}
    for mid, phase in proposed.items():
        if mid not in draft:
            check.notes.append(f"unknown milestone id {mid!r} ignored")
            continue
        floor = PHASES.index(draft[mid].phase)
        wanted = PHASES.index(phase) if phase in PHASES else floor
        if wanted < floor:
            check.notes.append(f"{mid}: phase {phase} is earlier than feasible; kept {draft[mid].phase}")
        phases[mid] = PHASES[max(floor, wanted)]
    if draft and not phases:
        check.problems.append("none of the milestone ids matches the draft; use the ids exactly as given")
    return phases
