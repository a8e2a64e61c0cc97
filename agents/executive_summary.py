"""Write the executive summary: top priorities, goal coverage, quick wins, budget, risks, decisions."""

from __future__ import annotations

import math
from typing import Final

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import UseCaseMatch
from fahrplan.agents.findings import Redesign, redesign
from fahrplan.agents.legal_context import marketing_constraints, works_council_status
from fahrplan.agents.placement import RESERVE_SHARE
from fahrplan.agents.ranking import BUSINESS_MODULES
from fahrplan.agents.sensitive_ranges import sells_alcohol
from fahrplan.agents.works_council import WORKS_COUNCIL_HEADCOUNT
from fahrplan.core.i18n import eur, number, quote
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import BudgetSummary, ComplianceFinding, Roadmap
from fahrplan.core.texts import t, tn
from fahrplan.core.vocab import Lang

__all__ = ["board_decisions", "executive_summary", "goal_coverage", "key_risks"]


def goal_coverage(roadmap: Roadmap, lang: Lang) -> str:
    """Say for each profile goal which planned initiatives serve it, or why none does (from ``goal_coverage``)."""
    title = {i.id: i.title for i in roadmap.initiatives}
    parts = [
        f"{quote(g.goal, lang, 80)} → {', '.join(title[i] for i in g.initiatives) if g.initiatives else g.rationale}"
        for g in roadmap.goal_coverage
    ]
    return t("sum_goals", lang, items="; ".join(parts))


def executive_summary(
    roadmap: Roadmap,
    profile: Profile,
    matches: tuple[UseCaseMatch, ...],
    deps: AgentDeps,
) -> list[str]:
    """Top priorities, goal coverage, quick wins, budget by phase, key risks and the board's decisions."""
    lang = deps.lang
    top = ", ".join(f"{m.priority.rank}. {m.title} ({m.priority.score:.1f})" for m in roadmap.modules[:3])
    quick = [ms.title for ms in roadmap.all_milestones() if ms.quick_win]
    lines = [t("sum_top", lang, items=top)]
    if roadmap.goal_coverage:
        lines.append(goal_coverage(roadmap, lang))
    lines.append(t("sum_quick", lang, items="; ".join(quick[:6])) if quick else t("sum_no_quick", lang))
    lines.append(_budget_line(roadmap.budget, lang))
    risks = key_risks(roadmap, profile, matches, lang)
    if risks:
        lines.append(t("sum_risks", lang, items="; ".join(risks)))
    lines.append(t("sum_decisions", lang, items="; ".join(board_decisions(roadmap, profile, matches, lang))))
    return lines


def key_risks(roadmap: Roadmap, profile: Profile, matches: tuple[UseCaseMatch, ...], lang: Lang) -> list[str]:
    """Blocked use cases, high-risk AI systems the plan runs, deferred milestones, low data maturity."""
    blocked = [m.use_case for m in matches if m.blocked]
    return _risks(roadmap, profile, blocked, _planned_high_risk(roadmap, _running(roadmap)), lang)


def board_decisions(
    roadmap: Roadmap, profile: Profile, matches: tuple[UseCaseMatch, ...], lang: Lang, dpia_names: int | None = None
) -> list[str]:
    """What the board decides: budget and owner, then what the findings of the steps the plan runs call for.

    ``dpia_names``: systems the DPIA sign-off names before it says how many more (:data:`DPIA_NAMES`; the board part
    names fewer when its two pages are full)."""
    blocked = [m.use_case for m in matches if m.blocked]
    live = _running(roadmap)
    high = _planned_high_risk(roadmap, live)
    decisions = _decisions(roadmap, blocked, high, lang, council=works_council_status(profile))
    titles = {i.id: i.title for i in roadmap.initiatives}
    redesigns = _redesigned(roadmap)
    for kind, key in (("ai_act", "dec_redesign"), ("anonymous", "dec_redesign_anonymous")):
        # the board chooses the lower-risk design knowingly: what it asked for is not built as described
        redesigned = [(use_case, ini) for use_case, ini, how in redesigns if how == kind]
        if redesigned:
            items = "; ".join(
                t("dec_redesign_item", lang, use_case=quote(use_case, lang, 60), title=quote(titles[ini], lang))
                for use_case, ini in redesigned
            )
            decisions.append(t(key, lang, items=items))
    return [*decisions, *_legal_decisions(roadmap, live, profile, lang, dpia_names or DPIA_NAMES)]


