"""Texts of the money case and the board summary (key -> language -> template)."""

from __future__ import annotations

from collections.abc import Mapping

from fahrplan.core.vocab import Lang

__all__ = ["BOARD"]

BOARD: dict[str, Mapping[Lang, str]] = {
    # --- money case (agents.money_case) ---
    "money_no_base": {
        "de": "Die belegte Spanne bezieht sich auf eine Basis, die das Profil nicht angibt (Online-Anteil) oder die hier null ist.",
        "en": "The sourced range refers to a base the profile does not state (online share) or that is zero here.",
    },
    "money_unquantified": {
        "de": "Kein belegter Euro-Wert für dieses Unternehmen; der Pilot misst den Nutzen: {kpi}.",
        "en": "No sourced euro figure for this company; the pilot measures the benefit: {kpi}.",
    },
    "money_base_revenue": {
        "de": "Basis: Jahresumsatz laut Profil.",
        "en": "Base: annual revenue as stated in the profile.",
    },
    "money_base_online_revenue": {
        "de": "Basis: Online-Umsatz = Jahresumsatz × Online-Anteil laut Profil.",
        "en": "Base: online revenue = annual revenue × online share as stated in the profile.",
    },
    "money_base_partners": {
        "de": "Laut Vorgaben führen selbstständige Partner einen Teil der Standorte: Dort wirkt die Lösung nur mit "
        "ihrer Zustimmung, und die Einsparung fällt bei ihnen an; Spanne und Break-even rechnen mit allen Standorten.",
        "en": "Per the constraints, independent partners run part of the stores: there the solution works only with "
        "their consent and the saving accrues to them; range and break-even count all stores.",
    },
    "money_base_marketplace_share": {
        "de": "Der Online-Umsatz laut Profil enthält auch Marktplatzverkäufe, die Maßnahmen im eigenen Shop nicht "
        "erreichen; ihr Anteil ist nicht angegeben, die Spanne ist um ihn zu hoch.",
        "en": "The online revenue in the profile also includes marketplace sales, which measures in the own shop do "
        "not reach; their share is not stated, and the range is too high by it.",
    },
    "money_base_store_revenue": {
        "de": "Basis: Filialumsatz = Jahresumsatz × (1 − Online-Anteil) laut Profil.",
        "en": "Base: store revenue = annual revenue × (1 − online share) as stated in the profile.",
    },
    "money_base_label_revenue": {"de": "Jahresumsatz", "en": "annual revenue"},
    "money_base_label_online_revenue": {"de": "Online-Umsatz", "en": "online revenue"},
    "money_base_label_store_revenue": {"de": "Filialumsatz", "en": "store revenue"},
    # --- board summary (agents.board_summary) ---
    "board_fund_pilot_only_later": {
        "de": "nur Pilot; Ausrollen für {cost} nicht in diesem Plan",
        "en": "pilot only; rollout for {cost} not in this plan",
    },
    "board_fund_pilot_only": {
        "de": "nur Pilot; Ausrollen für {cost} nicht finanziert, Entscheidung in Monat {month}",
        "en": "pilot only; rollout for {cost} not funded, decision in month {month}",
    },
    "board_benefit_unsourced": {
        "de": "kein Euro-Wert mit Quelle",
        "en": "no sourced euro figure",
    },
    "board_benefit_revenue": {
        "de": "Potenzial {amount} Mehrumsatz pro Jahr bei voller Wirkung",
        "en": "potential of {amount} extra revenue a year at full effect",
    },
    "board_benefit_saving": {
        "de": "{amount} Einsparung pro Jahr bei voller Wirkung",
        "en": "{amount} saved a year at full effect",
    },
    "board_benefit_exposure": {
        "de": "{amount} Inventurdifferenzen pro Jahr im Spiel; die Senkung misst der Pilot",
        "en": "{amount} of shrinkage a year at stake; the pilot measures the reduction",
    },
    "board_benefit_payback_months": {
        "de": "; Amortisation nach {low}–{high} Monaten",
        "en": "; payback after {low}–{high} months",
    },
    "board_benefit_payback_month": {"de": "; Amortisation nach {n} Monaten", "en": "; payback after {n} months"},
    "board_benefit_payback_month_one": {"de": "; Amortisation nach einem Monat", "en": "; payback after one month"},
    "board_benefit_payback_reduction": {
        "de": "; in einem Jahr zurückverdient, wenn {reduces} um mindestens {pct} % sinkt",
        "en": "; earned back in a year if {reduces} falls by at least {pct} %",
    },
    "board_benefit_payback_margin": {
        "de": "; trägt sich in einem Jahr ab {low}–{high} % Deckungsbeitrag",
        "en": "; pays back in a year from a {low}–{high} % contribution margin",
    },
    "board_benefit_vendor": {
        "de": " (Hersteller- bzw. Sekundärangaben, im Pilot zu prüfen)",
        "en": " (vendor/secondary figures; pilot to confirm)",
    },
    "board_benefit_shared": {
        "de": ", gemeinsam mit {n} weiteren Initiativen einmal gezählt",
        "en": ", counted once together with {n} more initiatives",
    },
    "board_benefit_shared_one": {
        "de": ", gemeinsam mit einer weiteren Initiative einmal gezählt",
        "en": ", counted once together with one more initiative",
    },
    "board_case_revenue": {
        "de": "{items}: {amount} Mehrumsatz pro Jahr bei voller Wirkung ({figures}; {base} {base_eur}). Annahme: {assumption}",
        "en": "{items}: {amount} extra revenue a year at full effect ({figures}; {base} {base_eur}). Assumption: {assumption}",
    },
    "board_case_saving": {
        "de": "{items}: {amount} Einsparung pro Jahr bei voller Wirkung ({figures}; {base} {base_eur}). Annahme: {assumption}",
        "en": "{items}: {amount} saved a year at full effect ({figures}; {base} {base_eur}). Assumption: {assumption}",
    },
    "board_case_exposure": {
        "de": "{items}: {amount} pro Jahr stehen im Spiel ({figures}; {base} {base_eur}). Annahme: {assumption}",
        "en": "{items}: {amount} a year is at stake ({figures}; {base} {base_eur}). Assumption: {assumption}",
    },
    "board_case_not_scaled": {
        "de": "Die volle Wirkung setzt das Ausrollen von {items} voraus; es ist nicht Teil der 24 Monate dieses Plans.",
        "en": "Full effect needs the rollout of {items}, which is not part of this plan's 24 months.",
    },
    "board_payback_months": {
        "de": "Die Kosten von {cost} sind nach {low}–{high} Monaten voller Wirkung zurückverdient.",
        "en": "The cost of {cost} is earned back after {low}–{high} months at full effect.",
    },
    "board_payback_month": {
        "de": "Die Kosten von {cost} sind nach {n} Monaten voller Wirkung zurückverdient.",
        "en": "The cost of {cost} is earned back after {n} months at full effect.",
    },
    "board_payback_month_one": {
        "de": "Die Kosten von {cost} sind nach einem Monat voller Wirkung zurückverdient.",
        "en": "The cost of {cost} is earned back after one month at full effect.",
    },
    "board_payback_reduction": {
        "de": "Ein Jahr voller Wirkung verdient die {cost} zurück, wenn {reduces} um mindestens {pct} % sinkt (relativ zum heutigen Stand; angesetzt: {claim} %).",
        "en": "One year at full effect earns back the {cost} if {reduces} falls by at least {pct} % (relative to today; assumed: {claim} %).",
    },
    "board_plan_payback_reduction": {
        "de": "Die Einsparungen allein verdienen die Kosten von {cost} in einem Jahr voller Wirkung zurück, wenn {reduces} um mindestens {pct} % sinkt.",
        "en": "The savings alone earn back the cost of {cost} in one year at full effect if {reduces} falls by at least {pct} %.",
    },
    "board_plan_partners": {
        "de": "Gerechnet mit allen Standorten; in den Partnerstandorten fällt die Einsparung bei den Partnern an.",
        "en": "Counted over all stores; in partner-run stores the saving accrues to the partners.",
    },
    "board_payback_savings": {
        "de": "Die Einsparungen allein verdienen die Kosten von {cost} in einem Jahr voller Wirkung zurück.",
        "en": "The savings alone earn back the cost of {cost} in one year at full effect.",
    },
    "board_payback_savings_upper": {
        "de": "Am oberen Ende der Spannen verdienen die Einsparungen allein die Kosten von {cost} in einem Jahr voller Wirkung zurück; am unteren Ende braucht es zusätzlich mindestens {high} % Deckungsbeitrag des Mehrumsatzes.",
        "en": "At the upper end of the ranges the savings alone earn back the cost of {cost} in one year at full effect; at the lower end it also takes a contribution margin of at least {high} % on the extra revenue.",
    },
    "board_and_more": {"de": " und {n} weitere", "en": " and {n} more"},
    "board_payback_margin": {
        "de": "Die Kosten von {cost} sind in einem Jahr voller Wirkung zurückverdient, wenn der Deckungsbeitrag des Mehrumsatzes mindestens {low}–{high} % beträgt.",
        "en": "The cost of {cost} is earned back in one year at full effect if the contribution margin of the extra revenue is at least {low}–{high} %.",
    },
    "board_payback_margin_upper": {
        "de": "Die Kosten von {cost} sind in einem Jahr voller Wirkung nur am oberen Ende der Spanne zurückverdient (ab {low} % Deckungsbeitrag des Mehrumsatzes).",
        "en": "The cost of {cost} is earned back in one year at full effect only at the upper end of the range (from a {low} % contribution margin on the extra revenue).",
    },
    "board_payback_none": {
        "de": "Ein Jahr Mehrumsatz allein verdient die Kosten von {cost} nicht zurück; die Amortisation hängt an den nicht bezifferten Nutzen.",
        "en": "One year of extra revenue alone does not earn back the cost of {cost}; payback depends on the benefits not quantified.",
    },
    "board_plan_label": {
        "de": "Gesamtplan einschließlich Pflicht und Grundlage:",
        "en": "The whole plan including duties and foundations:",
    },
    "board_plan_money": {
        "de": "Gesamtplan einschließlich Pflicht und Grundlage: {cost}.",
        "en": "The whole plan including duties and foundations: {cost}.",
    },
    "board_unquantified": {
        "de": "Ohne belegten Euro-Wert, gemessen im Pilot: {items} ({n} Initiativen).",
        "en": "Without a sourced euro figure, measured in the pilot: {items} ({n} initiatives).",
    },
    "board_unquantified_one": {
        "de": "Ohne belegten Euro-Wert, gemessen im Pilot: {items}.",
        "en": "Without a sourced euro figure, measured in the pilot: {items}.",
    },
    "board_rec_invest": {
        "de": "Wir empfehlen, {total} des Budgets von {limit} über 24 Monate einzusetzen, für {n} wertschaffende Initiativen mit Schwerpunkt {focus}.",
        "en": "We recommend spending {total} of the {limit} budget over 24 months on {n} value initiatives, focused on {focus}.",
    },
    "board_rec_invest_one": {
        "de": "Wir empfehlen, {total} des Budgets von {limit} über 24 Monate einzusetzen, für {n} wertschaffende Initiative mit Schwerpunkt {focus}.",
        "en": "We recommend spending {total} of the {limit} budget over 24 months on {n} value initiative, focused on {focus}.",
    },
    "board_rec_foundations": {"de": "auf den Grundlagen", "en": "the foundations"},
    "board_rec_first": {
        "de": "In den ersten sechs Monaten starten die Piloten {items}; Pflicht und Grundlage laufen parallel.",
        "en": "In the first six months the pilots {items} start; duties and foundations run alongside.",
    },
    "board_rec_first_one": {
        "de": "In den ersten sechs Monaten startet der Pilot {items}; Pflicht und Grundlage laufen parallel.",
        "en": "In the first six months the pilot {items} starts; duties and foundations run alongside.",
    },
    "board_rec_first_later": {
        "de": "Der erste wertschaffende Pilot, {items}, startet in Monat {month}; bis dahin schaffen Pflicht und Grundlage die Voraussetzungen.",
        "en": "The first value pilot, {items}, starts in month {month}; until then duties and foundations lay the groundwork.",
    },
    "board_rec_no_value": {
        "de": "Der Plan schafft in den 24 Monaten die Grundlagen; wertschaffende Piloten folgen danach.",
        "en": "Within the 24 months the plan lays the foundations; value pilots follow afterwards.",
    },
    "board_rec_revenue": {"de": "{amount} Mehrumsatz", "en": "{amount} of extra revenue"},
    "board_rec_saving": {"de": "{amount} Einsparung", "en": "{amount} of savings"},
    "board_and": {"de": " und ", "en": " and "},
    "board_rec_money": {
        "de": "Aus Potenzialspannen mit Quellenangabe ergeben sich {items} pro Jahr bei voller Wirkung; den Nutzen von {n} weiteren Initiativen messen die Piloten.",
        "en": "Potential ranges with a named source put the benefit at {items} a year at full effect; the pilots measure that of {n} more initiatives.",
    },
    "board_rec_money_one": {
        "de": "Aus Potenzialspannen mit Quellenangabe ergeben sich {items} pro Jahr bei voller Wirkung; den Nutzen einer weiteren Initiative misst ihr Pilot.",
        "en": "Potential ranges with a named source put the benefit at {items} a year at full effect; a pilot measures that of one more initiative.",
    },
    "board_rec_money_all": {
        "de": "Aus Potenzialspannen mit Quellenangabe ergeben sich {items} pro Jahr bei voller Wirkung.",
        "en": "Potential ranges with a named source put the benefit at {items} a year at full effect.",
    },
    "board_rec_vendor": {
        "de": "Die Spannen beruhen teils auf Hersteller- oder Sekundärangaben; der Pilot muss sie bestätigen.",
        "en": "Some ranges are vendor or secondary figures; the pilot must confirm them.",
    },
    "board_rec_overlap": {
        "de": "Die Umsatzeffekte können dieselben Kundinnen und Kunden betreffen: Die untere Grenze zählt nur den größten, die obere alle zusammen.",
        "en": "The revenue effects may concern the same customers: the lower end counts only the largest, the upper end all of them together.",
    },
    "board_rec_money_later": {
        "de": "Euro-Potenziale mit Quellenangabe gibt es nur für Initiativen, deren volle Wirkung erst nach Monat 24 erreicht ist (ganz oder zum Teil später ausgerollt); in den 24 Monaten messen Piloten und Rollouts den Nutzen an ihren Kennzahlen.",
        "en": "Euro potentials with a named source exist only for initiatives that reach full effect after month 24 (rolled out later in whole or in part); within the 24 months pilots and rollouts measure the benefit by their KPIs.",
    },
    "board_rec_money_none": {
        "de": "Für dieses Profil gibt es keine belegten Euro-Werte; den Nutzen messen die Piloten an ihren Kennzahlen.",
        "en": "There are no sourced euro figures for this profile; the pilots measure the benefit by their KPIs.",
    },
    "board_spend_later": {
        "de": "Weitere wertschaffende Initiativen (Start ab Monat {month}): {items}",
        "en": "Further value initiatives (starting from month {month}): {items}",
    },
    "board_spend_base": {
        "de": "Pflicht und Grundlage (Compliance, Befähigung, Daten)",
        "en": "Duties and foundations (compliance, skills, data)",
    },
    "board_spend_base_note": {
        "de": "{items}; Pflichten und Grundlagen, die parallel laufen (Go-live-Voraussetzung sind nur die bei jedem Pilot genannten Freigaben), kein eigener Euro-Nutzen",
        "en": "{items}; duties and foundations that run alongside (a pilot's go-live waits only for the gates named with it), no euro benefit of its own",
    },
    "board_spend_total": {"de": "Summe, die freigegeben wird", "en": "Total to approve"},
    "board_goal_unserved": {"de": "Ziel {goal}", "en": "Goal {goal}"},
    "board_both_steps": {"de": "{title} (Pilot und Skalierung)", "en": "{title} (pilot and scale)"},
    "board_scale_only": {"de": "{title}: Skalierung", "en": "{title}: scale step"},
    "board_pilot_only": {"de": "{title}: Pilot", "en": "{title}: pilot"},
    "risk_constraints": {
        "de": "Vorgaben des Unternehmens, die den Plan begrenzen: {items}",
        "en": "The company's own constraints that limit the plan: {items}",
    },
    "board_more_deferred": {"de": "{n} weitere Vorhaben im Backlog", "en": "{n} more initiatives in the backlog"},
    "board_more_deferred_one": {"de": "1 weiteres Vorhaben im Backlog", "en": "1 more initiative in the backlog"},
    "board_more_deferred_reason": {
        "de": "zusammen {budget}; Einzelheiten im Anhang",
        "en": "{budget} together; details in the appendix",
    },
}
