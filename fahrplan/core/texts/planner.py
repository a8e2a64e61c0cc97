"""Texts a roadmap is written in: module titles and goals, plans, warnings, the executive summary.

Also the fixed texts of the compliance fallback, the single-prompt baseline and the resume notice,
which all end up in a roadmap. Keys are bare (the roadmap's own vocabulary); the other areas'
keys carry their area as a prefix.
"""

from __future__ import annotations

from fahrplan.core.vocab import Lang, ModuleId

__all__ = ["MODULE_GOALS", "MODULE_GOALS_ONLINE", "MODULE_TITLES", "PLANNER"]

MODULE_TITLES: dict[ModuleId, dict[str, str]] = {
    "personalization": {"de": "Personalisierung & Recommendations", "en": "Personalisation & recommendations"},
    "supply_chain": {"de": "Automatisierung & Supply Chain", "en": "Automation & supply chain"},
    "omnichannel": {"de": "Omnichannel & In-Store Analytics", "en": "Omnichannel & in-store analytics"},
    "upskilling": {"de": "Upskilling & Change Management", "en": "Upskilling & change management"},
    "data_platform": {"de": "Dateninfrastruktur & Governance", "en": "Data infrastructure & governance"},
    "compliance": {"de": "Compliance & Ethik", "en": "Compliance & ethics"},
}

MODULE_GOALS: dict[ModuleId, dict[str, str]] = {
    "personalization": {
        "de": "Kundinnen und Kunden über alle Kontaktpunkte relevanter ansprechen, um Conversion, Warenkorb und Bindung zu steigern",
        "en": "Address customers more relevantly across touchpoints to raise conversion, basket size and loyalty",
    },
    "supply_chain": {
        "de": "Warenfluss, Bestände und Preise datengetrieben steuern, um Verfügbarkeit zu erhöhen und Abschriften sowie Kapitalbindung zu senken",
        "en": "Steer flow of goods, stock and prices with data to raise availability and cut markdowns, waste and tied-up capital",
    },
    "omnichannel": {
        "de": "Kanäle und Filialen zu einem Einkaufserlebnis verbinden und das Geschehen auf der Fläche messbar machen",
        "en": "Connect channels and stores into one shopping experience and make what happens on the shop floor measurable",
    },
    "upskilling": {
        "de": "Mitarbeitende befähigen, KI sicher und wirksam zu nutzen, und eine datengetriebene Arbeitsweise verankern",
        "en": "Enable staff to use AI safely and effectively and anchor a data-driven way of working",
    },
    "data_platform": {
        "de": "Eine verlässliche, integrierte Datenbasis schaffen, auf der alle KI-Anwendungen aufsetzen",
        "en": "Create a reliable, integrated data foundation that every AI application builds on",
    },
    "compliance": {
        "de": "KI rechtssicher und fair einsetzen: DSGVO, ePrivacy/TDDDG/UWG und EU AI Act von Anfang an einhalten",
        "en": "Use AI lawfully and fairly: comply with GDPR, ePrivacy/TDDDG/UWG and the EU AI Act from the start",
    },
}

# A module's goal for a company without stores (only where the goal above speaks of stores).
MODULE_GOALS_ONLINE: dict[ModuleId, dict[str, str]] = {
    "omnichannel": {
        "de": "Alle Verkaufskanäle zu einem Einkaufserlebnis verbinden und Reichweite, Bestände und Kundenwege kanalübergreifend steuern",
        "en": "Connect all sales channels into one shopping experience and steer reach, stock and customer journeys across channels",
    },
}

