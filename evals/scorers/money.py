"""Scorers of the board part: the money case traces to sourced figures, and the board summary reads in minutes.

``money_traceable`` recomputes every number of the money case from the profile and the knowledge base's
value facts (independently of the planner's code) and checks that every number the board reads in the
money sentences is one of them. ``board_report`` checks the board summary's shape: sections in order,
at most 900 words, three recommendation sentences, no raw enum value or field path.
"""

from __future__ import annotations

import math
import re

from fahrplan.core.board import BenefitCase, MoneyCase
from fahrplan.core.i18n import eur, eur_range, percent
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.vocab import Lang, norm_lang
from fahrplan.evals.schema import Score, ScoreContext
from fahrplan.evals.scorers.base import Tally
from fahrplan.knowledge.money import load_money
from fahrplan.report.board import BOARD_SECTIONS, MAX_BOARD_WORDS, board_blocks, board_words

__all__ = ["board_report", "company_base_eur", "money_traceable"]

_TOLERANCE_EUR = 500  # benefits are rounded to whole thousands
_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
_RAW = re.compile(
    r"\b(company|customers|data_and_it|budget)\.[a-z_]+\b|\b[a-z]+_[a-z_]+\b|\b(?:personalization|supply_chain|"
    r"omnichannel|upskilling|data_platform|compliance)\.[a-z_]+\b"
)


def company_base_eur(profile: Profile, base: str) -> float | None:
    """The base a benefit model names, from the profile as the contract reads it: an unstated online share is
    known (zero) only for a company that sells through no online channel."""
    revenue = float(profile.company.annual_revenue_eur)
    share = profile.company.online_share_pct
    if share is None and not set(profile.channels) - {"stores"}:
        share = 0.0
    if base == "revenue":
        return revenue
    if share is None:
        return None
    online = revenue * float(share) / 100.0
    return online if base == "online_revenue" else revenue - online


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _TOLERANCE_EUR


def _check_case(case: BenefitCase, roadmap: Roadmap, ctx: ScoreContext, tally: Tally) -> None:
    money = load_money(ctx.catalog)
    model = next((m for m in money.models if m.id == case.model), None)
    if not tally.check(model is not None, f"{case.model}: no such benefit model") or model is None:
        return
    facts = [money.facts.get(f.id) for f in case.facts]
    tally.check(
        [f.id for f in case.facts] == model.facts and all(facts), f"{case.model}: facts differ from the model's"
    )
    for used, known in zip(case.facts, facts, strict=True):
        tally.check(
            known is not None and (used.low, used.high, used.source) == (known.low, known.high, known.source),
            f"{case.model}: fact {used.id} does not match the knowledge base",
        )
    base = company_base_eur(ctx.profile, model.base)
    tally.check(base is not None and _close(case.base_eur, base), f"{case.model}: base {case.base_eur} ≠ profile")
    low = case.base_eur * math.prod(f.low for f in case.facts)
    high = case.base_eur * math.prod(f.high for f in case.facts)
    tally.check(_close(case.low_eur, low) and _close(case.high_eur, high), f"{case.model}: range ≠ base × facts")
    planned = {i.id for i in roadmap.initiatives if i.status == "planned"}
    tally.check(set(case.initiatives) <= planned & set(model.initiatives), f"{case.model}: initiative not planned")
    cost = sum(ms.budget_eur for ms in roadmap.all_milestones() if ms.initiative in case.initiatives)
    tally.check(case.cost_eur == cost, f"{case.model}: cost {case.cost_eur} ≠ milestones {cost}")
    tally.check(len(case.assumptions) >= 2 and all(a.strip() for a in case.assumptions), f"{case.model}: assumption")
    if case.payback_months:
        fast, slow = (math.ceil(case.cost_eur * 12 / x) for x in (case.high_eur, case.low_eur))
        tally.check(case.payback_months == [fast, slow], f"{case.model}: payback ≠ cost ÷ saving")
    if case.break_even_margin_pct:
        lo, hi = (round(case.cost_eur / x * 100, 1) for x in (case.high_eur, case.low_eur))
        tally.check(case.break_even_margin_pct == [lo, hi], f"{case.model}: margin ≠ cost ÷ revenue")
    if case.break_even_reduction_pct:
        tally.check(
            model.reduces is not None and case.reduced_eur is not None, f"{case.model}: break-even without a pool"
        )
        pool = [case.base_eur * math.prod(getattr(f, end) for f in case.facts[:-1]) for end in ("high", "low")]
        need = [math.ceil(round(case.cost_eur / x * 1000, 6)) / 10 for x in pool]  # a least reduction: up
        tally.check(
            all(abs(a - b) <= 0.1 for a, b in zip(case.break_even_reduction_pct, need, strict=True)),
            f"{case.model}: break-even reduction ≠ cost ÷ pool",
        )


