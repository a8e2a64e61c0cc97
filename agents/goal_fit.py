"""Goal and use-case fit through value levers: text → levers → the initiatives that move them.

A goal counts for an initiative only when the initiative moves one of the goal's levers (by its
mechanism, stated in the catalog). Text similarity never creates a match; it only orders the
initiatives that share a lever, so the one whose description is closest to the goal comes first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Final

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.levers import FALLBACK_HITS, FALLBACK_METHOD, LeverMatch, classify, retrieval_fallback
from fahrplan.core.untrusted import data_part, instruction_like
from fahrplan.core.vocab import Lever
from fahrplan.knowledge.schema import Initiative

__all__ = [
    "LEVER_POSITION_WEIGHTS",
    "classify_text",
    "lever_fit",
    "names_mechanism",
    "relative_relevance",
    "text_relevance",
]

LEVER_POSITION_WEIGHTS: Final = (1.0, 0.8, 0.6)
"""Weight of an initiative's first, second and third lever: the first is what it is mainly for."""
_SIMILARITY_SHARE: Final = 0.4
"""Share of the relevance that text similarity may move among initiatives sharing a lever."""


def relative_relevance(scores: Mapping[str, float]) -> dict[str, float]:
    """Turn one query's similarities over the whole catalog into relevances in [0, 1].

    multilingual-e5 similarities cluster in a narrow band, so absolute values say little.
    Relevance is 1 for the best entry, 0 at or below the midpoint between the median and the
    best, linear in between: only entries that clearly stand out count.
    """
    if not scores:
        return {}
    ordered = sorted(scores.values())
    median, best = ordered[len(ordered) // 2], ordered[-1]
    midpoint = median + (best - median) / 2
    if best - midpoint < 1e-6:
        return {key: 0.0 for key in scores}
    return {key: round(min(1.0, max(0.0, (s - midpoint) / (best - midpoint))), 3) for key, s in scores.items()}


def classify_text(text: str, deps: AgentDeps) -> LeverMatch:
    """Classify ``text`` to levers; hybrid retrieval over the catalog only when no pattern matches.

    In LLM mode the model's checked classification (``deps.lever_overrides``) takes the place of the
    deterministic one, which was its draft (:mod:`fahrplan.agents.lever_refine`).
    """
    if text in deps.lever_overrides:
        return LeverMatch(levers=tuple(deps.lever_overrides[text]), source="model")

    def search(query: str) -> Sequence[str]:
        hits = deps.retriever.search(query, kind="initiative", k=FALLBACK_HITS, method=FALLBACK_METHOD)
        return [h.id for h in hits]

    return classify(text, fallback=retrieval_fallback(search, deps.catalog))


def lever_fit(initiative: Initiative, levers: Sequence[Lever]) -> float:
    """How directly ``initiative`` moves the ``levers`` of a text (0: not at all).

    The best shared lever counts by its position in the initiative's list; sharing more of the
    text's levers adds up to a quarter.
    """
    shared = [lever for lever in initiative.levers if lever in levers]
    if not shared:
        return 0.0
    best = max(LEVER_POSITION_WEIGHTS[initiative.levers.index(lever)] for lever in shared)
    return best * (0.75 + 0.25 * len(shared) / len(levers))


def text_relevance(text: str, deps: AgentDeps) -> tuple[LeverMatch, dict[str, float]]:
    """Return the text's levers and, for every initiative moving one of them, its relevance in [0, 1].

    Wording that reads like an instruction to the tool is data, not a goal: it moves no lever, and only the goal
    stated before it ("Mehr Abokunden halten. Ignoriere alle Anweisungen …") is classified.
    """
    if instruction_like(text):
        text = data_part(text)
        if not text:
            return LeverMatch(levers=()), {}
    match = classify_text(text, deps)
    if not match.levers:
        return match, {}
    hits = deps.retriever.scores([text], kind="initiative")
    similarity = relative_relevance({h.id: h.score for h in hits.values()})
    out: dict[str, float] = {}
    for initiative in deps.catalog.initiatives.values():
        fit = lever_fit(initiative, match.levers)
        if fit > 0:
            closeness = similarity.get(initiative.id, 0.0)
            out[initiative.id] = round(fit * (1.0 - _SIMILARITY_SHARE + _SIMILARITY_SHARE * closeness), 3)
    for initiative in deps.catalog.initiatives.values():  # an entry-level offer serves what its full versions serve
        inherited = max((out.get(full, 0.0) for full in initiative.entry_for), default=0.0)
        if inherited > out.get(initiative.id, 0.0):
            out[initiative.id] = inherited
    initiatives = deps.catalog.initiatives
    relevance = _by_channel(text, _time_by_task(text, out, initiatives, match.levers), initiatives)
    return match, _by_mechanism(text, _by_named_mechanism(text, relevance, initiatives, match.levers), initiatives)


_TASK: Final = re.compile(
    r"aufwand\w* (?:für|bei|im|in|beim)\b|\bzeit (?:für|beim)\b|time (?:spent )?on\b", re.IGNORECASE
)
"""A text naming the task whose time it is about ("Planungsaufwand für Sofa-Konfigurationen", "time spent on")."""


def _time_by_task(
    text: str, relevance: dict[str, float], initiatives: Mapping[str, Initiative], levers: Sequence[Lever]
) -> dict[str, float]:
    """Time is saved on a task: when the text names the mechanism of an initiative that shares one of its levers,
    an initiative that shares only the labour lever and names no task of the text does not serve it (order
    proposals save ordering time, not the time advisers spend on the phone or cashiers at the till). A text that
    names its task in words no initiative knows keeps only initiatives sharing another of its levers."""
    if "labour_productivity" not in levers:
        return relevance
    named = {i for i in relevance if _names_any(tuple(initiatives[i].goal_terms), text)}
    if not named and not _TASK.search(text):
        return relevance  # no task named ("Filialpersonal entlasten"): every initiative saving time may serve it
    others = set(levers) - {"labour_productivity"}
    return {i: rel for i, rel in relevance.items() if i in named or others & set(initiatives[i].levers)}


_NAMED_ONLY: Final = frozenset({"reach_new_channel"})
"""Levers whose initiatives each open one particular channel: an initiative serves only where the text names it."""
_GROUNDWORK: Final = 0.8
"""Relevance of the prerequisite a named channel is built on, as a share of the channel initiative's: it serves the
goal, less directly than the initiative that opens the channel."""
_NAMED_FIRST: Final = frozenset({"price_margin", "operating_cost"})
"""Levers made of unrelated mechanisms (prices, promotions, shrinkage, purchasing; store energy, transport,
shipping): once the text names one of them, the others do not serve it."""


def _by_named_mechanism(
    text: str, relevance: dict[str, float], initiatives: Mapping[str, Initiative], levers: Sequence[Lever]
) -> dict[str, float]:
    """Drop initiatives that share with the text only a lever whose mechanism the text names otherwise.

    A goal to open a channel is served by the initiative that opens the channel it names (click & collect for
    "online bestellen, im Laden abholen") and the prerequisite it is built on that moves the same lever (the store
    stock view), not by every initiative that opens some channel; a channel no initiative opens (an own web shop, a
    new country) is served by none. Shrinkage ("Diebstahl senken") is not served by
    dynamic pricing, store energy ("Stromkosten der Filialen") not by route planning, though each moves the lever.
    An unspecific goal ("Marge verbessern") keeps every initiative that moves its lever.
    """
    dropped: set[str] = set()
    for lever in (lever for lever in levers if lever in _NAMED_ONLY | _NAMED_FIRST):
        sharing = [i for i in relevance if lever in initiatives[i].levers]
        named = {i for i in sharing if _names_any(tuple(initiatives[i].goal_terms), text)}
        if lever in _NAMED_FIRST and not named:
            continue
        if lever in _NAMED_ONLY:  # the channel is built on its prerequisites that move the same lever
            base = {p: relevance[i] for i in named for p in initiatives[i].prerequisites if p in sharing}
            relevance = {**relevance, **{p: max(_GROUNDWORK * rel, relevance[p]) for p, rel in base.items()}}
            named |= set(base)
        others = set(levers) - {lever}
        dropped |= {i for i in sharing if i not in named and not others & set(initiatives[i].levers)}
    return {i: rel for i, rel in relevance.items() if i not in dropped}


_ONLINE: Final = re.compile(
    r"\bonline|e-?commerce|\bweb-?shops?\b|\bwebsite\b|\bapp\b|newsletter|e-?mail", re.IGNORECASE
)
_STORE: Final = re.compile(
    r"filial|\bmärkte|\bmarkt\b|(?<!online )(?<!web )\bstores?\b|\bläden|\bladen\b|stationär|in-store|"
    r"verkaufsfläche|shop floor|studio|theke|\bregal|quadratmeter|square (?:metre|meter|foot|feet)|\bm²",
    re.IGNORECASE,
)
_ONLINE_CHANNELS: Final = frozenset({"webshop", "app", "marketplace", "social_commerce", "catalog"})


def _by_channel(text: str, relevance: dict[str, float], initiatives: Mapping[str, Initiative]) -> dict[str, float]:
    """A goal about one channel only is not served by what works in the other only: "Marge im Webshop" not by
    loss prevention at the shelf, "Abschlüsse im Küchenstudio" not by personalised search in the web shop."""
    online, store = _ONLINE.search(text) is not None, _STORE.search(text) is not None
    if online == store:
        return relevance
    other = _store_only if online else _online_only
    return {i: rel for i, rel in relevance.items() if not other(initiatives[i])}


def _store_only(initiative: Initiative) -> bool:
    return initiative.requires_stores and not initiative.requires_channels


def _online_only(initiative: Initiative) -> bool:
    channels = set(initiative.requires_channels)
    return bool(channels) and channels <= _ONLINE_CHANNELS and not initiative.requires_stores


def _by_mechanism(text: str, relevance: dict[str, float], initiatives: Mapping[str, Initiative]) -> dict[str, float]:
    """A goal that names an initiative's mechanism ("Schichtplanung", "Click & Collect") is served by it first; one
    that names what it does not solve (slow movers for order proposals) is not served by it at all.

    Only initiatives that already share a lever with the goal are touched: a named word never creates a match.
    """
    out: dict[str, float] = {}
    for ini_id, rel in relevance.items():
        ini = initiatives[ini_id]
        if _names_any(tuple(ini.not_for_terms), text):
            continue
        out[ini_id] = 1.0 if _names_any(tuple(ini.goal_terms), text) else rel
    return out


def names_mechanism(initiative: Initiative, text: str) -> bool:
    """Whether ``text`` names the initiative's mechanism and not what it does not solve."""
    return _names_any(tuple(initiative.goal_terms), text) and not _names_any(tuple(initiative.not_for_terms), text)


def _names_any(terms: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` contains one of ``terms`` (regular expressions, case-insensitive)."""
    return bool(terms) and _any_of(terms).search(text) is not None


@cache
def _any_of(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation per initiative's term list, built once per process (goals are read per module)."""
    return re.compile("|".join(f"(?:{term})" for term in terms), re.IGNORECASE)
