"""The trap patterns of the legal scorer: DE/EN regexes for the use cases and statements it checks.

Pure text predicates, no roadmap types: which use case a finding describes (facial or emotion
recognition, credit scoring, workforce scheduling, chatbots, prices, tracking, marketing, loyalty,
Wi-Fi) and which statements a generated sentence makes (dates of the AI Act, Art. 88a, the omnibus,
fine tiers). ``legal.py`` holds the rules a matching trap puts on a finding. A match right after a
negation ("ohne Gesichtserkennung") does not count (see :func:`hit`).
"""

from __future__ import annotations

import re

__all__ = [
    "AGGREGATE_DESIGN",
    "ALCOHOL",
    "ART88A",
    "AUG_2024",
    "AUG_2026",
    "BROWSING",
    "CHATBOT",
    "CREDIT",
    "CREDIT_EXPLICIT",
    "CUSTOMER",
    "CUSTOMER_PROFILE",
    "DATE",
    "DEC_2027",
    "DELAY",
    "DRAFT",
    "EMAIL",
    "EMOTION",
    "ENTRY",
    "EVERYTHING",
    "FACE",
    "FINE_TIERS",
    "FRAUD",
    "GENAI_ASSISTANT",
    "HIGH_RISK",
    "HISTORIC",
    "INDIVIDUAL_EVALUATION",
    "INTERNAL",
    "LOYALTY",
    "MANIPULATION",
    "MARKETING",
    "NOT_ALL",
    "NO_COUNCIL",
    "OMNIBUS",
    "PERSONAL_PRICE",
    "PRICING_RECOMMENDER",
    "PROFILING",
    "PURCHASE_HISTORY",
    "RECOGNISE",
    "RECRUITMENT",
    "SENSITIVE_RANGES",
    "STAFF",
    "STARTED_2024",
    "STORE",
    "TRACKING",
    "WIFI",
    "WORKFORCE",
    "WORKS_COUNCIL",
    "customer_context",
    "fine_pairs",
    "hit",
    "is_credit",
    "split_sentences",
]

