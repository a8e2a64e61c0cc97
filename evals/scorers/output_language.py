"""The language scorer: is every generated section written in the requested output language."""

from __future__ import annotations

import re

from fahrplan.core.roadmap import Roadmap
from fahrplan.evals.schema import Score, ScoreContext
from fahrplan.evals.scorers.base import Tally, roadmap_texts, short

__all__ = ["MIN_MARGIN", "MIN_STOPWORDS", "detect_language", "language"]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DE_WORDS = _wordset(
    "der die das den dem des und ist sind nicht mit für auf von zu zum zur im bei ein eine einen einer eines "
    "wird werden oder als auch aus nach über wie sich ihre ihrer ihren kein keine durch dass vor nur noch "
    "je sowie bzw gegen ohne unter wenn weil diese dieser dieses jede jeder"
)
_EN_WORDS = _wordset(
    "the and of to is are for with on by be as or this that from not its their which each into "
    "without under when because these every only after before has have can will than more"
)
# Quoted user text ("„…“", "“…”", "\"…\""), source notes and ids are data, not the output language.
_QUOTED = re.compile(r"„[^“”]*[“”]|“[^”]*”|\"[^\"]*\"|\((?:Quelle|source|Quellen|sources):[^)]*\)")
_IDS = re.compile(r"\b[a-z0-9_]+(?:\.[a-z0-9_-]+)+\b|https?://\S+")
_WORD = re.compile(r"[a-zäöüß]+")
MIN_STOPWORDS = 2
MIN_MARGIN = 2


def detect_language(text: str) -> str | None:
    """Return "de" or "en" by counting function words, or None when the text is too short to judge.

    Quoted segments, source notes and ids are removed first; a verdict needs at least two
    function words and a margin of two between the languages.
    """
    cleaned = _IDS.sub(" ", _QUOTED.sub(" ", text))
    words = _WORD.findall(cleaned.lower())
    de = sum(w in _DE_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if de + en < MIN_STOPWORDS or abs(de - en) < MIN_MARGIN:
        return None
    return "de" if de > en else "en"


def language(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score output-language consistency: the share of judged text sections in the output language.

    The output language is ``generated_with.language``; one extra check requires it to equal the
    requested ``ctx.lang``. Sections: summary lines, module goal, value, rationale, scaling, external
    support, success factors, responsibilities, dependency reasons, milestone titles and
    descriptions, finding rationales and alternatives, warnings (see ``roadmap_texts``). A section is
    judged by ``detect_language``; sections too short to judge are skipped.
    """
    expected = roadmap.generated_with.language
    tally = Tally(noun="sections", verb="in the wrong language")
    tally.check(expected == ctx.lang, f"generated_with.language {expected!r}, requested {ctx.lang!r}")
    for section, text in roadmap_texts(roadmap):
        found = detect_language(text)
        if found is not None:
            tally.check(found == expected, f"{section} is {found}: {short(text, 60)!r}")
    return tally.score("no section long enough to judge")
