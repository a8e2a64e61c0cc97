"""The board part of the report as format-neutral blocks, so Markdown, HTML and PDF say the same.

Pure: a roadmap in, a list of :class:`Block` out. ``render_md`` and ``render_html`` each turn blocks into
their markup; ``board_words`` counts what a reader reads (the two-page limit is 900 words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from fahrplan.core.board import BenefitCase
from fahrplan.core.i18n import eur, eur_range, percent, percent_range, quote
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.texts import MODULE_TITLES, labels, t
from fahrplan.core.vocab import Lang

__all__ = [
    "BOARD_SECTIONS",
    "MAX_BOARD_WORDS",
    "Block",
    "board_blocks",
    "board_words",
    "goal_blocks",
    "money_blocks",
    "use_case_blocks",
]

MAX_BOARD_WORDS = 900
BOARD_SECTIONS = (
    "board_recommendation",
    "board_fund",
    "board_money",
    "board_not_pursued",
    "board_risks",
    "board_decisions",
)
"""The board part's sections in reading order (label keys); empty ones are left out, the order never changes."""


@dataclass(frozen=True)
class Block:
    """One piece of the document: a heading, a paragraph, a list or a table."""

    kind: Literal["heading", "para", "bullets", "numbered", "table"]
    text: str = ""
    level: int = 2
    items: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    numeric: tuple[bool, ...] = field(default_factory=tuple)
    anchor: str = ""


def board_blocks(roadmap: Roadmap) -> list[Block]:
    """The board summary: recommendation, what to fund now, money, what is not pursued, risks, decisions."""
    board = roadmap.board_summary
    if board is None:
        return []
    lang = roadmap.generated_with.language
    L = labels("report", lang)
    out = [Block("heading", L["board_title"], level=2, anchor="board")]

    def section(key: str, *blocks: Block) -> None:
        out.append(Block("heading", L[key], level=3, anchor=key.replace("_", "-")))
        out.extend(blocks)

    section("board_recommendation", Block("para", " ".join(board.recommendation)))
    if board.fund_now:
        rows = tuple(
            (
                f"{f.title} ({f.note})" if f.note else f.title,
                MODULE_TITLES[f.module][lang],
                L["month"].format(month=f.start_month) if f.start_month else "–",
                eur(f.cost_eur, lang),
                f.benefit,
            )
            for f in board.fund_now
        )
        rows += tuple((s.label, "", "", eur(s.cost_eur, lang), s.note) for s in board.spend)
        if board.spend:
            total = sum(f.cost_eur for f in board.fund_now) + sum(s.cost_eur for s in board.spend)
            rows += ((t("board_spend_total", lang), "", "", eur(total, lang), ""),)
        header = (L["initiative"], L["module"], L["start_col"], L["cost_24"], L["benefit"])
        section("board_fund", Block("table", header=header, rows=rows, numeric=(False, False, False, True, False)))
    if board.money:
        section("board_money", Block("bullets", items=tuple(board.money)))
    if board.not_pursued:
        section("board_not_pursued", Block("bullets", items=tuple(f"{n.item} — {n.reason}" for n in board.not_pursued)))
    if board.risks:
        section("board_risks", Block("bullets", items=tuple(board.risks)))
    section("board_decisions", Block("numbered", items=tuple(board.decisions)))
    return out


_WORD = re.compile(r"[\wÄÖÜäöüß€%.,–-]*[\wÄÖÜäöüß€%]+[\wÄÖÜäöüß€%.,–-]*")


def board_words(blocks: list[Block]) -> int:
    """The words a reader reads in ``blocks`` (headings, text, list items and table cells)."""
    texts = [b.text for b in blocks] + [i for b in blocks for i in b.items]
    texts += [c for b in blocks for c in b.header] + [c for b in blocks for row in b.rows for c in row]
    return sum(len(_WORD.findall(x)) for x in texts)