def _allowed_numbers(money: MoneyCase, roadmap: Roadmap, lang: Lang) -> set[str]:
    """Every number the money sentences may show: formatted from the money case, the budget and the facts."""
    amounts = [roadmap.budget.total_eur, roadmap.budget.limit_eur]
    ranges: list[tuple[int, int]] = []
    pct: list[float] = []
    months: list[int] = []
    for c in money.cases:
        amounts += [c.base_eur, c.cost_eur, c.low_eur, c.high_eur]
        ranges.append((c.low_eur, c.high_eur))
        pct += [x * 100 for f in c.facts for x in (f.low, f.high)] + (c.break_even_margin_pct or [])
        pct += c.break_even_reduction_pct or []
        months += c.payback_months or []
    for tot in [money.plan, *money.by_module.values()]:
        if tot is not None:
            ranges += [(tot.revenue_low_eur, tot.revenue_high_eur), (tot.saving_low_eur, tot.saving_high_eur)]
            pct += (tot.break_even_margin_pct or []) + (tot.break_even_reduction_pct or [])
            months += tot.payback_months or []
    texts = [eur(a, lang) for a in amounts] + [eur_range(lo, hi, lang) for lo, hi in ranges]
    texts += [percent(p, lang) for p in pct] + [str(m) for m in months] + [str(len(money.unquantified))]
    texts += [f.figure for c in money.cases for f in c.facts] + [str(len(c.initiatives) - 1) for c in money.cases]
    texts += [str(len(c.initiatives) - 2) for c in money.cases]  # a case names two titles "and 2 more"
    texts += [str(n) for n in range(len(money.unquantified) + 1)]  # counts: "und 3 weitere"
    texts += ["24", "12", "1"]  # "24 Monate", "12 Monate", "1 Jahr"
    return {n for text in texts for n in _NUMBER.findall(text)}


def money_traceable(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score the money case: every figure recomputes from the profile and a sourced fact, every planned value
    initiative is quantified or says why not, and the board reads no number that is not one of them."""
    money = roadmap.money_case
    tally = Tally(noun="money checks")
    if money is None:
        return tally.score("no money case", empty_value=0.0)
    for case in money.cases:
        _check_case(case, roadmap, ctx, tally)
    quantified = {i for c in money.cases for i in c.initiatives} | {u.initiative for u in money.unquantified}
    for ini in roadmap.initiatives:
        entry = ctx.catalog.initiatives.get(ini.id)
        if ini.status == "planned" and entry is not None and entry.creates_value:
            tally.check(ini.id in quantified, f"{ini.id}: planned value initiative neither quantified nor explained")
    tally.check(all(u.note.strip() for u in money.unquantified), "an unquantified initiative without a note")
    board = roadmap.board_summary
    if board is not None:
        allowed = _allowed_numbers(money, roadmap, norm_lang(ctx.lang))
        sentences = [*board.money, board.recommendation[-1] if board.recommendation else ""]
        sentences += [f.benefit for f in board.fund_now]
        for sentence in sentences:
            stray = [n for n in _NUMBER.findall(sentence) if n not in allowed]
            tally.check(not stray, f"untraced number {stray[:3]} in: {sentence}")
    return tally.score("nothing planned to quantify")


def board_report(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score the board summary: present, sections in order, ≤ 900 words, three recommendation sentences,
    something to fund when value initiatives are planned, decisions, and no raw enum value or field path."""
    board = roadmap.board_summary
    tally = Tally(noun="board checks")
    if not tally.check(board is not None, "no board summary") or board is None:
        return tally.score()
    blocks = board_blocks(roadmap)
    anchors = [b.anchor.replace("-", "_") for b in blocks if b.kind == "heading" and b.level == 3]
    tally.check(anchors == [s for s in BOARD_SECTIONS if s in anchors], f"sections out of order: {anchors}")
    tally.check(anchors[:1] == ["board_recommendation"] and anchors[-1:] == ["board_decisions"], "first/last section")
    words = board_words(blocks)
    tally.check(words <= MAX_BOARD_WORDS, f"{words} words in the board part (at most {MAX_BOARD_WORDS})")
    tally.check(len(board.recommendation) == 3, f"{len(board.recommendation)} recommendation sentences, not 3")
    tally.check(bool(board.decisions), "no decisions for the board")
    value = [
        i
        for i in roadmap.initiatives
        if i.status == "planned" and i.id in ctx.catalog.initiatives and ctx.catalog.initiatives[i.id].creates_value
    ]
    tally.check(bool(board.fund_now) or not value, "value planned but nothing to fund now")
    texts = [b.text for b in blocks] + [x for b in blocks for x in (*b.items, *(c for r in b.rows for c in r))]
    raw = sorted({m.group(0) for x in texts for m in _RAW.finditer(x)})
    tally.check(not raw, f"raw values in the board part: {raw[:4]}")
    return tally.score()
