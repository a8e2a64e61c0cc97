"""Pure scorers of the eval harness: each maps ``(Roadmap, ScoreContext)`` to a ``Score`` in [0, 1].

Every scorer is deterministic, does no I/O and knows nothing about the harness that calls it. Most
scores are the share of applicable checks that pass (1.0 = every check passes); the explanation
names the first failures. The checks are documented in each scorer's docstring.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from itertools import pairwise

from fahrplan.agents.planning import applicability, quadrant
from fahrplan.core.invariants import check_invariants
from fahrplan.core.roadmap import PHASES, ComplianceFinding, Milestone, ModulePlan, Roadmap
from fahrplan.evals.schema import Score, ScoreContext, UseCaseExpectation
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import MODULE_IDS

__all__ = [
    "SCORERS",
    "Scorer",
    "budget",
    "citation_support",
    "citation_validity",
    "dependencies",
    "detect_language",
    "grounding",
    "invariants",
    "language",
    "legal_correctness",
    "prioritisation",
    "quick_wins",
    "roadmap_texts",
    "structure",
]

Scorer = Callable[[Roadmap, ScoreContext], Score]

# How many failures an explanation names before it summarises the rest.
MAX_NAMED = 4
MAX_ITEM_CHARS = 140
# Scores and weighted sums are rounded to 0.01 by the planner; allow that much slack.
SCORE_TOLERANCE = 0.011
QUADRANT_THRESHOLD = 6.0
# The shortest limit the planner quotes a goal with is 60 characters (``quote`` keeps limit - 1).
GOAL_PREFIX_CHARS = 59
# Legal entries that are not (or no longer) law must never be the basis of a finding or milestone.
NOT_LAW_STATUSES = frozenset({"superseded", "pending", "withdrawn"})


# ------------------------------------------------------------------------------------ tallies ----
@dataclass
class _Tally:
    """Counts checks and remembers what failed, then turns that into a Score."""

    noun: str = "checks"
    verb: str = "failed"
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def check(self, ok: bool, failure: str) -> bool:
        self.total += 1
        if not ok:
            self.failures.append(failure)
        return ok

    def score(self, empty: str = "nothing to check", empty_value: float = 1.0) -> Score:
        if self.total == 0:
            return Score(empty_value, empty)
        passed = self.total - len(self.failures)
        if not self.failures:
            return Score(1.0, f"all {self.total} {self.noun} pass")
        return Score(
            passed / self.total,
            f"{len(self.failures)} of {self.total} {self.noun} {self.verb}: " + _named(self.failures),
        )


def _named(items: list[str]) -> str:
    shown = [_short(i) for i in items[:MAX_NAMED]]
    more = f" (+{len(items) - MAX_NAMED} more)" if len(items) > MAX_NAMED else ""
    return "; ".join(shown) + more


def _short(text: str, limit: int = MAX_ITEM_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ------------------------------------------------------------------------------------ helpers ----
def _milestones(roadmap: Roadmap) -> dict[str, Milestone]:
    return {ms.id: ms for m in roadmap.modules for ms in m.milestones}


def _module_of(roadmap: Roadmap) -> dict[str, str]:
    return {ms.id: m.id for m in roadmap.modules for ms in m.milestones}


def _planned(roadmap: Roadmap) -> set[str]:
    return {i for m in roadmap.modules for i in m.initiatives}


def _phase(ms: Milestone) -> int:
    return PHASES.index(ms.phase)


def roadmap_texts(roadmap: Roadmap) -> Iterator[tuple[str, str]]:
    """Yield ``(section, text)`` for every generated text of the roadmap (summary, modules, findings, warnings)."""
    for i, line in enumerate(roadmap.executive_summary):
        yield f"summary[{i}]", line
    for m in roadmap.modules:
        yield f"{m.id}.goal", m.goal
        yield f"{m.id}.value", m.value
        yield f"{m.id}.rationale", m.priority.rationale
        yield f"{m.id}.scaling", m.scaling
        yield f"{m.id}.external", m.resources.external
        for i, sf in enumerate(m.success_factors):
            yield f"{m.id}.success_factors[{i}]", sf
        for r in m.responsibilities:
            yield f"{m.id}.responsibility[{r.role}]", r.tasks
        for d in m.dependencies:
            yield f"{m.id}.dependency[{d.on}]", d.reason
        for ms in m.milestones:
            yield f"{ms.id}.title", ms.title
            yield f"{ms.id}.description", ms.description
    for i, f in enumerate(roadmap.compliance_findings):
        yield f"finding[{i}].rationale", f.rationale
        if f.alternative:
            yield f"finding[{i}].alternative", f.alternative
    for i, w in enumerate(roadmap.warnings):
        yield f"warnings[{i}]", w


def _all_text(roadmap: Roadmap) -> str:
    texts = [t for _, t in roadmap_texts(roadmap)]
    texts += [f.use_case for f in roadmap.compliance_findings]
    texts += [f.description or "" for f in roadmap.compliance_findings]
    return "\n".join(" ".join(t.split()) for t in texts)


# ---------------------------------------------------------------------------------- structure ----
def _seed_fields(m: ModulePlan) -> dict[str, bool]:
    """The five seed fields of one module and whether each is complete."""
    phases = {ms.phase for ms in m.milestones}
    milestones_ok = phases == set(PHASES) and all(ms.title.strip() and ms.description.strip() for ms in m.milestones)
    people_ok = (
        bool(m.responsibilities)
        and all(r.role.strip() and r.owner.strip() and r.tasks.strip() for r in m.responsibilities)
        and all(ms.owner.strip() for ms in m.milestones)
        and bool(m.resources.external.strip())
    )
    factors_ok = bool(m.success_factors) and all(s.strip() for s in m.success_factors)
    factors_ok = factors_ok and all(d.on.strip() and d.reason.strip() for d in m.dependencies)
    return {
        "goal_value": bool(m.goal.strip() and m.value.strip()),
        "milestones": milestones_ok,
        "responsibilities_resources": people_ok,
        "success_factors_dependencies": factors_ok,
        "quick_wins_scaling": bool(m.scaling.strip()) and all(q.strip() for q in m.quick_wins),
    }


def structure(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score structural completeness: six modules x five seed fields (30 checks).

    Per module id: ``goal_value`` (goal and value non-empty — Ziel & Mehrwert); ``milestones``
    (at least one milestone in each phase "0-6", "6-12", "12-24", each with title and description);
    ``responsibilities_resources`` (at least one responsibility, each with role, owner and tasks;
    every milestone has an owner; resources name the external support — budget and FTE are typed);
    ``success_factors_dependencies`` (at least one non-blank success factor; every dependency has
    ``on`` and a reason — the list itself may be empty); ``quick_wins_scaling`` (scaling text
    non-empty, no blank quick-win entry — a module may have none). A missing module fails all five.
    """
    tally = _Tally(noun="seed fields", verb="incomplete")
    by_id = {m.id: m for m in reversed(roadmap.modules)}  # first occurrence wins
    for module in MODULE_IDS:
        plan = by_id.get(module)
        fields = _seed_fields(plan) if plan else dict.fromkeys(_SEED_NAMES, False)
        for name, ok in fields.items():
            tally.check(ok, f"{module}.{name}" + ("" if plan else " (module missing)"))
    return tally.score()


