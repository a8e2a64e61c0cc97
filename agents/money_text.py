"""The money sentences of the board part: each benefit case, its payback or break-even, and the plan's total.

Pure text from a :class:`MoneyCase`: a saving whose rate is a claim (a vendor's reduction of spoilage) is
stated with the reduction that earns its cost back in a year, not with a payback that assumes the claim.
"""

from __future__ import annotations

from collections.abc import Iterable

from fahrplan.core.board import BenefitCase, FactUse, MoneyCase, MoneyTotals
from fahrplan.core.i18n import eur, eur_range, percent, percent_range
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.texts import t, tn
from fahrplan.core.vocab import Lang

__all__ = ["MAX_NAMES", "case_benefit", "case_sentence", "name_list", "plan_money", "unconfirmed"]

MAX_NAMES = 4
"""Initiatives a list in the board part names before it says how many more."""


def name_list(titles: list[str], lang: Lang, limit: int = MAX_NAMES) -> str:
    """Up to ``limit`` titles and how many more: a board reads a list, not the catalog."""
    if len(titles) <= limit + 1:  # "and 1 more" says less than the one title
        return ", ".join(titles)
    return ", ".join(titles[:limit]) + t("board_and_more", lang, n=len(titles) - limit)


def unconfirmed(facts: Iterable[FactUse]) -> bool:
    """Whether a benefit rests on a vendor's figure or on secondary reporting: one the pilot must confirm."""
    return any(f.evidence != "primary" for f in facts)


def case_benefit(case: BenefitCase, lang: Lang) -> str:
    """The benefit column of one initiative: its case's range, shared with the others it is counted with."""
    amount = eur_range(case.low_eur, case.high_eur, lang)
    text = t(f"board_benefit_{case.kind}", lang, amount=amount)
    others = len(case.initiatives) - 1
    text += tn("board_benefit_shared", lang, others) if others else ""
    if (pct := case.stated_break_even()) is not None:
        text += t("board_benefit_payback_reduction", lang, reduces=case.reduces, pct=percent_range(pct, lang))
    elif case.payback_months:
        fast, slow = case.payback_months
        if fast == slow:
            text += tn("board_benefit_payback_month", lang, fast)
        else:
            text += t("board_benefit_payback_months", lang, low=fast, high=slow)
    elif case.break_even_margin_pct and case.break_even_margin_pct[1] <= 100:
        lo, hi = (percent(x, lang) for x in case.break_even_margin_pct)
        text += t("board_benefit_payback_margin", lang, low=lo, high=hi)
    return text + (t("board_benefit_vendor", lang) if unconfirmed(case.facts) else "")


def case_sentence(case: BenefitCase, roadmap: Roadmap, lang: Lang) -> str:
    """One benefit case with its figures, base, assumption and payback, in one sentence group."""
    figures = "; ".join(f.figure for f in case.facts)
    names = {i.id: i.title for i in roadmap.initiatives}
    head = t(
        f"board_case_{case.kind}",
        lang,
        items=name_list([names.get(i, i) for i in case.initiatives], lang, limit=2),
        amount=eur_range(case.low_eur, case.high_eur, lang),
        figures=figures,
        base=t(f"money_base_label_{case.base}", lang),
        base_eur=eur(case.base_eur, lang),
        assumption=case.assumptions[0],
    )
    if (pct := case.stated_break_even()) is not None:
        claim = case.facts[-1]
        payback = t(
            "board_payback_reduction",
            lang,
            cost=eur(case.cost_eur, lang),
            reduces=case.reduces,
            pct=percent_range(pct, lang),
            claim=percent_range([claim.low * 100, claim.high * 100], lang),
        )
    else:
        payback = _payback_text(case.cost_eur, case.payback_months, case.break_even_margin_pct, lang)
    scaled = roadmap.scaled_initiatives()
    unscaled = [names.get(i, i) for i in case.initiatives if i not in scaled]
    later = "" if case.scaled_in_plan else " " + t("board_case_not_scaled", lang, items=", ".join(unscaled))
    limits = "".join(f" {a}" for a in case.assumptions[2:])  # what the base holds that the plan does not reach
    return f"{head}{limits}{(' ' + payback) if payback else ''}{later}"


def _payback_text(cost: int, months: list[int] | None, margin: list[float] | None, lang: Lang) -> str:
    """Payback in months (savings), or the gross margin on the extra revenue that earns the cost back in a year."""
    if months:
        if months[0] == months[1]:
            return tn("board_payback_month", lang, months[0], cost=eur(cost, lang))
        return t("board_payback_months", lang, cost=eur(cost, lang), low=months[0], high=months[1])
    if not margin:
        return ""
    low, high = margin
    if low == 0:  # the savings alone earn the cost back at the upper end of their range
        if high == 0:
            return t("board_payback_savings", lang, cost=eur(cost, lang))
        return t("board_payback_savings_upper", lang, cost=eur(cost, lang), high=percent(high, lang))
    if low > 100:
        return t("board_payback_none", lang, cost=eur(cost, lang))
    if high > 100:
        return t("board_payback_margin_upper", lang, cost=eur(cost, lang), low=percent(low, lang))
    return t("board_payback_margin", lang, cost=eur(cost, lang), low=percent(low, lang), high=percent(high, lang))


def _plan_payback(plan: MoneyTotals, money: MoneyCase, lang: Lang) -> str:
    """The plan's payback; where the savings alone would carry it and rest on one claimed reduction rate, the
    reduction that earns the whole plan back in a year instead."""
    savings_carry = bool(plan.payback_months) or bool(plan.break_even_margin_pct and plan.break_even_margin_pct[0] == 0)
    pct = plan.break_even_reduction_pct
    saving = next((c for c in money.cases if c.kind == "saving" and c.scaled_in_plan and c.reduces), None)
    if savings_carry and pct and pct[1] <= 100 and saving is not None:
        text = t(
            "board_plan_payback_reduction",
            lang,
            cost=eur(plan.cost_eur, lang),
            reduces=saving.reduces,
            pct=percent_range(pct, lang),
        )
        partners = t("money_base_partners", lang) in saving.assumptions  # the partners keep their stores' saving
        return f"{text} {t('board_plan_partners', lang)}" if partners else text
    return _payback_text(plan.cost_eur, plan.payback_months, plan.break_even_margin_pct, lang)


def plan_money(roadmap: Roadmap, money: MoneyCase, lang: Lang, names: int) -> list[str]:
    """The plan's totals against its whole cost, and the value initiatives without a sourced figure."""
    out: list[str] = []
    plan = money.plan
    if plan is not None and (plan.revenue_high_eur or plan.saving_high_eur):
        payback = _plan_payback(plan, money, lang)
        out.append(
            f"{t('board_plan_label', lang)} {payback}"
            if payback
            else t("board_plan_money", lang, cost=eur(plan.cost_eur, lang))
        )
    if money.unquantified:
        titles = {i.id: i.title for i in roadmap.initiatives}
        items = name_list([titles.get(u.initiative, u.initiative) for u in money.unquantified], lang, names)
        out.append(tn("board_unquantified", lang, len(money.unquantified), items=items))
    return out
