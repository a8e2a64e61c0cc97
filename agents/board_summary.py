"""The board summary: the recommendation, what to fund now, the money case, what is not pursued, risks, decisions.

Pure: the finished roadmap (with its money case), the profile and the use-case matches in, a
:class:`BoardSummary` out. Every sentence is built from what the plan contains, so the summary and the
appendix tell one story.
"""

from __future__ import annotations

import re
from typing import Final

from fahrplan.agents.constraints import classify_constraint
from fahrplan.agents.coverage import advertises_to_everyone, awaits_its_channel
from fahrplan.agents.drafts import UseCaseMatch
from fahrplan.agents.executive_summary import board_decisions, key_risks
from fahrplan.agents.money_case import cost_by_initiative
from fahrplan.agents.money_text import MAX_NAMES, case_benefit, case_sentence, name_list, plan_money, unconfirmed
from fahrplan.core.board import BoardSummary, FundItem, MoneyCase, NotPursued, SpendLine
from fahrplan.core.i18n import eur, eur_range, quote
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import DeferredItem, Roadmap
from fahrplan.core.texts import t, tn
from fahrplan.core.untrusted import data_part
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog

__all__ = ["FUND_HORIZON", "MAX_FUND", "MAX_NAMES", "MIN_FUND", "board_summary", "case_sentence"]

MAX_FUND = 5
"""At most this many initiatives to fund now: a board decides on a few pilots, not on the catalog."""
MIN_FUND = 3
"""At least this many when the plan has them, even if one starts after ``FUND_HORIZON``."""
FUND_HORIZON = 12
"""Fund now what starts within the first year; later starts are approved with the next budget round."""
_MAX_DEFERRED = 3
_FACTS_NOT_LIMITS: Final = frozenset({"no_works_council", "business_customers_only"})
"""Constraint kinds that state a fact about the company, not a limit on the plan."""


def _limits_the_plan(constraint: str) -> bool:
    kinds = classify_constraint(constraint)
    return not kinds or not set(kinds) <= _FACTS_NOT_LIMITS


_MAX_CONSTRAINTS = 3
_QUICK_WISH: Final = re.compile(
    r"(schnell|rasch)\w* (sichtbar\w* )?(erfolg|ergebnis)|quick[- ]wins?|quick results",
    re.IGNORECASE,
)
"""The company's notes ask for fast visible results (read as data: matched, never quoted)."""


def _quick_wish(roadmap: Roadmap, profile: Profile, catalog: Catalog, lang: Lang) -> list[str]:
    """A main risk where the notes ask for fast visible results and no step of the plan is a quick win: when the
    first business pilot delivers instead (strategy review: answer the wish, do not pass over it)."""
    if not profile.notes or not _QUICK_WISH.search(data_part(profile.notes)):
        return []
    steps = roadmap.all_milestones()
    pilots = [
        ms
        for ms in steps
        if ms.step == "pilot" and ms.start_month and ms.initiative and catalog.initiatives[ms.initiative].is_business
    ]
    if not pilots or any(ms.quick_win for ms in steps):
        return []
    return [t("risk_quick_wish", lang, month=min((ms.start_month or 1) - 1 + (ms.months or 0) for ms in pilots))]


def board_summary(
    roadmap: Roadmap,
    profile: Profile,
    matches: tuple[UseCaseMatch, ...],
    catalog: Catalog,
    lang: Lang,
    *,
    names: int = MAX_NAMES,
) -> BoardSummary:
    """The part a board reads first; the module sections are its appendix. Lists name at most ``names``
    initiatives and say how many more (the caller lowers it when the part would exceed its two pages)."""
    money = roadmap.money_case or MoneyCase()
    starts = _starts(roadmap)
    value = [i for i in roadmap.initiatives if i.status == "planned" and catalog.initiatives[i.id].creates_value]
    value.sort(key=lambda i: (starts.get(i.id, 99), -i.score, i.id))
    early = [i for i in value if starts.get(i.id, 99) <= FUND_HORIZON]
    chosen = value[: max(MIN_FUND, min(len(early), MAX_FUND))]
    costs = cost_by_initiative(roadmap)
    fund = [
        _fund_item(i.id, i.title, costs.get(i.id, 0), money, starts, catalog, lang, _pilot_only(i.id, roadmap, lang))
        for i in chosen
    ]
    later = [i for i in value if i not in chosen]
    modules = list(dict.fromkeys(catalog.initiatives[i.id].module for i in value))
    focus = [m.title for m in roadmap.modules if m.id in modules][:2]  # in the plan's rank order
    # data, never an instruction; "no works council" or "business customers only" is a fact about the company, not
    # a limit on the plan
    stated = [part for c in profile.constraints if (part := data_part(c).strip()) and _limits_the_plan(part)]
    limits = [quote(c, lang, 70) for c in stated[:_MAX_CONSTRAINTS]]
    risks = key_risks(roadmap, profile, matches, lang)
    return BoardSummary(
        recommendation=_recommendation(roadmap, fund, money, focus, len(value), lang),
        fund_now=fund,
        spend=_spend(roadmap, fund, [(i.id, i.title, costs.get(i.id, 0)) for i in later], starts, lang, names),
        # value at stake is no benefit: the fund table and the appendix show it, the money lines do not
        money=[case_sentence(c, roadmap, lang) for c in money.cases if c.kind != "exposure"]
        + plan_money(roadmap, money, lang, names),
        not_pursued=_unserved_goals(roadmap, lang) + _not_pursued(roadmap, catalog, lang),
        risks=risks
        + _quick_wish(roadmap, profile, catalog, lang)
        + ([t("risk_constraints", lang, items="; ".join(limits))] if limits else []),
        decisions=board_decisions(roadmap, profile, matches, lang, dpia_names=names),
    )


