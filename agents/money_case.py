"""The money case: yearly benefit ranges of the planned initiatives from sourced figures, with payback.

Pure: the roadmap, the profile and the money knowledge in, a :class:`MoneyCase` out. A benefit is
``base × the product of the facts' ranges`` (base: the company's revenue, online or store revenue); a
planned value initiative no benefit model covers, or whose base this company does not state, is listed
as unquantified with what its pilot measures instead. Nothing is estimated without a written assumption.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from fahrplan.agents.constraints import constraints_of
from fahrplan.core.board import BenefitCase, FactUse, MoneyCase, MoneyTotals, Unquantified
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.texts import t
from fahrplan.core.vocab import Lang
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.money import BenefitBase, BenefitModel, MoneyKnowledge, ValueFact

__all__ = ["company_base", "cost_by_initiative", "money_case", "rounded", "totals"]


def rounded(amount: float) -> int:
    """A benefit in whole thousands of euros: the figures are ranges, not bookkeeping."""
    return round(amount / 1000.0) * 1000


def company_base(profile: Profile, base: BenefitBase) -> int | None:
    """The company's revenue, online or store revenue; None when the profile does not tell."""
    revenue = float(profile.company.annual_revenue_eur)
    share = profile.company.online_share_pct
    if share is None:  # no stated online share: known only for a company without any online channel
        share = None if set(profile.channels) - {"stores"} else 0.0
    if base == "revenue":
        return round(revenue)
    if share is None:
        return None
    online = revenue * share / 100.0
    return round(online if base == "online_revenue" else revenue - online)


def money_case(roadmap: Roadmap, profile: Profile, money: MoneyKnowledge, catalog: Catalog, lang: Lang) -> MoneyCase:
    """The benefit cases, the unquantified value initiatives, and totals per module and for the plan."""
    planned = [i.id for i in roadmap.initiatives if i.status == "planned"]
    cost = cost_by_initiative(roadmap)
    scaled = roadmap.scaled_initiatives()
    cases: list[BenefitCase] = []
    unquantified: list[Unquantified] = []
    for model in money.models:
        members = [i for i in planned if i in model.initiatives]
        if not members:
            continue
        case = _case(model, members, profile, money, catalog, cost, scaled, lang)
        if case is None:
            unquantified += [_unquantified(i, catalog, lang, t("money_no_base", lang)) for i in members]
        else:
            cases.append(case)
    covered = {i for c in cases for i in c.initiatives} | {u.initiative for u in unquantified}
    unquantified += [
        _unquantified(i, catalog, lang, "")
        for i in planned
        if i not in covered and money.model_of(i) is None and catalog.initiatives[i].creates_value
    ]
    modules = {m.id: m.resources.budget_eur for m in roadmap.modules}
    effective = [c for c in cases if c.scaled_in_plan]
    by_module: dict[str, MoneyTotals] = {
        mid: totals([c for c in cases if c.module == mid], modules[mid])
        for mid in modules
        if any(c.module == mid for c in effective)
    }
    plan = totals(cases, roadmap.budget.total_eur) if effective else None
    return MoneyCase(cases=cases, unquantified=unquantified, by_module=by_module, plan=plan)


def cost_by_initiative(roadmap: Roadmap) -> dict[str, int]:
    """What each initiative's scheduled steps cost in the plan."""
    out: dict[str, int] = {}
    for m in roadmap.modules:
        for ms in m.milestones:
            out[ms.initiative] = out.get(ms.initiative, 0) + ms.budget_eur
    return out


def _case(
    model: BenefitModel,
    members: list[str],
    profile: Profile,
    money: MoneyKnowledge,
    catalog: Catalog,
    cost: dict[str, int],
    scaled: set[str],
    lang: Lang,
) -> BenefitCase | None:
    """The case of ``model`` for its planned ``members``; None when the company's base is unknown or zero."""
    if model.sectors and profile.company.sector not in model.sectors:
        return None
    base = company_base(profile, model.base)
    if not base:
        return None
    facts = [money.facts[f] for f in model.facts]
    low = rounded(base * math.prod(f.low for f in facts))
    high = rounded(base * math.prod(f.high for f in facts))
    spend = sum(cost.get(i, 0) for i in members)
    pool = _pool(base, facts) if model.reduces is not None else None
    full = all(i in scaled for i in members if catalog.initiatives[i].scale_step is not None)
    # a payback or break-even of the pilot's cost alone against the rollout's full effect would flatter the case
    paid = spend if full else 0
    return BenefitCase(
        model=model.id,
        kind=model.kind,
        module=catalog.initiatives[members[0]].module,
        initiatives=members,
        base=model.base,
        base_eur=base,
        low_eur=low,
        high_eur=high,
        cost_eur=spend,
        scaled_in_plan=full,
        payback_months=_payback(paid, low, high) if model.kind == "saving" else None,
        break_even_margin_pct=_margin(paid, 0, 0, low, high) if model.kind == "revenue" else None,
        reduces=model.reduces.get(lang) if model.reduces is not None else None,
        reduced_eur=pool,
        break_even_reduction_pct=_reduction(paid, pool) if pool else None,
        facts=[
            FactUse(id=f.id, figure=f.figure.get(lang), source=f.source, evidence=f.evidence, low=f.low, high=f.high)
            for f in facts
        ],
        assumptions=[
            model.assumption.get(lang),
            t(f"money_base_{model.base}", lang),
            *_base_limits(model, profile, lang),
        ],
    )


