"""The legal corpus agrees with the fact sheet shared/reference/legal-facts.md (status 24 Nov 2026).

The expected values are transcribed from the fact sheet into ``EXPECTED`` below on purpose: the
markdown is not parsed at test time, so changing an entry's article, date, status or verification
level in the YAML to a value the fact sheet does not give makes a test fail and names the entry.

Verification column: ``checked`` = the fact sheet marks the row ✔, ``secondary`` = ◐. Entries the
fact sheet mentions without a mark of their own (the omnibus regulation, the pending GDPR omnibus
proposal) are held at ``secondary``, the cautious level. The DSK entries cite Art. 35(4) GDPR (✔) and
deliberately no item number (only ◐ on the sheet), hence ``checked``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import LegalEntry

FACT_SHEET_STATUS = date(2026, 11, 24)

# --- dates given by the fact sheet -------------------------------------------------------------
GDPR_APPLIES = date(2018, 5, 25)
DSK_LIST_V1_1 = date(2018, 10, 17)
TDDDG_S25 = date(2021, 12, 1)  # in force as § 25 TTDSG; renamed TDDDG on 14 May 2024
PRICE_NOTICE = date(2022, 5, 28)
DATA_ACT = date(2025, 9, 12)
PLD_TRANSPOSITION = date(2026, 12, 9)
AI_ACT_IN_FORCE = date(2024, 8, 1)  # Art. 113 -- NOT 2 Aug 2024
AI_ACT_CHAPTERS_I_II = date(2025, 2, 2)  # definitions, Art. 4, Art. 5
AI_ACT_GPAI = date(2025, 8, 2)  # Chapter V, governance, penalties
AI_ACT_GENERAL = date(2026, 8, 2)  # general application incl. Art. 50
AI_ACT_ANNEX_III = date(2027, 12, 2)  # moved by Regulation (EU) 2026/1744 (◐)
AI_ACT_ANNEX_I = date(2028, 8, 2)  # moved by Regulation (EU) 2026/1744 (◐)
AI_ACT_ANNEX_III_ORIGINAL = date(2026, 8, 2)
AI_ACT_ANNEX_I_ORIGINAL = date(2027, 8, 2)
AI_ACT_DEC_2026 = date(2026, 12, 2)  # new bans Art. 5(1)(ba)/(bb), Art. 50(2) for legacy systems (◐)
OMNIBUS_IN_FORCE = date(2026, 7, 27)  # Regulation (EU) 2026/1744

IN_FORCE, LATER, SUPERSEDED, PENDING, WITHDRAWN = "in_force", "applicable_later", "superseded", "pending", "withdrawn"
CHECKED, SECONDARY = "checked", "secondary"  # ✔ / ◐


@dataclass(frozen=True)
class Expected:
    """What the fact sheet says about one legal entry."""

    instrument: str
    article: str
    applies_from: date | None
    status: str
    verification: str


DSK_ARTICLE = "Muss-Liste: {} (Art. 35(4) GDPR)"  # the item by its content: the numbering is unverified
AMENDED = "as amended by Regulation (EU) 2026/1744"

EXPECTED: dict[str, Expected] = {
    # §1 GDPR -- applies since 25 May 2018; every row ✔
    "gdpr.art4": Expected("GDPR", "Art. 4(4), 4(11)", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art4_14": Expected("GDPR", "Art. 4(14)", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art5": Expected("GDPR", "Art. 5", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art6": Expected("GDPR", "Art. 6", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art7": Expected("GDPR", "Art. 7", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art9": Expected("GDPR", "Art. 9", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art12_14": Expected("GDPR", "Art. 12–14", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art15": Expected("GDPR", "Art. 15", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art17": Expected("GDPR", "Art. 17", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art21": Expected("GDPR", "Art. 21", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art22": Expected("GDPR", "Art. 22", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art25": Expected("GDPR", "Art. 25", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art28": Expected("GDPR", "Art. 28", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art30": Expected("GDPR", "Art. 30", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art32": Expected("GDPR", "Art. 32", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art35": Expected("GDPR", "Art. 35", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art37": Expected("GDPR", "Art. 37; § 38 BDSG", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art44_49": Expected("GDPR", "Art. 44–49", GDPR_APPLIES, IN_FORCE, CHECKED),
    "gdpr.art83": Expected("GDPR", "Art. 83(4)–(5)", GDPR_APPLIES, IN_FORCE, CHECKED),
    # "Pending, NOT law: data/GDPR omnibus COM(2025) 837 (proposed Art. 88a / 88b)" -- no mark, no date
    "gdpr.omnibus_proposal": Expected("GDPR", "COM(2025) 837 (draft Art. 88a, 88b)", None, PENDING, SECONDARY),
    # §1 DSK "Muss-Liste" v1.1 of 17 Oct 2018 (numbering ◐, so no item numbers are cited)
    "dsk.dpia_list.biometric": Expected(
        "DSK", DSK_ARTICLE.format("Biometrische Identifizierung"), DSK_LIST_V1_1, IN_FORCE, CHECKED
    ),
    "dsk.dpia_list.location_tracking": Expected(
        "DSK", DSK_ARTICLE.format("Standortdaten in großem Umfang"), DSK_LIST_V1_1, IN_FORCE, CHECKED
    ),
    "dsk.dpia_list.employee_monitoring": Expected(
        "DSK", DSK_ARTICLE.format("Auswertung von Beschäftigtenverhalten"), DSK_LIST_V1_1, IN_FORCE, CHECKED
    ),
    "dsk.dpia_list.profiles": Expected(
        "DSK", DSK_ARTICLE.format("Umfassende Interessen- und Persönlichkeitsprofile"), DSK_LIST_V1_1, IN_FORCE, CHECKED
    ),
    "dsk.dpia_list.merging_sources": Expected(
        "DSK", DSK_ARTICLE.format("Zusammenführung vieler Datenquellen"), DSK_LIST_V1_1, IN_FORCE, CHECKED
    ),
    "dsk.dpia_list.ai_interaction": Expected(
        "DSK", DSK_ARTICLE.format("KI zur Steuerung der Interaktion mit Personen"), DSK_LIST_V1_1, IN_FORCE, CHECKED
    ),
    "dsk.dpia_list.wifi_tracking": Expected(
        "DSK", DSK_ARTICLE.format("WLAN- und Bluetooth-Tracking"), DSK_LIST_V1_1, IN_FORCE, CHECKED
    ),
    "dsk.dpia_list.video_analysis": Expected(
        "DSK", DSK_ARTICLE.format("Automatisierte Video- und Audioauswertung"), DSK_LIST_V1_1, IN_FORCE, CHECKED
    ),
    "dsk.dpia_list.loyalty_profiles": Expected(
        "DSK", DSK_ARTICLE.format("Bewegungs- und Kaufprofile (Kundenkarten)"), DSK_LIST_V1_1, IN_FORCE, CHECKED
    ),
    # §2 ePrivacy, TDDDG, UWG -- the sheet gives no application date for the directive or the UWG
    "eprivacy.art5_3": Expected("ePrivacy", "Art. 5(3)", None, IN_FORCE, CHECKED),
    "eprivacy.art13": Expected("ePrivacy", "Art. 13(1)–(2)", None, IN_FORCE, SECONDARY),
    "eprivacy.regulation_withdrawn": Expected(
        "ePrivacy", "Proposal for an ePrivacy Regulation (withdrawn)", None, WITHDRAWN, SECONDARY
    ),
    "tdddg.s25": Expected("TDDDG", "§ 25", TDDDG_S25, IN_FORCE, CHECKED),
    "uwg.s7": Expected("UWG", "§ 7(2) Nr. 2, § 7(3)", None, IN_FORCE, CHECKED),
    # §3 AI Act -- date table
    "aiact.dates.entry_into_force": Expected("AI Act", "Art. 113", AI_ACT_IN_FORCE, IN_FORCE, CHECKED),
    "aiact.dates.prohibitions": Expected("AI Act", "Art. 113 (Chapters I–II)", AI_ACT_CHAPTERS_I_II, IN_FORCE, CHECKED),
    "aiact.dates.gpai": Expected("AI Act", "Art. 113 (Chapter V)", AI_ACT_GPAI, IN_FORCE, CHECKED),
    "aiact.dates.general": Expected("AI Act", "Art. 113", AI_ACT_GENERAL, IN_FORCE, CHECKED),
    "aiact.dates.annex3": Expected("AI Act", f"Art. 113 (Annex III), {AMENDED}", AI_ACT_ANNEX_III, LATER, SECONDARY),
    "aiact.dates.annex3_original": Expected(
        "AI Act", "Art. 113 (Annex III), original version", AI_ACT_ANNEX_III_ORIGINAL, SUPERSEDED, SECONDARY
    ),
    "aiact.dates.annex1": Expected(
        "AI Act", f"Art. 113 (Art. 6(1), Annex I), {AMENDED}", AI_ACT_ANNEX_I, LATER, SECONDARY
    ),
    "aiact.dates.annex1_original": Expected(
        "AI Act", "Art. 113 (Art. 6(1), Annex I), original version", AI_ACT_ANNEX_I_ORIGINAL, SUPERSEDED, SECONDARY
    ),
    "aiact.dates.dec2026": Expected(
        "AI Act", "Art. 50(2), systems on the market before 2 Aug 2026", AI_ACT_DEC_2026, LATER, SECONDARY
    ),
    "aiact.art5_1_ba_bb": Expected("AI Act", "Art. 5(1)(ba), (bb)", AI_ACT_DEC_2026, LATER, SECONDARY),
    # "Regulation (EU) 2026/1744 (in force 27 Jul 2026)" -- stated in the sheet's intro without a mark
    "aiact.omnibus": Expected("AI Act", "Regulation (EU) 2026/1744", OMNIBUS_IN_FORCE, IN_FORCE, SECONDARY),
    # §3 AI Act -- article table (all ✔); Art. 4 as reworded by the omnibus is ◐ ("sources conflict")
    "aiact.art3": Expected("AI Act", "Art. 3(3), 3(4), 25(1)", AI_ACT_CHAPTERS_I_II, IN_FORCE, CHECKED),
    "aiact.art4": Expected("AI Act", "Art. 4", AI_ACT_CHAPTERS_I_II, IN_FORCE, SECONDARY),
    "aiact.art5_1_ab": Expected("AI Act", "Art. 5(1)(a), (b)", AI_ACT_CHAPTERS_I_II, IN_FORCE, CHECKED),
    "aiact.art5_1_c": Expected("AI Act", "Art. 5(1)(c)", AI_ACT_CHAPTERS_I_II, IN_FORCE, CHECKED),
    "aiact.art5_1_f": Expected("AI Act", "Art. 5(1)(f)", AI_ACT_CHAPTERS_I_II, IN_FORCE, CHECKED),
    "aiact.art5_1_g": Expected("AI Act", "Art. 5(1)(g)", AI_ACT_CHAPTERS_I_II, IN_FORCE, CHECKED),
    "aiact.art5_1_h": Expected("AI Act", "Art. 5(1)(h)", AI_ACT_CHAPTERS_I_II, IN_FORCE, CHECKED),
    "aiact.annex3.1a": Expected("AI Act", "Annex III 1(a)", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.annex3.1b": Expected("AI Act", "Annex III 1(b)", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.annex3.1c": Expected("AI Act", "Annex III 1(c)", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.annex3.4a": Expected("AI Act", "Annex III 4(a)", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.annex3.4b": Expected("AI Act", "Annex III 4(b)", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.annex3.credit": Expected("AI Act", "Annex III 5(b)", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.art6_annex3": Expected("AI Act", "Art. 6(2), Annex III", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.art6_3": Expected("AI Act", "Art. 6(3)", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.art26": Expected("AI Act", "Art. 26", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.art27": Expected("AI Act", "Art. 27", AI_ACT_ANNEX_III, LATER, CHECKED),
    "aiact.art50": Expected("AI Act", "Art. 50", AI_ACT_GENERAL, IN_FORCE, CHECKED),
    "aiact.art53": Expected("AI Act", "Art. 53", AI_ACT_GPAI, IN_FORCE, CHECKED),
    "aiact.art99": Expected("AI Act", "Art. 99(3)–(5)", AI_ACT_GPAI, IN_FORCE, CHECKED),
    # §4 Other instruments -- the sheet gives no application date for the DSA or BetrVG provisions
    "dataact.general": Expected("Data Act", "Regulation (EU) 2023/2854", DATA_ACT, IN_FORCE, CHECKED),
    "dsa.art27_38": Expected("DSA", "Art. 27, Art. 38", None, IN_FORCE, CHECKED),
    "consumer.personalised_price": Expected(
        "Consumer Rights Directive", "Art. 6(1)(ea); Art. 246a EGBGB", PRICE_NOTICE, IN_FORCE, CHECKED
    ),
    "betrvg.s87": Expected("BetrVG", "§ 87(1) Nr. 6", None, IN_FORCE, CHECKED),
    "betrvg.s90": Expected("BetrVG", "§ 90(1) Nr. 3", None, IN_FORCE, CHECKED),
    "betrvg.s80_3": Expected("BetrVG", "§ 80(3)", None, IN_FORCE, CHECKED),
    "betrvg.s95_2a": Expected("BetrVG", "§ 95(2a)", None, IN_FORCE, CHECKED),
    "pld.software": Expected(
        "Product Liability Directive", "Directive (EU) 2024/2853", PLD_TRANSPOSITION, LATER, CHECKED
    ),
}

ENTRY_IDS = sorted(EXPECTED)

# Superseded original AI Act dates -> the entries that carry the dates as amended by Reg. 2026/1744.
SUPERSEDED_DATES = {
    "aiact.dates.annex3_original": "aiact.dates.annex3",
    "aiact.dates.annex1_original": "aiact.dates.annex1",
}

# The official identifier each instrument's entries must cite (fact sheet, header and §4).
INSTRUMENT_SOURCE: dict[str, tuple[str, ...]] = {
    "GDPR": ("CELEX 32016R0679",),
    "DSK": ("Muss-Liste",),
    "ePrivacy": ("CELEX 32002L0058",),
    "TDDDG": ("https://www.gesetze-im-internet.de/ttdsg/",),
    "UWG": ("https://www.gesetze-im-internet.de/uwg_2004/",),
    "AI Act": ("CELEX 32024R1689", "Regulation (EU) 2026/1744"),
    "Data Act": ("CELEX 32023R2854",),
    "DSA": ("CELEX 32022R2065",),
    "Consumer Rights Directive": ("CELEX 32011L0083",),
    "BetrVG": ("https://www.gesetze-im-internet.de/betrvg/",),
    "Product Liability Directive": ("CELEX 32024L2853",),
}

# One ";"-separated part of a source must be one of these official identifiers.
OFFICIAL_SOURCE = re.compile(
    r"CELEX \d{5}[A-Z]{1,2}\d{4}( as amended by CELEX \d{5}[A-Z]{1,2}\d{4})?"
    r"|CELEX \d{5}[A-Z]{1,2}\d{4} as amended by Regulation \(EU\) \d{4}/\d+"
    r"|Regulation \(EU\) \d{4}/\d+"
    r"|https://www\.gesetze-im-internet\.de/[\w./-]+"
    r"|DSK, .*\(Muss-Liste\), Version 1\.1, 17\.10\.2018"
)
# A proposal that never became law has no CELEX act number; its COM number is the official identifier.
PROPOSAL_SOURCE = re.compile(r"COM\(\d{4}\) \d+\b.*")


def check_entry(entry: LegalEntry, expected: Expected) -> None:
    """Assert that the structured fields of ``entry`` are what the fact sheet says."""
    actual = Expected(entry.instrument, entry.article, entry.applies_from, entry.status, entry.verification)
    assert actual == expected, f"{entry.id} disagrees with legal-facts.md"


# --- coverage ----------------------------------------------------------------------------------


def test_every_legal_entry_is_in_the_table(catalog: Catalog) -> None:
    missing = sorted(set(catalog.legal) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(catalog.legal))
    assert not missing, f"legal entries without an expected row (transcribe them from legal-facts.md): {missing}"
    assert not stale, f"expected rows without a legal entry: {stale}"


def test_table_is_consistent_with_the_sheet_date() -> None:
    """Guards the transcription itself: in force vs. applicable later follows the sheet's status date."""
    for entry_id, exp in EXPECTED.items():
        if exp.status in (IN_FORCE, LATER) and exp.applies_from is not None:
            later = exp.applies_from > FACT_SHEET_STATUS
            assert exp.status == (LATER if later else IN_FORCE), entry_id