def goal_blocks(roadmap: Roadmap) -> list[Block]:
    """Which planned initiatives serve each profile goal, from when, or why none does."""
    if not roadmap.goal_coverage:
        return []
    lang = roadmap.generated_with.language
    L = labels("report", lang)
    titles = {i.id: i.title for i in roadmap.initiatives}
    rows = tuple(
        (
            quote(g.goal, lang, 100),
            ", ".join(titles.get(i, i) for i in g.initiatives) or "–",
            L["phase"].format(phase=g.first_phase) if g.first_phase else "–",
            g.rationale,
        )
        for g in roadmap.goal_coverage
    )
    header = (L["goal_col"], L["initiative"], L["first_phase"], L["reason"])
    return _text_table(L["goal_coverage"], "goal-coverage", header, rows)


def use_case_blocks(roadmap: Roadmap) -> list[Block]:
    """What the plan does with each use case the company named: its verdict, what realises it, and how (a use case
    realised in a lower-risk design says so here, not only in the compliance review)."""
    if not roadmap.use_case_coverage:
        return []
    lang = roadmap.generated_with.language
    L = labels("report", lang)
    titles = {i.id: i.title for i in roadmap.initiatives}
    rows = tuple(
        (
            quote(u.use_case, lang, 100),
            L[u.verdict],
            ", ".join(titles.get(i, i) for i in u.initiatives) or "–",
            u.recommendation,
        )
        for u in roadmap.use_case_coverage
    )
    header = (L["use_case_col"], L["verdict"], L["initiative"], L["plan_does"])
    return _text_table(L["use_case_coverage"], "use-case-coverage", header, rows)


def _text_table(title: str, anchor: str, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[Block]:
    """A section of one table of text columns under its heading."""
    return [
        Block("heading", title, level=2, anchor=anchor),
        Block("table", header=header, rows=rows, numeric=tuple(False for _ in header)),
    ]


def money_blocks(roadmap: Roadmap) -> list[Block]:
    """The money case in detail: each benefit with its figures, sources, base, assumptions and payback."""
    money = roadmap.money_case
    if money is None or not (money.cases or money.unquantified):
        return []
    lang = roadmap.generated_with.language
    L = labels("report", lang)
    titles = {i.id: i.title for i in roadmap.initiatives}
    out = [Block("heading", L["money_detail"], level=2, anchor="money-case")]
    if money.cases:
        header = (L["initiative"], L["money_range"], L["money_base"], L["cost_24"], L["money_payback"])
        rows = tuple(
            (
                ", ".join(titles.get(i, i) for i in c.initiatives),
                f"{eur_range(c.low_eur, c.high_eur, lang)} {L[f'money_kind_{c.kind}']}",
                eur(c.base_eur, lang),
                eur(c.cost_eur, lang),
                _payback_cell(c, L, lang),
            )
            for c in money.cases
        )
        out.append(Block("table", header=header, rows=rows, numeric=(False, False, True, True, False)))
        out.append(Block("bullets", items=tuple(_case_detail(c, titles, L) for c in money.cases)))
    if money.unquantified:
        out.append(Block("heading", L["money_unquantified"], level=3, anchor="money-unquantified"))
        out.append(
            Block(
                "bullets",
                items=tuple(f"{titles.get(u.initiative, u.initiative)}: {u.note}" for u in money.unquantified),
            )
        )
    return out


def _payback_cell(case: BenefitCase, L: dict[str, str], lang: Lang) -> str:
    months, margin = case.payback_months, case.break_even_margin_pct
    if (pct := case.stated_break_even()) is not None:  # not a payback that rests on the claimed rate
        return L["money_reduction"].format(reduces=case.reduces, pct=percent_range(pct, lang))
    if months and months[0] == months[1]:  # one figure, not "1–1 Monate"
        return L["money_month_one" if months[0] == 1 else "money_month"].format(n=months[0])
    if months:
        return L["money_months"].format(low=months[0], high=months[1])
    if margin:
        return L["money_margin"].format(low=percent(margin[0], lang), high=percent(margin[1], lang))
    return "–"


def _case_detail(case: BenefitCase, titles: dict[str, str], L: dict[str, str]) -> str:
    facts = "; ".join(f"{f.figure} ({f.source}; {L[f'evidence.{f.evidence}']})" for f in case.facts)
    names = ", ".join(titles.get(i, i) for i in case.initiatives)
    return f"{names}: {L['money_facts']}: {facts}. {L['money_assumptions']}: {' '.join(case.assumptions)}"