def _spend(
    roadmap: Roadmap,
    fund: list[FundItem],
    later: list[tuple[str, str, int]],
    starts: dict[str, int],
    lang: Lang,
    names: int,
) -> list[SpendLine]:
    """What else the board approves: later value initiatives and the duties and foundations, to the total."""
    out: list[SpendLine] = []
    if later:
        month = min(starts.get(i, 99) for i, _, _ in later)
        items = name_list([title for _, title, _ in later], lang, names)
        cost = sum(c for _, _, c in later)
        out.append(SpendLine(label=t("board_spend_later", lang, month=month, items=items), cost_eur=cost))
    rest = roadmap.budget.total_eur - sum(f.cost_eur for f in fund) - sum(s.cost_eur for s in out)
    if rest > 0:
        named = {f.initiative for f in fund} | {i for i, _, _ in later}
        base = [i.title for i in roadmap.initiatives if i.status == "planned" and i.id not in named]
        note = t("board_spend_base_note", lang, items=name_list(base, lang, names))
        out.append(SpendLine(label=t("board_spend_base", lang), cost_eur=rest, note=note))
    return out


def _starts(roadmap: Roadmap) -> dict[str, int]:
    """The first scheduled month of each initiative's pilot or scale step (not of its preparation)."""
    out: dict[str, int] = {}
    for m in roadmap.modules:
        for ms in m.milestones:
            if ms.start_month is not None and ms.step in ("pilot", "scale"):
                out[ms.initiative] = min(out.get(ms.initiative, 99), ms.start_month)
    return out


def _pilot_only(initiative: str, roadmap: Roadmap, lang: Lang) -> str:
    """When only the pilot is funded: what the unfunded rollout costs and the month of the pilot's review, where
    the board decides on it (empty otherwise)."""
    rollout = next((d for d in roadmap.deferred if d.milestone == f"{initiative}.scale"), None)
    review = next(
        (ms for ms in roadmap.all_milestones() if ms.initiative == initiative and ms.step == "review"),
        None,
    )
    if rollout is None:
        return ""
    if review is None or review.start_month is None:
        return t("board_fund_pilot_only_later", lang, cost=eur(rollout.budget_eur, lang))
    return t("board_fund_pilot_only", lang, cost=eur(rollout.budget_eur, lang), month=review.start_month)


def _fund_item(
    initiative: str,
    title: str,
    cost: int,
    money: MoneyCase,
    starts: dict[str, int],
    catalog: Catalog,
    lang: Lang,
    note: str,
) -> FundItem:
    case = next((c for c in money.cases if initiative in c.initiatives), None)
    benefit = t("board_benefit_unsourced", lang) if case is None else case_benefit(case, lang)
    return FundItem(
        initiative=initiative,
        title=title,
        module=catalog.initiatives[initiative].module,
        start_month=starts.get(initiative),
        cost_eur=cost,
        benefit=benefit,
        note=note,
    )