def _redesigned(roadmap: Roadmap) -> list[tuple[str, str, Redesign]]:
    """(use case, initiative, how) for each named use case the plan realises through a planned lower-risk design
    (:func:`~fahrplan.agents.findings.redesign`): one reviewed as not high-risk (own credit scoring through a payment
    provider, picker ranking through slotting) or one that outputs only anonymous aggregates (phone tracking through
    on-device heatmaps)."""
    own = {f.initiative: f for f in roadmap.compliance_findings if f.source == "initiative" and f.step == "pilot"}
    findings = {f.use_case: f for f in roadmap.compliance_findings if f.source == "planned_use_case"}
    planned = {i.id for i in roadmap.initiatives if i.status == "planned"}
    scheduled = roadmap.milestone_ids()
    out: list[tuple[str, str, Redesign]] = []
    for entry in roadmap.use_case_coverage:
        finding = findings.get(entry.use_case)
        ini = entry.initiatives[0] if entry.initiatives else None
        kind = redesign(finding, own.get(ini), scheduled) if finding is not None and ini in planned else None
        if kind is not None and ini is not None:
            out.append((entry.use_case, ini, kind))
    return out


def _running(roadmap: Roadmap) -> list[ComplianceFinding]:
    """The findings of what the plan runs: a permitted use of a planned initiative whose reviewed step (pilot,
    or the scale step that adds a purpose) is scheduled; a step in the backlog needs no sign-off now."""
    planned = {i.id for i in roadmap.initiatives if i.status == "planned"}
    scheduled = roadmap.milestone_ids()
    return [
        f
        for f in roadmap.compliance_findings
        if f.initiative in planned and f.verdict != "not_permitted" and f"{f.initiative}.{f.step}" in scheduled
    ]


def _planned_high_risk(roadmap: Roadmap, live: list[ComplianceFinding]) -> list[ComplianceFinding]:
    """High-risk systems the plan runs (of the ``live`` findings): high-risk in the design the plan builds.

    A use case described as high-risk (picker scoring) that the plan realises through an initiative
    reviewed as not high-risk (slotting per zone and shift) is no high-risk system of this plan; one realised by a
    scheduled scale step (shift proposals per employee) is, as :func:`~fahrplan.agents.findings.redesign` decides.
    """
    own = {f.initiative: f for f in roadmap.compliance_findings if f.source == "initiative" and f.step == "pilot"}
    scheduled = roadmap.milestone_ids()
    return [
        f
        for f in live
        if f.ai_act_risk == "high"
        and (f.source == "initiative" or redesign(f, own.get(f.initiative), scheduled) != "ai_act")
    ]


def _budget_line(b: BudgetSummary, lang: Lang) -> str:
    """Total against the limit, by phase, and the reserve."""
    return t(
        "sum_budget",
        lang,
        total=eur(b.total_eur, lang),
        limit=eur(b.limit_eur, lang),
        p1=eur(b.by_phase["0-6"], lang),
        p2=eur(b.by_phase["6-12"], lang),
        p3=eur(b.by_phase["12-24"], lang),
        reserve=eur(max(0, b.limit_eur - b.total_eur), lang),
    )


def _risks(
    roadmap: Roadmap, profile: Profile, blocked: list[str], high: list[ComplianceFinding], lang: Lang
) -> list[str]:
    """Blocked use cases, high-risk AI systems, the step most pilots wait for, low data maturity, unproven
    consents."""
    risks = []
    if blocked:
        risks.append(tn("risk_blocked", lang, len(blocked), items="; ".join(quote(u, lang, 60) for u in blocked)))
    if high:
        risks.append(tn("risk_high", lang, len({f.initiative for f in high})))  # one system, one count
    if waiting := _bottleneck(roadmap):  # what the schedule hangs on; what is not done is under "Not pursued"
        title, end, pilots = waiting
        risks.append(t("risk_bottleneck", lang, title=quote(title, lang), end=end, n=pilots))
    if profile.data_and_it.maturity <= 2:
        risks.append(t("risk_maturity", lang, level=profile.data_and_it.maturity))
    if subscribers := _unproven_consents(profile):  # an exposure today (unstated: assumed absent)
        risks.append(t("risk_consent_unproven", lang, n=number(subscribers, lang)))
    return risks