_SEED_NAMES = (
    "goal_value",
    "milestones",
    "responsibilities_resources",
    "success_factors_dependencies",
    "quick_wins_scaling",
)


# --------------------------------------------------------------------------------- invariants ----
def invariants(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score the contract invariants (``check_invariants``): 1.0 without violations, else 1 / (1 + n)."""
    problems = check_invariants(roadmap, ctx.resolves)
    if not problems:
        return Score(1.0, "no contract violations")
    return Score(1.0 / (1 + len(problems)), f"{len(problems)} contract violations: " + _named(problems))


# ------------------------------------------------------------------------------------ citations ----
def _cited_ids(roadmap: Roadmap) -> Iterator[tuple[str, str]]:
    """Yield ``(where, id)`` for every citation id in the roadmap."""
    for m in roadmap.modules:
        for c in m.citations:
            yield m.id, c.id
        for ms in m.milestones:
            for cid in ms.citations:
                yield ms.id, cid
    for i, f in enumerate(roadmap.compliance_findings):
        for cid in f.citations:
            yield f"finding[{i}]", cid
        for b in f.legal_basis:
            yield f"finding[{i}].legal_basis", b.id


def citation_validity(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score the share of citation ids that resolve in the knowledge base.

    Counted: module citations, milestone citations, finding citations and finding legal_basis ids.
    """
    tally = _Tally(noun="citations", verb="unresolved")
    for where, cid in _cited_ids(roadmap):
        tally.check(ctx.resolves(cid), f"{where}: {cid}")
    # a roadmap that cites nothing is unsourced, not perfectly sourced
    return tally.score("nothing is cited: the roadmap names no sources", empty_value=0.0)


def _finding_support(tally: _Tally, i: int, f: ComplianceFinding, catalog: Catalog) -> None:
    label = f"finding[{i}] {_short(f.use_case, 40)!r}"
    basis_ids = {b.id for b in f.legal_basis}
    instruments = {b.instrument for b in f.legal_basis}
    for b in f.legal_basis:
        entry = catalog.legal.get(b.id)
        if entry is None:
            tally.check(False, f"{label}: legal basis {b.id} is no legal entry")
            continue
        tally.check(
            (entry.instrument, entry.article) == (b.instrument, b.article),
            f"{label}: {b.id} is {entry.instrument} {entry.article}, not {b.instrument} {b.article}",
        )
        tally.check(entry.status not in NOT_LAW_STATUSES, f"{label}: basis {b.id} is {entry.status}")
    for cid in f.citations:
        if cid in basis_ids:
            tally.check(True, "")
            continue
        entry = catalog.legal.get(cid)
        same = entry is not None and entry.instrument in instruments and entry.status not in NOT_LAW_STATUSES
        tally.check(same, f"{label}: citation {cid} is not among its legal basis")


def _milestone_support(tally: _Tally, ms: Milestone, roadmap: Roadmap, catalog: Catalog) -> None:
    ini = catalog.initiatives.get(ms.initiative)
    findings = [f for f in roadmap.compliance_findings if f.initiative == ms.initiative]
    basis_ids = {b.id for f in findings for b in f.legal_basis}
    instruments = {b.instrument for f in findings for b in f.legal_basis}
    for cid in ms.citations:
        if cid in catalog.initiatives:
            own = ini is not None and (cid == ini.id or cid in ini.prerequisites)
            tally.check(own, f"{ms.id}: cites initiative {cid}, not its own or a prerequisite")
            continue
        entry = catalog.legal.get(cid)
        if entry is None:
            continue  # user documents and unknown ids: citation_validity's concern
        triggered = ini is not None and cid in ini.legal_triggers
        backed = triggered or cid in basis_ids or entry.instrument in instruments
        tally.check(backed, f"{ms.id}: {cid} is neither a legal trigger of {ms.initiative} nor of its findings")
        tally.check(entry.status not in NOT_LAW_STATUSES, f"{ms.id}: cites {cid}, which is {entry.status}")


def _module_citation_support(tally: _Tally, m: ModulePlan, catalog: Catalog) -> None:
    for c in m.citations:
        legal, ini = catalog.legal.get(c.id), catalog.initiatives.get(c.id)
        if legal is not None:
            ok = c.title in (legal.title.de, legal.title.en) and c.source == legal.source
            tally.check(ok, f"{m.id}: citation {c.id} title/source differ from the legal entry")
        elif ini is not None:
            tally.check(c.title in (ini.title.de, ini.title.en), f"{m.id}: citation {c.id} title differs")


def citation_support(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score whether each cited knowledge entry backs what cites it.

    Findings: every legal_basis id is a legal entry whose instrument and article equal the item's,
    and whose status is not superseded, pending or withdrawn; every finding citation is one of its
    legal_basis ids or an in-force entry of the same instrument. Milestones: a cited legal entry is a
    ``legal_triggers`` entry of the milestone's catalog initiative, a legal basis of a finding for
    that initiative, or of an instrument those findings rest on — and is not superseded, pending or
    withdrawn; a cited initiative is the milestone's own or one of its prerequisites. Module
    citations of knowledge entries carry the entry's title (either language) and, for legal
    entries, its source. Ids that do not resolve are left to ``citation_validity``.
    """
    catalog = ctx.catalog
    tally = _Tally(noun="citation checks")
    for i, f in enumerate(roadmap.compliance_findings):
        _finding_support(tally, i, f, catalog)
    for m in roadmap.modules:
        _module_citation_support(tally, m, catalog)
        for ms in m.milestones:
            _milestone_support(tally, ms, roadmap, catalog)
    # a roadmap that cites nothing is unsourced, not perfectly sourced
    return tally.score("nothing is cited: the roadmap names no sources", empty_value=0.0)


# ------------------------------------------------------------------------------ legal: patterns ----
_FLAGS = re.IGNORECASE
_NEGATION = re.compile(
    r"\b(ohne|keine?[nrms]?|nicht|no|without|not|statt|anstelle|anstatt|instead of|non)[\s-]+(\S+[\s-]+){0,2}$", _FLAGS
)
_CUSTOMER = re.compile(
    r"(?<!se)kund|customer|shopper|besucher|visitor|verbraucher|consumer|(?<!ver)(?<!ein)k(ä|ae)ufer|passant|passers?-?by|"
    r"\bg(ä|ae)ste?n?\b|\bguests?\b|anrufer|\bcallers?\b|stammkund|\bvips?\b|hausverbot|ladendieb|shoplift|\bmembers?\b|mitglied",
    _FLAGS,
)
_STAFF = re.compile(
    r"mitarbeit|besch(ä|ae)ftigt|angestellt|arbeitnehm|belegschaft|\bstaff|employee|\bworkers?\b|workforce|kassierer|"
    r"cashier|verk(ä|ae)ufer(in|innen)?\b|verkaufspersonal|filialpersonal|filialteam|store team|\bpersonal\b|personnel|"
    r"kommissionier|\bpickers?\b|arbeitsplatz|workplace|call[- ]?cent(er|re)[- ]?(agent|mitarbeit)",
    _FLAGS,
)
_STORE = re.compile(r"filial|\bladen|l(ä|ae)den|\bstores?\b|eingang|entrance|gesch(ä|ae)ft|\bmarkt|m(ä|ae)rkt", _FLAGS)
_FACE = re.compile(
    r"gesichts?[- ]?(erkenn|abgleich|scan|wiedererkenn|identifi|biometr)|\bfaces?[- ]?(recogn|match|id\b|identif)|"
    r"facial[- ](recogn|identif|match|scan|verif)|"
    r"biometrische?[nrs]? (identifi|erkenn|wiedererkenn|fernidentifi|überwach)|"
    r"biometric (identif|recogn|surveillance|matching)|remote biometric|fernidentifi",
    _FLAGS,
)
_SENSITIVE = re.compile(r"ethni|\brasse|\brace\b|racial|religi|sexual|sexuell|politi|gewerkschaft|trade union", _FLAGS)
_EMOTION = re.compile(
    r"emotion(?!al)|gef(ü|ue)hls?[- ]?(erkenn|analys|auswert)|stimmungs?[- ]?(erkenn|analys|mess|auswert)|\bmood|"
    r"affekt|affective|gesichtsausdr|facial expression|mimik|stress[- ]?(level|erkenn|analys|mess|scor|detect|monitor)|"
    r"laune|frustration",
    _FLAGS,
)
_RECOGNISE = re.compile(
    r"erkenn|analys|auswert|mess|detect|recogn|infer|ableit|scor|monitor|überwach|track|erfass|identif", _FLAGS
)
_CREDIT = re.compile(
    r"bonit(ä|ae)t|kreditw(ü|ue)rd|creditworth|credit[- ]?(scor|check|risk|assess)|kreditscor|zahlungsausfall|"
    r"ausfallrisik|default risk|\bbnpl\b|buy now,? pay later|ratenkauf|instal?l?ment|kauf auf rechnung|rechnungskauf|"
    r"invoice (payment|purchase)|pay(ment)? (by|on) invoice|schufa",
    _FLAGS,
)
_CREDIT_EXPLICIT = re.compile(
    r"bonit(ä|ae)t|kreditw(ü|ue)rd|creditworth|credit[- ]?scor|kreditscor|zahlungsausfall|ausfallrisik|"
    r"default risk|schufa",
    _FLAGS,
)
_FRAUD = re.compile(r"betrug|fraud|missbrauch|abuse", _FLAGS)
_WORKFORCE = re.compile(
    r"schicht(plan|zuteil|einteil|zuweis)|dienstplan|personaleinsatz|einsatzplanung|personalbedarf|"
    r"workforce (schedul|plan|manag)|staff(ing)? (schedul|plan|need|demand|roster)|shift (plan|schedul|assign|allocat)|"
    r"\broster|\brota\b|leistungs(bewert|überwach|kontroll|mess|scor)|leistungsbewertung|produktivit(ä|ae)ts?(mess|überwach|"
    r"bewert|scor|kontroll)|productivity (scor|monitor|track|measur)|performance (monitor|evaluat|scor|review|track)|"
    r"mitarbeiterbewertung|employee (evaluat|monitor|scor|performance)",
    _FLAGS,
)
_CHATBOT = re.compile(
    r"chat[- ]?bot|voice[- ]?bot|sprachassistent|voice assistant|virtuelle[rn]? (assistent|berater)|"
    r"virtual (assistant|agent)|"
    r"\b(im|in|per|via) chat\b|live[- ]?chat",
    _FLAGS,
)
_PERSONAL_PRICE = re.compile(
    r"personali[sz]\w*\s+(\w+\s+){0,2}(preis|price|pricing|rabatt|discount|coupon|gutschein)|"
    r"individuelle[rn]?\s+(\w+\s+){0,1}(preis|rabatt|coupon|gutschein)|"
    r"individual(i[sz]ed)? (price|pricing|discount|coupon)|"
    r"preispersonali|price personali|personal pricing|(preis|price)e?s? (je|per|pro) (kunde|customer)",
    _FLAGS,
)
_PRICING_RECOMMENDER = re.compile(
    r"dynamische[rn]? preis|dynamic pric|preisoptimier|price optimi|preiselastiz|price elasticity|"
    r"empfehlung|empfehlungs|recommend",
    _FLAGS,
)
_TRACKING = re.compile(
    r"(?<![a-zäöü])pixel|z(ä|ae)hlpixel|\bsdks?\b|cookie|fingerprint|klickstream|clickstream|"
    r"web[- ]?tracking|app[- ]?tracking|online[- ]?tracking|"
    r"tracking[- ]?(tool|technolog|skript|script)|retargeting|re-targeting",
    _FLAGS,
)
_EMAIL = re.compile(r"newsletter|e-?mail|\bsms\b", _FLAGS)
_MARKETING = re.compile(
    r"newsletter|marketing|werbung|werbe|kampagne|campaign|angebot|offer|rückgewinn|win-back|promotion", _FLAGS
)
_LOYALTY = re.compile(
    r"kundenkart|loyalty|treueprogramm|bonusprogramm|payback|kundenclub|customer club|stammkund", _FLAGS
)
_PROFILING = re.compile(
    r"profil|segment|scor|propensity|cluster|personali|churn|abwander|kaufwahrscheinlich|next[- ]best|"
    r"empfehl|recommend",
    _FLAGS,
)
_WIFI = re.compile(r"wlan|wi-?fi|bluetooth|beacon|mac[- ]?(adress|address)|probe[- ]?request", _FLAGS)


def _hit(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` occurs in ``text`` at least once without a negation right before it."""
    return any(not _NEGATION.search(text[max(0, m.start() - 30) : m.start()]) for m in pattern.finditer(text))


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


def _view(i: int, f: ComplianceFinding, catalog: Catalog) -> _Finding:
    labels = {label: mid for mid, m in catalog.measures.items() for label in (m.label.de, m.label.en)}
    measures = set(f.measure_ids) | {labels[r] for r in f.required_measures if r in labels}
    ids = {b.id for b in f.legal_basis} | set(f.citations)
    articles = {b.article for b in f.legal_basis} | {catalog.legal[c].article for c in ids if c in catalog.legal}
    instruments = {b.instrument for b in f.legal_basis}
    return _Finding(
        label=f"finding[{i}] {_short(f.use_case, 50)!r}",
        text=f"{f.use_case}\n{f.description or ''}",
        tier=f.ai_act_risk,
        verdict=f.verdict,
        measures=frozenset(measures),
        articles=frozenset(articles),
        instruments=frozenset(instruments),
    )


def _cites_article(f: _Finding, prefix: str) -> bool:
    return any(a.replace(" ", "").startswith(prefix.replace(" ", "")) for a in f.articles)


def _is_credit(text: str) -> bool:
    # fraud or returns-abuse checks on invoice payment are not credit scoring (Annex III 5(b) excludes fraud)
    return _hit(_CREDIT, text) and (_hit(_CREDIT_EXPLICIT, text) or not _FRAUD.search(text))


def _customer_context(text: str) -> bool:
    return _hit(_CUSTOMER, text) or (_hit(_STORE, text) and not _hit(_STAFF, text))


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


def _traps(f: _Finding) -> Iterator[tuple[str, list[_Check]]]:
    """Yield the traps whose use-case pattern matches the finding, with their requirements."""
    text = f.text
    face = _hit(_FACE, text) and _customer_context(text)
    emotion = _hit(_EMOTION, text) and bool(_RECOGNISE.search(text))
    staff, customer = _hit(_STAFF, text), _hit(_CUSTOMER, text)
    credit = _is_credit(text)
    workforce = _hit(_WORKFORCE, text)
    chatbot = _hit(_CHATBOT, text) and customer
    if face:
        yield "customer facial recognition", _FACIAL_CHECKS
    if emotion and staff and not customer:
        yield (
            "staff emotion recognition",
            [
                (lambda x: x.tier == "prohibited", "tier must be prohibited"),
                (lambda x: x.verdict == "not_permitted", "verdict must be not_permitted"),
                (lambda x: _cites_article(x, "Art. 5(1)(f)"), "does not cite AI Act Art. 5(1)(f)"),
            ],
        )
    elif emotion and customer and not staff:
        yield (
            "customer emotion recognition",
            [
                (lambda x: x.tier == "high", "tier must be high (Annex III 1(c)), not prohibited"),
                (lambda x: "art50_notice" in x.measures, "no Art. 50 notice"),
            ],
        )
    elif emotion and customer and staff:
        yield "emotion recognition", [(lambda x: x.tier in ("high", "prohibited"), "tier below high")]
    if credit:
        yield (
            "creditworthiness scoring",
            [
                (lambda x: x.tier == "high", "tier must be high (Annex III 5(b))"),
                (lambda x: "fria" in x.measures, "no FRIA"),
            ],
        )
    if workforce:
        yield (
            "workforce scheduling/performance",
            [
                (lambda x: x.tier in ("high", "prohibited"), "tier must be high (Annex III 4)"),
                (lambda x: "works_council" in x.measures, "no works council agreement"),
            ],
        )
    if chatbot:
        yield (
            "customer chatbot",
            [
                (lambda x: x.tier in ("limited", "high"), "tier must be limited"),
                (lambda x: "art50_notice" in x.measures, "no Art. 50 notice"),
                (lambda x: "dpia" in x.measures, "no DPIA (DSK list: AI interaction)"),
            ],
        )
    high_risk_case = face or emotion or credit or workforce
    if _hit(_PERSONAL_PRICE, text) and not high_risk_case:
        yield (
            "personalised prices",
            [
                (lambda x: x.tier != "high", "classed high-risk"),
                (
                    lambda x: x.verdict == "not_permitted" or "price_notice" in x.measures,
                    "no price-personalisation notice",
                ),
            ],
        )
    elif _hit(_PRICING_RECOMMENDER, text) and not high_risk_case:
        yield "pricing/recommender", [(lambda x: x.tier != "high", "classed high-risk")]
    yield from _data_traps(f)


def _data_traps(f: _Finding) -> Iterator[tuple[str, list[_Check]]]:
    """Traps of ePrivacy, UWG and the DSK DPIA list (trap list items 8-11)."""
    text = f.text
    if _hit(_TRACKING, text):
        yield (
            "tracking pixels/SDKs",
            [
                (lambda x: "consent" in x.measures, "no consent (legitimate interest is not enough)"),
                (lambda x: bool({"ePrivacy", "TDDDG"} & x.instruments), "no ePrivacy Art. 5(3) / § 25 TDDDG basis"),
            ],
        )
    if _hit(_EMAIL, text) and _MARKETING.search(text):
        yield (
            "e-mail marketing",
            [
                (lambda x: "consent" in x.measures, "no consent"),
                (lambda x: bool({"UWG", "ePrivacy"} & x.instruments), "no UWG § 7 / ePrivacy Art. 13 basis"),
            ],
        )
    if _hit(_LOYALTY, text) and _PROFILING.search(text):
        yield "loyalty profiling", [(lambda x: "dpia" in x.measures, "no DPIA (DSK list)")]
    if _hit(_WIFI, text):
        yield "Wi-Fi/Bluetooth tracking", [(lambda x: "dpia" in x.measures, "no DPIA (DSK list)")]
    if "fria" in f.measures and not _is_credit(text):
        yield "FRIA scope", [(lambda x: False, "FRIA required outside Annex III 5(b)/(c)")]


# ----------------------------------------------------------------------------- legal: text traps ----
_SENTENCE_END = re.compile(r"(?<=[^\d\s][.!?])\s+(?=[A-ZÄÖÜ„“\"])|\n+")
_AUG_2026 = re.compile(r"\b2\.?\s*aug(ust|\.)?\s*2026|august 2,? 2026|02\.08\.2026|2026-08-02", _FLAGS)
_AUG_2024 = re.compile(r"\b2\.?\s*aug(ust|\.)?\s*2024|august 2,? 2024|02\.08\.2024|2024-08-02", _FLAGS)
_HIGH_RISK = re.compile(r"anhang[- ]iii|annex[- ]iii|hochrisiko|high[- ]risk", _FLAGS)
_DEC_2027 = re.compile(r"2\.?\s*dez(ember|\.)?\s*2027|2 december 2027|december 2,? 2027", _FLAGS)
_HISTORIC = re.compile(
    r"ursprünglich|originally|original|statt|instead|verschoben|postponed|moved|überholt|superseded|nicht mehr|"
    r"no longer|zunächst|initially|vorgesehen|foreseen|delayed",
    _FLAGS,
)
_DATE = re.compile(r"\b20\d\d\b")
_ENTRY = re.compile(r"in kraft|inkrafttr|entry into force|entered into force|in force", _FLAGS)
_STARTED_2024 = re.compile(
    r"(pflichten|obligations)\s+(\w+\s+){0,4}(seit|since|ab|from|in)\s+(\w+\s+){0,2}2024", _FLAGS
)
_ART88A = re.compile(r"\bart(ikel|icle|\.)?\s*88\s*a\b", _FLAGS)
_DRAFT = re.compile(
    r"entwurf|vorschlag|vorgeschlagen|proposal|proposed|draft|pending|com\s*\(2025\)|nicht geltend|kein geltendes|"
    r"not (yet )?law|nicht in kraft",
    _FLAGS,
)
_OMNIBUS = re.compile(r"omnibus|2026/1744", _FLAGS)
_EVERYTHING = re.compile(
    r"\b(alles|everything|alle (pflichten|fristen|termine)|s(ä|ae)mtliche|all (obligations|deadlines|dates|duties))\b",
    _FLAGS,
)
_DELAY = re.compile(r"verschob|verschoben|verschiebt|aufgeschoben|delay|postpon", _FLAGS)
_NOT_ALL = re.compile(r"nicht alle|nicht alles|not all|not everything", _FLAGS)
_FINE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:mio\.?|millionen|million|m\b)\s*(?:eur\b|euro|€)?[^.;%]{0,40}?(\d+(?:[.,]\d+)?)\s*%",
    _FLAGS,
)
_FINE_CONTEXT = re.compile(
    r"bußgeld|geldbuße|geahndet|\bfines?\b|fined|penalt|sanktion|infringement|verst(ö|oe)ß", _FLAGS
)
# (EUR million, % of turnover) tiers: AI Act Art. 99(3)-(5), GDPR Art. 83(5) and 83(4).
_FINE_TIERS = frozenset({(35.0, 7.0), (15.0, 3.0), (7.5, 1.0), (20.0, 4.0), (10.0, 2.0)})