# ------------------------------------------------------------------------ use cases of findings ----
_FLAGS = re.IGNORECASE
_NEGATION = re.compile(
    r"\b(ohne|keine?[nrms]?|nicht|no|without|not|statt|anstelle|anstatt|instead of|non)[\s-]+(\S+[\s-]+){0,2}$", _FLAGS
)
CUSTOMER = re.compile(
    r"(?<!se)kund|customer|shopper|besucher|visitor|verbraucher|consumer|(?<!ver)(?<!ein)k(ä|ae)ufer|passant|passers?-?by|"
    r"\bg(ä|ae)ste?n?\b|\bguests?\b|anrufer|\bcallers?\b|stammkund|\bvips?\b|hausverbot|ladendieb|shoplift|\bmembers?\b|mitglied",
    _FLAGS,
)
STAFF = re.compile(
    r"mitarbeit|besch(ä|ae)ftigt|angestellt|arbeitnehm|belegschaft|\bstaff|employee|\bworkers?\b|workforce|kassierer|"
    r"cashier|verk(ä|ae)ufer(in|innen)?\b|verkaufspersonal|filialpersonal|kassenpersonal|filialteam|store team|"
    r"\bpersonal\b|personnel|kommissionier|\bpickers?\b|arbeitsplatz|workplace|"
    r"call[- ]?cent(er|re)[- ]?(agent|mitarbeit)",
    _FLAGS,
)
STORE = re.compile(r"filial|\bladen|l(ä|ae)den|\bstores?\b|eingang|entrance|gesch(ä|ae)ft|\bmarkt|m(ä|ae)rkt", _FLAGS)
STORE_OR_CHECKOUT = re.compile(STORE.pattern + r"|kasse|checkout|regal|shelf", _FLAGS)
CAMERA = re.compile(r"kamera|camera|video|cctv", _FLAGS)
OPT_IN = re.compile(
    r"opt[- ]?in|freiwillig\w*\s+(\w+\s+){0,2}(terminal|kiosk)|voluntary\s+(\w+\s+){0,2}(kiosk|terminal)", _FLAGS
)
FACE = re.compile(
    r"gesichts?[- ]?(erkenn|abgleich|scan|wiedererkenn|identifi|biometr)|\bfaces?[- ]?(recogn|match|id\b|identif)|"
    r"facial[- ](recogn|identif|match|scan|verif)|"
    r"biometrische?[nrs]? (identifi|erkenn|wiedererkenn|fernidentifi|überwach)|"
    r"biometric (identif|recogn|surveillance|matching)|remote biometric|fernidentifi",
    _FLAGS,
)
EMOTION = re.compile(
    r"emotion(?!al)|gef(ü|ue)hls?[- ]?(erkenn|analys|auswert)|stimmungs?[- ]?(erkenn|analys|mess|auswert)|\bmood|"
    r"affekt|affective|gesichtsausdr|facial expression|mimik|stress[- ]?(level|erkenn|analys|mess|scor|detect|monitor)|"
    r"laune|frustration|\bstimmung(en)?\b",
    _FLAGS,
)
RECOGNISE = re.compile(
    r"erkenn|analys|auswert|mess|detect|recogn|infer|ableit|scor|monitor|überwach|track|erfass|identif", _FLAGS
)
CREDIT = re.compile(
    r"bonit(ä|ae)t|kreditw(ü|ue)rd|creditworth|credit[- ]?(scor|check|risk|assess)|kreditscor|zahlungsausfall|"
    r"ausfallrisik|default risk|\bbnpl\b|buy now,? pay later|ratenkauf|instal?l?ment|kauf auf rechnung|rechnungskauf|"
    r"invoice (payment|purchase)|pay(ment)? (by|on) invoice|schufa|"
    # a score or decision on who gets financing (a "0 % financing" decided by an own score)
    r"(scor|entscheid|decid|bewert|assess)\w*\W+(\w+\W+){0,6}(finanzierung|financing)",
    _FLAGS,
)
CREDIT_EXPLICIT = re.compile(
    r"bonit(ä|ae)t|kreditw(ü|ue)rd|creditworth|credit[- ]?scor|kreditscor|zahlungsausfall|ausfallrisik|"
    r"default risk|schufa",
    _FLAGS,
)
FRAUD = re.compile(r"betrug|fraud|missbrauch|abuse", _FLAGS)
WORKFORCE = re.compile(
    r"schicht(plan|zuteil|einteil|zuweis)|dienstplan|personaleinsatz|einsatzplanung|personalbedarf|"
    r"workforce (schedul|plan|manag)|staff(ing)? (schedul|plan|need|demand|roster)|shift (plan|schedul|assign|allocat)|"
    r"\broster|\brota\b|leistungs(bewert|überwach|kontroll|mess|scor)|leistungsbewertung|produktivit(ä|ae)ts?(mess|überwach|"
    r"bewert|scor|kontroll)|productivity (scor|monitor|track|measur)|performance (monitor|evaluat|scor|review|track)|"
    r"mitarbeiterbewertung|employee (evaluat|monitor|scor|performance)",
    _FLAGS,
)
CHATBOT = re.compile(
    r"chat[- ]?bot|voice[- ]?bot|sprachassistent|voice assistant|virtuelle[rn]? (assistent|berater)|"
    r"virtual (assistant|agent)|"
    r"\b(im|in|per|via) chat\b|live[- ]?chat",
    _FLAGS,
)
PERSONAL_PRICE = re.compile(
    r"personali[sz]\w*\s+(\w+\s+){0,2}(preis|price|pricing|rabatt|discount|coupon|gutschein)|"
    r"individuelle[rn]?\s+(\w+\s+){0,1}(preis|rabatt|coupon|gutschein)|"
    r"individual(i[sz]ed)? (price|pricing|discount|coupon)|"
    r"persönliche[nrs]?\s+(\w+\s+){0,1}(preis|rabatt|coupon|gutschein)|"
    r"preispersonali|price personali|personal pricing|(preis|price)e?s? (je|per|pro) (kunde|customer)",
    _FLAGS,
)
BROWSING = re.compile(
    r"(surf|browsing|klick|click|nutzungs|usage)[- ]?(verhalten|behaviou?r|daten|data|tracking)|"
    r"angesehen|(viewed|visited|browsed) (products?|items?|pages?)|besuchs(häufigkeit|frequenz)|visit frequency|"
    r"endgerät|\bdevice|cookie|tracking",
    _FLAGS,
)
PRICING_RECOMMENDER = re.compile(
    r"dynamische[rn]? preis|dynamic pric|preisoptimier|price optimi|preiselastiz|price elasticity|"
    r"empfehlung|empfehlungs|recommend",
    _FLAGS,
)
TRACKING = re.compile(
    r"(?<![a-zäöü])pixel|z(ä|ae)hlpixel|\bsdks?\b|cookie|fingerprint|klickstream|clickstream|"
    r"web[- ]?tracking|app[- ]?tracking|online[- ]?tracking|"
    r"tracking[- ]?(tool|technolog|skript|script)|retargeting|re-targeting",
    _FLAGS,
)
EMAIL = re.compile(r"newsletter|e-?mail|\bsms\b", _FLAGS)
MARKETING = re.compile(
    r"newsletter|marketing|werbung|werbe|kampagne|campaign|angebot|offer|rückgewinn|win-back|promotion", _FLAGS
)
LOYALTY = re.compile(
    r"kundenkart|loyalty|treueprogramm|bonusprogramm|payback|kundenclub|customer club|stammkund", _FLAGS
)
PROFILING = re.compile(
    r"profil|segment|scor|propensity|cluster|personali|churn|abwander|kaufwahrscheinlich|next[- ]best|"
    r"empfehl|recommend",
    _FLAGS,
)
SENSITIVE_RANGES = re.compile(
    r"gesundheit|\bhealth|schwanger|pregnan|inkontinen|incontinen|nahrungserg|supplement|arznei|medikament|"
    r"apothe|pharma|babynahrung|baby food|halal|koscher|kosher|erotik|erotic|verhütung|contracept",
    _FLAGS,
)
ALCOHOL = re.compile(r"alkohol|alcohol|spirituos|\bspirits\b|\bweine?\b|\bwines?\b|\bbiere?\b|\bbeers?\b", _FLAGS)
CUSTOMER_PROFILE = re.compile(
    r"segment|propensity|kaufwahrscheinlich|kaufneigung|next[- ]best|churn|abwander|empfehl|recommend|"
    r"personalisiert\w* (newsletter|angebot|coupon|such)|personali[sz]ed (newsletter|offer|coupon|search)",
    _FLAGS,
)
PURCHASE_HISTORY = re.compile(
    r"kaufhistorie|purchase history|einkäuf|einkaufs|käufe\b|past orders|previous orders|bestellhistorie|"
    r"order history|kaufverhalten|purchas\w* behaviou?r|kundenkart|loyalty|mitglied|members?\b|kundendaten|"
    r"customer data|warenkörb|baskets",
    _FLAGS,
)
MANIPULATION = re.compile(r"manipul|vulnerab|verletzlich|schwäche|exploit|täusch|decept", _FLAGS)
WORKS_COUNCIL = re.compile(r"betriebsr[aä]t|works council", _FLAGS)
NO_COUNCIL = re.compile(r"\b(kein\w*|ohne)\s+betriebsr|\bno works council|without a works council", _FLAGS)
AGGREGATE_DESIGN = re.compile(
    r"(je|pro|per)\s+(abteilung|stunde|zone|department|hour)\b|aggregiert|aggregate|"
    r"ohne\s+(\w+\s+){0,2}(auswertung|bewertung)\s+(\w+\s+){0,2}(einzeln|person|mitarbeit)|"
    r"not per employee|nicht je mitarbeit|no individual|keine (leistungs|einzel)bewertung",
    _FLAGS,
)
INDIVIDUAL_EVALUATION = re.compile(
    r"(leistungs|produktivit(ä|ae)ts?)(bewert|mess|überwach|scor)\w*\s+(\w+\s+){0,2}(der|des|von|je|einzeln)\s+"
    r"(\w+\s+){0,1}(mitarbeit|kommissionier|kassier|person)|(individual|per[- ]employee) (performance|productivity)",
    _FLAGS,
)
RECRUITMENT = re.compile(r"bewerb|recruit|applicant|candidate|einstell|hiring", _FLAGS)
GENAI_ASSISTANT = re.compile(
    r"assistent|assistant|copilot|co-pilot|\bllm\b|chatgpt|sprachmodell|language model", _FLAGS
)
INTERNAL = re.compile(r"intern|mitarbeit|employee|staff|beschäftigt|servicemitarbeit|agent", _FLAGS)
WIFI = re.compile(r"wlan|wi-?fi|bluetooth|beacon|mac[- ]?(adress|address)|probe[- ]?request", _FLAGS)