def _bottleneck(roadmap: Roadmap) -> tuple[str, int, int] | None:
    """The duty or foundation step that most value pilots wait for, when two or more do: (title, last month,
    pilots). If it slips (a works agreement still in negotiation), they all slip."""
    steps = {ms.id: ms for ms in roadmap.all_milestones()}
    business = {ms.id for m in roadmap.modules if m.id in BUSINESS_MODULES for ms in m.milestones}
    waiting: dict[str, int] = {}
    for ms in steps.values():
        if ms.id in business and ms.step == "pilot":
            for dep in ms.depends_on:
                if dep in steps and dep not in business:
                    waiting[dep] = waiting.get(dep, 0) + 1
    if not waiting:
        return None
    gate = min(waiting, key=lambda d: (-waiting[d], d))
    step = steps[gate]
    if waiting[gate] < 2 or step.start_month is None:
        return None
    return step.title, step.start_month + (step.months or 1) - 1, waiting[gate]


def _unproven_consents(profile: Profile) -> int:
    """Newsletter subscribers whose consents may not be provable: mailed today without consent management."""
    return 0 if profile.customers.consent_management else profile.customers.newsletter_subscribers or 0


_WORKS_AGREEMENT = "compliance.works_council_agreement"
DPIA_NAMES = 6
"""Systems named in the DPIA sign-off; more are counted and found in the compliance review (the board part's length)."""
DPO_HEADCOUNT = 20
"""§ 38 BDSG: a DPO is mandatory from 20 people regularly processing personal data; with checkout, service and
marketing staff a retailer of this size usually reaches it, so the board confirms the designation."""


_GENAI_STOP: Final = "consumer_genai_personal_data"
"""The rule of customer data pasted into a freely available AI chat: the board stops it with immediate effect."""


def _legal_decisions(
    roadmap: Roadmap, live: list[ComplianceFinding], profile: Profile, lang: Lang, names: int
) -> list[str]:
    """The sign-offs the systems the plan runs (``live``) need from the board: DPIAs, the data protection officer
    who advises on them, and whether a works council exists."""
    planned = {i.id: i.title for i in roadmap.initiatives if i.status == "planned"}
    # the legal review assumes German law when the profile names no country: the board confirms it first
    out: list[str] = [] if "country" in profile.company.model_fields_set else [t("dec_country_assumed", lang)]
    if any(_GENAI_STOP in f.rules for f in roadmap.compliance_findings if f.source == "planned_use_case"):
        out.append(t("dec_genai_stop", lang))  # happening today: stopped now, not when the usage policy is written
    dpia = list(
        dict.fromkeys(quote(planned[f.initiative], lang) for f in live if f.initiative and "dpia" in f.measure_ids)
    )
    if len(dpia) > names:  # the board signs off each one; the compliance review lists them all
        more = tn("dec_dpia_more", lang, len(dpia) - names)
        out.append(t("dec_dpia", lang, items=", ".join(dpia[:names]) + more))
    elif dpia:  # every system by name: the board signs off each one
        out.append(t("dec_dpia", lang, items=", ".join(dpia)))
    # § 38 BDSG: a DPO from 20 people who regularly process personal data, and for any processing needing a DPIA
    if profile.company.employees >= DPO_HEADCOUNT or any({"dpia", "dpo"} & set(f.measure_ids) for f in live):
        out.append(t("dec_dpo" if dpia or profile.customers.loyalty_program else "dec_dpo_no_dpia", lang))
    if subscribers := _unproven_consents(profile):  # today's exposure, decided now, not in a pilot
        out.append(t("dec_consent_check", lang, n=number(subscribers, lang)))
    limits = marketing_constraints(profile)
    if limits and any("targeting_constraint" in f.measure_ids for f in live):  # who secures it, before go-live
        out.append(t("dec_targeting", lang, constraint="; ".join(quote(c, lang) for c in limits)))
    drinking = list(
        dict.fromkeys(
            quote(planned[f.initiative], lang)
            for f in live
            if f.initiative and "gdpr.art9" in f.citations and sells_alcohol(profile)
        )
    )
    if drinking:  # the Art. 9 limit on profiles is the board's rule, not a detail of one pilot
        out.append(t("dec_alcohol", lang, items=", ".join(drinking)))
    staff = list(
        dict.fromkeys(quote(planned[f.initiative], lang) for f in live if f.initiative and "betrvg.s87" in f.citations)
    )
    council = works_council_status(profile)
    if council == "present" and live:  # § 90 BetrVG: informed before the first pilot, whatever the tool records
        out.append(t("dec_inform_works_council", lang))
    if council == "unknown" and profile.company.employees >= WORKS_COUNCIL_HEADCOUNT:
        if staff:
            out.append(t("dec_works_council_unknown", lang, items=", ".join(staff)))
        else:  # § 90 BetrVG: a works council hears of AI in work processes whatever the tool records
            out.append(t("dec_works_council_unknown_general", lang))
    return out