# --- per-entry fields --------------------------------------------------------------------------


@pytest.mark.parametrize("entry_id", ENTRY_IDS)
def test_entry_matches_fact_sheet(catalog: Catalog, entry_id: str) -> None:
    check_entry(catalog.legal[entry_id], EXPECTED[entry_id])


@pytest.mark.parametrize("entry_id", ENTRY_IDS)
def test_source_is_official(catalog: Catalog, entry_id: str) -> None:
    entry = catalog.legal[entry_id]
    for part in (p.strip() for p in entry.source.split(";")):
        if entry.status in (PENDING, WITHDRAWN) and PROPOSAL_SOURCE.fullmatch(part):
            continue
        assert OFFICIAL_SOURCE.fullmatch(part), (
            f"{entry_id}: not a CELEX / Regulation (EU) / portal / DSK source: {part!r}"
        )
    if entry.status not in (PENDING, WITHDRAWN):
        wanted = INSTRUMENT_SOURCE[entry.instrument]
        assert any(w in entry.source for w in wanted), f"{entry_id}: source should cite {' or '.join(wanted)}"


# --- superseded, pending and withdrawn entries -------------------------------------------------


def _citations(catalog: Catalog) -> dict[str, list[str]]:
    """Legal id -> the places in the catalog that cite it."""
    cited: dict[str, list[str]] = {}
    for rule in catalog.rules.values():
        for legal_id in rule.legal_basis:
            cited.setdefault(legal_id, []).append(f"rule {rule.id}")
    for ini in catalog.initiatives.values():
        for legal_id in ini.legal_triggers:
            cited.setdefault(legal_id, []).append(f"initiative {ini.id}")
    for entry in catalog.legal.values():
        if entry.superseded_by:
            cited.setdefault(entry.superseded_by, []).append(f"legal {entry.id} (superseded_by)")
    return cited