def hit(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` occurs in ``text`` at least once without a negation right before it."""
    return any(not _NEGATION.search(text[max(0, m.start() - 30) : m.start()]) for m in pattern.finditer(text))


def is_credit(text: str) -> bool:
    """Whether the text is about creditworthiness scoring (BNPL, invoice purchase, Schufa).

    Fraud or returns-abuse checks on invoice payment are not credit scoring (Annex III 5(b) excludes fraud).
    """
    return hit(CREDIT, text) and (hit(CREDIT_EXPLICIT, text) or not FRAUD.search(text))


def customer_context(text: str) -> bool:
    """Whether the text is about customers (or a store, unless it is about staff)."""
    return hit(CUSTOMER, text) or (hit(STORE, text) and not hit(STAFF, text))


# -------------------------------------------------------------------- statements in sentences ----
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?])\s+(?=[A-ZÄÖÜ„“\"])|\n+")
AUG_2026 = re.compile(r"\b2\.?\s*aug(ust|\.)?\s*2026|august 2,? 2026|02\.08\.2026|2026-08-02", _FLAGS)
AUG_2024 = re.compile(r"\b2\.?\s*aug(ust|\.)?\s*2024|august 2,? 2024|02\.08\.2024|2024-08-02", _FLAGS)
HIGH_RISK = re.compile(r"anhang[- ]iii|annex[- ]iii|hochrisiko|high[- ]risk", _FLAGS)
DEC_2027 = re.compile(r"2\.?\s*dez(ember|\.)?\s*2027|2 december 2027|december 2,? 2027", _FLAGS)
HISTORIC = re.compile(
    r"ursprünglich|originally|original|statt|instead|verschoben|postponed|moved|überholt|superseded|nicht mehr|"
    r"no longer|zunächst|initially|vorgesehen|foreseen|delayed",
    _FLAGS,
)
DATE = re.compile(r"\b20\d\d\b")
ENTRY = re.compile(r"in kraft|inkrafttr|entry into force|entered into force|in force", _FLAGS)
STARTED_2024 = re.compile(r"(pflichten|obligations)\s+(\w+\s+){0,4}(seit|since|ab|from|in)\s+(\w+\s+){0,2}2024", _FLAGS)
ART88A = re.compile(r"\bart(ikel|icle|\.)?\s*88\s*a\b", _FLAGS)
DRAFT = re.compile(
    r"entwurf|vorschlag|vorgeschlagen|proposal|proposed|draft|pending|com\s*\(2025\)|nicht geltend|kein geltendes|"
    r"not (yet )?law|nicht in kraft",
    _FLAGS,
)
OMNIBUS = re.compile(r"omnibus|2026/1744", _FLAGS)
EVERYTHING = re.compile(
    r"\b(alles|everything|alle (pflichten|fristen|termine)|s(ä|ae)mtliche|all (obligations|deadlines|dates|duties))\b",
    _FLAGS,
)
DELAY = re.compile(r"verschob|verschoben|verschiebt|aufgeschoben|delay|postpon", _FLAGS)
NOT_ALL = re.compile(r"nicht alle|nicht alles|not all|not everything", _FLAGS)
_FINE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:mio\.?|millionen|million|m\b)\s*(?:eur\b|euro|€)?[^.;%]{0,40}?(\d+(?:[.,]\d+)?)\s*%",
    _FLAGS,
)
_FINE_CONTEXT = re.compile(
    r"bußgeld|geldbuße|geahndet|\bfines?\b|fined|penalt|sanktion|infringement|verst(ö|oe)ß", _FLAGS
)
# (EUR million, % of turnover) tiers: AI Act Art. 99(3)-(5), GDPR Art. 83(5) and 83(4).
FINE_TIERS = frozenset({(35.0, 7.0), (15.0, 3.0), (7.5, 1.0), (20.0, 4.0), (10.0, 2.0)})


_ABBREVIATION = re.compile(
    r"\b(mio|mrd|tsd|abs|art|nr|lit|ca|vgl|bzw|ggf|inkl|zzgl|z\.\s?b|d\.\s?h|u\.\s?a|s|kap|ziff|no|e\.\s?g|i\.\s?e)\.$",
    _FLAGS,
)


def split_sentences(text: str) -> list[str]:
    """Split at sentence ends, but not after abbreviations such as "Mio." or "Abs."."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        elif piece.strip():
            out.append(piece)
    return out


def fine_pairs(sentence: str) -> list[tuple[float, float]]:
    """The (EUR million, % of turnover) pairs a sentence about fines states."""
    if not _FINE_CONTEXT.search(sentence):
        return []
    return [(float(a.replace(",", ".")), float(b.replace(",", "."))) for a, b in _FINE.findall(sentence)]
