"""Classify a goal or use-case text to value levers, deterministically, and find the initiatives that move them.

A goal names the KPI family it is about ("Abschriften senken", "Retourenquote senken", "Hotline
entlasten"); the catalog states for each initiative which levers it moves by its mechanism. This
module bridges the two with the table of German and English retail terms per lever in
:mod:`fahrplan.agents.lever_terms`, so goal → lever → initiative replaces raw text similarity. It is pure:
no store, no model. A retriever can be passed as a fallback for texts no pattern recognises; its answer is
marked as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from fahrplan.agents.lever_terms import LEVER_PATTERNS, ONLY_CONTEXT
from fahrplan.core.vocab import LEVERS, Lever
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative

__all__ = [
    "FALLBACK_HITS",
    "FALLBACK_METHOD",
    "LEVER_PATTERNS",
    "LeverMatch",
    "classify",
    "initiatives_for",
    "retrieval_fallback",
]

FALLBACK_HITS: Final = 3
FALLBACK_METHOD: Final = "dense"
"""How the retrieval fallback searches the catalog's initiatives for a text no pattern recognises: by meaning only.
Keyword matches rank initiatives by words that name no lever ("Filialen", "Kunden", "online"): on 229 goal phrasings
written for the vocabulary (``tests/data/lever_phrasings.txt``), asked without the patterns, the best dense hit
carried the expected lever for 153, the best hybrid hit for 135."""


_COMPILED: Final[dict[Lever, tuple[re.Pattern[str], ...]]] = {
    lever: tuple(re.compile(p, re.IGNORECASE) for p in LEVER_PATTERNS[lever]) for lever in LEVERS
}


@dataclass(frozen=True)
class LeverMatch:
    """The levers a text is about, in vocabulary order, with the terms that decided each."""

    levers: tuple[Lever, ...]
    terms: tuple[tuple[Lever, tuple[str, ...]], ...] = field(default=())
    source: Literal["patterns", "retrieval", "model", "none"] = "none"

    def terms_for(self, lever: Lever) -> tuple[str, ...]:
        """Return the matched terms for ``lever`` (empty when it was not matched by a pattern)."""
        return dict(self.terms).get(lever, ())


def _word_at(text: str, start: int, end: int) -> str:
    """Return the matched span widened to whole words, so the term reads as it stands in the text."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[start:end].strip("-")


def _pattern_terms(text: str) -> list[tuple[Lever, tuple[str, ...]]]:
    found: list[tuple[Lever, tuple[str, ...]]] = []
    for lever in LEVERS:
        terms: list[str] = []
        for pattern in _COMPILED[lever]:
            for hit in pattern.finditer(text):
                term = _word_at(text, hit.start(), hit.end())
                if term and term not in terms:
                    terms.append(term)
        if terms:
            found.append((lever, tuple(terms)))
    return found


_GUARD = re.compile(r"\b(?:ohne|without|but not|aber nicht)\b[^,;.]*", re.IGNORECASE)
"""A guard clause ("…, ohne die Stammkundschaft zu verlieren") names what must not suffer, not what to move."""


def _without_guard(text: str) -> str:
    """``text`` without its guard clauses, when what remains still names a lever (else the whole text)."""
    core = _GUARD.sub(" ", text)
    return core if core != text and _pattern_terms(core) else text


def _without_context(found: list[tuple[Lever, tuple[str, ...]]]) -> list[tuple[Lever, tuple[str, ...]]]:
    """``found`` without the levers matched only by words that name the context of another lever's goal."""
    levers = dict(found)
    dropped = {
        lever
        for lever, context, other, aim in ONLY_CONTEXT
        if levers.get(lever)
        and all(context.search(term) for term in levers[lever])
        and any(aim.search(term) for term in levers.get(other, ()))
    }
    return [(lever, terms) for lever, terms in found if lever not in dropped]


def classify(text: str, *, fallback: Callable[[str], Sequence[Lever]] | None = None) -> LeverMatch:
    """Return the levers ``text`` is about: pattern matches, else the fallback's answer, else none.

    ``fallback`` (e.g. hybrid retrieval over the catalog, see ``retrieval_fallback``) is asked only when
    no pattern matches, so the answer stays deterministic for every text the table knows.
    """
    found = _without_context(_pattern_terms(_without_guard(" ".join(text.split()))))
    if found:
        return LeverMatch(levers=tuple(lever for lever, _ in found), terms=tuple(found), source="patterns")
    if fallback is not None:
        answer = set(fallback(text))
        guessed = tuple(lever for lever in LEVERS if lever in answer)
        if guessed:
            return LeverMatch(levers=guessed, source="retrieval")
    return LeverMatch(levers=())


def retrieval_fallback(search: Callable[[str], Sequence[str]], catalog: Catalog) -> Callable[[str], tuple[Lever, ...]]:
    """Return a fallback that takes the levers of the best-ranked initiative ``search`` returns for a text.

    ``search`` maps a text to initiative ids, best first (e.g. the store's hybrid search restricted to
    initiatives); ids the catalog does not know are skipped.
    """

    def guess(text: str) -> tuple[Lever, ...]:
        for initiative_id in search(text):
            initiative = catalog.initiatives.get(initiative_id)
            if initiative is not None:
                return tuple(initiative.levers)
        return ()

    return guess


def initiatives_for(levers: Iterable[Lever], catalog: Catalog) -> list[Initiative]:
    """Return the catalog's initiatives that move any of ``levers``, in catalog order."""
    wanted = set(levers)
    return [initiative for initiative in catalog.initiatives.values() if wanted & set(initiative.levers)]