def test_citation_index_is_not_empty(catalog: Catalog) -> None:
    """The not-cited checks below would pass vacuously if citations were not collected."""
    cited = _citations(catalog)
    assert any(place.startswith("rule ") for places in cited.values() for place in places)
    assert any(place.startswith("initiative ") for places in cited.values() for place in places)
    assert "aiact.dates.annex3" in cited


@pytest.mark.parametrize(("original_id", "amended_id"), sorted(SUPERSEDED_DATES.items()))
def test_original_ai_act_date_is_superseded(catalog: Catalog, original_id: str, amended_id: str) -> None:
    original, amended = catalog.legal[original_id], catalog.legal[amended_id]
    assert original.status == SUPERSEDED
    assert original.superseded_by == amended_id
    assert original.valid_until == OMNIBUS_IN_FORCE - timedelta(days=1)
    assert amended.status == LATER and amended.superseded_by is None
    assert amended.valid_from == OMNIBUS_IN_FORCE
    assert "2026/1744" in amended.source
    assert original.applies_from is not None and amended.applies_from is not None
    assert amended.applies_from > original.applies_from, "the omnibus postponed, it did not bring forward"


def test_only_the_original_dates_are_superseded(catalog: Catalog) -> None:
    superseded = {e.id for e in catalog.legal.values() if e.status == SUPERSEDED}
    assert superseded == set(SUPERSEDED_DATES)
    for entry in catalog.legal.values():
        assert (entry.superseded_by is not None) == (entry.status == SUPERSEDED), entry.id