_ABBREVIATION = re.compile(
    r"\b(mio|mrd|tsd|abs|art|nr|lit|ca|vgl|bzw|ggf|inkl|zzgl|z\.\s?b|d\.\s?h|u\.\s?a|s|kap|ziff|no|e\.\s?g|i\.\s?e)\.$",
    _FLAGS,
)


def _split_sentences(text: str) -> list[str]:
    """Split at sentence ends, but not after abbreviations such as "Mio." or "Abs."."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        elif piece.strip():
            out.append(piece)
    return out


def _sentences(roadmap: Roadmap) -> list[tuple[str, str]]:
    return [(section, s) for section, text in roadmap_texts(roadmap) for s in _split_sentences(text)]


def _fine_pairs(sentence: str) -> list[tuple[float, float]]:
    if not _FINE_CONTEXT.search(sentence):
        return []
    return [(float(a.replace(",", ".")), float(b.replace(",", "."))) for a, b in _FINE.findall(sentence)]


def _text_traps(sentences: list[tuple[str, str]]) -> Iterator[tuple[str, bool, list[str]]]:
    """Yield ``(trap, applies, offending sentences)`` for the statements a roadmap must not make."""

    def scan(topic: Callable[[str], bool], wrong: Callable[[str], bool]) -> tuple[bool, list[str]]:
        relevant = [(sec, s) for sec, s in sentences if topic(s)]
        return bool(relevant), [f"{sec}: {s}" for sec, s in relevant if wrong(s)]

    yield (
        "Annex III date",
        *scan(
            lambda s: bool(_HIGH_RISK.search(s) and _DATE.search(s)),
            # "kein Hochrisiko-System, aber seit 2. August 2026 Art. 50" is right: only non-negated mentions count
            lambda s: (
                _hit(_HIGH_RISK, s) and bool(_AUG_2026.search(s)) and not (_HISTORIC.search(s) or _DEC_2027.search(s))
            ),
        ),
    )
    yield (
        "AI Act entry into force",
        *scan(
            lambda s: bool(_ENTRY.search(s) or "2024" in s),
            lambda s: _hit(_AUG_2024, s) or bool(_STARTED_2024.search(s)),
        ),
    )
    yield "Art. 88a is no law", *scan(lambda s: bool(_ART88A.search(s)), lambda s: not _DRAFT.search(s))
    yield (
        "omnibus did not delay everything",
        *scan(
            lambda s: bool(_OMNIBUS.search(s)),
            lambda s: bool(_EVERYTHING.search(s) and _DELAY.search(s)) and not _NOT_ALL.search(s),
        ),
    )
    yield (
        "fine tiers",
        *scan(lambda s: bool(_fine_pairs(s)), lambda s: any(p not in _FINE_TIERS for p in _fine_pairs(s))),
    )


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


def _check_expectation(tally: _Tally, exp: UseCaseExpectation, roadmap: Roadmap, views: list[_Finding]) -> None:
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
    customer emotion recognition (high, not prohibited, Art. 50 notice); creditworthiness/BNPL scoring
    (high, FRIA); workforce scheduling/performance (high, works council agreement — not only a DPIA);
    customer chatbots (limited or higher, Art. 50 notice, DPIA); personalised prices (not high, price
    notice); dynamic pricing and recommenders (not high); tracking pixels/SDKs (consent and an
    ePrivacy/TDDDG basis); e-mail marketing (consent and a UWG/ePrivacy basis); loyalty profiling and
    Wi-Fi tracking (DPIA); a FRIA only for credit scoring. Each requirement of a matching trap is one
    check. Text traps over every generated sentence, each one check when its topic occurs: Annex III
    obligations from 2 Aug 2026; entry into force on 2 Aug 2024 or obligations since 2024; Art. 88a
    stated as law; "the omnibus delayed everything"; fine tiers other than the AI Act's and GDPR's.
    Then every ``expect.use_cases`` item is one check: some finding whose use case contains ``match``
    has the expected verdict and tier, all required and none of the forbidden measures.
    """
    tally = _Tally()
    views = [_view(i, f, ctx.catalog) for i, f in enumerate(roadmap.compliance_findings)]
    for view in views:
        for trap, requirements in _traps(view):
            for requirement, message in requirements:
                tally.check(requirement(view), f"{view.label} ({trap}): {message}")
    for trap, applies, offending in _text_traps(_sentences(roadmap)):
        if applies:
            tally.check(not offending, f"text trap {trap}: " + (offending[0] if offending else ""))
    for exp in ctx.expect.use_cases:
        _check_expectation(tally, exp, roadmap, views)
    return tally.score("no trap applies")


