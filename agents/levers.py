"""Classify a goal or use-case text to value levers, deterministically, and find the initiatives that move them.

A goal names the KPI family it is about ("Abschriften senken", "Retourenquote senken", "Hotline
entlasten"); the catalog states for each initiative which levers it moves by its mechanism. This
module bridges the two with a table of German and English retail terms per lever (``LEVER_PATTERNS``),
so goal → lever → initiative replaces raw text similarity. It is pure: no store, no model. A retriever
can be passed as a fallback for texts no pattern recognises; its answer is marked as such.

Patterns are regular expressions matched case-insensitively. German compounds are caught by matching a
stem anywhere inside a word where the stem is specific (``abschrift`` in *Frischeabschriften*,
``retour`` in *Retourenquote*); short or ambiguous stems are anchored at word boundaries (``\\bmarge``,
``\\breturns?\\b``), and words that look alike but mean something else are excluded (``Markt`` is the
store, so only a *new* marketplace or market is a new channel; *Personalisierung* is not staff).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from fahrplan.core.vocab import LEVERS, Lever
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative

__all__ = ["LEVER_PATTERNS", "LeverMatch", "classify", "initiatives_for", "retrieval_fallback"]

_NEW = r"(?:neue[nrms]?|new|weitere[nrms]?|additional|zusätzliche[nrms]?)"

LEVER_PATTERNS: Final[Mapping[Lever, tuple[str, ...]]] = {
    "availability": (
        r"verfügbar",  # Verfügbarkeit (im Markt, in der Filiale), Warenverfügbarkeit
        r"\bavailab",
        r"out[-\s]?of[-\s]?stocks?",
        r"\bstock[-\s]?outs?\b",
        r"fehlbest[aä]nd",
        r"ausverkauft",
        r"regall[üu]cke",
        r"leere[nm]? regal|regale? (?:bleiben |sind |stehen )?leer",
        r"shelf[-\s]gaps?|empty shelves|on[-\s]shelf",
        r"nachschub|nachsteuer|nachbestell|bestellvorschl|replenish|order (?:proposals|suggestions)",
        r"(?<!zu )(?<!vor)(?<!kunden)bestellungen",  # the store's orders, not questions about customers' orders
        r"disponier|disposition",
        r"aktionsware|aktionsartikel|promotion items?|promo items?",
        r"liefertermin|lieferzusage|lieferfähig|delivery[-\s](?:date|promise)|fill rate|lieferbereitschaft",
        r"liefertreue|termintreue|on[-\s]time delivery|\botif\b|delivery reliability",
        r"servicegrad|service[-\s]level|lieferquote|in[-\s]stock|nullbest[aä]nd|fehlmengen?|lost sales",
        r"lieferzeit|delivery times?",
        r"\bsell(?:s|ing)? out\b|\bsold out\b|\bruns? out\b|running out|vergriffen",
        r"aktions(?:abverkauf|planung|mengen?)",
    ),
    "waste_markdown": (
        r"abschrift",  # Abschriften, Frischeabschriften
        r"abschreibung",
        r"verderb",
        r"verschwend",  # Lebensmittelverschwendung
        r"\bwaste\b|food[-\s]waste|write[-\s]?offs?",
        r"markdowns?|preisreduzier|reduzierungen|deep discounts?|rabattschlacht",
        r"sell[-\s]?through|end[-\s]of[-\s]season|saisonende|saisonware|restposten|leftover",
        r"\breste\b|übrig",
        r"abgelaufen|\bmhd\b|best[-\s]before|short[-\s]dated|expir|entsorg|\bspoil",
        r"durchverkauf|abverkaufsquote|clearance|remission",  # Remission: unsold books back to the publisher
        r"wegwerf|wegwirf|weggeworfen|\bthrow(?:s|ing|n)? away\b|auslaufmodell|vorjahresmodell|last year's|old models",
        r"aktions(?:abverkauf|planung|mengen?)",
        r"aktionsware|aktionsartikel",
        # what is left at closing time or sits unsold ("abends bleibt zu viel Brot liegen", "sitting in the cage")
        r"\bbleib\w*\W+(?:\w+\W+){0,6}liegen\b|liegen ?(?:bleib|geblieben)|unverkauft|\bunsold\b",
        r"\bsitting (?:in|on|around)\b|monatelang|\bage?ing stock|\baged stock",
    ),
    "basket_conversion": (
        r"warenkorb",
        r"basket",
        r"conversion|konversion|konvertier|\bconvert",
        # sales as revenue, not the sales team ("phoning inside sales", "our field sales reps")
        r"umsatz|\brevenue|(?<!inside )(?<!field )\bsales\b(?!\s+(?:team|reps?|staff|force|department|desk|people))",
        r"cross[-\s]?sell|up[-\s]?sell|zubehör|accessor|\battach|garantieverlänger|warrant",
        r"finanzierung|financing|ratenkauf",
        r"sichtbarkeit|visibility|acquisition|akquise|neukunden|new customers|first[-\s]time",
        r"kaufabbr|cart abandon",
        r"fachberat|empfehlung|recommendation",
        r"durchschnittsbon|bonwert|\bbons?\b|bonsumme|average order value|\baov\b|(?<!nach)kaufquote",
        # visitors who leave without buying, orders cancelled before they are paid
        r"ohne (?:zu )?(?:ein)?kau(?:f|fen)\b|without (?:a )?(?:buying|purchas)|walk[-\s]?outs?|stornoquote",
        # finding the right product (search, guidance)
        r"(?:passende|richtige)n? (?:produkt|artikel)|(?:find|finding) (?:the )?right products?|produktsuche"
        r"|suchergebnis|site search|search results?",
        r"abschlussquote|abschlüsse|closing rate",
        r"kundengewinnung|abonnent|subscribers?",  # not Kundenfrequenz: staff follow footfall, they do not sell it
        # advice sells: its quality is a basket lever (the advisers' assistant or clienteling, named by goal terms)
        r"beratungsqualität|qualität der beratung|quality of (?:the )?advice|advice quality",
        r"flächenproduktivität|space productivity|(?:umsatz|sales) (?:pro|je|per) (?:quadratmeter|m²|qm|square)",
    ),
    "returns": (
        # Retouren, Retourenquote; not the bakery's or publisher's unsold goods coming back from the stores
        r"(?<!filial)retour(?!\w*\s+(?:aus|von)\s+(?:den\s+|der\s+)?filial)",
        r"rücksend|rückläufer",
        r"\breturns?\b(?! on)|return rate",
        r"size (?:and|&) fit|passform|größenberatung",
    ),
    "service_cost": (
        r"kundenservice|kundendienst|service[-\s]?(?:kosten|costs?)|servicekontakt|servicecenter",
        r"hotline|call[-\s]?cent(?:er|re)|contact[-\s]?cent(?:er|re)|kontaktcenter",
        r"customer[-\s]service|service contacts?|kundensupport|customer support|\btickets?\b",
        r"anfragen|\bquestions?\b|\bwismo\b|where is my order",
        r"e-?mails?\b|\bchat(?!gpt)",
        r"reaktionszeit|antwortzeit|response times?|erstlösung|first[-\s]contact|reklamation|complaints?",
        r"cost[-\s]to[-\s]serve",
        r"(?:buyer|customer|kunden)[-\s]?(?:messages?|nachrichten)",
        # customers calling the store or the hotline
        r"telefon|anrufe?n?\b|phone calls?|\bphoning\b|voice[-\s]?bots?|callbots?",
    ),
    "labour_productivity": (
        r"personal(?:kosten|einsatz|planung|bedarf|aufwand|stunden)|\w+personal\b",  # not Personalisierung
        r"\bpersonal(?= (?:in|im|an|der|den|für)\b)",
        r"einsatzpl[aä]n|schicht|dienstpl[aä]n|\bshifts?\b|roster|\bstaff(?:ing)?\b|\blabou?r\b",
        r"(?<!flächen)produktivität|(?<!space )productivity",
        r"fachkräftemangel|personalmangel|(?:staff|labou?r) shortages?",
        r"kommissionier|\bpicking\b|\bpickers?\b|\bpicked\b|lines per hour|\bpick rate",
        r"preisauszeichnung|preisänderung|price[-\s]labels?|etikett|preisschild",
        r"\w*zeit(?= (?:für|je|pro|der|sparen|senken|mit)\b)|aufwand|time spent|save time|saving time|less time",
        r"\bexcel|spreadsheet|manuell|\bmanual|händisch|vereinfach|simplif",
        r"\bkassen?\b|kassenschlange|warteschlange|\bqueues?\b",
        r"kassenwartezeit|wartezeit\w* an de[rn] kasse|checkout (?:queues?|lines?|wait)",
        r"regalkontroll",
        r"produkt(?:texte?n?|beschreibung\w*|content)|product (?:content|descriptions?|texts?|copy)|übersetz|translat",
        r"\bschreib|\bwriting\b|\bdraft|dokumentation|documentation|paperwork",
        r"\bonline listings?\b|product pages?|produktseiten|artikelanlage",
        r"\btime\b\W+(?:\w+\W+){0,3}spend|purchase orders?|bestellwesen",  # "the time buyers spend on purchase orders"
    ),
    "price_margin": (
        r"\bmargen?\b|(?:brutto|handels|roh)margen?\b|\bmargins?\b|rohertrag|deckungsbeitrag|profitab|\bprofit",
        r"(?:roh|netto|brutto)?gewinn(?:e|s|marge|spanne)?\b",  # profit, not "Kunden gewinnen" (to win)
        r"\bpreis(?:e|en|gestaltung|strategie|setzung|politik|optimierung)?\b|\bpricing\b|\bprices?\b(?![-\s]labels?)",
        r"\baktion(?:en)?\b|\bpromotions?\b(?! items?)|coupon|gutschein",
        r"inventurdifferenz|diebstahl|ladendieb|schwund|\btheft|loss prevention",
        r"\bshrink(?:age)?\b(?!\s+(?:the|our|its|this|that)\b)",  # shrinkage, not "shrink the catalogue"
        r"preisimage|preiswahrnehmung|price perception",
        # money lost on unpaid invoices and fraud
        r"zahlungsausf[aä]ll|forderungsausf[aä]ll|\bbad debts?|payment defaults?|\bfraud|betrug|chargebacks?",
    ),
    "operating_cost": (
        r"energie|\benergy\b|\bstrom(?:kosten|verbrauch)?\b|electricity|kühlung|kälte|heizung|heizkosten|heating|refrigerat",
        r"klimatisier|air[-\s]condition",
        r"versand-|versandkosten|shipping costs?|transportkosten|transport costs?|logistikkosten|logistics costs?",
        r"frachtkosten|freight costs?|cost[-\s]to[-\s]serve",
        r"zustellkosten|lieferkosten|paketkosten|delivery costs?|last[-\s]mile",
        # the company's own delivery runs: tours, vans, fuel
        r"(?:liefer|auslieferungs?)?touren\b|auslieferfahrzeug|lieferfahrzeug|fuhrpark|\bsprit\b|diesel|kraftstoff",
        r"\bfuel\b|delivery (?:vans?|tours?|runs?)|\bhalf-empty tours?|cost per drop",
    ),
    "retention": (
        r"(?<!kapital)bindung|\bbinden\b",
        r"stammkund|wiederkauf|wiederholungsk[äa]uf|repeat|wiederkehr|returning customers?",
        r"\bchurn|abwander|reaktivier|reactivat|retention|\bretain",
        r"loyal|(?<!be)(?<!termin)(?<!liefer)treue|kundenkarte|kundenclub|\bclub\b|mitglied|\bmembers?\b|profi-?karte",
        r"katalogauflage|kaufwahrscheinlich|propensity",
        r"kauffrequenz|purchase frequency|kundenwert|lifetime value|\bclv\b",
        r"win[-\s]?back|lapsed|rückgewinn|inaktive kund",
        r"nachkauf|wiederbestell|\breorders?\b|repurchase|auto[-\s]?ship|subscription|\babos?\b|abonnement",
        r"karteninhaber|cardholders?|nur einmal im jahr|once a year|(?:kaufen|kommen|sehen)\W+(?:\w+\W+){0,3}öfter",
        r"\böfter\W+(?:\w+\W+){0,3}(?:kaufen|kommen|sehen)|(?:buy|shop|come back|visit) more often",
        r"zweites mal|wiederkommen|come back|second (?:order|purchase)|zweite[nr]? (?:bestellung|kauf)",
        r"abokund|kündig(?!ungsfrist)|\bcancel(?:s|led|ling|lations?)?\b",  # subscribers who cancel
        r"(?:print|printed|gedruckte[nrs]?|papier)[-\s]?katalog|print[-\s]?catalog|katalogversand",
        r"(?:kunden|club|treue|bonus|vorteils)karte|\w+-karten?\b",  # a named card ("Gartenfreunde-Karte")
    ),
    "working_capital": (
        # Lagerbestand, Überbestände, Filialbestände; not Bestandskunden (existing customers) or Bestandsgeschäft
        r"(?<!fehl)(?<!null)best[aä]nde?(?!teil)\b|(?<!fehl)(?<!null)bestand(?!teil|skund|sgesch)",
        r"lagerkosten|lagerhaltungskosten|(?:holding|carrying|storage) costs?",
        r"kapitalbindung|gebundene[sn]? kapital|\btied\b|working capital|\bcash\b|liquidit",
        r"\binventory\b|overstock|stock levels|slow[-\s]?moving|ladenhüter|lagerumschlag|stock days",
    ),
    "reach_new_channel": (
        r"click\W*(?:&|and|und|\+|n)\W*collect|reserve\W*(?:&|and|und)\W*collect|ship[-\s]from[-\s]store",
        _NEW + r" (?:kan[aä]le?n?|vertriebskan|channels?|m[aä]rkte?n?|markets?|l[äa]nder|countr)",
        r"(?:marktpl[aä]tze?n?|marketplaces?)\W+(?:\w+\W+){0,3}(?:anbind|einsteig|einstieg|start|launch|erschlie|enter|aufbau|gehen|open|eröffn)",
        r"(?:einstieg|einsteig|start|launch|enter|expand|open|eröffn)\w*\W+(?:\w+\W+){0,3}(?:marktpl|marketplace)",
        r"international|ausland|cross[-\s]border|\bexport|expan",
        r"markteintritt|market entry|launch in\b",
        # a social platform is a new channel where the goal opens it ("TikTok-Shop starten"), not where a video on it
        # goes viral or its buyers should come back (the lever of that goal is stock or retention)
        r"(?:einstieg|einsteig|start|launch|eröffn|open|aufbau|enter)\w*\W+(?:\w+\W+){0,3}"
        r"(?:instagram|tiktok|social[-\s]commerce)",
        r"(?:instagram|tiktok|social[-\s]commerce)[\w-]*\W+(?:\w+\W+){0,3}(?:starten|eröffnen|aufbauen|einsteigen)",
    ),
    "legal_duty": (
        r"ki-verordnung|ai[-\s]act|verordnung|regulation",
        r"pflicht|\bdut(?:y|ies)\b|obligation|compliance|compliant|rechtssicher|\blegal",
        r"dsgvo|gdpr|datenschutz|data protection|betriebsrat|works council",
    ),
    "capability": (
        r"erste[nrs]? (?:ki|ai)\b|first (?:ai|steps)|ki-anwendung|ai (?:tools|use cases|applications)",
        r"kompetenz|\bwissen\b|knowledge|know-how|schulung|\btrain|upskill|weiterbild|befähig|literacy",
        r"datenqualität|data quality|datenbasis|datengrundlage|data foundation|datenplattform|data platform",
        r"datengetrieben|data-driven|akzeptanz|adoption",
        r"einarbeitung|onboarding|begeister",
        r"\bfit (?:für|for) (?:die |the )?(?:ki|ai)\b|\b(?:ki|ai)[-\s](?:fit|ready|skills)\b",
        # data that can be used across systems
        r"datensilo|\bdata silos?|single source of truth|daten\w*\W+(?:\w+\W+){0,3}(?:nutzbar|zusammenführ|verknüpf)"
        r"|data\W+(?:\w+\W+){0,2}(?:usable|integrat|connect)",
        # staff who can answer customers' questions at once (product knowledge on the shop floor)
        r"\bfragen\W+(?:\w+\W+){0,8}(?:sofort|gleich|direkt)\W+beantworten|instant answers",
    ),
}
"""German and English retail terms per lever (regular expressions, matched case-insensitively)."""

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


_ANY: Final = re.compile(".")
_ONLY_CONTEXT: Final[tuple[tuple[Lever, re.Pattern[str], Lever, re.Pattern[str]], ...]] = (
    # a complaint named with returns ("Rücksendungen und Reklamationen wegen Farbabweichungen", "returns: buyers
    # complain about scratches") is a claim on the goods: what prevents the return prevents it, not the service desk
    ("service_cost", re.compile(r"reklamation|complain", re.IGNORECASE), "returns", _ANY),
    # first-time buyers who should order again ("get first-time buyers to place a second order") are whom a
    # repeat-purchase goal is about, not customers to acquire ("Neukunden und Stammkunden" keeps both)
    (
        "basket_conversion",
        re.compile(r"first[-\s]time|neukund|new customers", re.IGNORECASE),
        "retention",
        re.compile(r"second|zweite|repeat|wiederk|wiederhol|come back|again|erneut", re.IGNORECASE),
    ),
)
"""(lever, its terms, other lever, its terms): when ``lever`` matched only through its terms here and the other lever
through one of its terms here, the first terms name the context of the other lever's goal, not a goal of their own."""


def _without_context(found: list[tuple[Lever, tuple[str, ...]]]) -> list[tuple[Lever, tuple[str, ...]]]:
    """``found`` without the levers matched only by words that name the context of another lever's goal."""
    levers = dict(found)
    dropped = {
        lever
        for lever, context, other, aim in _ONLY_CONTEXT
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