@pytest.mark.parametrize("entry_id", sorted(SUPERSEDED_DATES))
def test_superseded_date_is_not_cited_by_rules_or_initiatives(catalog: Catalog, entry_id: str) -> None:
    places = [p for p in _citations(catalog).get(entry_id, []) if not p.startswith("legal ")]
    assert not places, f"{entry_id} is superseded but cited by {places}"


def test_gdpr_omnibus_proposal_is_pending_and_not_cited(catalog: Catalog) -> None:
    """Fact sheet: "Pending, NOT law: data/GDPR omnibus COM(2025) 837 -- do not draft to it"."""
    entry = catalog.legal["gdpr.omnibus_proposal"]
    assert entry.status == PENDING
    assert entry.applies_from is None
    places = [p for p in _citations(catalog).get(entry.id, []) if not p.startswith("legal ")]
    assert not places, f"the pending proposal is not law but is cited by {places}"


def test_withdrawn_eprivacy_regulation_is_cited_nowhere(catalog: Catalog) -> None:
    entry = catalog.legal["eprivacy.regulation_withdrawn"]
    assert entry.status == WITHDRAWN
    assert entry.applies_from is None
    assert not _citations(catalog).get(entry.id), f"withdrawn proposal cited by {_citations(catalog)[entry.id]}"


