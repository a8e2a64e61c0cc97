"""The lever vocabulary: German and English retail terms per value lever, and the context rules between levers.

Data only, read by :mod:`fahrplan.agents.levers`. Patterns are regular expressions matched case-insensitively. German
compounds are caught by matching a stem anywhere inside a word where the stem is specific (``abschrift`` in
*Frischeabschriften*, ``retour`` in *Retourenquote*); short or ambiguous stems are anchored at word boundaries
(``\\bmarge``, ``\\breturns?\\b``), and words that look alike but mean something else are excluded (``Markt`` is the
store, so only a *new* marketplace or market is a new channel; *Personalisierung* is not staff; *Retouren* holds no
delivery *Touren*). ``tests/data/lever_phrasings.txt`` holds everyday goal wording the table must recognise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from fahrplan.core.vocab import Lever

__all__ = ["ANY", "LEVER_PATTERNS", "ONLY_CONTEXT"]

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
        r"shelf[-\s]gaps?|gaps? on the shel|empty shelves|on[-\s]shelf",
        r"nachschub|nachsteuer|nachbestell|bestellvorschl|replenish|order (?:proposals|suggestions)",
        r"(?<!zu )(?<!vor)(?<!kunden)bestellungen",  # the store's orders, not questions about customers' orders
        r"disponier|disposition",
        r"aktionsware|aktionsartikel|promotion items?|promo items?",
        r"liefertermin|lieferzusage|lieferfähig|delivery[-\s](?:date|promise)|fill rate|lieferbereitschaft",
        r"liefertreue|termintreue|on[-\s]time delivery|\botif\b|delivery reliability",
        r"servicegrad|service[-\s]level|lieferquote|(?<!tied up )in[-\s]stock|nullbest[aä]nd|fehlmengen?|lost sales",
        r"lieferzeit|delivery times?",
        r"\bsell(?:s|ing)? out\b|\bsold out\b|\bruns? out\b|running out|vergriffen",
        r"aktions(?:abverkauf|planung|mengen?)",
        # customers who leave without the item they came for, an item that is not there
        r"gesuchte[nm]? (?:artikel|produkt|ware)|vorrätig|nicht (?:mehr )?(?:da|vorhanden|lieferbar|auf lager)\b",
        r"(?:can't|cannot|couldn't|didn't|don't) find (?:what|the (?:item|product))|not in stock|out of stock",
        r"\bimmer\W+(?:\w+\W+){0,3}(?:im regal|verfügbar|vorrätig|erhältlich|lieferbar)"
        r"|\balways\W+(?:\w+\W+){0,3}(?:in stock"
        r"|available|on the shelf)|gewünschte[nr]? größe|(?:the|their) size they want|size availability|nein-verk",
        r"liefergenauigkeit|lieferperformance|supplier (?:reliability|performance|delays?)|nachliefer|running low"
        r"|low stock"
        r"|(?:artikel|ware|produkt|bestand|vorrat)\w*\W+(?:\w+\W+){0,3}knapp\b",
        r"\w*(?:ware|artikel|produkt|mittel|sortiment)\w*\W+(?:\w+\W+){0,5}(?:fehlen|fehlt|ausgehen|ausgeht)\b"
        r"|\bnie ausgeh",
        r"not (?:to )?(?:be |been )?(?:in the warehouse|on the shelf)|nicht (?:mehr )?im lager|bestandsanzeige"
        r"|stock (?:display|accuracy)"
        r"|bestandsgenauigkeit|verfügbarkeitsanzeige|richtigen? mengen?|right quantit|mengenplanung|\ballocation"
        r"|warenverteilung",
    ),
    "waste_markdown": (
        r"abschrift",  # Abschriften, Frischeabschriften
        r"abschreibung",
        r"verderb",
        r"verschwend",  # Lebensmittelverschwendung
        r"\bwaste\b|food[-\s]waste|write[-\s]?offs?",
        r"markdowns?|preisreduzier|reduzierungen|deep discounts?|rabattschlacht",
        r"sell[-\s]?through(?!\s+(?:amazon|zalando|ebay|otto|etsy|marketplaces?|our|the|a|an)\b)|end[-\s]of[-\s]season"
        r"|saisonende|saisonware|restposten|leftover",
        r"\breste\b|übrig",
        r"abgelaufen|\bmhd\b|best[-\s]before|short[-\s]dated|expir|entsorg|\bspoil",
        r"durchverkauf|abverkaufsquote|clearance|remission",  # Remission: unsold books back to the publisher
        r"wegwerf|wegwirf|weggeworfen|\bthrow(?:s|ing|n)? away\b|auslaufmodell|vorjahresmodell|last year's|old models",
        r"aktions(?:abverkauf|planung|mengen?)",
        r"aktionsware|aktionsartikel",
        # what is left at closing time or sits unsold ("abends bleibt zu viel Brot liegen", "sitting in the cage")
        r"\bbleib\w*\W+(?:\w+\W+){0,6}liegen\b|liegen ?(?:bleib|geblieben)|unverkauft|\bunsold\b",
        r"\bsitting (?:in|on|around)\b|monatelang|\bage?ing stock|\baged stock",
        r"\boutdated\b|veraltet|at a loss|mit verlust|vor (?:dem )?ablauf|ablaufdatum|verramsch",
        r"welk|\bwilt|perish|verderblich|haltbarkeit|shelf[-\s]life|vernicht|\bdestroy|\bscrap",
        r"schlussverkauf|full price|vollen preis|vollpreis|\d+ ?% (?:off|rabatt|reduziert)",
    ),
    "basket_conversion": (
        r"warenkorb",
        r"basket",
        r"conversion|konversion|konvertier|\bconvert",
        # sales as revenue, not the sales team ("phoning inside sales", "our field sales reps")
        r"umsatz|\brevenue|(?<!inside )(?<!field )\bsales\b(?!\s+(?:team|reps?|staff|force|department|desk|people))",
        r"cross[-\s]?sell|up[-\s]?sell|zubehör|accessor|\battach|garantieverlänger|extended warrant|warranty (?:sales"
        r"|upsell)",
        r"ergänzungs(?:produkt|artikel|kauf)|complementary|spend per (?:visit|customer)|(?:sales|umsatz"
        r"|ausgaben) (?:per|pro|je) "
        r"(?:store )?(?:visit|besuch)|besucher\w*\W+(?:\w+\W+){0,3}kauf|visitors?\W+(?:\w+\W+){0,3}(?:buy|purchas)",
        r"finanzierung|financing|ratenkauf",
        r"sichtbarkeit|visibility|acquisition|akquise|neukunden|new customers|first[-\s]time",
        r"kaufabbr|warenkorbabbr|cart abandon|abandon(?:ed|s)? (?:carts?|baskets?|checkouts?)|zusatzverk|add-on sales",
        r"(?:more|mehr) (?:buyers|käufer)|into (?:buyers|customers)|zu (?:käufern|kunden) mach",
        r"(?:beratung|advice)\W+(?:\w+\W+){0,4}(?:kauf|buy)|(?:value|wert) (?:of|per|je|pro) (?:each |every "
        r"|jede[rn]? )?"
        r"(?:online[-\s]?)?(?:order|bestellung|einkauf)|order value|bestellwert",
        r"zum kauf\b|kaufentscheid|kaufbereitschaft|purchase decisions?|(?:items|units|artikel) (?:per|pro|je) "
        r"(?:transaction|basket|order|bon|einkauf|kauf)|\bmehr\W+(?:\w+\W+){0,3}verkaufen\b|\bsell more\b",
        r"fachberat|empfehlung|recommendation",
        r"durchschnittsbon|bonwert|\bbons?\b|bonsumme|average order value|\baov\b|(?<!nach)kaufquote",
        # visitors who leave without buying, orders cancelled before they are paid
        r"ohne (?:zu )?(?:ein)?kau(?:f|fen)\b|without (?:a )?(?:buying|purchas)|walk[-\s]?outs?|stornoquote",
        # finding the right product (search, guidance)
        r"(?:passende|richtige)n? (?:produkt|artikel)|(?:find|finding) (?:the )?right products?|produktsuche"
        r"|suchergebnis|site search|search results?|auffindbar|findability",
        r"\bfind\w*\W+(?:\w+\W+){0,4}(?:was sie suchen|what they(?:'re| are) looking for)",
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
        r"size (?:and|&) fit|passform|größenberatung|fehlk[äa]uf|umtausch|rückgabe|rücklauf|zurückschick"
        r"|zurückgeschickt"
        r"|(?:orders?|items?|products?|parcels?|goods)\W+(?:\w+\W+){0,3}(?:come|comes|coming|came|sent) back|send(?:s"
        r"|ing)? back"
        r"|(?:pakete?|sendungen|ware)\W+(?:\w+\W+){0,4}(?:wieder|zurück)\W+(?:\w+\W+){0,4}(?:landen|kommen)|zurückkomm"
        r"|\breturned\b(?! to\b)|falsch (?:bestellt|gekauft|geliefert)|wrong (?:items?|parts?|sizes?)|fehlbestell"
        r"|auswahlbestell|bracketing|(?:zwei|mehrere|two|several) (?:größen|sizes)",
    ),
    "service_cost": (
        r"kundenservice|kundendienst|service[-\s]?(?:kosten|costs?)|servicekontakt|servicecenter",
        r"hotline|call[-\s]?cent(?:er|re)|contact[-\s]?cent(?:er|re)|kontaktcenter",
        r"customer[-\s]service|service contacts?|kundensupport|customer support|\btickets?\b|service[-\s]?desk"
        r"|help[-\s]?desk",
        r"standardfragen|routinefragen|häufige fragen|\bfaqs?\b|anliegen|rückfrage|ersten kontakt"
        r"|first contact resolution"
        r"|warranty claims?|garantiefäll|gewährleistungsfäll|garantieanfrag",
        r"service[-\s]?team|servicemitarbeit|service (?:staff|agents?)|support[-\s]?team|kundenfrage|\bcalls?\b"
        r"|erreichbar|rund um die uhr|\b24/7\b|around the clock|out of hours",
        r"(?:reply|respond|answer|antwort|beantwort)\w*\W+(?:\w+\W+){0,3}(?:reviews?|bewertungen)",
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
        r"fachkräftemangel|personalmangel|(?:staff|labou?r) shortages?|überstunden|overtime|arbeitsstunden"
        r"|man[-\s]hours",
        r"wareneingang|warenannahme|goods (?:receipt|receiving)|rechnungsprüfung|invoice (?:matching|processing"
        r"|checking)|buchhaltung|accounting|back[-\s]?office|laufweg"
        r"|walking distance|travel distance|\brota\b",
        r"verräum|einräum|shelf[-\s]?(?:stacking|filling)|restocking shelves|verwaltungsaufwand|bürokratie|\badmin\b"
        r"|administrative|erfass|data entry|abtipp|hours spent|stunden (?:für|pro|je)|reporting|berichtswesen",
        r"routine(?:aufgaben|arbeit|tätigkeit)\w*|routine (?:tasks|work)|repetitive|inventur(?!differenz)|stocktak",
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
        r"(?:prospekt|werbe|rabatt|preis|sonder|verkaufs|saison|wochen|marken)aktion|(?:flyer|leaflet) (?:deals|offers"
        r"|promotions)|sonderangebot|special offers?",
        r"rendite|preiserhöh|preisanpass|price (?:increase|change)s?|einkaufspreis|purchase prices?|einkaufskondition"
        r"|konditionen|purchasing terms|supplier terms|wareneinsatz|cost of goods|\bcogs\b",
        # money lost on unpaid invoices and fraud
        r"zahlungsausf[aä]ll|forderungsausf[aä]ll|\bbad debts?|payment defaults?|\bfraud|betrug|chargebacks?",
    ),
    "operating_cost": (
        r"energie|\benergy\b|\bstrom\w*|electricity|kühlung|kälte|heizung|heizkosten|heating|refrigerat",
        r"klimatisier|air[-\s]condition|kühl(?:regal|möbel|truhe|anlage|raum|zelle)|\bfreezers?\b|\bfridges?\b"
        r"|chillers?",
        r"verpackung|packaging|versandkarton|kartonage|füllmaterial|leerfahrt|empty (?:runs|kilometres|kilometers"
        r"|miles)",
        r"versand-|versandkosten|paketversand|\bparcels?\b|\bshipping\b|shipping costs?|transportkosten"
        r"|transport costs?|logistikkosten|logistics costs?",
        r"frachtkosten|freight costs?|cost[-\s]to[-\s]serve",
        r"zustellkosten|lieferkosten|paketkosten|delivery costs?|last[-\s]mile",
        # the company's own delivery runs: tours, vans, fuel
        r"(?<!re)touren\b|auslieferfahrzeug|lieferfahrzeug|fuhrpark|\bsprit\b|diesel|kraftstoff",
        r"\bfuel\b|delivery (?:vans?|tours?|runs?)|\bhalf-empty tours?|cost per drop",
        r"lieferwagen|\btransporter\b|\blkw\b|\btrucks?\b|\bvans?\b|(?:liefer|auslieferungs?)?fahrten\b|routenplan"
        r"|route planning",
    ),
    "retention": (
        r"(?<!kapital)bindung|(?:kund|käufer|mitglied)\w*\W+(?:\w+\W+){0,3}binden\b|\bbinden\W+(?:\w+\W+){0,2}(?:kund"
        r"|käufer)",
        r"(?:bonus|kunden|treue|loyalty|club|vorteils)[-\s]?app\b|zurückhol|zurückgewinn|nicht mehr (?:gekauft"
        r"|bestellt|eingekauft)|haven't (?:bought|ordered|shopped)",
        r"newsletter|öffnungsrate|open rates?|klickrate|click[-\s]?(?:through[-\s])?rates?|e-?mail[-\s]?marketing",
        r"stammkund|wiederkauf|wiederholungsk[äa]uf|repeat|wiederkehr|returning customers?",
        r"\bchurn|abwander|reaktivier|reactivat|retention|\bretain",
        r"loyal|(?<!be)(?<!termin)(?<!liefer)treue|kundenkarte|kundenclub|\bclub\b|mitglied|\bmembers?\b|profi-?karte",
        r"katalogauflage|kaufwahrscheinlich|propensity",
        r"kauffrequenz|purchase frequency|kundenwert|lifetime value|\bclv\b",
        r"win[-\s]?back|lapsed|rückgewinn|inaktive kund",
        r"nachkauf|wiederbestell|\breorders?\b|repurchase|auto[-\s]?ship|subscription|\babos?\b|abonnement",
        r"karteninhaber|cardholders?|nur einmal im jahr|once a year|(?:kaufen|kommen|sehen)\W+(?:\w+\W+){0,3}öfter",
        r"\böfter\W+(?:\w+\W+){0,3}(?:kaufen|kommen|sehen)|(?:buy|shop|come back|visit) more often",
        r"(?:buy|order|shop|purchas|come)\w*\W+(?:\w+\W+){0,2}again\b|\berneut\b|wieder (?:kaufen|bestellen|kommen)"
        r"|nach dem ersten (?:kauf|einkauf|bestellung)|after (?:the|their) first (?:purchase|order)",
        r"zweites mal|wiederkommen|come back|second (?:order|purchase)|zweite[nr]? (?:bestellung|kauf)",
        r"(?:kund|abonnent|mitglied|subscriber|customer|member)\w*\W+(?:\w+\W+){0,3}(?:länger |lange )?(?:halten"
        r"|behalten)\b",
        r"\b(?:keep|retain)\w*\W+(?:\w+\W+){0,2}(?:subscribers?|customers?|members?)|\brenew",
        # customers who sell or trade in their goods (re-commerce sourcing: the sellers are the shop's own customers)
        r"trade[-\s]?ins?\b|inzahlungnahme|\bankauf|\bsend (?:in|us) (?:their|your)\b|einsend",
        r"abokund|kündig(?!ungsfrist)|\bcancel(?:s|led|ling|lations?)?\b",  # subscribers who cancel
        r"(?:print|printed|gedruckte[nrs]?|papier)[-\s]?katalog|print[-\s]?catalog|katalogversand",
        r"(?:kunden|club|treue|bonus|vorteils)karte|\w+-karten?\b",  # a named card ("Gartenfreunde-Karte")
    ),
    "working_capital": (
        # Lagerbestand, Überbestände, Filialbestände; not Bestandskunden (existing customers) or Bestandsgeschäft
        r"(?<!fehl)(?<!null)best[aä]nde?(?!teil)\b|(?<!fehl)(?<!null)bestand(?!teil|skund|sgesch|sanzeig|sgenau)",
        r"lagerkosten|lagerhaltungskosten|(?:holding|carrying|storage) costs?",
        r"kapitalbindung|gebundene[sn]? kapital|kapital\w*\W+(?:\w+\W+){0,3}binden|\bcapital\b|age?ing stock"
        r"|aged stock|\btied\b|working capital|\bcash\b|liquidit",
        r"\binventory\b|overstock|stock levels|slow[-\s]?moving|ladenhüter|lagerumschlag|stock days",
        r"lagerreichweite|bestandsreichweite|days of (?:supply|cover)",
        r"\bgeld\W+(?:\w+\W+){0,3}gebunden|(?:kapital|geld) im lager|\bti(?:e[sd]?|ing) up\b|slow[-\s]sellers?"
        r"|langsamdreher|\bstock (?:held|holding)|stockholding"
        r"|(?:reduce|lower|cut|less|too much|excess)\W+(?:\w+\W+){0,2}stock\b(?![-\s]?outs?)",
    ),
    "reach_new_channel": (
        r"click\W*(?:&|and|und|\+|n)\W*collect|reserve\W*(?:&|and|und)\W*collect|ship[-\s]from[-\s]store",
        _NEW + r" (?:kan[aä]le?n?|vertriebskan|channels?|m[aä]rkte?n?|markets?|l[äa]nder|countr)",
        r"(?:marktpl[aä]tze?n?|marketplaces?)\W+(?:\w+\W+){0,3}(?:anbind|einsteig|einstieg|start|launch|erschlie|enter"
        r"|aufbau|gehen|open|eröffn)",
        r"(?:einstieg|einsteig|start|launch|enter|expand|open|eröffn)\w*\W+(?:\w+\W+){0,3}(?:marktpl|marketplace)",
        r"international|ausland|cross[-\s]border|\bexport|expan",
        r"markteintritt|market entry|launch in\b|(?:begin|start)\w*\W+selling|verkauf\w* starten",
        r"(?:sell|selling|verkaufen)\w*\W+(?:\w+\W+){0,2}(?:to |an )?(?:business customers|geschäftskunden|b2b)",
        r"\b(?:in|nach|into|to) (?:polen|poland|österreich|austria|die schweiz|switzerland|frankreich|france"
        r"|die niederlande"
        r"|the netherlands|niederlande|italien|italy|spanien|spain|tschechien|czechia|belgien|belgium|dänemark|denmark"
        r"|schweden|sweden|luxemburg|luxembourg)\b",
        r"(?:online[-\s]?shop|webshop|e-commerce|onlinehandel|online[-\s]?handel|lieferdienst|lieferservice"
        r"|heimlieferung"
        r"|home delivery|delivery service)\w*\W+(?:\w+\W+){0,3}(?:aufbauen|starten|eröffnen|einführen|anbieten)\b",
        r"(?:launch|start|build|open|set up|aufbau|einführ|eröffn)\w*\W+(?:\w+\W+){0,3}(?:online[-\s]?shop|webshop"
        r"|e-commerce"
        r"|lieferdienst|lieferservice|home delivery|delivery service)",
        r"(?:auf|über|bei|on|through|via) (?:amazon|zalando|ebay|otto|kaufland|etsy|about you)\W+(?:\w+\W+){0,2}"
        r"(?:verkaufen|anbieten|listen)\b|\bsell\w*\W+(?:on|through|via) (?:amazon|zalando|ebay|otto|kaufland|etsy)",
        r"(?:online|reservier|bestell)\w*\W+(?:\w+\W+){0,4}(?:abholen|abholung)|abholstation|abholservice"
        r"|pick[-\s]?up service"
        r"|pick[-\s]?up in[-\s]store|in[-\s]store pick[-\s]?up|buy online,? pick|\bbopis\b",
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

ANY: Final = re.compile(".")
ONLY_CONTEXT: Final[tuple[tuple[Lever, re.Pattern[str], Lever, re.Pattern[str]], ...]] = (
    # a complaint named with returns ("Rücksendungen und Reklamationen wegen Farbabweichungen", "returns: buyers
    # complain about scratches") is a claim on the goods: what prevents the return prevents it, not the service desk
    ("service_cost", re.compile(r"reklamation|complain", re.IGNORECASE), "returns", ANY),
    # first-time buyers who should order again ("get first-time buyers to place a second order") are whom a
    # repeat-purchase goal is about, not customers to acquire ("Neukunden und Stammkunden" keeps both)
    (
        "basket_conversion",
        re.compile(r"first[-\s]time|neukund|new customers", re.IGNORECASE),
        "retention",
        re.compile(r"second|zweite|repeat|wiederk|wiederhol|come back|again|erneut", re.IGNORECASE),
    ),
    # the till named as the place of a sale ("Zusatzverkäufe an der Kasse") is not a queue to shorten
    ("labour_productivity", re.compile(r"^kassen?$", re.IGNORECASE), "basket_conversion", ANY),
    # subscribers who should stay ("Abonnenten länger halten") are whom a retention goal is about, not an audience;
    # a newsletter whose subscribers are to be won ("Newsletter-Abonnenten gewinnen") is that audience
    (
        "basket_conversion",
        re.compile(r"abonnent|subscriber", re.IGNORECASE),
        "retention",
        re.compile(r"halten|keep|retain|renew|kündig|cancel|churn", re.IGNORECASE),
    ),
    (
        "retention",
        re.compile(r"newsletter", re.IGNORECASE),
        "basket_conversion",
        re.compile(r"abonnent|subscriber", re.IGNORECASE),
    ),
    # orders that come back are returns, orders cancelled for want of stock an availability problem: neither is churn
    ("retention", re.compile(r"cancel|come back|came back|coming back", re.IGNORECASE), "returns", ANY),
    ("retention", re.compile(r"cancel", re.IGNORECASE), "availability", ANY),
    # a newsletter or an exchange named as a task or a topic ("Zeit für Produkttexte, Newsletter und Aushänge sparen",
    # "Fragen zu Lieferzeiten, Umtausch und Öffnungszeiten") is the work or the question, not the goal's KPI
    ("retention", re.compile(r"newsletter", re.IGNORECASE), "labour_productivity", ANY),
    ("returns", re.compile(r"umtausch|rückgabe", re.IGNORECASE), "service_cost", ANY),
    # e-mail as the marketing channel ("E-Mail-Marketing", "Newsletter per E-Mail") is not the service inbox
    (
        "service_cost",
        re.compile(r"e-?mail", re.IGNORECASE),
        "retention",
        re.compile(r"newsletter|marketing", re.IGNORECASE),
    ),
)
"""(lever, its terms, other lever, its terms): when ``lever`` matched only through its terms here and the other lever
through one of its terms here, the first terms name the context of the other lever's goal, not a goal of their own."""