def _idle_text(roadmap: Roadmap, idle: int, lang: Lang) -> str:
    """Why money beyond the reserve stays unallocated: too little for the smallest deferred step, or other limits."""
    if not idle:
        return ""
    money = t("reason_budget", lang)  # "Budgetgrenze", also the start of "Budgetgrenze: zusammen mit …"
    held = [d for d in roadmap.deferred if d.reason.startswith(money)]
    # a step held back with its prerequisite ("zusammen mit …") cannot start alone: what the money could buy next is
    # a step deferred for the budget on its own
    alone = [d.budget_eur for d in held if d.reason == money] or [d.budget_eur for d in held]
    smallest = min(alone, default=0)
    if smallest > idle:  # the budget does limit the plan: the next step it holds back costs more than what is left
        return t("dec_budget_idle_short", lang, idle=eur(idle, lang), smallest=eur(smallest, lang))
    return t("dec_budget_idle", lang, idle=eur(idle, lang))


def _decisions(
    roadmap: Roadmap, blocked: list[str], high: list[ComplianceFinding], lang: Lang, *, council: str = "present"
) -> list[str]:
    """What the board must decide: budget and owner always, then what the findings call for (``council``: whether
    the profile says there is a works council, "present", "none" or "unknown")."""
    b = roadmap.budget
    first, second = b.by_phase["0-6"] + b.by_phase["6-12"], b.by_phase["12-24"]
    unspent = max(0, b.limit_eur - b.total_eur)
    kept = math.ceil(RESERVE_SHARE * b.limit_eur)  # the reserve the solver kept, not rounded (4,500 is not 4,000)
    idle = unspent - kept if unspent >= 2 * kept else 0  # far more than a reserve: capacity, not money, limits it
    reserve = eur(unspent - idle, lang)
    pilots = any(
        ms.step == "pilot" and m.id in BUSINESS_MODULES and (ms.start_month or 99) <= 12
        for m in roadmap.modules
        for ms in m.milestones
    )  # the year-two release reviews the pilots; without any it reviews what the duties and foundations did
    decisions = [
        t(
            "dec_budget_year_one" if not second else "dec_budget" if pilots else "dec_budget_no_pilots",
            lang,
            first=eur(first, lang),
            second=eur(second, lang),
            reserve=reserve,
        )
        + _idle_text(roadmap, idle, lang),
        t("dec_owner", lang),
    ]
    planned = {i.id for i in roadmap.initiatives if i.status == "planned"}
    if _WORKS_AGREEMENT in planned:  # never commission what the plan does not contain
        # where the profile does not say, the agreement is negotiated once a works council is confirmed (see below)
        decisions.append(t("dec_works_council" if council != "unknown" else "dec_works_council_if", lang))
    if blocked:  # confirm the alternatives the plan runs; where none is planned, that the use cases are dropped
        alternatives = {i for u in roadmap.use_case_coverage if u.use_case in blocked for i in u.initiatives}
        decisions.append(t("dec_alternatives" if alternatives & planned else "dec_blocked_dropped", lang))
    if high:
        decisions.append(t("dec_high_risk", lang))
    return decisions