# --- text content ------------------------------------------------------------------------------


def _texts(entry: LegalEntry) -> dict[str, str]:
    return {"de": entry.text.de, "en": entry.text.en}


def _pair(amount: str, percent: str) -> re.Pattern[str]:
    """``amount`` (EUR million) followed by ``percent`` as the next percentage: "20 Mio. EUR oder 4 %"."""
    return re.compile(rf"(?<![\d,.]){amount}(?!\d|[,.]\d)[^%]{{0,40}}?(?<![\d,.]){percent}\s?%")


@pytest.mark.parametrize(
    ("entry_id", "tiers"),
    [
        pytest.param("gdpr.art83", [("10", "2"), ("20", "4")], id="gdpr.art83"),
        pytest.param("aiact.art99", [("35", "7"), ("15", "3"), ("7[,.]5", "1")], id="aiact.art99"),
    ],
)
def test_fines_are_stated_with_the_right_tiers(catalog: Catalog, entry_id: str, tiers: list[tuple[str, str]]) -> None:
    for lang, text in _texts(catalog.legal[entry_id]).items():
        for amount, percent in tiers:
            assert _pair(amount, percent).search(text), f"{entry_id} [{lang}]: missing €{amount}M / {percent} %"


def test_gdpr_dpia_failure_is_in_the_2_percent_tier(catalog: Catalog) -> None:
    """Trap 13: a missing DPIA is an Art. 83(4) infringement (EUR 10M / 2 %), not the 4 % tier."""
    text = catalog.legal["gdpr.art83"].text
    assert re.search(r"DSFA[^%]*\b10\b[^%]*(?<!\d)2\s?%", text.de)
    assert re.search(r"DPIA[^%]*\b10\b[^%]*(?<!\d)2\s?%", text.en)