def _base_limits(model: BenefitModel, profile: Profile, lang: Lang) -> list[str]:
    """What the base includes that the initiatives do not reach (marketplace sales in the online revenue) or that
    the company does not keep (the savings in stores that independent partners run)."""
    out: list[str] = []
    if model.own_shop_only and "marketplace" in profile.channels:
        out.append(t("money_base_marketplace_share", lang))
    if model.base != "online_revenue" and "independent_operators" in constraints_of(profile):
        out.append(t("money_base_partners", lang))
    return out


def _payback(cost: int, low: int, high: int) -> list[int] | None:
    """Months of full effect until savings of ``low``–``high`` a year recover ``cost`` (fastest first)."""
    if low <= 0 or cost <= 0:
        return None
    return [math.ceil(cost * 12 / high), math.ceil(cost * 12 / low)]


def _pool(base: int, facts: list[ValueFact]) -> list[int]:
    """The yearly cost pool a saving's rate acts on: the base times every fact but the last (the rate)."""
    sizing = facts[:-1]
    return [rounded(base * math.prod(f.low for f in sizing)), rounded(base * math.prod(f.high for f in sizing))]


def _reduction(cost: int, pool: list[int]) -> list[float] | None:
    """The reduction of ``pool`` (in %, [at its high, at its low]) at which a year of savings recovers ``cost``.

    What the pilot has to show, stated next to the claimed rate instead of a payback that assumes it. A least
    reduction, so rounded up to a tenth of a per cent (never 'a reduction of 0 %')."""
    low, high = pool
    if low <= 0 or cost <= 0:
        return None
    return [math.ceil(round(cost / x * 1000, 6)) / 10 for x in (high, low)]  # per cent, up to one decimal


def _margin(cost: int, saving_low: int, saving_high: int, revenue_low: int, revenue_high: int) -> list[float] | None:
    """The gross margin on the extra revenue at which a year of full effect, with the savings, recovers ``cost``."""
    if revenue_low <= 0 or cost <= 0:
        return None
    return [
        round(max(0, cost - saving_high) / revenue_high * 100, 1),
        round(max(0, cost - saving_low) / revenue_low * 100, 1),
    ]


def totals(cases: Iterable[BenefitCase], cost: int) -> MoneyTotals:
    """Revenue and saving ranges apart, exposure, and the payback of ``cost`` against them.

    Only cases at full effect within the plan count: a benefit whose rollout falls after month 24 stays
    listed with that note but is not in a total. Savings on different cost pools add up; revenue uplifts
    may all claim the same customers, so the low end of the revenue range is the largest single uplift
    and only the high end is their sum."""
    items = [c for c in cases if c.scaled_in_plan]

    def total(kind: str, end: str) -> int:
        return sum(getattr(c, f"{end}_eur") for c in items if c.kind == kind)

    # uplifts on the same revenue overlap: the low end counts the largest one only, the high end adds them up
    rev = (max((c.low_eur for c in items if c.kind == "revenue"), default=0), total("revenue", "high"))
    sav = (total("saving", "low"), total("saving", "high"))
    savings = [c for c in items if c.kind == "saving"]
    pool = savings[0].reduced_eur if len(savings) == 1 else None
    return MoneyTotals(
        revenue_low_eur=rev[0],
        revenue_high_eur=rev[1],
        saving_low_eur=sav[0],
        saving_high_eur=sav[1],
        exposure_eur=total("exposure", "low"),
        cost_eur=cost,
        payback_months=None if rev[0] else _payback(cost, *sav),
        break_even_margin_pct=_margin(cost, *sav, *rev),
        break_even_reduction_pct=_reduction(cost, pool) if pool else None,
    )


def _unquantified(initiative: str, catalog: Catalog, lang: Lang, reason: str) -> Unquantified:
    """A value initiative without a sourced euro figure: why, and the KPI its pilot measures instead."""
    ini = catalog.initiatives[initiative]
    note = t("money_unquantified", lang, kpi=ini.kpis[0].get(lang))
    return Unquantified(initiative=initiative, module=ini.module, note=f"{reason} {note}".strip())