PLANNER: dict[str, dict[Lang, str]] = {
    "goal_fit": {"de": "Bezug zu Ihren Zielen: {goals}.", "en": "Link to your goals: {goals}."},
    "use_case_fit": {
        "de": "Adressiert Ihre geplanten Use Cases: {cases}.",
        "en": "Addresses your planned use cases: {cases}.",
    },
    "no_figure": {"de": "{lever}", "en": "{lever}"},
    "figure": {"de": "{lever}: {figure} (Quelle: {source})", "en": "{lever}: {figure} (source: {source})"},
    "estimate": {
        "de": "{lever}: {figure} (Schätzung; Annahme: {assumption})",
        "en": "{lever}: {figure} (estimate; assumption: {assumption})",
    },
    "estimate_labelled": {
        "de": "{lever}: {figure} (Schätzung; {assumption})",
        "en": "{lever}: {figure} (estimate; {assumption})",
    },
    "pilot_title": {"de": "{title}: Pilot", "en": "{title}: pilot"},
    "build_title": {"de": "{title}: Umsetzung", "en": "{title}: implementation"},
    "scale_title": {"de": "{title}: Skalierung", "en": "{title}: scaling"},
    "prepare_title": {"de": "Vorbereitung: {title}", "en": "Preparation: {title}"},
    "prepare_desc": {
        "de": "Anforderungen, Datenverfügbarkeit und Business Case für „{title}“ klären; Entscheidung über den Start in Phase {phase} Monate.",
        "en": "Clarify requirements, data availability and the business case for “{title}”; decide on the start in phase {phase} months.",
    },
    "prepare_rollout_title": {"de": "Rollout vorbereiten: {title}", "en": "Prepare the rollout: {title}"},
    "prepare_rollout_desc": {
        "de": "Den Rollout von „{title}“ nach der positiven Wirkungsprüfung vorbereiten: Reihenfolge, Schulung der "
        "Anwenderinnen und Anwender und Datenanbindung planen; der Rollout beginnt in Monat {month}.",
        "en": "Prepare the rollout of “{title}” after the positive impact review: plan the sequence, user training and "
        "data connections; the rollout begins in month {month}.",
    },
    "prepare_extension_title": {"de": "Ausbau vorbereiten: {title}", "en": "Prepare the extension: {title}"},
    "prepare_extension_desc": {
        "de": "Den Ausbau von „{title}“ auf alle, die er betrifft, vorbereiten: Zielgruppen, Reihenfolge und Termine "
        "planen; der Ausbau beginnt in Monat {month}.",
        "en": "Prepare the extension of “{title}” to everyone it concerns: plan the target groups, sequence and "
        "dates; the extension begins in month {month}.",
    },
    "baseline_title": {"de": "Ausgangswerte messen: {title}", "en": "Measure the baseline: {title}"},
    "baseline_desc": {
        "de": "Die Kennzahlen, an denen „{title}“ gemessen würde ({kpis}), für den heutigen Stand erheben, soweit "
        "vorhandene Daten es erlauben – wo Daten fehlen, ist das selbst ein Befund: Grundlage für die Entscheidung in "
        "Monat 12 und für die spätere Wirkungsmessung.",
        "en": "Measure today's level of the KPIs by which “{title}” would be judged ({kpis}) as far as existing data "
        "allow – where data are missing, that is a finding in itself: the basis for the decision in month 12 and for "
        "measuring its impact later.",
    },
    "assess_title": {"de": "Fall prüfen: {title}", "en": "Check the case: {title}"},
    "assess_desc": {
        "de": "Nutzen, Datenlage und Voraussetzungen von „{title}“ für dieses Unternehmen prüfen und eine "
        "Entscheidungsvorlage für den Start in Phase {phase} Monate erstellen.",
        "en": "Check the benefit, data and prerequisites of “{title}” for this company and prepare the decision on "
        "the start in phase {phase} months.",
    },
    "decide_title": {"de": "Entscheidung über den Start: {title}", "en": "Decision on the start: {title}"},
    "decide_desc": {
        "de": "„{title}“ ist in diesem Plan nicht finanziert; in Monat {month} entscheidet die Geschäftsführung anhand "
        "der Ergebnisse der ersten Vorhaben, ob es in der nächsten Budgetrunde startet.",
        "en": "“{title}” is not funded in this plan; in month {month} management decides from the results of the first "
        "initiatives whether it starts in the next budget round.",
    },
    "next_round_title": {
        "de": "Nächste Budgetrunde vorbereiten: {title}",
        "en": "Prepare the next budget round: {title}",
    },
    "next_round_desc": {
        "de": "Bei positiver Entscheidung Anforderungen, Anbieter und Team für „{title}“ vorbereiten, damit es mit "
        "dem nächsten Budget starten kann.",
        "en": "If the decision is positive, prepare requirements, vendors and team for “{title}” so that it can start "
        "with the next budget.",
    },
    "next_stage_title": {
        "de": "Nächste Ausbaustufe vorbereiten: {title}",
        "en": "Prepare the next expansion stage: {title}",
    },
    "next_stage_desc": {
        "de": "Aus den Kennzahlen des Regelbetriebs die nächste Ausbaustufe ableiten und für die nächste "
        "Budgetrunde vorbereiten.",
        "en": "Derive the next expansion stage from the KPIs in regular operation and prepare it for the next budget "
        "round.",
    },
    "review_title": {"de": "Wirkungsprüfung und Entscheidung: {title}", "en": "Impact review and decision: {title}"},
    "review_desc_unfunded": {
        "de": "KPIs messen ({kpis}); in Monat {month} entscheidet die Geschäftsführung: Rollout für die nächste "
        "Budgetrunde beantragen, nachsteuern oder beenden (in diesem Plan ist der Rollout nicht finanziert).",
        "en": "Measure the KPIs ({kpis}); in month {month} management decides: request the rollout in the next budget "
        "round, adjust or stop (this plan does not fund the rollout).",
    },
    "review_desc": {
        "de": "KPIs messen ({kpis}); in Monat {month} entscheidet die Geschäftsführung: ausrollen, nachsteuern oder beenden.",
        "en": "Measure the KPIs ({kpis}); in month {month} management decides: roll out, adjust or stop.",
    },
    "owner_management_legal": {
        "de": "Geschäftsführung (mit externer Rechtsberatung)",
        "en": "Management (with external legal counsel)",
    },
    "owner_management_staff": {
        "de": "Geschäftsführung (mit der zuständigen Fachkraft)",
        "en": "Management (with the staff member responsible)",
    },
    "owner_management_it": {
        "de": "Geschäftsführung mit IT-Dienstleister",
        "en": "Management with an IT service provider",
    },
    "owner_it_lead": {"de": "IT-Leitung", "en": "Head of IT"},
    "review_title_duty": {"de": "Wirksamkeitsprüfung: {title}", "en": "Effectiveness review: {title}"},
    "review_desc_duty": {
        "de": "KPIs messen ({kpis}); in Monat {month} entscheidet die Geschäftsführung, was nachgebessert wird.",
        "en": "Measure the KPIs ({kpis}); in month {month} management decides what to improve.",
    },
    "and_join": {"de": " und ", "en": " and "},
    "literacy_plan": {
        "de": "Vertiefungsmodule für die KI-Systeme dieses Plans, jeweils abgeschlossen, bevor die Nutzenden damit "
        "arbeiten: {items}.",
        "en": "In-depth modules for the AI systems of this plan, each completed before its users start working with "
        "it: {items}.",
    },
    "literacy_system": {"de": "{title} (Start in Monat {month})", "en": "{title} (starts in month {month})"},
    "literacy_more": {"de": " und {n} weitere", "en": " and {n} more"},
    "literacy_more_one": {"de": " und ein weiteres", "en": " and one more"},
    "ms_late_phase_budget": {
        "de": "Start erst in Monat {month}: Im Budgetrahmen der Monate {phases} (je Phase höchstens {caps} für "
        "Vorhaben, die keine gesetzliche Pflicht sind, Planungsannahme; dort beginnen bereits solche für {spent}) hat "
        "dieser Schritt ({cost}) keinen Platz.",
        "en": "Starts only in month {month}: the budget frame of months {phases} (at most {caps} per phase for work "
        "that is not a legal duty, a planning assumption; such work for {spent} already starts there) has no room "
        "for this step ({cost}).",
    },
    "scale_funded_item": {
        "de": "{title} (Monat {start}–{end}, {budget}): {step}",
        "en": "{title} (months {start}–{end}, {budget}): {step}",
    },
    "scale_later_item": {
        "de": "{title} – Rollout nicht in den 24 Monaten finanziert; darüber entscheiden die Wirkungsprüfung und die "
        "nächste Budgetrunde: {step}",
        "en": "{title} – rollout not funded within the 24 months; the impact review and the next budget round decide "
        "on it: {step}",
    },
    "no_scaling": {
        "de": "Keine weitere Skalierung im 24-Monats-Zeitraum geplant.",
        "en": "No further scaling planned within 24 months.",
    },
    "dep_prereq": {"de": "„{title}“ setzt „{prereq}“ voraus.", "en": "“{title}” requires “{prereq}”."},
    "dep_gate": {
        "de": "Go-live von „{title}“ erst nach: {measure}.",
        "en": "Go-live of “{title}” only after: {measure}.",
    },
    "resp_tasks": {"de": "Verantwortet: {items}", "en": "Owns: {items}"},
    "external_none": {"de": "Kein externer Bedarf vorgesehen", "en": "No external support planned"},
    "sf_works_council": {
        "de": "Betriebsrat früh einbinden (laut Profil vorhanden; Systeme, die Verhalten oder Leistung erfassen "
        "können, brauchen seine Zustimmung)",
        "en": "Involve the works council early (present per profile; systems that can capture behaviour or "
        "performance need its agreement)",
    },
    "sf_legacy": {
        "de": "Abhängigkeiten von Altsystemen im Zeitplan berücksichtigen (laut Profil)",
        "en": "Plan around legacy-system constraints (per profile)",
    },
    "sf_capacity": {
        "de": "Knappe interne Kapazität: Umfang je Phase begrenzen, externe Partner gezielt einsetzen",
        "en": "Scarce internal capacity: limit scope per phase, use external partners selectively",
    },
    "sf_no_layoffs": {
        "de": "Automatisierung entlastet die Mitarbeitenden, ersetzt aber keine Stellen (laut Profil)",
        "en": "Automation relieves staff but does not replace jobs (per profile)",
    },
    "sf_partners": {
        "de": "Selbstständige Partner (Franchise, Kaufleute) früh einbinden; sie entscheiden über ihre Standorte",
        "en": "Involve independent partners (franchisees, merchants) early; they decide for their sites",
    },
    "sf_no_cloud": {
        "de": "Betrieb ohne Public Cloud (laut Profil): On-Premises- oder Private-Cloud-Varianten der Anbieter prüfen",
        "en": "Operation without public cloud (per profile): check vendors' on-premises or private-cloud options",
    },
    "x_existing": {
        "de": "Nicht geplant: „{title}“ – vorhanden laut Profil ({systems}); die Roadmap baut darauf auf.",
        "en": "Not planned: “{title}” – already in place per profile ({systems}); the roadmap builds on it.",
    },
    "x_kind_cdp": {"de": "Customer Data Platform", "en": "customer data platform"},
    "x_kind_crm": {"de": "CRM", "en": "CRM"},
    "x_kind_data_warehouse": {"de": "Data Warehouse", "en": "data warehouse"},
    "x_kind_pim": {"de": "PIM", "en": "PIM"},
    "x_kind_marketplace": {"de": "Verkauf über Marktplätze", "en": "selling on marketplaces"},
    "x_kind_consent": {"de": "Einwilligungsmanagement", "en": "consent management"},
    "x_kind_ml_platform": {"de": "ML-Plattform", "en": "ML platform"},
    "x_kind_bi": {"de": "BI-Werkzeug", "en": "BI tool"},
    "x_kind_forecasting": {"de": "Prognosesystem", "en": "forecasting system"},
    "x_kind_replenishment": {"de": "Dispositionssystem", "en": "replenishment system"},
    "x_customer_newsletter": {
        "de": "Nicht geplant: „{title}“ – laut Profil weder Newsletter-Empfänger noch ein Einwilligungsmanagement.",
        "en": "Not planned: “{title}” – per profile neither newsletter subscribers nor consent management.",
    },
    "x_customer_loyalty": {
        "de": "Nicht geplant: „{title}“ – laut Profil keine Mitglieder eines Kundenprogramms.",
        "en": "Not planned: “{title}” – per profile no loyalty programme members.",
    },
    "x_customer_identified": {
        "de": "Nicht geplant: „{title}“ – ohne Kundenkarte sind die Kundinnen und Kunden nicht identifizierbar.",
        "en": "Not planned: “{title}” – without a loyalty card customers cannot be identified.",
    },
    "x_constraint": {
        "de": "Nicht geplant: „{title}“ – wegen der Randbedingung {constraint}.",
        "en": "Not planned: “{title}” – because of the stated constraint {constraint}.",
    },
    "c_building_restriction": {
        "de": "Randbedingung {constraint}: Sensoren und Geräte wählen, die ohne bauliche Eingriffe auskommen (etwa "
        "batteriebetriebene Sensoren mit Funkübertragung, geklemmt oder geklebt statt gebohrt), eine nötige "
        "Genehmigung vor der Installation einholen und den Pilot auch am baulich schwierigsten Standort testen.",
        "en": "Constraint {constraint}: choose sensors and devices that need no structural work (such as "
        "battery-powered wireless sensors, clamped or glued instead of drilled), obtain any approval before "
        "installation, and run the pilot at the most difficult building too.",
    },
    "c_camera_restriction": {
        "de": "Randbedingung {constraint}: Go-live erst nach Ergänzung der Kamera-Betriebsvereinbarung (Zweck, "
        "Unkenntlichmachung von Personen, keine Leistungsauswertung).",
        "en": "Constraint {constraint}: go-live only after the camera works agreement is amended (purpose, "
        "people blurred, no performance evaluation).",
    },
    "c_works_council_approval": {
        "de": "Randbedingung {constraint}: Betriebsrat vor dem Pilot beteiligen; Zustimmung im Zeitplan einrechnen.",
        "en": "Constraint {constraint}: involve the works council before the pilot; allow time for its approval.",
    },
    "c_third_party_systems": {
        "de": "Randbedingung {constraint}: kein eigener Anschluss an Kasse und Warenwirtschaft; die Lösung kommt als "
        "Modul des Systemanbieters bzw. Verbunds oder arbeitet mit dessen Standardexporten.",
        "en": "Constraint {constraint}: no own connection to tills and merchandise management; the solution comes as "
        "a module of the system provider or buying group, or works with its standard exports.",
    },
    "c_business_customers_only": {
        "de": "Randbedingung {constraint}: Verbraucherschutzrecht gilt hier nicht – der Hinweis auf personalisierte "
        "Preise nach Art. 246a EGBGB entfällt; die Hinweise nach Art. 50 KI-VO und Art. 12–14 DSGVO bleiben, auch "
        "gegenüber Einzelunternehmern und Ansprechpersonen der Kunden.",
        "en": "Constraint {constraint}: consumer law does not apply here – the notice on personalised prices under "
        "Art. 246a EGBGB is not needed; the notices under AI Act Art. 50 and GDPR Arts 12–14 remain, also towards "
        "sole traders and customers' contact persons.",
    },
    "c_independent_operators": {
        "de": "Randbedingung {constraint}: Der Pilot läuft in eigenen Standorten oder bei Partnern, die freiwillig "
        "teilnehmen; in die übrigen Partnerstandorte geht die Lösung nur mit deren Zustimmung, und was sie dort "
        "einspart, fällt bei den Partnern an.",
        "en": "Constraint {constraint}: the pilot runs in own stores or with partners who join voluntarily; the "
        "solution reaches the other partner stores only with their consent, and what it saves there accrues to "
        "the partners.",
    },
    "c_fixed_prices": {
        "de": "Randbedingung {constraint}: Preisregeln und Reduzierungen nur für Sortimente ohne gebundene Preise; "
        "preisgebundene Artikel schließt die Preislogik von Anfang an aus. Die Nutzenspanne im Business Case rechnet "
        "auf den ganzen Umsatz des Kanals, der preisgebundene Anteil fällt davon heraus.",
        "en": "Constraint {constraint}: price rules and reductions only for ranges without fixed prices; the pricing "
        "logic excludes price-maintained items from the start. The benefit range in the business case counts on the "
        "channel's whole revenue; the price-maintained share drops out of it.",
    },
    "c_no_cloud": {
        "de": "Randbedingung {constraint}: Betrieb on-premises oder in einer Private Cloud; Anbieterauswahl und "
        "Aufwand entsprechend.",
        "en": "Constraint {constraint}: operation on premises or in a private cloud; vendor choice and effort "
        "accordingly.",
    },
    "rationale": {
        "de": "Rang {rank}: Impact {impact:.1f}/10, Umsetzbarkeit {feasibility:.1f}/10. {drivers}",
        "en": "Rank {rank}: impact {impact:.1f}/10, feasibility {feasibility:.1f}/10. {drivers}",
    },
    "driver_goals": {"de": "Stützt die Ziele {goals}.", "en": "Supports the goals {goals}."},
    "driver_use_cases": {"de": "Enthält geplante Use Cases ({n}).", "en": "Contains planned use cases ({n})."},
    "driver_maturity": {
        "de": "Reifegrad {have} liegt unter dem benötigten Niveau {need} einzelner Initiativen.",
        "en": "Maturity {have} is below the level {need} some initiatives need.",
    },
    "driver_foundation": {
        "de": "Grundlage für andere Module ({n} Abhängigkeiten).",
        "en": "Foundation for other modules ({n} dependencies).",
    },
    "driver_foundation_one": {
        "de": "Grundlage für ein anderes Modul (1 Abhängigkeit).",
        "en": "Foundation for another module (1 dependency).",
    },
    "driver_mandatory": {"de": "Enthält gesetzliche Pflichten.", "en": "Contains legal obligations."},
    "driver_findings": {
        "de": "{n} Use Cases mit Auflagen oder Verbot erfordern Compliance-Arbeit.",
        "en": "{n} use cases with conditions or bans require compliance work.",
    },
    # warnings
    "field_goals": {"de": "Ziele", "en": "goals"},
    "field_planned_use_cases": {"de": "Geplante Anwendungsfälle", "en": "planned use cases"},
    "field_constraints": {"de": "Rahmenbedingungen", "en": "constraints"},
    "field_notes": {"de": "Notizen", "en": "notes"},
    "w_instruction_ignored": {
        "de": "Eine Eingabe unter „{field}“ enthält eine Anweisung an das Werkzeug: Sie wurde nicht befolgt, nur der "
        "Text davor wird als Angabe zum Unternehmen gelesen: {text}",
        "en": "An entry under “{field}” contains an instruction to the tool: it was not followed, only the text before "
        "it is read as information about the company: {text}",
    },
    "w_default": {
        "de": "Annahme: {path}: {value} (im Profil nicht angegeben).",
        "en": "Assumption: {path}: {value} (not given in the profile).",
    },
    "w_ai_scope": {
        "de": "Annahme: Die Vorhaben zu KI-Pflichten und KI-Governance ({items}) sind für den Umfang der KI kalkuliert, "
        "mit der das Unternehmen arbeitet, nicht für seinen Umsatz. Bei Datenreife {maturity}/5 läuft noch kein "
        "Machine Learning im Produktivbetrieb: Sie erfassen die wenigen Systeme der ersten Piloten und eingekaufter "
        "Software und die Beschäftigten, die damit arbeiten (unteres Ende der Kostenspanne für Unternehmen unter "
        "50 Mio. € Umsatz). Mit dem KI-Einsatz wächst ihr Aufwand.",
        "en": "Assumption: the AI duty and AI governance work ({items}) is costed for the scope of the AI the company "
        "works with, not for its revenue. At data maturity {maturity}/5 no machine learning runs in production yet: "
        "it covers the few systems of the first pilots and of bought software and the staff who work with them (the "
        "lower end of the cost range for companies under EUR 50m revenue). Its effort grows with the use of AI.",
    },
    "w_start_assumed": {
        "de": "Annahme: Start der Roadmap {start} (Monat nach dem Stand der Wissensbasis).",
        "en": "Assumption: the roadmap starts {start} (the month after the knowledge-base status).",
    },
    "w_deferred": {
        "de": "Zurückgestellt (nach Monat 24): „{title}“ – {reason}.",
        "en": "Deferred (after month 24): “{title}” – {reason}.",
    },
    "w_shift": {
        "de": "Verschoben: „{title}“ von {src} auf {dst} Monate – {reason}.",
        "en": "Moved: “{title}” from {src} to {dst} months – {reason}.",
    },
    "w_blocked": {
        "de": "Geplanter Use Case „{use_case}“ ist nicht zulässig und wurde nicht eingeplant. {alternative}",
        "en": "Planned use case “{use_case}” is not permitted and was not planned. {alternative}",
    },
    "w_blocked_alt": {"de": "Stattdessen eingeplant: „{title}“.", "en": "Planned instead: “{title}”."},
    "w_blocked_alt_unfunded": {
        "de": "Die zulässige Alternative „{title}“ ist in diesem Plan nicht finanziert.",
        "en": "The permitted alternative “{title}” is not funded in this plan.",
    },
    "w_unmapped": {
        "de": "Geplanter Use Case „{use_case}“ passt zu keiner Initiative der Wissensbasis; er ist nur im Compliance-Teil bewertet und braucht eine eigene Planung.",
        "en": "Planned use case “{use_case}” matches no initiative in the knowledge base; it is assessed in the compliance part only and needs its own planning.",
    },
    "w_unmapped_advised": {
        "de": "Geplanter Use Case „{use_case}“ passt zu keiner Initiative der Wissensbasis; er ist im Compliance-Teil "
        "bewertet, und seine Empfehlung sagt, wie er neben diesem Plan umgesetzt wird.",
        "en": "Planned use case “{use_case}” matches no initiative in the knowledge base; it is assessed in the "
        "compliance part, and its recommendation says how it is done beside this plan.",
    },
    "w_pulled": {
        "de": "Ergänzt: „{title}“, weil „{by}“ darauf aufbaut.",
        "en": "Added: “{title}”, because “{by}” builds on it.",
    },
    "w_degraded": {
        "de": "Agent „{module}“: LLM-Ausgabe nicht verwendbar ({reason}); der Offline-Entwurf wurde übernommen.",
        "en": "Agent “{module}”: LLM output not usable ({reason}); the offline draft was used.",
    },
    "w_partly_refined": {
        "de": "Agent „{module}“: {n} von {total} Entscheidungen und Texten vom Modell übernommen; aus dem Offline-Entwurf beibehalten: {fields} ({reason}).",
        "en": "Agent “{module}”: {n} of {total} decisions and texts taken from the model; kept from the offline draft: {fields} ({reason}).",
    },
    "w_llm_note": {"de": "Agent „{module}“: {note}.", "en": "Agent “{module}”: {note}."},
    "w_levers_degraded": {
        "de": "Hebel-Zuordnung der Ziele und Anwendungsfälle: LLM-Ausgabe nicht verwendbar ({reason}); die regelbasierte Zuordnung wurde übernommen.",
        "en": "Lever classification of goals and use cases: LLM output not usable ({reason}); the rule-based classification was used.",
    },
    "w_summary_degraded": {
        "de": "Koordinator: LLM-Zusammenfassung nicht verwendbar ({reason}); berechnete Zusammenfassung übernommen.",
        "en": "Coordinator: LLM summary not usable ({reason}); the computed summary was used.",
    },
    "w_gate_pulled": {
        "de": "Ergänzt: „{title}“, weil „{by}“ diese Maßnahme vor dem Go-live erfordert.",
        "en": "Added: “{title}”, because “{by}” requires this measure before go-live.",
    },
    "w_measure_pulled": {
        "de": "Ergänzt: „{title}“, weil der geplante Use Case „{by}“ diese Maßnahme vor einem Einsatz erfordert; "
        "der Plan setzt ihn nicht selbst um, schafft aber diese Voraussetzung, falls er als eigenes Vorhaben "
        "daneben läuft.",
        "en": "Added: “{title}”, because the planned use case “{by}” requires this measure before it can be used; the "
        "plan does not realise it itself, but provides this precondition in case it runs as a project of its own "
        "beside the plan.",
    },
    "w_deferred_summary": {
        "de": "{n} Meilensteine mit zusammen {total} passen nicht in Budget oder interne Kapazität der 24 Monate; sie stehen im Backlog.",
        "en": "{n} milestones totalling {total} do not fit the 24 months' budget or internal capacity; they are listed in the backlog.",
    },
    "w_deferred_summary_one": {
        "de": "1 Meilenstein mit {total} passt nicht in Budget oder interne Kapazität der 24 Monate; er steht im Backlog.",
        "en": "1 milestone of {total} does not fit the 24 months' budget or internal capacity; it is listed in the backlog.",
    },
    "w_dropped": {
        "de": "Nicht eingeplant: „{title}“, weil die Voraussetzung „{prereq}“ für dieses Unternehmen nicht umsetzbar ist.",
        "en": "Not planned: “{title}”, because its prerequisite “{prereq}” does not apply to this company.",
    },
    "w_over_capacity": {
        "de": "Gesetzliche Pflichten benötigen in Monat {month} zusammen {need:.1f} FTE bei {have:g} verfügbaren; externe Unterstützung einplanen.",
        "en": "Legal duties need {need:.1f} FTE in month {month} with {have:g} available; plan external support.",
    },
    "w_over_budget": {
        "de": "Pflichtmaßnahmen allein übersteigen das Budget ({total} bei {limit}).",
        "en": "Mandatory measures alone exceed the budget ({total} vs {limit}).",
    },
    "reason_budget": {"de": "Budgetgrenze", "en": "budget limit"},
    "reason_capacity": {"de": "interne Kapazität (FTE) ausgeschöpft", "en": "internal capacity (FTE) exhausted"},
    "reason_phase_budget": {
        "de": "Budgetrahmen der Phase ausgeschöpft",
        "en": "the phase's budget cap is used up",
    },
    "reason_dependency": {
        "de": "Voraussetzung „{title}“ liegt später oder ist zurückgestellt",
        "en": "prerequisite “{title}” comes later or is deferred",
    },
    "reason_package_budget": {
        "de": "Budgetgrenze: zusammen mit der nötigen Voraussetzung „{title}“ übersteigt es das Budget",
        "en": "budget limit: together with the prerequisite it needs, “{title}”, it exceeds the budget",
    },
    "reason_alternative": {
        "de": "stattdessen ist „{title}“ eingeplant, der Einstieg zum selben Ergebnis",
        "en": "“{title}” is planned instead, the entry-level way to the same result",
    },
    "reason_gate_covered": {
        "de": "für diesen Plan nicht nötig: Der erste Schritt deckt die eingeplanten Vorhaben ab, die er absichert",
        "en": "not needed for this plan: the first step covers the planned initiatives it safeguards",
    },
    "reason_idle_gate": {
        "de": "vorerst nicht eingeplant: erst mit den Vorhaben nötig, die es absichert, und diese sind zurückgestellt;"
        " die Freigaben der eingeplanten Piloten (etwa DSFA, Auftragsverarbeitungsvertrag, Hinweise) sind Teil ihrer"
        " Vorbereitung",
        "en": "not scheduled yet: needed only with the initiatives it safeguards, which are deferred; the planned"
        " pilots' own release conditions (such as a DPIA, a processor agreement, notices) are part of their"
        " preparation",
    },
    "reason_maturity": {"de": "benötigt Datenreifegrad {level}", "en": "needs data maturity {level}"},
    "qw_none_compliance": {
        "de": "Kein Quick-Win im engeren Sinn: Die Compliance-Maßnahmen sind Pflicht und, soweit sie als Freigabe genannt sind, Voraussetzung für den Go-live der Anwendungsfälle, liefern aber selbst keinen Geschäftswert.",
        "en": "No quick win in the strict sense: the compliance measures are duties and, where named as gates, preconditions for the use cases' go-live, but deliver no business value themselves.",
    },
    "qw_none_nothing": {
        "de": "Kein Quick-Win: In diesem Modul ist in den 24 Monaten kein Vorhaben eingeplant.",
        "en": "No quick win: nothing in this module is planned within the 24 months.",
    },
    "qw_none_later": {
        "de": "Kein Quick-Win in den ersten sechs Monaten: Der erste Schritt „{title}“ liefert Ergebnisse erst ab Monat {month}.",
        "en": "No quick win in the first six months: the first step “{title}” delivers results from month {month}.",
    },
    "qw_none_duty": {
        "de": "Kein Quick-Win im engeren Sinn: Der erste Schritt „{title}“ ist eine gesetzliche Pflicht und wird deshalb zuerst umgesetzt.",
        "en": "No quick win in the strict sense: the first step “{title}” is a legal duty and therefore comes first.",
    },
    "qw_none_enabling": {
        "de": "Kein Quick-Win im engeren Sinn: Der erste Schritt „{title}“ schafft Voraussetzungen für die Anwendungsfälle, liefert aber selbst keinen messbaren Geschäftswert; Quick-Wins können nur die Wertmodule liefern.",
        "en": "No quick win in the strict sense: the first step “{title}” creates preconditions for the use cases but delivers no measurable business value itself; only the value modules can deliver quick wins.",
    },
    "qw_none_hard": {
        "de": "Kein Quick-Win: Der erste Schritt „{title}“ liefert bis Monat {month} Ergebnisse, ist für dieses "
        "Unternehmen aber kein risikoarmer Schritt (Umsetzbarkeit {feasibility}/10: {why}).",
        "en": "No quick win: the first step “{title}” delivers results by month {month} but is no low-risk step for "
        "this company (feasibility {feasibility}/10: {why}).",
    },
    "qw_drag_base": {"de": "das Vorhaben selbst ist anspruchsvoll", "en": "the initiative itself is demanding"},
    "qw_none_costly": {
        "de": "Kein Quick-Win: Der erste Schritt „{title}“ liefert bis Monat {month} Ergebnisse, bindet aber mehr als ein Zehntel des Budgets.",
        "en": "No quick win: the first step “{title}” delivers results by month {month} but takes more than a tenth of the budget.",
    },
    "driver_unfunded": {
        "de": "In diesem Plan ohne eigenes Vorhaben: Budget und Kapazität gehen an Module mit mehr Wert für die "
        "Ziele; die Kandidaten stehen im Backlog.",
        "en": "No initiative of its own in this plan: budget and capacity go to modules with more value for the "
        "goals; the candidates are in the backlog.",
    },
    "driver_enabling": {
        "de": "Pflicht und Grundlage: wird umgesetzt, weil das Gesetz es verlangt oder der Nutzen der anderen Module darauf aufbaut – nicht, weil es selbst den meisten Wert liefert.",
        "en": "Duty and foundation: done because the law requires it or the other modules' value builds on it – not because it delivers the most value itself.",
    },
    "bind_added": {"de": "brächten „{title}“ in die 24 Monate", "en": "would bring “{title}” into the 24 months"},
    "bind_earlier": {"de": "zögen „{title}“ um {n} Monate vor", "en": "would start “{title}” {n} months earlier"},
    # the same effects after a singular subject ("ein Pilot mehr zugleich …")
    "bind_added_one": {"de": "brächte „{title}“ in die 24 Monate", "en": "would bring “{title}” into the 24 months"},
    "bind_earlier_one": {"de": "zöge „{title}“ um {n} Monate vor", "en": "would start “{title}” {n} months earlier"},
    "bind_fte": {
        "de": "Interne FTE in Monat 1–6 begrenzen den Plan: +{extra} FTE {effect}.",
        "en": "Internal FTE in months 1–6 limit the plan: +{extra} FTE {effect}.",
    },
    "bind_budget": {
        "de": "Das Budget begrenzt den Plan: Ein Fünftel mehr verplanbares Budget (+{extra}, ohne Reserve) {effect}.",
        "en": "The budget limits the plan: a fifth more plannable budget (+{extra}, reserve excluded) {effect}.",
    },
    "bind_late": {
        "de": "Der Plan hält mindestens {share} % des Budgets für Wertvorhaben in den Monaten 12–24 vor, damit Rollouts "
        "den Ergebnissen des ersten Jahres folgen: Ohne diese Vorgabe {effect}; nach einer positiven Wirkungsprüfung "
        "kann die Geschäftsführung die Mittel vorziehen.",
        "en": "The plan keeps at least {share}% of the budget for value work in months 12–24 so that rollouts follow "
        "the first year's results: without this rule, the plan {effect}; after a positive impact review, management can "
        "release the money sooner.",
    },
    "bind_pilots": {
        "de": "Die Obergrenze für gleichzeitige Piloten ({cap}) begrenzt den Plan: ein Pilot mehr zugleich – bei höherem Steuerungsaufwand – {effect}.",
        "en": "The cap on pilots at a time ({cap}) limits the plan: one more pilot at once – at more management effort – {effect}.",
    },
    "reason_horizon": {
        "de": "endet mit Vorlauf und Reifegrad erst nach Monat 24",
        "en": "with its lead time and the maturity gap it would end after month 24",
    },
    "reason_pilot_cap": {
        "de": "Obergrenze gleichzeitiger Piloten erreicht",
        "en": "the cap on pilots running at once is reached",
    },
    "reason_value": {
        "de": "geringerer Wertbeitrag als die eingeplanten Vorhaben bei denselben Ressourcen",
        "en": "less value than the planned initiatives for the same resources",
    },
    # executive summary
    "sum_top": {"de": "Top-Prioritäten: {items}.", "en": "Top priorities: {items}."},
    "sum_goals": {"de": "Zielabdeckung: {items}.", "en": "Goal coverage: {items}."},
    "cov_goal_pilot_only": {
        "de": "In den 24 Monaten nur als Pilot: Der Rollout ist nicht finanziert, über ihn entscheidet die nächste "
        "Budgetrunde nach der Wirkungsprüfung.",
        "en": "Only a pilot within the 24 months: the rollout is not funded; the next budget round decides on it after "
        "the impact review.",
    },
    "goal_later": {"de": "nicht in den 24 Monaten: {items}", "en": "not within 24 months: {items}"},
    "goal_later_item": {"de": "{title} (Pilot {cost}; {reason})", "en": "{title} (pilot {cost}; {reason})"},
    "goal_reserve_option": {
        "de": ". Der günstigste Einstieg – {items}, zusammen {cost} – passt nicht in den verplanten Rahmen, nur in "
        "die nicht verplanten {free} (Reserve): Zieht die Geschäftsführung das Ziel vor, bleiben {left} für Mehrkosten, "
        "und interne Kapazität und Zeitplan sind neu zu prüfen.",
        "en": ". The cheapest way in – {items}, {cost} in all – does not fit the allocated budget, only the {free} not "
        "allocated (reserve): if the board brings the goal forward, {left} remain for overruns, and internal capacity "
        "and timing need a fresh check.",
    },
    "goal_later_unselected": {
        "de": "{title} (nicht ausgewählt: nach Impact und Umsetzbarkeit schwächer als die ausgewählten Initiativen "
        "des Moduls)",
        "en": "{title} (not selected: weaker on impact and feasibility than the module's selected initiatives)",
    },
    "goal_none": {
        "de": "keine Initiative der Wissensbasis passt eindeutig; im Zielbild konkretisieren",
        "en": "no knowledge-base initiative clearly fits; make the goal more concrete",
    },
    # goal and use-case coverage (roadmap.json 1.1)
    "cov_goal_planned": {
        "de": "Diese geplanten Initiativen wirken am stärksten auf das Ziel: {items}.",
        "en": "These planned initiatives move this goal most: {items}.",
    },
    "cov_goal_first_step": {
        "de": "Was darauf aufbaut, ist nicht in den 24 Monaten geplant: {items}.",
        "en": "What builds on them is not planned within the 24 months: {items}.",
    },
    "cov_uc_planned": {
        "de": "Im Plan: Pilot und Ausrollen innerhalb der 24 Monate.",
        "en": "In the plan: pilot and rollout within the 24 months.",
    },
    "cov_uc_pilot_only": {
        "de": "Im Plan nur als Pilot; das Ausrollen steht im Backlog (nach 24 Monaten).",
        "en": "In the plan as a pilot only; the rollout is in the backlog (after 24 months).",
    },
    "cov_uc_measures": {
        "de": "Go-live erst nach diesen Maßnahmen: {measures}.",
        "en": "Go-live only after these measures: {measures}.",
    },
    "cov_uc_unassessed": {
        "de": "Keine spezifische Regel der Wissensbasis erkannt: vor dem Go-live einzeln rechtlich prüfen.",
        "en": "No specific knowledge-base rule recognised: have it assessed individually before go-live.",
    },
    "cov_uc_not_everyone": {
        "de": "Nicht an alle: E-Mail-Werbung nur an Empfängerinnen und Empfänger mit ausdrücklicher Einwilligung (§ 7 Abs. 2 Nr. 2 UWG) oder, bei Bestandskunden, nur wenn alle vier Bedingungen des § 7 Abs. 3 UWG erfüllt sind.",
        "en": "Not to everyone: e-mail advertising only to recipients with express consent (§ 7(2) No. 2 UWG) or, for existing customers, only where all four conditions of § 7(3) UWG are met.",
    },
    "cov_uc_deferred_reason": {
        "de": "Passende Initiative vorhanden, aber in den 24 Monaten nicht eingeplant – {reason}.",
        "en": "A matching initiative exists but is not scheduled within 24 months – {reason}.",
    },
    "cov_uc_deferred": {
        "de": "Passende Initiative vorhanden, aber in den 24 Monaten nicht eingeplant (Backlog oder nicht ausgewählt).",
        "en": "A matching initiative exists but is not scheduled within 24 months (backlog or not selected).",
    },
    "cov_uc_none": {
        "de": "Keine Initiative der Wissensbasis setzt diesen Anwendungsfall um: als eigenes Vorhaben mit einem Anbieter prüfen und bewerten.",
        "en": "No knowledge-base initiative realises this use case: assess it as a separate project with a provider.",
    },
    "cov_uc_blocked": {
        "de": "So nicht zulässig und nicht geplant. {alternative}",
        "en": "Not permitted as planned and not scheduled. {alternative}",
    },
    "sum_quick": {"de": "Quick Wins der ersten 6 Monate: {items}.", "en": "Quick wins of the first 6 months: {items}."},
    "sum_no_quick": {
        "de": "Keine Quick Wins in den ersten 6 Monaten möglich; Fokus auf Grundlagen.",
        "en": "No quick wins possible in the first 6 months; focus on foundations.",
    },
    "sum_budget": {
        "de": "Budget: {total} von {limit} (0–6 Monate: {p1}; 6–12: {p2}; 12–24: {p3}); Reserve {reserve}.",
        "en": "Budget: {total} of {limit} (0–6 months: {p1}; 6–12: {p2}; 12–24: {p3}); reserve {reserve}.",
    },
    "sum_risks": {"de": "Wesentliche Risiken: {items}.", "en": "Key risks: {items}."},
    "risk_blocked": {
        "de": "{n} geplante Use Cases unzulässig ({items})",
        "en": "{n} planned use cases not permitted ({items})",
    },
    "risk_blocked_one": {
        "de": "1 geplanter Use Case unzulässig ({items})",
        "en": "1 planned use case not permitted ({items})",
    },
    "risk_high": {
        "de": "{n} Hochrisiko-KI-Systeme nach KI-VO (Pflichten ab 2. Dezember 2027)",
        "en": "{n} high-risk AI systems under the AI Act (obligations from 2 December 2027)",
    },
    "risk_high_one": {
        "de": "1 Hochrisiko-KI-System nach KI-VO (Pflichten ab 2. Dezember 2027)",
        "en": "1 high-risk AI system under the AI Act (obligations from 2 December 2027)",
    },
    "risk_bottleneck": {
        "de": "{n} Piloten hängen an {title} (bis Monat {end})",
        "en": "{n} pilots hinge on {title} (until month {end})",
    },
    "risk_maturity": {
        "de": "niedriger Datenreifegrad ({level}/5) verzögert KI-Anwendungen",
        "en": "low data maturity ({level}/5) delays AI applications",
    },
    "sum_decisions": {"de": "Entscheidungen der Geschäftsführung: {items}.", "en": "Decisions for the board: {items}."},
    "dec_budget": {
        "de": "{first} für die Monate 0–12 freigeben und {second} für die Monate 12–24 erst nach den Wirkungsprüfungen der Piloten; {reserve} des Budgets bleiben Reserve für Mehrkosten und Nachsteuerung",
        "en": "approve {first} for months 0–12 and release {second} for months 12–24 only after the pilots' impact reviews; {reserve} of the budget stays in reserve for overruns and adjustments",
    },
    "dec_budget_year_one": {
        "de": "{first} für die Monate 0–12 freigeben; für die Monate 12–24 plant die Roadmap keine Ausgaben, über "
        "Rollouts entscheidet die nächste Budgetrunde nach den Wirkungsprüfungen; {reserve} des Budgets bleiben "
        "Reserve für Mehrkosten und Nachsteuerung",
        "en": "approve {first} for months 0–12; the roadmap plans no spending for months 12–24, the next budget round "
        "decides on rollouts after the impact reviews; {reserve} of the budget stays in reserve for overruns and "
        "adjustments",
    },
    "dec_budget_idle": {
        "de": "; weitere {idle} sind nicht verplant: Den Plan begrenzen interne Kapazität, Pilotzahl oder "
        "Abhängigkeiten, nicht das Budget (siehe „Engpässe des Plans“)",
        "en": "; a further {idle} is not allocated: internal capacity, the number of pilots or dependencies limit "
        "the plan, not the budget (see “What limits the plan”)",
    },
    "dec_budget_idle_short": {
        "de": "; weitere {idle} sind nicht verplant: Sie reichen für keinen der wegen der Budgetgrenze zurückgestellten "
        "Schritte (der kleinste kostet {smallest}) und bleiben für die nächste Budgetrunde",
        "en": "; a further {idle} is not allocated: it covers none of the steps deferred for the budget limit (the "
        "smallest costs {smallest}) and stays for the next budget round",
    },
    "dec_budget_no_pilots": {
        "de": "{first} für die Monate 0–12 freigeben und {second} für die Monate 12–24 erst nach einer Prüfung der "
        "Pflicht- und Grundlagenarbeit zum Ende des ersten Jahres; {reserve} des Budgets bleiben Reserve für "
        "Mehrkosten und Nachsteuerung",
        "en": "approve {first} for months 0–12 and release {second} for months 12–24 only after a review of the duty "
        "and foundation work at the end of the first year; {reserve} of the budget stays in reserve for overruns "
        "and adjustments",
    },
    "dec_owner": {
        "de": "eine KI-verantwortliche Person mit Mandat benennen",
        "en": "appoint an accountable AI lead with a mandate",
    },
    "dec_country_assumed": {
        "de": "bestätigen, dass deutsches Recht gilt: Das Profil nennt kein Land, die rechtliche Bewertung setzt Deutschland voraus",
        "en": "confirm that German law applies: the profile names no country, and the legal review assumes Germany",
    },
    "dec_dpia": {
        "de": "die Datenschutz-Folgenabschätzungen für {items} vor dem jeweiligen Go-live abnehmen (Art. 35 DSGVO)",
        "en": "sign off the data protection impact assessments for {items} before each go-live (GDPR Art. 35)",
    },
    "dec_dpia_more": {
        "de": " und {n} weitere Systeme (Liste in der Compliance-Bewertung)",
        "en": " and {n} more systems (listed in the compliance review)",
    },
    "dec_dpia_more_one": {
        "de": " und ein weiteres System (Liste in der Compliance-Bewertung)",
        "en": " and one more system (listed in the compliance review)",
    },
    "dec_dpo": {
        "de": "die Benennung einer oder eines Datenschutzbeauftragten bestätigen oder sofort nachholen und sie oder ihn "
        "an den DSFA beteiligen (Pflicht, wenn in der Regel mindestens 20 Personen ständig mit der automatisierten "
        "Verarbeitung personenbezogener Daten beschäftigt sind, und bei jeder DSFA-pflichtigen Verarbeitung: "
        "Art. 37 DSGVO, § 38 Abs. 1 BDSG)",
        "en": "confirm the designation of a data protection officer or make it now, and involve them in the DPIAs "
        "(mandatory where as a rule at least 20 people are constantly engaged in the automated processing of personal "
        "data, and for any processing requiring a DPIA: GDPR Art. 37, § 38(1) BDSG)",
    },
    "dec_dpo_no_dpia": {
        "de": "die Benennung einer oder eines Datenschutzbeauftragten bestätigen oder nachholen (Pflicht, wenn in der "
        "Regel mindestens 20 Personen ständig mit der automatisierten Verarbeitung personenbezogener Daten "
        "beschäftigt sind: Art. 37 DSGVO, § 38 Abs. 1 BDSG)",
        "en": "confirm or make the designation of a data protection officer (mandatory where as a rule at least 20 "
        "people are constantly engaged in the automated processing of personal data: GDPR Art. 37, § 38(1) BDSG)",
    },
    "dec_alcohol": {
        "de": "festlegen, dass Kundenprofile für {items} keine Merkmale zu Trinkmenge oder -häufigkeit bilden, auch "
        "nicht für Versandzeitpunkte oder Wiederkauf-Auslöser (Art. 9 DSGVO: Gesundheitsdaten)",
        "en": "rule that customer profiles for {items} derive no features on drinking volume or frequency, also not "
        "for send times or repurchase triggers (GDPR Art. 9: health data)",
    },
    "dec_targeting": {
        "de": "festlegen, wer die Vorgabe des Unternehmens {constraint} vor jedem Go-live technisch sichert (eine "
        "geprüfte Volljährigkeit vor jeder Einwilligung, keine bloße Selbstauskunft), auch für bereits gespeicherte "
        "Kundinnen, Kunden und Abonnenten",
        "en": "decide who secures the company's rule {constraint} technically before each go-live (verified legal age "
        "before any consent, not a mere self-declaration), also for customers and subscribers already on file",
    },
    "dec_works_council_unknown": {
        "de": "vor dem ersten Pilotstart klären, ob ein Betriebsrat besteht: Falls ja, ist er vorher über die KI-Vorhaben zu unterrichten (§ 90 Abs. 1 Nr. 3 BetrVG), und {items} brauchen vor dem Go-live seine Zustimmung – für den Pilot eine Pilotvereinbarung, für den Dauerbetrieb eine Betriebsvereinbarung (§ 87 Abs. 1 Nr. 6 BetrVG)",
        "en": "establish before the first pilot starts whether there is a works council: if so, it must be informed about the AI plans beforehand (§ 90(1) No. 3 BetrVG), and {items} need its consent before go-live – a pilot agreement for the pilot, a works agreement for regular operation (§ 87(1) No. 6 BetrVG)",
    },
    "dec_works_council_unknown_general": {
        "de": "vor dem ersten Pilotstart klären, ob ein Betriebsrat besteht: Falls ja, ist er vorher über den Einsatz von KI in Arbeitsabläufen zu unterrichten (§ 90 Abs. 1 Nr. 3 BetrVG), und Systeme, die objektiv geeignet sind, Verhalten oder Leistung der Beschäftigten zu überwachen – etwa weil ihre Protokolle zeigen, wer was getan hat –, brauchen seine Zustimmung (§ 87 Abs. 1 Nr. 6 BetrVG)",
        "en": "establish before the first pilot starts whether there is a works council: if so, it must be informed beforehand about AI in work processes (§ 90(1) No. 3 BetrVG), and systems that are objectively able to monitor employees' behaviour or performance – for instance because their logs show who did what – need its consent (§ 87(1) No. 6 BetrVG)",
    },
    "dec_inform_works_council": {
        "de": "den Betriebsrat schon jetzt in der Planung über die KI-Vorhaben unterrichten (§ 90 Abs. 1 Nr. 3 BetrVG)",
        "en": "inform the works council about the AI plans now, at the planning stage (§ 90(1) No. 3 BetrVG)",
    },
    "risk_quick_wish": {
        "de": "Die Geschäftsführung wünscht laut Profil schnell sichtbare Erfolge; der Plan hat keinen Quick-Win, der erste wertschaffende Pilot liefert Ergebnisse in Monat {month}",
        "en": "Management wants fast visible results according to the profile; the plan has no quick win, and the first value pilot delivers results in month {month}",
    },
    "risk_consent_unproven": {
        "de": "{n} Newsletter-Empfänger ohne Einwilligungsmanagement: die Werbeeinwilligungen sind möglicherweise nicht nachweisbar, das ist zu prüfen (Art. 7 Abs. 1 DSGVO, § 7 Abs. 2 Nr. 2 UWG)",
        "en": "{n} newsletter recipients without consent management: the marketing consents may not be provable and need checking (GDPR Art. 7(1), § 7(2) No. 2 UWG)",
    },
    "dec_consent_check": {
        "de": "Werbe-E-Mails an die {n} Newsletter-Empfänger ab sofort nur an Adressen mit nachweisbarer Einwilligung "
        "senden und die Nachweise in den ersten drei Monaten prüfen lassen; keine Bitte um erneute Einwilligung per "
        "E-Mail (sie ist selbst Werbung); ohne Einwilligung nur an Bestandskunden, bei denen alle vier Bedingungen "
        "des § 7 Abs. 3 UWG nachweislich erfüllt sind (Art. 7 Abs. 1 DSGVO, § 7 Abs. 2 Nr. 2 UWG)",
        "en": "from now on send marketing e-mails to the {n} newsletter recipients only where consent is provable, and "
        "have the records checked within the first three months; no request for renewed consent by e-mail (it is "
        "itself advertising); without consent only to existing customers who demonstrably meet all four conditions of "
        "§ 7(3) UWG (GDPR Art. 7(1), § 7(2) No. 2 UWG)",
    },
    "dec_works_council": {
        "de": "Verhandlung einer Rahmen-Betriebsvereinbarung KI beauftragen",
        "en": "mandate negotiation of a framework works agreement on AI",
    },
    "dec_works_council_if": {
        "de": "falls ein Betriebsrat besteht (siehe die Klärung unten): Verhandlung einer Rahmen-Betriebsvereinbarung KI "
        "beauftragen",
        "en": "if there is a works council (see the check below): mandate negotiation of a framework works agreement "
        "on AI",
    },
    "dec_genai_stop": {
        "de": "mit sofortiger Wirkung anweisen, dass keine Kunden- oder Personaldaten mehr in frei verfügbare "
        "KI-Chatdienste eingegeben werden; erlaubt ist nur eine Geschäftsversion mit Auftragsverarbeitungsvertrag "
        "(Art. 28 DSGVO), ohne Training mit den Eingaben",
        "en": "instruct with immediate effect that no customer or staff data are entered into freely available AI "
        "chat services any more; only a business version with a processor agreement (GDPR Art. 28) that does not "
        "train on the inputs is allowed",
    },
    "dec_redesign": {
        "de": "bestätigen, dass Use Cases, die als Hochrisiko-KI beschrieben sind, in einer Gestaltung ohne "
        "Hochrisiko umgesetzt werden: {items}",
        "en": "confirm that use cases described as high-risk AI are realised in a design that is not high-risk: "
        "{items}",
    },
    "dec_redesign_anonymous": {
        "de": "bestätigen, dass Use Cases, die Personen erfassen würden, anonym umgesetzt werden: {items}",
        "en": "confirm that use cases that would capture people are realised anonymously: {items}",
    },
    "dec_redesign_item": {
        "de": "{use_case} als {title}",
        "en": "{use_case} as {title}",
    },
    "dec_blocked_dropped": {
        "de": "bestätigen, dass unzulässige Use Cases nicht verfolgt werden",
        "en": "confirm that non-permitted use cases are not pursued",
    },
    "dec_alternatives": {
        "de": "Alternativen zu unzulässigen Use Cases bestätigen",
        "en": "confirm alternatives to non-permitted use cases",
    },
    "dec_high_risk": {
        "de": "Einsatz von Hochrisiko-KI nur mit menschlicher Aufsicht und Dokumentation freigeben",
        "en": "approve high-risk AI only with human oversight and documentation",
    },
    # fixed texts of the compliance fallback, the single-prompt baseline and a resumed run
    "citation_catalog": {
        "de": "Planungsannahme des Fahrplan-Katalogs, keine externe Quelle",
        "en": "Fahrplan catalogue planning assumption, no external source",
    },
    "cov_uc_anonymised": {
        "de": "Die Roadmap setzt den Zweck mit „{title}“ um, das nur anonyme, zusammengefasste Werte ausgibt – ohne "
        "Gerätekennungen und ohne Wiedererkennung von Personen. In der beschriebenen Form ist der Use Case nicht "
        "eingeplant; er würde Kundschaft und Beschäftigte erfassen und bräuchte: {measures}.",
        "en": "The roadmap serves the purpose with “{title}”, which outputs only anonymous aggregates – no device "
        "identifiers, no recognition of anyone. In the form described the use case is not planned; it would capture "
        "customers and staff and would need: {measures}.",
    },
    "cov_uc_redesigned": {
        "de": "Die Roadmap setzt den Zweck in der Gestaltung von „{title}“ um, die nach ihrer eigenen Prüfung kein "
        "Hochrisiko-System ist; in der beschriebenen Form (Hochrisiko nach KI-VO) ist der Use Case nicht eingeplant.",
        "en": "The roadmap serves the purpose through the design of “{title}”, which its own review finds not "
        "high-risk; in the form described (high-risk under the AI Act) the use case is not planned.",
    },
    "cov_uc_redesigned_deferred": {
        "de": "Der Zweck ließe sich in der Gestaltung von „{title}“ umsetzen, die nach ihrer eigenen Prüfung kein "
        "Hochrisiko-System ist; sie ist in den 24 Monaten nicht eingeplant – {reason}. In der beschriebenen Form "
        "(Hochrisiko nach KI-VO) ist der Use Case nicht eingeplant.",
        "en": "The purpose could be served through the design of “{title}”, which its own review finds not high-risk; "
        "it is not scheduled within 24 months – {reason}. In the form described (high-risk under the AI Act) the use "
        "case is not planned.",
    },
    "cov_uc_not_selected": {"de": "im Backlog oder nicht ausgewählt", "en": "in the backlog or not selected"},
    "legal_explicit_only": {
        "de": "Für die besonderen Kategorien ist die ausdrückliche Einwilligung (Art. 9 Abs. 2 lit. a DSGVO) die "
        "Grundlage; eine Interessenabwägung trägt diese Verarbeitung nicht.",
        "en": "For the special categories, explicit consent (GDPR Art. 9(2)(a)) is the basis; a legitimate-interest "
        "balancing does not carry this processing.",
    },
    "legal_one_basis": {
        "de": "Weil {why}, ist die Rechtsgrundlage hier die Einwilligung (Art. 6 Abs. 1 lit. a DSGVO); eine "
        "Interessenabwägung trägt diese Verarbeitung nicht, auch wenn sie für eine Auswertung ohne diesen Schritt "
        "genügen könnte.",
        "en": "Because {why}, the legal basis here is consent (GDPR Art. 6(1)(a)); a legitimate-interest balancing "
        "does not carry this processing, even where it could suffice for an analysis without this step.",
    },
    "legal_one_basis_email": {
        "de": "Weil E-Mail-Werbung eine vorherige ausdrückliche Einwilligung braucht (§ 7 Abs. 2 Nr. 2 UWG), ist die "
        "Rechtsgrundlage im Regelfall die Einwilligung (Art. 6 Abs. 1 lit. a DSGVO). Ohne sie dürfen nur "
        "Bestandskundinnen und -kunden angeschrieben werden, bei denen alle vier Bedingungen des § 7 Abs. 3 UWG "
        "erfüllt sind; diese Verarbeitung trägt dann eine dokumentierte Interessenabwägung (Art. 6 Abs. 1 lit. f "
        "DSGVO), solange nichts über das unbedingt Erforderliche hinaus vom Endgerät gelesen wird.",
        "en": "Because e-mail advertising needs prior express consent (§ 7(2) No. 2 UWG), the legal basis is as a rule "
        "consent (GDPR Art. 6(1)(a)). Without it, only existing customers who meet all four conditions of § 7(3) UWG "
        "may be e-mailed; that processing then rests on a documented legitimate-interest balancing (GDPR Art. "
        "6(1)(f)), as long as nothing beyond what is strictly necessary is read from the device.",
    },
    "legal_one_basis_email_members": {
        "de": "Weil E-Mail-Werbung eine vorherige ausdrückliche Einwilligung braucht (§ 7 Abs. 2 Nr. 2 UWG), ist die "
        "Rechtsgrundlage im Regelfall die Einwilligung (Art. 6 Abs. 1 lit. a DSGVO). Ohne sie dürfen nur "
        "Bestandskundinnen und -kunden angeschrieben werden, bei denen alle vier Bedingungen des § 7 Abs. 3 UWG "
        "erfüllt sind; eine dokumentierte Interessenabwägung (Art. 6 Abs. 1 lit. f DSGVO) trägt dann das Anschreiben, "
        "nicht aber Inhalte aus den Kauf- und Interessenprofilen des Kundenprogramms: Diese Profile brauchen die "
        "Einwilligung der Mitglieder (Art. 6 Abs. 1 lit. a, Art. 7 DSGVO).",
        "en": "Because e-mail advertising needs prior express consent (§ 7(2) No. 2 UWG), the legal basis is as a rule "
        "consent (GDPR Art. 6(1)(a)). Without it, only existing customers who meet all four conditions of § 7(3) UWG "
        "may be e-mailed; a documented legitimate-interest balancing (GDPR Art. 6(1)(f)) then carries the mailing, "
        "but not content drawn from the loyalty programme's purchase and interest profiles: those profiles need the "
        "members' consent (GDPR Art. 6(1)(a), Art. 7).",
    },
    "legal_consent_and": {"de": " und weil ", "en": " and because "},
    "legal_email_everyone": {
        "de": "An alle, wie beschrieben, darf die Kampagne nicht gehen; zulässig ist sie nur mit dieser Auflage: "
        "Angeschrieben wird nur, wer vorher ausdrücklich eingewilligt hat (§ 7 Abs. 2 Nr. 2 UWG) oder als "
        "Bestandskundin bzw. Bestandskunde alle vier Bedingungen des § 7 Abs. 3 UWG erfüllt. Ein Versand an alle "
        "ohne diese Prüfung wäre eine unzumutbare Belästigung (§ 7 UWG).",
        "en": "The campaign may not go to everyone as described; it is permitted only with this condition: only "
        "those who gave prior express consent (§ 7(2) No. 2 UWG) or who, as existing customers, meet all four "
        "conditions of § 7(3) UWG are e-mailed. Sending to everyone without this check would be an unreasonable "
        "nuisance (§ 7 UWG).",
    },
    "legal_email_members": {
        "de": "Auch die Mitglieder des Kundenprogramms dürfen nicht pauschal auf berechtigtes Interesse gestützt per "
        "E-Mail beworben werden; die Mitgliedschaft allein ist keine ausdrückliche Einwilligung in E-Mail-Werbung.",
        "en": "The members of the loyalty programme, too, may not be sent e-mail advertising across the board on the "
        "basis of legitimate interest; membership alone is no express consent to e-mail advertising.",
    },
    "legal_consent_email": {
        "de": "E-Mail-Werbung eine vorherige ausdrückliche Einwilligung braucht (§ 7 Abs. 2 Nr. 2 UWG)",
        "en": "e-mail advertising needs prior express consent (§ 7(2) No. 2 UWG)",
    },
    "legal_consent_designed": {
        "de": "das System nur die Daten von Kundinnen und Kunden nutzt, die eingewilligt haben",
        "en": "the system uses only the data of customers who consented",
    },
    "dpia_loyalty_duty": {
        "de": "Für dieses Unternehmen ist der Schritt Pflicht, auch ohne neues KI-Vorhaben: Das Kundenkarten- bzw. "
        "Bonusprogramm bildet Kaufprofile, für die die Muss-Liste der DSK eine DSFA verlangt; die erste DSFA gilt "
        "diesem Programm.",
        "en": "For this company the step is a duty even without a new AI project: the loyalty or bonus programme "
        "builds purchasing profiles for which the DSK mandatory list requires a DPIA; the first DPIA covers that "
        "programme.",
    },
    "legal_consent_loyalty": {
        "de": "aus den Daten des Kundenprogramms umfassende Kauf- und Interessenprofile für Werbung und Angebote "
        "entstehen (eingeholt wird die Einwilligung am besten bei der Anmeldung zum Programm, nachweisbar nach "
        "Art. 7 DSGVO)",
        "en": "comprehensive purchase and interest profiles for advertising and offers are built from the loyalty "
        "programme's data (consent is best obtained when members join the programme, provable under GDPR Art. 7)",
    },
    "legal_consent_device": {
        "de": "dafür Cookies, Pixel oder Geräte-Kennungen gelesen werden (§ 25 Abs. 1 TDDDG)",
        "en": "cookies, pixels or device identifiers are read for it (§ 25(1) TDDDG)",
    },
    "legal_marketing_constraint": {
        "de": "Vorgabe im Profil für die Ansprache: „{constraint}“ – sie gilt als Go-live-Bedingung: Segmente, "
        "Empfehlungen und Kampagnen erreichen nur Personen, für die sie erfüllt ist. Wie das technisch gesichert "
        "wird (etwa eine Altersbestätigung bei Registrierung und Einwilligung), ist vor dem Go-live festzulegen; "
        "Pflichten aus weiteren Gesetzen (etwa Jugendschutz- und Werberecht) sind gesondert zu prüfen, sie sind "
        "nicht Teil dieser Bewertung.",
        "en": "Constraint in the profile on targeting: '{constraint}' – it is a go-live condition: segments, "
        "recommendations and campaigns reach only people for whom it is met. How this is secured technically (for "
        "example an age confirmation at registration and consent) is settled before go-live; duties under other "
        "laws (such as youth-protection and advertising law) need a separate check and are not part of this "
        "assessment.",
    },
    "legal_dpia_profiles": {
        "de": "Für dieses Unternehmen entstehen umfassende Kaufprofile, denn {why}; die DSFA ist daher Pflicht "
        "(DSK-Muss-Liste, Punkt „{item}“) und muss vor dem Go-live abgeschlossen sein.",
        "en": "For this company the profiles are comprehensive purchase profiles, as {why}; a DPIA is therefore "
        "mandatory (DSK mandatory list, item '{item}') and must be completed before go-live.",
    },
    "legal_dpia_why_loyalty": {
        "de": "das Kundenprogramm hält die Einkäufe jedes Mitglieds über alle Besuche",
        "en": "the customer programme holds every member's purchases across all visits",
    },
    "legal_dpia_why_accounts": {
        "de": "die Kundenkonten halten die Bestellungen jeder Kundin und jedes Kunden über die Zeit",
        "en": "the customer accounts hold every customer's orders over time",
    },
    "dsk_loyalty": {
        "de": "Bewegungs- und Kaufprofile (Kundenkarten)",
        "en": "movement and purchasing profiles (loyalty cards)",
    },
    "dsk_profiles": {
        "de": "Umfassende Interessen- und Persönlichkeitsprofile",
        "en": "comprehensive interest and personality profiles",
    },
    "legal_art9_named": {
        "de": "Der Anwendungsfall wertet Käufe aus Sortimenten aus, die {categories} verraten: Das sind besondere "
        "Kategorien (Art. 9 DSGVO) – nur mit ausdrücklicher Einwilligung (Art. 9 Abs. 2 lit. a) und nach einer DSFA "
        "(Art. 35 Abs. 3 lit. b), sonst diese Käufe ausschließen.",
        "en": "The use case evaluates purchases from ranges that reveal {categories}: these are special categories "
        "(GDPR Art. 9) – only with explicit consent (Art. 9(2)(a)) and after a DPIA (Art. 35(3)(b)), otherwise "
        "exclude these purchases.",
    },
    "art9_health": {"de": "Gesundheit", "en": "health"},
    "art9_pregnancy": {"de": "Schwangerschaft", "en": "pregnancy"},
    "art9_religion": {"de": "Religion", "en": "religion"},
    "art9_politics": {"de": "politische Meinung", "en": "political opinions"},
    "art9_sex_life": {"de": "Sexualleben", "en": "sex life"},
    "or_last": {"de": " oder ", "en": " or "},
    "legal_scale_inherits": {
        "de": "Der Schritt baut auf der Verarbeitung des Piloten auf; dessen Auflagen gelten für ihn weiter.",
        "en": "The step builds on the pilot's processing; the pilot's conditions continue to apply to it.",
    },
    "ms_alcohol_limit": {
        "de": "Weil das Sortiment Alkohol umfasst, leiten Profile weder Inhalte noch Versandzeitpunkte oder "
        "Wiederkauf-Auslöser aus Trinkmenge oder Kaufhäufigkeit ab; genutzt werden Sortiments- und Themeninteressen.",
        "en": "Because the range includes alcohol, profiles derive neither content nor send times or repurchase "
        "triggers from drinking volume or purchase frequency; they use range and topic interests.",
    },
    "legal_b2b_price_notice": {
        "de": "Das Unternehmen verkauft nur an Geschäftskunden: Der Hinweis auf personalisierte Preise (Art. 246a "
        "EGBGB, Art. 6 Abs. 1 lit. ea Verbraucherrechte-RL) schützt Verbraucher und entfällt hier; verkauft es "
        "künftig auch an Verbraucher, gilt er für deren Preise.",
        "en": "The company sells to business customers only: the personalised-price notice (Art. 246a EGBGB, "
        "Consumer Rights Directive Art. 6(1)(ea)) protects consumers and does not apply here; should it also sell "
        "to consumers, it applies to their prices.",
    },
    "legal_art9_alcohol": {
        "de": "Das Sortiment umfasst alkoholische Getränke: Aus Menge und Häufigkeit der Käufe lassen sich "
        "Rückschlüsse auf die Gesundheit (Alkoholabhängigkeit) ziehen, eine besondere Kategorie nach Art. 9 DSGVO. "
        "Profile auf Geschmack und Anlass beschränken und keine Merkmale zu Trinkmenge oder -häufigkeit bilden, "
        "auch nicht für Versandzeitpunkte oder Wiederkauf-Trigger; sonst nur mit ausdrücklicher Einwilligung.",
        "en": "The assortment includes alcoholic drinks: purchase volumes and frequency allow conclusions about "
        "health (alcohol dependence), a special category under GDPR Art. 9. Keep profiles to taste and occasion and "
        "derive no features of drinking volume or frequency, not even for send times or repurchase triggers; "
        "otherwise only with explicit consent.",
    },
    "legal_art9_chat": {
        "de": "Wer den Assistenten nach Allergenen, Unverträglichkeiten oder Beschwerden fragt, nennt dabei oft eigene "
        "Gesundheitsdaten (Art. 9 DSGVO). Der Assistent fragt sie nicht ab; solche Angaben werden nur für den "
        "Servicefall genutzt – bei Übergabe an Fachpersonal im Ticket, nach dessen Abschluss gelöscht –, weder für "
        "Profile ausgewertet noch zum Training genutzt (im Auftragsverarbeitungsvertrag festhalten, Art. 28 Abs. 3); "
        "Antworten zu Allergenen kommen nur aus geprüften Produktdaten, mit Hinweis „keine medizinische Beratung“ "
        "und Übergabe an Fachpersonal.",
        "en": "Customers who ask the assistant about allergens, intolerances or complaints often disclose their own "
        "health data (GDPR Art. 9). The assistant does not ask for it; such details serve only the service case – on "
        "a hand-over kept in the ticket and deleted when it is closed –, are not analysed for profiles and not used "
        "for training (laid down in the processing agreement, Art. 28(3)); answers on allergens come only "
        "from verified product data, with a 'no medical advice' notice and a hand-over to trained staff.",
    },
    "legal_art9_range": {
        "de": "Das Sortiment enthält Waren, deren Kauf {categories} verraten kann (Art. 9 DSGVO): Diese Käufe aus dem "
        "Profiling ausschließen oder nur mit ausdrücklicher Einwilligung nutzen.",
        "en": "The assortment includes goods whose purchase can reveal {categories} (GDPR Art. 9): exclude these "
        "purchases from profiling or use them only with explicit consent.",
    },
    "legal_works_council_pilot_if": {
        "de": "Beschäftigte betreiben oder pflegen das System, und seine Protokolle zeigen, wer was getan hat; damit ist es "
        "objektiv geeignet, Verhalten oder Leistung zu überwachen. Falls ein Betriebsrat besteht, bestimmt er vor dem "
        "Go-live mit (§ 87 Abs. 1 Nr. 6 BetrVG): für den Pilot in einer Pilotvereinbarung, für den Dauerbetrieb in der "
        "Betriebsvereinbarung.",
        "en": "Staff run or maintain the system and its logs show who did what, so it is objectively able to monitor "
        "behaviour or performance. If there is a works council, it co-determines before go-live (§ 87(1) No. 6 "
        "BetrVG): for the pilot in a pilot agreement, for regular operation in the works agreement.",
    },
    "legal_works_council_pilot": {
        "de": "Beschäftigte betreiben oder pflegen das System, und seine Protokolle zeigen, wer was getan hat; damit ist es "
        "objektiv geeignet, Verhalten oder Leistung zu überwachen, und der Betriebsrat bestimmt vor dem Go-live mit "
        "(§ 87 Abs. 1 Nr. 6 BetrVG): für den Pilot in einer Pilotvereinbarung, für den Dauerbetrieb in der "
        "Betriebsvereinbarung.",
        "en": "Staff run or maintain the system and its logs show who did what, so it is objectively able to monitor "
        "behaviour or performance, and the works council co-determines before go-live (§ 87(1) No. 6 BetrVG): for "
        "the pilot in a pilot agreement, for regular operation in the works agreement.",
    },
    "legal_works_council_sensors": {
        "de": "Laut Profil besteht ein Betriebsrat: Vor dem Go-live wird für den Pilot eine Pilotvereinbarung "
        "geschlossen, für den Dauerbetrieb die Betriebsvereinbarung (§ 87 Abs. 1 Nr. 6 BetrVG).",
        "en": "According to the profile there is a works council: before go-live a pilot agreement is concluded for "
        "the pilot, and the works agreement for regular operation (§ 87(1) No. 6 BetrVG).",
    },
    "legal_vendor_contract": {
        "de": "Der Anbieter betreibt den Dienst: Die personenbezogenen Daten, die er dafür erhält – Kundendaten, soweit "
        "der Dienst sie nutzt, und in jedem Fall die Benutzerkonten der Beschäftigten –, verarbeitet er im Auftrag. "
        "Vor dem Go-live wird ein Auftragsverarbeitungsvertrag geschlossen (Art. 28 Abs. 3 DSGVO), Übermittlungen "
        "in Drittländer werden abgesichert (Art. 44–49 DSGVO).",
        "en": "The vendor runs the service: the personal data it receives for it – customer data where the service "
        "uses them, and in any case the staff's user accounts – it processes on the company's behalf. A data "
        "processing agreement is signed before go-live (GDPR Art. 28(3)), and transfers to third countries are "
        "secured (GDPR Arts 44–49).",
    },
    "legal_works_council_none_short": {
        "de": "Laut Profil besteht kein Betriebsrat; die Beschäftigten werden vor dem Einsatz darüber informiert, "
        "welche Daten das System über sie verarbeitet (Art. 13 DSGVO).",
        "en": "According to the profile there is no works council; employees are told before the system is used "
        "which of their data it processes (GDPR Art. 13).",
    },
    "legal_works_council_none_applicants": {
        "de": "Laut Profil besteht kein Betriebsrat; Bewerberinnen und Bewerber werden bei der Erhebung ihrer Daten "
        "darüber informiert, dass KI ihre Bewerbung vorsortiert (Art. 13/14 DSGVO).",
        "en": "According to the profile there is no works council; applicants are told when their data are collected "
        "that AI pre-sorts their application (GDPR Arts 13/14).",
    },
    "legal_if_council": {"de": " – falls ein Betriebsrat besteht", "en": " – if there is a works council"},
    "legal_basis_council_none": {"de": "sobald ein Betriebsrat gewählt ist", "en": "once a works council is elected"},
    "legal_basis_council_unknown": {"de": "falls ein Betriebsrat besteht", "en": "if there is a works council"},
    "legal_works_council_none": {
        "de": "Laut Profil besteht kein Betriebsrat: Was oben zu Betriebsvereinbarung und Mitbestimmung steht, gilt "
        "erst, wenn einer gewählt wird; die Beschäftigten werden vor dem Einsatz darüber informiert, welche Daten "
        "das System über sie verarbeitet (Art. 13 DSGVO).",
        "en": "According to the profile there is no works council: what is said above about a works agreement and "
        "co-determination applies only once one is elected; employees are told before the system is used which of "
        "their data it processes (GDPR Art. 13).",
    },
    "legal_works_council_if": {
        "de": "Das System kann Verhalten oder Leistung von Beschäftigten erfassen: Besteht ein Betriebsrat, "
        "bestimmt er vor dem Go-live mit (§ 87 Abs. 1 Nr. 6 BetrVG): für den Pilot in einer Pilotvereinbarung, für "
        "den Dauerbetrieb in der Betriebsvereinbarung.",
        "en": "The system can capture employees' behaviour or performance: if there is a works council, it "
        "co-determines before go-live (§ 87(1) No. 6 BetrVG): for the pilot in a pilot agreement, for regular "
        "operation in the works agreement.",
    },
    "legal_works_council_company_rule": {
        "de": "Vorgabe des Unternehmens: „{constraint}“ – das System geht erst nach Zustimmung des Betriebsrats "
        "live (Betriebsvereinbarung oder Anlage zur Rahmenbetriebsvereinbarung KI); Software, die protokolliert, "
        "wer was freigibt, kann zudem Verhalten von Beschäftigten erfassen (§ 87 Abs. 1 Nr. 6 BetrVG).",
        "en": "The company's rule: “{constraint}” – the system goes live only after the works council has approved "
        "it (a works agreement or an annex to the framework agreement on AI); software that logs who approved what "
        "can also capture employees' behaviour (§ 87(1) No. 6 BetrVG).",
    },
    "legal_works_council_quoted": {
        "de": "Das System kann Verhalten oder Leistung von Beschäftigten erfassen: Vor dem Go-live ist eine "
        "Betriebsvereinbarung nötig (§ 87 Abs. 1 Nr. 6 BetrVG). Vorgabe im Profil: „{constraint}“.",
        "en": "The system can capture employees' behaviour or performance: a works agreement is needed before "
        "go-live (§ 87(1) No. 6 BetrVG). Constraint in the profile: '{constraint}'.",
    },
    "legal_provider_decides": {
        "de": "Hier entscheidet nicht das Unternehmen, sondern der Anbieter in eigener Verantwortung, und was oben "
        "zur menschlichen Prüfung, zum Grund und zur Anfechtung einer Ablehnung steht, schuldet er für seine "
        "Entscheidungen: Entscheidet er automatisch, etwa sofort an der Kasse, ermöglicht er auf Verlangen die "
        "Prüfung durch einen Menschen, die Darlegung des eigenen Standpunkts und die Anfechtung (Art. 22 Abs. 3 "
        "DSGVO). Er betreibt die Bonitäts- und Betrugsprüfung, und eine Bonitätsprüfung bleibt in seiner Hand ein "
        "Hochrisiko-System (Anhang III Nr. 5 lit. b KI-VO); die DSFA für seine Bewertung führt er als eigener "
        "Verantwortlicher durch. Das Unternehmen erhält keinen Score, nur die Annahme oder Ablehnung der "
        "Zahlungsart, betreibt selbst kein Bewertungssystem und dokumentiert die Schwellenprüfung für seinen Teil, "
        "die Übermittlung der Bestelldaten. Es sichert vertraglich, dass Ablehnungen menschlich geprüft und "
        "angefochten werden können (Art. 22 DSGVO); eigene Betreiberpflichten für Hochrisiko-KI (Art. 26 KI-VO) "
        "entstehen ihm daraus nicht.",
        "en": "Here it is not the company but the provider that decides in its own responsibility, and what is said "
        "above about human review, the reason and contesting a refusal it owes for its decisions: where it decides "
        "automatically, for instance instantly at the till, it offers on request review by a person, the chance to "
        "state one's view and to contest the decision (GDPR Art. 22(3)). It runs the credit and fraud checks, and a "
        "credit check remains a high-risk system in its hands (AI Act Annex III point 5(b)); it carries out the DPIA "
        "for its scoring as a controller in its own right. The company receives no score, only the acceptance or "
        "refusal of the payment method, runs no scoring system itself and documents the DPIA screening for its own "
        "part, handing over the order data. It secures by contract that refusals are reviewed by a person and can be "
        "contested (GDPR Art. 22); it takes on no deployer duties for high-risk AI (AI Act Art. 26) from this.",
    },
    "legal_works_council_profile": {
        "de": "Vorgabe im Profil: „{constraint}“.",
        "en": "Constraint in the profile: '{constraint}'.",
    },
    "compliance_fallback": {
        "de": "Keine spezifische Regel der Wissensbasis erkannt. Vor der Umsetzung individuell prüfen: "
        "KI-Inventar und Risikoklassifizierung nach KI-VO, Rechtsgrundlage nach DSGVO, ggf. DSFA.",
        "en": "No specific knowledge-base rule recognised. Review individually before implementation: "
        "AI inventory and AI Act risk classification, GDPR legal basis, DPIA where needed.",
    },
    "baseline_warning": {
        "de": "Single-Prompt-Baseline: eine einzige LLM-Antwort auf den ursprünglichen Prompt – ohne Wissensbasis, "
        "Planungsrechnung, Quellen und regelbasierte Compliance-Prüfung; Budgets und FTE sind Angaben des Modells.",
        "en": "Single-prompt baseline: one LLM answer to the original prompt – no knowledge base, planning maths, "
        "sources or rule-based compliance review; budgets and FTE are the model's own figures.",
    },
    "baseline_over_budget": {
        "de": "Die Budgets des Modells ({total} €) übersteigen das KI-Budget ({limit} €).",
        "en": "The model's budgets (EUR {total}) exceed the AI budget (EUR {limit}).",
    },
    "baseline_ranks_fixed": {
        "de": "Die Ränge des Modells ({ranks}) waren keine Folge 1–6 und wurden neu durchnummeriert.",
        "en": "The model's ranks ({ranks}) were not 1–6 and were renumbered.",
    },
    "baseline_quick_win_late": {
        "de": "Als Quick Win markiert, aber nicht in 0–6 Monaten – nicht als Quick Win übernommen: {titles}.",
        "en": "Marked as quick win but not in months 0–6 – not kept as quick win: {titles}.",
    },
    "w_resumed": {
        "de": "Fortgesetzt: ein unterbrochener Lauf wurde ab seinem Checkpoint weitergeführt; {n} von 6 Modul-Agenten "
        "wiederverwendet, nicht erneut ausgeführt.",
        "en": "Resumed: an interrupted run was continued from its checkpoint; {n} of 6 module agents reused, "
        "not run again.",
    },
    "w_resumed_usage": {"de": " Die Verbrauchszahlen zählen nur diesen Lauf.", "en": " Usage counts only this run."},
}