def test_art5_1_h_is_about_law_enforcement(catalog: Catalog) -> None:
    """Trap 2: Art. 5(1)(h) is a law-enforcement ban; it does not ban a retailer's customer cameras."""
    entry = catalog.legal["aiact.art5_1_h"]
    assert "Strafverfolgung" in entry.text.de and "Strafverfolgung" in entry.title.de
    assert "law enforcement" in entry.text.en and "law enforcement" in entry.title.en


# --- no entry may claim that the AI Act entered into force on 2 August 2024 (trap 3) ----------

# The full wrong date in any usual spelling: 2. August 2024, 2 Aug 2024, August 2, 2024, 02.08.2024, 2024-08-02.
_WRONG_DATE = re.compile(
    r"(?<![\d.])0?2\.?\s*Aug(?:ust|\.)?\s*2024\b"
    r"|\bAug(?:ust|\.)?\s*0?2,?\s*2024\b"
    r"|(?<![\d.])0?2\.0?8\.(?:20)?24\b"
    r"|\b2024-08-02\b"
)
# "2 August" without a year; only allowed as the explicit correction "(nicht am 2. August)" / "(not 2 August)".
_BARE_2_AUGUST = re.compile(r"(?<![\d.])0?2\.?\s*Aug(?:ust|\.)?(?![\w.]*\s*,?\s*\d{4})")
_CORRECTION = re.compile(r"(?:nicht am|not(?: on)?)\s*$")


