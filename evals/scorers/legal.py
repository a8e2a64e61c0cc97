"""The legal scorer: the compliance review against the trap list and the sample's labelled use cases.

Which use case a finding describes and which statement a sentence makes is matched by the patterns
in :mod:`fahrplan.evals.scorers.traps`; this module holds what a matching trap requires.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from fahrplan.agents.constraints import constraints_of
from fahrplan.agents.legal_context import works_council_status
from fahrplan.core.roadmap import ComplianceFinding, Roadmap
from fahrplan.evals.schema import Score, ScoreContext, UseCaseExpectation
from fahrplan.evals.scorers import traps as tp
from fahrplan.evals.scorers.base import Tally, roadmap_texts, short
from fahrplan.evals.scorers.legal_plan import gate_problems, merging_problems
from fahrplan.knowledge.catalog import Catalog

__all__ = ["legal_correctness"]


# ------------------------------------------------------------------------------- legal: findings ----
@dataclass(frozen=True)
class _Finding:
    """What the trap checks read from one finding."""

    label: str
    text: str
    tier: str
    verdict: str
    measures: frozenset[str]
    articles: frozenset[str]
    instruments: frozenset[str]
    ids: frozenset[str]
    bases: tuple[tuple[str, str], ...]
    source: str
    initiative: str | None
    rules: frozenset[str]
    no_council: bool = False
    """The profile says the company has no works council: co-determination (a works agreement) cannot apply."""
    business_only: bool = False
    """The profile says the company sells to businesses only: consumer law (the personalised-price notice of
    Art. 6(1)(ea) Consumer Rights Directive) does not apply."""


def _view(
    i: int, f: ComplianceFinding, catalog: Catalog, *, no_council: bool = False, business_only: bool = False
) -> _Finding:
    labels = {label: mid for mid, m in catalog.measures.items() for label in (m.label.de, m.label.en)}
    measures = set(f.measure_ids) | {labels[r] for r in f.required_measures if r in labels}
    ids = {b.id for b in f.legal_basis} | set(f.citations)
    articles = {b.article for b in f.legal_basis} | {catalog.legal[c].article for c in ids if c in catalog.legal}
    instruments = {b.instrument for b in f.legal_basis}
    return _Finding(
        label=f"finding[{i}] {short(f.use_case, 50)!r}",
        text=f"{f.use_case}\n{f.description or ''}",
        tier=f.ai_act_risk,
        verdict=f.verdict,
        measures=frozenset(measures),
        articles=frozenset(articles),
        instruments=frozenset(instruments),
        ids=frozenset(ids),
        bases=tuple((b.instrument, b.article) for b in f.legal_basis),
        source=f.source,
        initiative=f.initiative,
        rules=frozenset(f.rules),
        no_council=no_council,
        business_only=business_only,
    )


def _cites_article(f: _Finding, prefix: str) -> bool:
    return any(a.replace(" ", "").startswith(prefix.replace(" ", "")) for a in f.articles)


# ------------------------------------------------------------------- legal: what a trap requires ----
# A requirement a matching trap puts on a finding, and the failure message when it is not met.
_Check = tuple[Callable[[_Finding], bool], str]


def _facial_tier(x: _Finding) -> bool:
    # prohibited only as sensitive biometric categorisation (Art. 5(1)(g)), never as an Art. 5(1)(h) ban
    return x.tier == "high" or (x.tier == "prohibited" and _cites_article(x, "Art. 5(1)(g)"))


_FACIAL_CHECKS: list[_Check] = [
    (lambda x: x.verdict != "permitted", "verdict permitted"),
    (_facial_tier, "tier must be high (Annex III 1(a))"),
    (lambda x: x.verdict == "not_permitted" or "dpia" in x.measures, "no DPIA"),
    (lambda x: not _cites_article(x, "Art. 5(1)(h)"), "cites Art. 5(1)(h), which is law enforcement only"),
]
_STAFF_EMOTION_CHECKS: list[_Check] = [
    (lambda x: x.tier == "prohibited", "tier must be prohibited"),
    (lambda x: x.verdict == "not_permitted", "verdict must be not_permitted"),
    (lambda x: _cites_article(x, "Art. 5(1)(f)"), "does not cite AI Act Art. 5(1)(f)"),
]
_CUSTOMER_EMOTION_CHECKS: list[_Check] = [
    (lambda x: x.tier == "high", "tier must be high (Annex III 1(c)), not prohibited"),
    (lambda x: x.verdict == "not_permitted" or "art50_notice" in x.measures, "no Art. 50 notice"),
]
# a store camera that reads every customer's emotions: no practicable legal basis (consent of everyone filmed)
_INSTORE_EMOTION_CHECKS: list[_Check] = [
    (lambda x: x.verdict == "not_permitted", "an in-store camera reading customers' emotions must be not_permitted"),
]
# a not-permitted finding says why not and what instead; listing measures reads like a compliance path
_NOT_PERMITTED_CHECKS: list[_Check] = [
    (lambda x: not x.measures, "a not-permitted finding lists required measures"),
]
_EMOTION_CHECKS: list[_Check] = [(lambda x: x.tier in ("high", "prohibited"), "tier below high")]
_CREDIT_CHECKS: list[_Check] = [
    (lambda x: x.tier == "high", "tier must be high (Annex III 5(b))"),
    (lambda x: "fria" in x.measures, "no FRIA"),
]
_WORKFORCE_CHECKS: list[_Check] = [
    (lambda x: x.tier in ("high", "prohibited"), "tier must be high (Annex III 4)"),
    (lambda x: "works_council" in x.measures or x.no_council, "no works council agreement"),
]
_AGGREGATE_STAFF_CHECKS: list[_Check] = [
    (lambda x: x.tier != "high", "an aggregate staffing forecast classed high-risk (it allocates to no one)"),
    (
        lambda x: "works_council" in x.measures or x.no_council,
        "no works agreement (till and scanner data trace back to staff)",
    ),
]
_CHATBOT_CHECKS: list[_Check] = [
    (lambda x: x.tier in ("limited", "high"), "tier must be limited"),
    (lambda x: "art50_notice" in x.measures, "no Art. 50 notice"),
    (lambda x: "dpia" in x.measures, "no DPIA (DSK list: AI interaction)"),
]
_PERSONAL_PRICE_CHECKS: list[_Check] = [
    (lambda x: x.tier != "high", "classed high-risk"),
    (
        lambda x: x.verdict == "not_permitted" or "price_notice" in x.measures or x.business_only,
        "no price-personalisation notice",
    ),
]
# prices from browsing behaviour read the device: consent (§ 25 TDDDG), never a legitimate-interest balancing
_BROWSING_PRICE_CHECKS: list[_Check] = [
    (lambda x: "consent" in x.measures, "no consent for browsing-based prices"),
    (lambda x: bool({"ePrivacy", "TDDDG"} & x.instruments), "no § 25 TDDDG / ePrivacy Art. 5(3) basis"),
    (lambda x: "balancing_test" not in x.measures, "rests browsing-based prices on legitimate interest"),
]
_NOT_HIGH_RISK_CHECKS: list[_Check] = [(lambda x: x.tier != "high", "classed high-risk")]
_TRACKING_CHECKS: list[_Check] = [
    (lambda x: "consent" in x.measures, "no consent (legitimate interest is not enough)"),
    (lambda x: bool({"ePrivacy", "TDDDG"} & x.instruments), "no ePrivacy Art. 5(3) / § 25 TDDDG basis"),
]
_EMAIL_CHECKS: list[_Check] = [
    (lambda x: "consent" in x.measures, "no consent"),
    (lambda x: bool({"UWG", "ePrivacy"} & x.instruments), "no UWG § 7 / ePrivacy Art. 13 basis"),
]
_DPIA_LIST_CHECKS: list[_Check] = [(lambda x: "dpia" in x.measures, "no DPIA (DSK list)")]
_FRIA_SCOPE_CHECKS: list[_Check] = [(lambda x: False, "FRIA required outside Annex III 5(b)/(c)")]


def _traps(f: _Finding) -> Iterator[tuple[str, list[_Check]]]:
    """Yield the traps whose use-case pattern matches the finding, with their requirements."""
    text = f.text
    face = tp.hit(tp.FACE, text) and tp.customer_context(text)
    emotion = tp.hit(tp.EMOTION, text) and bool(tp.RECOGNISE.search(text))
    staff, customer = tp.hit(tp.STAFF, text), tp.hit(tp.CUSTOMER, text)
    credit = tp.is_credit(text)
    # a demand per department, hour or zone evaluates no one: assessed on that design (legal review item 8)
    aggregate = bool(tp.AGGREGATE_DESIGN.search(text)) and not tp.INDIVIDUAL_EVALUATION.search(text)
    workforce = tp.hit(tp.WORKFORCE, text) and not aggregate
    if face:
        yield "customer facial recognition", _FACIAL_CHECKS
    if emotion and staff and not customer:
        yield "staff emotion recognition", _STAFF_EMOTION_CHECKS
    elif emotion and customer and not staff:
        yield "customer emotion recognition", _CUSTOMER_EMOTION_CHECKS
    in_store = tp.CAMERA.search(text) and tp.hit(tp.STORE_OR_CHECKOUT, text) and not tp.OPT_IN.search(text)
    if emotion and customer and in_store:
        yield "in-store emotion camera", _INSTORE_EMOTION_CHECKS
    if f.verdict == "not_permitted":
        yield "not permitted", _NOT_PERMITTED_CHECKS
    elif emotion and customer and staff:
        yield "emotion recognition", _EMOTION_CHECKS
    if credit:
        yield "creditworthiness scoring", _CREDIT_CHECKS
    if workforce:
        yield "workforce scheduling/performance", _WORKFORCE_CHECKS
    elif tp.hit(tp.WORKFORCE, text):
        yield "aggregate staffing design", _AGGREGATE_STAFF_CHECKS
    if tp.hit(tp.CHATBOT, text) and customer:
        yield "customer chatbot", _CHATBOT_CHECKS
    high_risk_case = face or emotion or credit or workforce
    if tp.hit(tp.PERSONAL_PRICE, text) and not high_risk_case:
        yield "personalised prices", _PERSONAL_PRICE_CHECKS
        if tp.BROWSING.search(text):
            yield "personalised prices from browsing", _BROWSING_PRICE_CHECKS
    elif tp.hit(tp.PRICING_RECOMMENDER, text) and not high_risk_case:
        yield "pricing/recommender", _NOT_HIGH_RISK_CHECKS
    yield from _data_traps(f)


def _data_traps(f: _Finding) -> Iterator[tuple[str, list[_Check]]]:
    """Traps of ePrivacy, UWG and the DSK DPIA list (trap list items 8-11)."""
    text = f.text
    if tp.hit(tp.TRACKING, text):
        yield "tracking pixels/SDKs", _TRACKING_CHECKS
    if tp.hit(tp.EMAIL, text) and tp.MARKETING.search(text):
        yield "e-mail marketing", _EMAIL_CHECKS
    if tp.hit(tp.LOYALTY, text) and tp.PROFILING.search(text):
        yield "loyalty profiling", _DPIA_LIST_CHECKS
    if tp.hit(tp.WIFI, text):
        yield "Wi-Fi/Bluetooth tracking", _DPIA_LIST_CHECKS
    if "service_ai_customer_messages" in f.rules and f.verdict != "not_permitted":
        yield "AI on customer messages (DSK list: AI in customer support)", _DPIA_LIST_CHECKS
    if "fria" in f.measures and not tp.is_credit(text):
        yield "FRIA scope", _FRIA_SCOPE_CHECKS


# ------------------------------------------------------------- legal: citations and the company ----
def _citation_problems(f: _Finding, ctx: ScoreContext) -> Iterator[tuple[str, bool]]:
    """Yield (check, passed) for citation precision: bases that fit the use case and the company."""
    not_high = f.tier in ("minimal", "limited")
    # "not high-risk" rests on Art. 6(1)/(2) and Annex III not listing the use, not on the Art. 6(3) derogation
    yield "not high-risk grounded in the Art. 6(3) derogation", not (not_high and _cites_article(f, "Art. 6(3)"))
    if tp.hit(tp.WORKFORCE, f.text) and not tp.RECRUITMENT.search(f.text):
        yield "scheduling or monitoring cites Annex III 4(a) (recruitment)", not _cites_article(f, "Annex III 4(a)")
    if "consumer.personalised_price" in f.ids:
        yield (
            "Art. 246a EGBGB without personalised prices",
            tp.hit(tp.PERSONAL_PRICE, f.text) or bool(tp.MANIPULATION.search(f.text)),
        )
    if "dsk.dpia_list.loyalty_profiles" in f.ids:
        yield "DSK loyalty-card item without a loyalty programme", bool(ctx.profile.customers.loyalty_program)
    yield "the same legal basis twice", len(set(f.bases)) == len(f.bases)


def _company_checks(f: _Finding, ctx: ScoreContext) -> Iterator[tuple[str, bool]]:
    """Yield (check, passed) for duties that follow from the company: scale, assortment, works council."""
    if f.verdict == "not_permitted":
        return
    profile = ctx.profile
    profiling = bool(tp.CUSTOMER_PROFILE.search(f.text)) and bool(tp.PURCHASE_HISTORY.search(f.text))
    if profiling and profile.customers.loyalty_program:
        # comprehensive purchase profiles of card members: DSK mandatory list, the item named
        yield "loyalty-scale profiling without a DPIA", "dpia" in f.measures
        yield "DPIA without the DSK list item", any(i.startswith("dsk.dpia_list.") for i in f.ids)
    sells = profile.company.sector == "drugstore" or tp.SENSITIVE_RANGES.search(
        " ".join([*profile.goals, profile.notes or ""])
    )
    if profiling and (sells or tp.SENSITIVE_RANGES.search(f.text)):
        yield "sensitive assortment without Art. 9", _cites_article(f, "Art. 9")
        yield (
            "sensitive assortment: neither exclusion nor explicit consent",
            bool({"explicit_consent", "sensitive_categories"} & f.measures),
        )
    alcohol = tp.ALCOHOL.search(
        " ".join([profile.company.name, *profile.goals, profile.notes or "", *profile.constraints])
    )
    if profiling and alcohol:  # drinking volumes and frequency are health data (Art. 9)
        yield "alcohol assortment without Art. 9", _cites_article(f, "Art. 9")
    council = any(tp.WORKS_COUNCIL.search(c) and not tp.NO_COUNCIL.search(c) for c in profile.constraints)
    staff_tool = tp.GENAI_ASSISTANT.search(f.text) and tp.INTERNAL.search(f.text) and not tp.hit(tp.CHATBOT, f.text)
    if council and (staff_tool or tp.hit(tp.WORKFORCE, f.text)):
        yield (
            "staff-facing system without the works agreement the company's council requires",
            ("works_council" in f.measures),
        )


def _one_row_per_processing(views: list[_Finding]) -> list[str]:
    """Planned use cases and the initiative realising them with the same rules must be one row."""
    initiative_rows = {(v.initiative, v.rules) for v in views if v.source == "initiative"}
    return [
        v.label
        for v in views
        if v.source == "planned_use_case" and v.rules and (v.initiative, v.rules) in initiative_rows
    ]


# ----------------------------------------------------------------------------- legal: text traps ----
def _sentences(roadmap: Roadmap) -> list[tuple[str, str]]:
    return [(section, s) for section, text in roadmap_texts(roadmap) for s in tp.split_sentences(text)]


def _annex3_date_wrong(s: str) -> bool:
    # "kein Hochrisiko-System, aber seit 2. August 2026 Art. 50" is right: only non-negated mentions count
    return (
        tp.hit(tp.HIGH_RISK, s) and bool(tp.AUG_2026.search(s)) and not (tp.HISTORIC.search(s) or tp.DEC_2027.search(s))
    )


# (trap, is the sentence about the topic, is what it says wrong)
_TEXT_TRAPS: list[tuple[str, Callable[[str], bool], Callable[[str], bool]]] = [
    ("Annex III date", lambda s: bool(tp.HIGH_RISK.search(s) and tp.DATE.search(s)), _annex3_date_wrong),
    (
        "AI Act entry into force",
        lambda s: bool(tp.ENTRY.search(s) or "2024" in s),
        lambda s: tp.hit(tp.AUG_2024, s) or bool(tp.STARTED_2024.search(s)),
    ),
    ("Art. 88a is no law", lambda s: bool(tp.ART88A.search(s)), lambda s: not tp.DRAFT.search(s)),
    (
        "omnibus did not delay everything",
        lambda s: bool(tp.OMNIBUS.search(s)),
        lambda s: bool(tp.EVERYTHING.search(s) and tp.DELAY.search(s)) and not tp.NOT_ALL.search(s),
    ),
    (
        "fine tiers",
        lambda s: bool(tp.fine_pairs(s)),
        lambda s: any(p not in tp.FINE_TIERS for p in tp.fine_pairs(s)),
    ),
]


def _text_traps(sentences: list[tuple[str, str]]) -> Iterator[tuple[str, bool, list[str]]]:
    """Yield ``(trap, applies, offending sentences)`` for the statements a roadmap must not make."""
    for trap, topic, wrong in _TEXT_TRAPS:
        relevant = [(sec, s) for sec, s in sentences if topic(s)]
        yield trap, bool(relevant), [f"{sec}: {s}" for sec, s in relevant if wrong(s)]


# ------------------------------------------------------------------------- legal: expectations ----
def _expectation_problem(exp: UseCaseExpectation, f: _Finding) -> str | None:
    if exp.verdict and f.verdict != exp.verdict:
        return f"verdict {f.verdict}, expected {exp.verdict}"
    if exp.ai_act_risk and f.tier != exp.ai_act_risk:
        return f"tier {f.tier}, expected {exp.ai_act_risk}"
    missing = [m for m in exp.measures if m not in f.measures]
    if missing:
        return "missing measures " + ", ".join(missing)
    forbidden = [m for m in exp.forbidden_measures if m in f.measures]
    if forbidden:
        return "forbidden measures " + ", ".join(forbidden)
    return None


def _check_expectation(tally: Tally, exp: UseCaseExpectation, roadmap: Roadmap, views: list[_Finding]) -> None:
    needle = exp.match.casefold()
    candidates = [v for f, v in zip(roadmap.compliance_findings, views, strict=True) if needle in f.use_case.casefold()]
    if not candidates:
        tally.check(False, f"expected use case {exp.match!r}: no finding")
        return
    problems = [_expectation_problem(exp, v) for v in candidates]
    first = next((p for p in problems if p), "")
    tally.check(any(p is None for p in problems), f"expected use case {exp.match!r}: {first}")


def legal_correctness(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score the legal review against the trap list (legal-facts.md §3, §5) and the sample's labels.

    Finding traps, matched by DE/EN patterns on each finding's use case and description (negated
    mentions such as "ohne Gesichtserkennung" do not match): customer facial recognition (never
    permitted; tier high, or prohibited only with an Art. 5(1)(g) basis; DPIA unless not permitted;
    never an Art. 5(1)(h) basis); staff emotion recognition (prohibited, not permitted, Art. 5(1)(f));
    customer emotion recognition (high, not prohibited, Art. 50 notice unless not permitted; by a store
    camera that captures every customer: not permitted); any not-permitted finding (no required
    measures: it says why not and the alternative); creditworthiness/BNPL scoring
    (high, FRIA); workforce scheduling/performance (high, works council agreement — not only a DPIA;
    a staffing demand per department, hour or zone: not high, works agreement; neither where the profile
    says there is no works council);
    customer chatbots (limited or higher, Art. 50 notice, DPIA); personalised prices (not high, price
    notice; from browsing behaviour: consent, a TDDDG/ePrivacy basis, no legitimate-interest test);
    dynamic pricing and recommenders (not high); tracking pixels/SDKs (consent and an
    ePrivacy/TDDDG basis); e-mail marketing (consent and a UWG/ePrivacy basis); loyalty profiling and
    Wi-Fi tracking (DPIA); alcohol purchase profiles (Art. 9); a FRIA only for credit scoring. A use case
    (or the purpose a scale step adds) goes live only after the measures that gate it are in place (a gate
    in the backlog keeps the use case there); merging customer data under
    a customer key is reviewed with a DPIA naming the DSK list item. Each requirement of a
    matching trap is one check. Text traps over every generated sentence, each one check when its topic
    occurs: Annex III obligations from 2 Aug 2026; entry into force on 2 Aug 2024 or obligations since 2024; Art. 88a
    stated as law; "the omnibus delayed everything"; fine tiers other than the AI Act's and GDPR's.
    Then every ``expect.use_cases`` item is one check: some finding whose use case contains ``match``
    has the expected verdict and tier, all required and none of the forbidden measures.
    """
    tally = Tally()
    no_council = works_council_status(ctx.profile) == "none"
    b2b = "business_customers_only" in constraints_of(ctx.profile)
    views = [
        _view(i, f, ctx.catalog, no_council=no_council, business_only=b2b)
        for i, f in enumerate(roadmap.compliance_findings)
    ]
    for view in views:
        for trap, requirements in _traps(view):
            for requirement, message in requirements:
                tally.check(requirement(view), f"{view.label} ({trap}): {message}")
        for check, passed in (*_citation_problems(view, ctx), *_company_checks(view, ctx)):
            tally.check(passed, f"{view.label}: {check}")
    for check, passed in (*gate_problems(roadmap, ctx.catalog), *merging_problems(roadmap)):
        tally.check(passed, check)
    for label in _one_row_per_processing(views):
        tally.check(False, f"{label}: the same processing in two rows (use case and initiative)")
    for trap, applies, offending in _text_traps(_sentences(roadmap)):
        if applies:
            tally.check(not offending, f"text trap {trap}: " + (offending[0] if offending else ""))
    for exp in ctx.expect.use_cases:
        _check_expectation(tally, exp, roadmap, views)
    return tally.score("no trap applies")