def _recommendation(
    roadmap: Roadmap, fund: list[FundItem], money: MoneyCase, focus_modules: list[str], n_value: int, lang: Lang
) -> list[str]:
    """Three sentences: what to invest in (and in which modules), what starts first, what it is worth."""
    focus = t("board_and", lang).join(focus_modules)
    b = roadmap.budget
    first = tn(
        "board_rec_invest",
        lang,
        n_value,
        total=eur(b.total_eur, lang),
        limit=eur(b.limit_eur, lang),
        focus=focus or t("board_rec_foundations", lang),
    )
    early = [f for f in fund if f.start_month is not None and f.start_month <= 6]
    if early:
        named = ", ".join(quote(f.title, lang) for f in early[:3])
        second = tn("board_rec_first", lang, len(early[:3]), items=named)
    elif fund and fund[0].start_month is not None:
        second = t("board_rec_first_later", lang, month=fund[0].start_month, items=quote(fund[0].title, lang))
    else:
        second = t("board_rec_no_value", lang)
    plan = money.plan
    if plan is not None and (plan.revenue_high_eur or plan.saving_high_eur):
        parts = []
        if plan.revenue_high_eur:
            parts.append(
                t("board_rec_revenue", lang, amount=eur_range(plan.revenue_low_eur, plan.revenue_high_eur, lang))
            )
        if plan.saving_high_eur:
            parts.append(t("board_rec_saving", lang, amount=eur_range(plan.saving_low_eur, plan.saving_high_eur, lang)))
        n, items = len(money.unquantified), t("board_and", lang).join(parts)
        third = tn("board_rec_money", lang, n, items=items) if n else t("board_rec_money_all", lang, items=items)
        if sum(c.kind == "revenue" and c.scaled_in_plan for c in money.cases) > 1:  # see money_case.totals
            third += " " + t("board_rec_overlap", lang)
        if unconfirmed(f for c in money.cases if c.kind != "exposure" and c.scaled_in_plan for f in c.facts):
            third += " " + t("board_rec_vendor", lang)
    else:
        third = t("board_rec_money_later" if money.cases else "board_rec_money_none", lang)
    return [first, second, third]


def _unserved_goals(roadmap: Roadmap, lang: Lang) -> list[NotPursued]:
    """The company's goals no planned initiative serves within 24 months, with the reason; a goal to open a channel
    whose plan lays only the groundwork (the stock view, not click & collect) is not reached either."""
    return [
        NotPursued(item=t("board_goal_unserved", lang, goal=quote(g.goal, lang, 80)), reason=g.rationale)
        for g in roadmap.goal_coverage
        if not g.initiatives or awaits_its_channel(g, lang)
    ]


def _not_pursued(roadmap: Roadmap, catalog: Catalog, lang: Lang) -> list[NotPursued]:
    """Use cases that may not run, with their alternative, and the largest deferred initiatives with the reason."""
    planned = {i.id for i in roadmap.initiatives if i.status == "planned"}
    out = [
        NotPursued(item=quote(u.use_case, lang, 80), reason=u.recommendation)
        for u in roadmap.use_case_coverage
        if u.verdict == "not_permitted"
    ]
    # e-mail advertising "to all members" goes only to those who consented: the "all" is not pursued
    findings = {f.use_case: f for f in roadmap.compliance_findings if f.source == "planned_use_case"}
    out += [
        NotPursued(item=quote(u.use_case, lang, 80), reason=t("cov_uc_not_everyone", lang))
        for u in roadmap.use_case_coverage
        if u.use_case in findings and advertises_to_everyone(u.use_case, findings[u.use_case])
    ]
    # a use case the company named that the plan does not realise is said here, not only in the appendix
    out += [
        NotPursued(item=quote(u.use_case, lang, 80), reason=u.recommendation)
        for u in roadmap.use_case_coverage
        if u.verdict != "not_permitted" and not set(u.initiatives) & planned
    ]
    # an initiative a goal's line already names with its cost and reason is not counted again below it
    named = " ".join(g.rationale for g in roadmap.goal_coverage if not g.initiatives)
    grouped: dict[str, list[DeferredItem]] = {}
    for d in roadmap.deferred:
        initiative = d.milestone.rsplit(".", 1)[0]
        entry = catalog.initiatives.get(initiative)
        if entry is None or f"{entry.title.get(lang)} (" not in named:
            grouped.setdefault(initiative, []).append(d)
    rows = sorted(grouped.items(), key=lambda kv: (-sum(d.budget_eur for d in kv[1]), kv[0]))
    for initiative, items in rows[:_MAX_DEFERRED]:
        out.append(NotPursued(item=_deferred_label(initiative, items, catalog, lang), reason=items[0].reason))
    if len(rows) > _MAX_DEFERRED:
        rest = [d for _, items in rows[_MAX_DEFERRED:] for d in items]
        out.append(
            NotPursued(
                item=tn("board_more_deferred", lang, len(rows) - _MAX_DEFERRED),
                reason=t("board_more_deferred_reason", lang, budget=eur(sum(d.budget_eur for d in rest), lang)),
            )
        )
    return out


def _deferred_label(initiative: str, items: list[DeferredItem], catalog: Catalog, lang: Lang) -> str:
    """ "X (Pilot und Skalierung)" when both steps wait, else the one step; a step of another kind by its title."""
    entry = catalog.initiatives.get(initiative)
    steps = {d.milestone.rsplit(".", 1)[1] for d in items}
    if entry is None or not steps <= {"pilot", "scale"}:
        return "; ".join(d.title for d in items)
    title = entry.title.get(lang)
    key = "board_both_steps" if steps == {"pilot", "scale"} else f"board_{next(iter(steps))}_only"
    return t(key, lang, title=title)