def wrong_entry_into_force_claims(text: str) -> list[str]:
    """Return the passages of ``text`` that could date the AI Act's entry into force to 2 Aug 2024."""
    hits = [m.group(0) for m in _WRONG_DATE.finditer(text)]
    for match in _BARE_2_AUGUST.finditer(text):
        if not _CORRECTION.search(text[: match.start()]):
            hits.append(match.group(0))
    return hits


def _all_strings(catalog: Catalog) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for entry in catalog.legal.values():
        texts = [entry.title, entry.text, *entry.triggers]
        out += [(f"{entry.id}[{lang}]", t.get(lang)) for t in texts for lang in ("de", "en")]
    return out


@pytest.mark.parametrize(
    "claim",
    [
        "Die KI-VO ist am 2. August 2024 in Kraft getreten.",
        "The AI Act entered into force on 2 August 2024.",
        "in force since 2 Aug 2024",
        "in force since August 2, 2024",
        "seit dem 02.08.2024 in Kraft",
        "entry into force (2024-08-02)",
        "Die KI-VO trat am 2. August in Kraft.",
    ],
)
def test_wrong_date_detector_catches(claim: str) -> None:
    assert wrong_entry_into_force_claims(claim)


@pytest.mark.parametrize(
    "statement",
    [
        "ist am 1. August 2024 in Kraft getreten (nicht am 2. August).",
        "entered into force on 1 August 2024 (not 2 August).",
        "Seit 2. August 2025 gelten die Regeln für KI-Modelle.",
        "generative systems already on the market before 2 August 2026",
        "am 12. August 2024",
        "ab 2. Dezember 2027",
    ],
)
def test_wrong_date_detector_spares(statement: str) -> None:
    assert not wrong_entry_into_force_claims(statement)


def test_no_entry_dates_entry_into_force_to_2_august_2024(catalog: Catalog) -> None:
    strings = _all_strings(catalog)
    assert len(strings) >= 4 * len(catalog.legal)  # title + text, de + en, for every entry
    offending = {where: hits for where, text in strings if (hits := wrong_entry_into_force_claims(text))}
    assert not offending, f"texts suggest entry into force on 2 Aug 2024: {offending}"


def test_entry_into_force_text_gives_1_august_2024(catalog: Catalog) -> None:
    entry = catalog.legal["aiact.dates.entry_into_force"]
    assert re.search(r"1\. August 2024 in Kraft", entry.text.de)
    assert re.search(r"into force on 1 August 2024", entry.text.en)
