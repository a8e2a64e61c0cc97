"""The BM25 tokenizer is used by agents running in parallel threads: it must give the same tokens there."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fahrplan.knowledge.lexical import tokenize

TEXTS = [
    "Automatische Bestellvorschläge für Obst und Gemüse je Filiale",
    "Retourenquote im Onlineshop senken durch Größenberatung",
    "Personaleinsatzplanung nach Kundenfrequenz und Abverkaufsprognose",
    "Elektronische Preisschilder mit MHD-Reduzierungen",
] * 50


def test_tokenize_is_thread_safe() -> None:
    expected = [tokenize(t) for t in TEXTS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda t: tokenize(t), TEXTS))
    assert got == expected
