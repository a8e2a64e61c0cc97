"""What a reader needs to see of a search hit: title, kind, reference, the matching sentence, the source.

Pure: the catalog entry (or an ingested chunk's text and provenance) and the query in, a
:class:`HitView` out. ``fahrplan kb search`` prints it; ``--json`` dumps it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from fahrplan.core.i18n import legal_ref
from fahrplan.core.texts import MODULE_TITLES, labels
from fahrplan.core.vocab import norm_lang
from fahrplan.knowledge.catalog import Catalog

__all__ = ["SNIPPET_CHARS", "HitView", "describe_hit", "snippet"]

SNIPPET_CHARS = 180
# a sentence ends at . ! ? before a capital letter, but not after an abbreviation (bzw., z. B., Art., lit.)
_SENTENCE = re.compile(
    r"(?<!\bbzw\.)(?<!\bz\.)(?<!\bB\.)(?<!\bArt\.)(?<!\blit\.)(?<!\bAbs\.)(?<!\bNr\.)(?<!\bggf\.)(?<!\be\.g\.)"
    r"(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bca\.)(?<!\bu\.a\.)(?<=[.!?])\s+(?=[A-ZÄÖÜ„“\"(])"
)
_WORD = re.compile(r"[\wÄÖÜäöüß]{3,}")
_STEM = 5  # German compounds: "Gesichtserkennung" matches the query word "Gesicht…" by its first letters


@dataclass(frozen=True)
class HitView:
    """One search hit as a reader sees it."""

    id: str
    kind: str
    title: str
    reference: str
    snippet: str
    source: str
    url: str
    score: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def snippet(text: str, query: str, limit: int = SNIPPET_CHARS) -> str:
    """The sentence of ``text`` that shares most words with ``query`` (by stem), shortened to ``limit``."""
    stems = {w.casefold()[:_STEM] for w in _WORD.findall(query)}
    sentences = [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]
    if not sentences:
        return ""

    def overlap(sentence: str) -> int:
        return len(stems & {w.casefold()[:_STEM] for w in _WORD.findall(sentence)})

    best = max(sentences, key=lambda s: (overlap(s), -sentences.index(s)))
    return best if len(best) <= limit else best[: limit - 1].rstrip() + "…"


def describe_hit(
    hit_id: str, kind: str, score: float, query: str, catalog: Catalog, lang: str, *, text: str = "", label: str = ""
) -> HitView:
    """Describe one hit: catalog entries from the catalog in ``lang``, document chunks from their text."""
    code = norm_lang(lang)
    kind = labels("cli.kind", code).get(kind, kind)
    if hit_id in catalog.initiatives:
        ini = catalog.initiatives[hit_id]
        body = " ".join([ini.description.get(code), ini.ai_use_case.get(code) if ini.ai_use_case else ""])
        sources = sorted({lv.source for lv in ini.value_levers if lv.source})
        return HitView(
            hit_id,
            kind,
            ini.title.get(code),
            MODULE_TITLES[ini.module][code],
            snippet(body, query),
            "; ".join(sources),
            "",
            score,
        )
    if hit_id in catalog.legal:
        entry = catalog.legal[hit_id]
        dated = f" · {'ab' if code == 'de' else 'from'} {entry.applies_from}" if entry.applies_from else ""
        reference = (
            f"{legal_ref(entry.instrument, entry.article, code)}{dated} · {labels('cli.status', code)[entry.status]}"
        )
        return HitView(
            hit_id, kind, entry.title.get(code), reference, snippet(entry.text.get(code), query), entry.source,
            entry.url or "", score,
        )  # fmt: skip
    rule_id = hit_id.removeprefix("rule:")
    if rule_id in catalog.rules:
        rule = catalog.rules[rule_id]
        report = labels("report", code)
        reference = f"{report[rule.verdict]} · {report['risk']}: {report[rule.ai_act_risk]}"
        body = " ".join([rule.description.get(code), rule.rationale.get(code)])
        title = re.split(r",? (?:z\. ?B\.|e\.g\.)", rule.description.get(code), maxsplit=1)[0].rstrip(".")
        return HitView(hit_id, kind, title, reference, snippet(body, query), "", "", score)
    return HitView(hit_id, kind, label or hit_id, "", snippet(text, query), label, "", score)