# ------------------------------------------------------------------------------- dependencies ----
def _edge_checks(tally: _Tally, milestones: dict[str, Milestone]) -> None:
    for ms in milestones.values():
        for dep in ms.depends_on:
            pre = milestones.get(dep)
            if tally.check(pre is not None, f"{ms.id}: depends on unknown {dep}") and pre is not None:
                tally.check(
                    _phase(pre) <= _phase(ms), f"{ms.id} ({ms.phase}) precedes its prerequisite {dep} ({pre.phase})"
                )


def _cycle_check(tally: _Tally, milestones: dict[str, Milestone]) -> None:
    graph = {mid: {d for d in ms.depends_on if d in milestones} for mid, ms in milestones.items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as err:
        tally.check(False, "cycle: " + " -> ".join(err.args[1]))
        return
    tally.check(True, "")


def _gate_checks(tally: _Tally, milestones: dict[str, Milestone], catalog: Catalog) -> None:
    by_label = {label: m for m in catalog.measures.values() for label in (m.label.de, m.label.en)}
    measure_initiatives = {m.initiative for m in catalog.measures.values() if m.initiative}
    for ms in milestones.values():
        gates = [milestones[d] for d in ms.depends_on if d in milestones and _phase(milestones[d]) <= _phase(ms)]
        for label in ms.gated_by:
            measure = by_label.get(label)
            if measure is not None and measure.initiative is None:
                continue  # no catalog initiative delivers it, nothing to schedule
            wanted = {measure.initiative} if measure is not None else measure_initiatives
            ok = any(g.initiative in wanted and g.id != ms.id for g in gates)
            tally.check(ok, f"{ms.id}: gate {_short(label, 50)!r} has no preceding gate milestone")


def _module_dependency_checks(tally: _Tally, roadmap: Roadmap, milestones: dict[str, Milestone]) -> None:
    module_of = _module_of(roadmap)
    for m in roadmap.modules:
        for d in m.dependencies:
            known = d.on in milestones or d.on in MODULE_IDS
            if not tally.check(known, f"{m.id}: dependency on unknown {d.on}") or d.milestone is None:
                continue
            own = module_of.get(d.milestone) == m.id
            listed = own and (d.on in milestones[d.milestone].depends_on or d.on in MODULE_IDS)
            tally.check(listed, f"{m.id}: dependency {d.milestone} -> {d.on} is not a depends_on of its milestone")


def dependencies(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score dependency consistency (share of checks passed).

    Checks: every ``depends_on`` id exists; each prerequisite's phase is not later than its
    dependent's; the milestone graph has no cycle (one check, graphlib); every ``gated_by`` measure
    that a catalog initiative delivers has a dependency on a milestone of that initiative in the
    same or an earlier phase (an unknown label needs any measure-delivering milestone); every module
    dependency names an existing module or milestone, and when it names the dependent milestone,
    that milestone belongs to the module and lists the dependency in ``depends_on``.
    """
    tally = _Tally(noun="dependency checks")
    milestones = _milestones(roadmap)
    _edge_checks(tally, milestones)
    _cycle_check(tally, milestones)
    _gate_checks(tally, milestones, ctx.catalog)
    _module_dependency_checks(tally, roadmap, milestones)
    return tally.score()


# ------------------------------------------------------------------------------------- budget ----
def budget(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score budget fit (share of checks passed).

    Checks: the limit equals the profile's ``ai_budget_eur_24m``; total <= limit; ``by_phase`` has
    the three phases and they sum to the total; each phase equals the sum of its milestones' budgets;
    milestone budgets sum to the total; each module's ``resources.budget_eur`` equals its milestones'
    sum and the modules sum to the total; ``by_module`` (when given) matches the module resources;
    ``within_limit`` is true exactly when total <= limit.
    """
    tally = _Tally(noun="budget checks")
    b = roadmap.budget
    tally.check(b.limit_eur == round(ctx.profile.budget.ai_budget_eur_24m), f"limit {b.limit_eur} is not the profile's")
    tally.check(b.total_eur <= b.limit_eur, f"total {b.total_eur} exceeds limit {b.limit_eur}")
    tally.check(set(b.by_phase) == set(PHASES), f"by_phase has {sorted(b.by_phase)}")
    tally.check(
        sum(b.by_phase.values()) == b.total_eur, f"phase sums {sum(b.by_phase.values())} != total {b.total_eur}"
    )
    milestones = list(_milestones(roadmap).values())
    for phase in PHASES:
        spent = sum(ms.budget_eur for ms in milestones if ms.phase == phase)
        tally.check(spent == b.by_phase.get(phase, 0), f"phase {phase}: milestones {spent} != {b.by_phase.get(phase)}")
    spent = sum(ms.budget_eur for ms in milestones)
    tally.check(spent == b.total_eur, f"milestone budgets {spent} != total {b.total_eur}")
    for m in roadmap.modules:
        own = sum(ms.budget_eur for ms in m.milestones)
        tally.check(own == m.resources.budget_eur, f"{m.id}: resources {m.resources.budget_eur} != milestones {own}")
        if b.by_module:
            tally.check(b.by_module.get(m.id) == m.resources.budget_eur, f"{m.id}: by_module != resources")
    modules = sum(m.resources.budget_eur for m in roadmap.modules)
    tally.check(modules == b.total_eur, f"module budgets {modules} != total {b.total_eur}")
    tally.check(b.within_limit == (b.total_eur <= b.limit_eur), f"within_limit={b.within_limit} is wrong")
    return tally.score()


# ---------------------------------------------------------------------------------- grounding ----
def _goal_used(goal: str, text: str) -> bool:
    flat = " ".join(goal.split()).casefold()
    return flat[:GOAL_PREFIX_CHARS] in text


def grounding(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score profile grounding (share of checks passed).

    Checks: every planned initiative exists and is applicable to the profile
    (``agents.planning.applicability`` is None); ``roadmap.company["name"]`` is the profile's company
    name; every profile goal is used — its text (or, for goals the planner shortens with
    ``fahrplan.i18n.quote``, its first 59 characters) occurs in the roadmap text, case-insensitively;
    every planned use case of the profile has a finding; every planned catalog initiative with an AI
    use case has a finding; each ``expect.mentions`` item occurs in the text; ``expect.must_plan`` ids
    are planned and ``expect.must_not_plan`` ids are not.
    """
    tally = _Tally(noun="grounding checks")
    catalog, profile = ctx.catalog, ctx.profile
    planned = _planned(roadmap)
    for ini_id in sorted(planned):
        ini = catalog.initiatives.get(ini_id)
        reason = "unknown initiative" if ini is None else applicability(ini, profile)
        tally.check(reason is None, f"{ini_id} planned but not applicable ({reason})")
    name = roadmap.company.get("name")
    tally.check(name == profile.company.name, f"company name {name!r} is not {profile.company.name!r}")
    text = _all_text(roadmap).casefold()
    for goal in profile.goals:
        tally.check(_goal_used(goal, text), f"goal not used: {goal!r}")
    reviewed = {" ".join(f.use_case.split()) for f in roadmap.compliance_findings}
    for use_case in profile.planned_use_cases:
        tally.check(" ".join(use_case.split()) in reviewed, f"use case not reviewed: {use_case!r}")
    assessed = {f.initiative for f in roadmap.compliance_findings if f.initiative}
    for ini_id in sorted(planned):
        ini = catalog.initiatives.get(ini_id)
        if ini is not None and ini.ai_use_case is not None:
            tally.check(ini_id in assessed, f"AI initiative {ini_id} has no finding")
    for mention in ctx.expect.mentions:
        tally.check(mention.casefold() in text, f"mention missing: {mention!r}")
    for ini_id in ctx.expect.must_plan:
        tally.check(ini_id in planned, f"{ini_id} must be planned")
    for ini_id in ctx.expect.must_not_plan:
        tally.check(ini_id not in planned, f"{ini_id} must not be planned")
    return tally.score()


# ----------------------------------------------------------------------------- prioritisation ----
def _within(value: float, a: float, b: float) -> bool:
    return min(a, b) - SCORE_TOLERANCE <= value <= max(a, b) + SCORE_TOLERANCE


def prioritisation(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score prioritisation consistency (share of checks passed).

    Checks: each adjacent pair of modules is in non-increasing ``priority.score`` order; the ranks
    are 1..6 in list order; each module's score lies between its impact and feasibility (a convex
    combination, 0.01 rounding slack); each assessed initiative's score lies between its impact and
    feasibility, its quadrant is ``agents.planning.quadrant(impact, feasibility, 6.0)`` and its status
    is "planned" exactly when a module plans it; every ``expect.top_modules`` id ranks in the top three.
    """
    tally = _Tally(noun="prioritisation checks")
    mods = roadmap.modules
    for a, b in pairwise(mods):
        tally.check(
            a.priority.score >= b.priority.score, f"{a.id} ({a.priority.score}) before {b.id} ({b.priority.score})"
        )
    ranks = [m.priority.rank for m in mods]
    tally.check(ranks == list(range(1, len(mods) + 1)), f"ranks {ranks}")
    for m in mods:
        p = m.priority
        tally.check(
            _within(p.score, p.impact, p.feasibility), f"{m.id}: score {p.score} outside [{p.impact}, {p.feasibility}]"
        )
    planned = _planned(roadmap)
    for ia in roadmap.initiatives:
        tally.check(
            _within(ia.score, ia.impact, ia.feasibility), f"{ia.id}: score {ia.score} outside impact/feasibility"
        )
        expected = quadrant(ia.impact, ia.feasibility, QUADRANT_THRESHOLD)
        tally.check(ia.quadrant == expected, f"{ia.id}: quadrant {ia.quadrant}, expected {expected}")
        tally.check((ia.status == "planned") == (ia.id in planned), f"{ia.id}: status {ia.status} vs module plans")
    top = [m.id for m in mods[:3]]
    for module in ctx.expect.top_modules:
        tally.check(module in top, f"{module} not in top three {top}")
    return tally.score()


# --------------------------------------------------------------------------------- quick wins ----
def quick_wins(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score the quick wins (share of checks passed).

    Checks: at least ``expect.min_quick_wins`` distinct quick-win entries over all modules; each
    entry that names a milestone id is a 0-6 milestone flagged ``quick_win``, an id-like entry
    (no spaces) that names no milestone fails, a free-text entry passes; each milestone flagged
    ``quick_win`` is in phase 0-6 and listed in its module's ``quick_wins``.
    """
    tally = _Tally(noun="quick-win checks")
    milestones = _milestones(roadmap)
    listed = list(dict.fromkeys(q for m in roadmap.modules for q in m.quick_wins))
    need = ctx.expect.min_quick_wins
    tally.check(len(listed) >= need, f"{len(listed)} quick wins, expected at least {need}")
    for m in roadmap.modules:
        for q in m.quick_wins:
            ms = milestones.get(q)
            if ms is None:
                tally.check(bool(q.strip()) and " " in q.strip(), f"{m.id}: quick win {q!r} is no milestone")
            else:
                tally.check(ms.phase == "0-6" and ms.quick_win, f"{m.id}: {q} is not a 0-6 quick-win milestone")
        for ms in m.milestones:
            if ms.quick_win:
                tally.check(
                    ms.phase == "0-6" and ms.id in m.quick_wins, f"{ms.id}: flagged but not a listed 0-6 quick win"
                )
    return tally.score()


# ----------------------------------------------------------------------------------- language ----
def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DE_WORDS = _wordset(
    "der die das den dem des und ist sind nicht mit für auf von zu zum zur im bei ein eine einen einer eines "
    "wird werden oder als auch aus nach über wie sich ihre ihrer ihren kein keine durch dass vor nur noch "
    "je sowie bzw gegen ohne unter wenn weil diese dieser dieses jede jeder"
)
_EN_WORDS = _wordset(
    "the and of to is are for with on by be as or this that from not its their which each into "
    "without under when because these every only after before has have can will than more"
)
# Quoted user text ("„…“", "“…”", "\"…\""), source notes and ids are data, not the output language.
_QUOTED = re.compile(r"„[^“”]*[“”]|“[^”]*”|\"[^\"]*\"|\((?:Quelle|source|Quellen|sources):[^)]*\)")
_IDS = re.compile(r"\b[a-z0-9_]+(?:\.[a-z0-9_-]+)+\b|https?://\S+")
_WORD = re.compile(r"[a-zäöüß]+")
MIN_STOPWORDS = 2
MIN_MARGIN = 2


def detect_language(text: str) -> str | None:
    """Return "de" or "en" by counting function words, or None when the text is too short to judge.

    Quoted segments, source notes and ids are removed first; a verdict needs at least two
    function words and a margin of two between the languages.
    """
    cleaned = _IDS.sub(" ", _QUOTED.sub(" ", text))
    words = _WORD.findall(cleaned.lower())
    de = sum(w in _DE_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    if de + en < MIN_STOPWORDS or abs(de - en) < MIN_MARGIN:
        return None
    return "de" if de > en else "en"


def language(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score output-language consistency: the share of judged text sections in the output language.

    The output language is ``generated_with.language``; one extra check requires it to equal the
    requested ``ctx.lang``. Sections: summary lines, module goal, value, rationale, scaling, external
    support, success factors, responsibilities, dependency reasons, milestone titles and
    descriptions, finding rationales and alternatives, warnings (see ``roadmap_texts``). A section is
    judged by ``detect_language``; sections too short to judge are skipped.
    """
    expected = roadmap.generated_with.language
    tally = _Tally(noun="sections", verb="in the wrong language")
    tally.check(expected == ctx.lang, f"generated_with.language {expected!r}, requested {ctx.lang!r}")
    for section, text in roadmap_texts(roadmap):
        found = detect_language(text)
        if found is not None:
            tally.check(found == expected, f"{section} is {found}: {_short(text, 60)!r}")
    return tally.score("no section long enough to judge")


# ------------------------------------------------------------------------------------ registry ----
SCORERS: dict[str, Scorer] = {
    "structure": structure,
    "invariants": invariants,
    "citation_validity": citation_validity,
    "citation_support": citation_support,
    "legal_correctness": legal_correctness,
    "dependencies": dependencies,
    "budget": budget,
    "grounding": grounding,
    "prioritisation": prioritisation,
    "quick_wins": quick_wins,
    "language": language,
}
