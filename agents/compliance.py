"""The compliance reviewer: classify use cases by AI Act tier and name the duties, with citations.

Rules (``knowledge/data/use_case_rules.yaml``) are matched on the use-case text as data: a
use-case text can only ever select rules, never change what a rule says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from math import inf

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.findings import (
    MAX_USE_CASE_CHARS,
    RISK_ORDER,
    VERDICT_ORDER,
    alternative_for,
    finding_for,
    match_rules,
    merge_rows,
    same_processing,
)
from fahrplan.agents.goal_fit import classify_text, lever_fit, names_mechanism
from fahrplan.agents.legal_context import amend_finding, every_system_approval, fit_to_company, works_council_status
from fahrplan.agents.planning import applicability
from fahrplan.agents.tailoring import processes_personal_data
from fahrplan.core.profile import Profile
from fahrplan.core.roadmap import ComplianceFinding
from fahrplan.core.texts import t
from fahrplan.core.untrusted import data_part
from fahrplan.knowledge.catalog import Catalog
from fahrplan.knowledge.schema import Initiative, Text, UseCaseRule

__all__ = [
    "RISK_ORDER",
    "VERDICT_ORDER",
    "alternative_for",
    "finding_for",
    "map_use_cases",
    "match_rules",
    "review",
]

# E5 cosine similarity a planned use case needs to count as realised by an initiative / rule
# (calibrated on the example profiles: good matches score 0.89-0.92, near misses 0.85-0.87).
MAP_SIMILARITY = 0.875
# With the use case's value levers agreeing, a lower similarity suffices (the lever already excludes
# near misses of another mechanism, such as "Verfügbarkeit im Markt" → marketplace).
LEVER_MAP_SIMILARITY = 0.82
MAP_CANDIDATES = 5  # hybrid hits considered per use case
SECTOR_PREFERENCE = 2  # among the best two hits, an initiative made for the company's sector comes first
SECTOR_SPECIFIC = 2  # an initiative for at most this many sectors is made for them (fresh ordering: grocery)
# Among the candidates that fit, the first in hybrid order wins unless another is clearly closer in
# meaning (E5 similarities of related initiatives lie within a few hundredths, so BM25 decides ties).
# An initiative a matched rule names for this kind of use case counts as this much closer.
CLEARLY_CLOSER = 0.02
RULE_HINT_BONUS = 0.03
RULE_SIMILARITY = 0.88
VENDOR_CONTRACT = "vendor_contract"
VENDOR_CONTRACT_BASES = ("gdpr.art28", "gdpr.art44_49")
WORKS_COUNCIL_CONSENT = "works_council_consent"


def map_use_cases(profile: Profile, deps: AgentDeps) -> tuple[UseCaseMatch, ...]:
    """Map each planned use case to the initiative that realises it (or its compliant alternative)."""
    catalog = deps.catalog
    out: list[UseCaseMatch] = []
    for text in profile.planned_use_cases:
        rules = match_rules(text, catalog.rules.values())
        banned = [r for r in rules if r.verdict == "not_permitted"]
        if banned:
            _, alt = alternative_for(text, banned)
            module = catalog.initiatives[alt].module if alt else None
            out.append(UseCaseMatch(text, alt, module, 0.0, blocked=True))
            continue
        decided = _decided_by_rules(text, rules, profile, deps)
        if decided is not None:
            out.append(decided)
            continue
        named = _named_mechanisms(text, profile, deps)
        agreed = [i for i in named if any(i in r.realised_by for r in rules)]
        if agreed:  # the text names the mechanism a matched rule names for its kind: no neighbour outranks it
            out.append(_match(text, agreed[0], profile, deps))
            continue
        hints = tuple(dict.fromkeys([*(i for r in rules for i in r.realised_by), *named]))
        out.append(_realising_initiative(text, profile, deps, hints))
    return tuple(out)


def _decided_by_rules(text: str, rules: list[UseCaseRule], profile: Profile, deps: AgentDeps) -> UseCaseMatch | None:
    """The mapping the matched rules decide by themselves: a better way they advise, nothing in the catalog, or
    the initiative they name for the use case's purpose (drafting replies to customer e-mails → agent assist)."""
    catalog = deps.catalog
    # a permitted use case with a better way is realised by it (own credit scoring → a payment provider)
    advised = [r.alternative_initiative for r in rules if r.alternative_initiative]
    advised = [i for i in advised if applicability(catalog.initiatives[i], profile) is None]
    if advised:
        return UseCaseMatch(text, advised[0], catalog.initiatives[advised[0]].module, 0.0)
    outside = next((r.outside_catalog for r in rules if r.outside_catalog is not None), None)
    if outside is not None:  # the rule knows this kind: nothing in the catalog realises it
        return UseCaseMatch(text, None, None, 0.0, outside=outside)
    sample = data_part(text)[:MAX_USE_CASE_CHARS]
    purposed = [
        p.initiative
        for r in rules
        for p in r.purpose_realised_by
        if any(re.search(w, sample, flags=re.IGNORECASE) for w in p.when)
    ]
    applicable = [i for i in purposed if applicability(catalog.initiatives[i], profile) is None]
    if applicable:
        return _match(text, applicable[0], profile, deps)
    # what realises this purpose does not fit the company: no other mechanism stands in for it
    return UseCaseMatch(text, None, None, 0.0) if purposed else None


def _match(text: str, initiative: str, profile: Profile, deps: AgentDeps) -> UseCaseMatch:
    """The use case realised by ``initiative`` (its entry-level offer where the company is not ready for it)."""
    ini = _entry_level(deps.catalog.initiatives[initiative], profile, deps)
    query = data_part(text)[:MAX_USE_CASE_CHARS]
    dense = {h.id: h.score for h in deps.retriever.scores([query], kind="initiative").values()}
    return UseCaseMatch(text, ini.id, ini.module, dense.get(ini.id, 0.0))


def _named_mechanisms(text: str, profile: Profile, deps: AgentDeps) -> list[str]:
    """The applicable initiative whose mechanism the use case names ("Dienstpläne", "Click & Collect") and whose
    levers it shares: the text says what it is, as a matched rule would. None when it names two or more."""
    query = data_part(text)[:MAX_USE_CASE_CHARS]
    named = [ini for ini in deps.catalog.initiatives.values() if names_mechanism(ini, query)]
    if not named:  # most texts name none: no lever classification (a retrieval for unknown words) needed
        return []
    levers = classify_text(query, deps).levers
    fitting = [ini.id for ini in named if lever_fit(ini, levers) > 0 and applicability(ini, profile) is None]
    return fitting if len(fitting) == 1 else []  # two named mechanisms: the text does not say which one it is


def _realising_initiative(text: str, profile: Profile, deps: AgentDeps, hints: tuple[str, ...] = ()) -> UseCaseMatch:
    """The applicable initiative that realises a use case: the first fitting candidate, or a clearly closer one.

    Hybrid retrieval (dense + BM25) proposes the candidates, together with the initiatives the matched
    rules name for this kind of use case (``hints``). A candidate must be close enough in meaning and
    share a value lever with the use case (so "Verfügbarkeit im Markt" never becomes a marketplace); a
    hinted one needs no shared lever, the rule already says what the use case is. Of the candidates
    that fit, the first in hybrid order wins (one made for the company's sector first among the best
    two) unless another is clearly closer in meaning, a hinted one counting as closer. A use case
    whose levers the classifier cannot name takes the best close hit. Only the part before
    instruction-like wording is read (:func:`fahrplan.core.untrusted.data_part`).
    """
    catalog = deps.catalog
    query = data_part(text)[:MAX_USE_CASE_CHARS]
    if len(query.split()) < 2:  # an instruction to the tool, not a use case: nothing realises it
        return UseCaseMatch(text, None, None, 0.0)
    levers = classify_text(query, deps).levers
    dense = {h.id: h.score for h in deps.retriever.scores([query], kind="initiative").values()}
    hits = [h.id for h in deps.retriever.search(query, kind="initiative", k=MAP_CANDIDATES)]
    sector = profile.company.sector
    made_for = {i for i in hits[:SECTOR_PREFERENCE] if sector in catalog.initiatives[i].sectors}
    made_for = {i for i in made_for if len(catalog.initiatives[i].sectors) <= SECTOR_SPECIFIC}
    ordered = sorted(hits[:SECTOR_PREFERENCE], key=lambda i: i not in made_for) + hits[SECTOR_PREFERENCE:]
    fitting: list[tuple[str, float]] = []  # (initiative, similarity with the hint bonus), in hybrid order
    for ini_id in dict.fromkeys([*ordered, *hints]):
        ini = catalog.initiatives[ini_id]
        similarity = dense.get(ini_id, 0.0)
        if applicability(ini, profile) is not None or similarity < LEVER_MAP_SIMILARITY:
            continue
        hinted = ini_id in hints
        if hinted or (lever_fit(ini, levers) > 0 if levers else similarity >= MAP_SIMILARITY):
            fitting.append((ini_id, similarity + RULE_HINT_BONUS * hinted))
    if not fitting:
        return UseCaseMatch(text, None, None, max(dense.values(), default=0.0))
    first = fitting[0]
    if levers and first[0] not in {*hints, *made_for}:  # the rule and the mechanism agree on another candidate
        # a foundation a rule names for this kind of use case is what the use case builds (merging purchases
        # into one profile per customer is the customer data foundation, whatever the purchases are for)
        fit = {
            i: inf if i in hints and catalog.initiatives[i].foundation else lever_fit(catalog.initiatives[i], levers)
            for i, _ in fitting
        }
        first = next((c for c in fitting if c[0] in hints and fit[c[0]] > fit[first[0]]), first)
    closer = [c for c in fitting if c[1] >= first[1] + CLEARLY_CLOSER and first[0] not in made_for]
    best = max(closer, key=lambda c: c[1]) if closer else first
    ini = _entry_level(catalog.initiatives[best[0]], profile, deps)
    return UseCaseMatch(text, ini.id, ini.module, dense.get(ini.id, dense[best[0]]))


def _entry_level(full: Initiative, profile: Profile, deps: AgentDeps) -> Initiative:
    """The applicable entry-level offer for ``full`` when the company would first have to reach its maturity."""
    if profile.data_and_it.maturity >= full.min_maturity:
        return full
    entries = (
        ini
        for ini in deps.catalog.initiatives.values()
        if full.id in ini.entry_for and applicability(ini, profile) is None
    )
    return next(entries, full)


def _rules_for_planned(text: str, match: UseCaseMatch, deps: AgentDeps) -> list[UseCaseRule]:
    catalog = deps.catalog
    rules = match_rules(text, catalog.rules.values())
    if rules:
        return rules
    if match.initiative and not match.blocked:
        return [catalog.rules[r] for r in catalog.initiatives[match.initiative].compliance_rules]
    hits = deps.retriever.search(text[:MAX_USE_CASE_CHARS], kind="rule", k=1, method="dense")
    if hits and hits[0].score >= RULE_SIMILARITY:
        return [catalog.rules[hits[0].id.removeprefix("rule:")]]
    return []


def review(
    drafts: Iterable[ModuleDraft],
    matches: tuple[UseCaseMatch, ...],
    deps: AgentDeps,
    profile: Profile | None = None,
) -> list[ComplianceFinding]:
    """Review every planned use case and every AI initiative the module agents selected.

    With the ``profile``, each finding is fitted to the company (:func:`fit_to_company`). A planned use
    case and the selected initiative realising it are one row when they describe the same processing
    (:func:`same_processing`): the same processing gets the same duties; a use case describing what an
    initiative's scale step adds is one row with that step.
    """
    catalog, lang = deps.catalog, deps.lang

    def fitted(finding: ComplianceFinding, rules: list[UseCaseRule], staff_facing: bool = False) -> ComplianceFinding:
        if profile is None:
            return finding
        return fit_to_company(finding, rules, profile, catalog=catalog, lang=lang, staff_facing=staff_facing)

    # each selected initiative's own row, and one for the purpose its scale step adds ("<id>.scale")
    rows: dict[str, ComplianceFinding] = {}
    for draft in sorted(drafts, key=lambda d: d.module):
        for ini_id in _with_prerequisites(draft.selected, catalog, profile):
            own = None if ini_id in rows else _initiative_finding(catalog.initiatives[ini_id], profile, deps)
            if own is not None:
                rows[ini_id] = fitted(*own, _staff_facing(ini_id, catalog))
                scale = _scale_finding(catalog.initiatives[ini_id], deps)
                if scale is not None:
                    rows[f"{ini_id}.scale"] = fitted(*scale, _staff_facing(ini_id, catalog))
    findings: list[ComplianceFinding] = []
    merged: set[str] = set()
    for match in matches:
        rules = _rules_for_planned(match.use_case, match, deps)
        initiative = None if match.blocked else match.initiative
        finding = finding_for(
            match.use_case,
            rules,
            catalog=catalog,
            lang=lang,
            source="planned_use_case",
            module=None if match.blocked else match.module,
            initiative=initiative,
        )
        finding = fitted(finding, rules)  # the use case's text says what it captures
        # one row with the initiative's pilot, or with its scale step when that is what the use case describes
        # (shift proposals per employee): the merged row then gates that step
        key = next((k for k in (initiative, f"{initiative}.scale") if _open_row(k, rows, merged, finding)), None)
        if key is not None:
            finding = merge_rows(finding, rows[key], catalog, lang)
            merged.add(key)
        findings.append(finding)
    return findings + [f for key, f in rows.items() if key not in merged]


def _open_row(key: str | None, rows: dict[str, ComplianceFinding], merged: set[str], case: ComplianceFinding) -> bool:
    """Whether the initiative row ``key`` exists, is not merged yet and does the use case's processing."""
    return key is not None and key in rows and key not in merged and same_processing(case, rows[key])


def _scale_finding(ini: Initiative, deps: AgentDeps) -> tuple[ComplianceFinding, list[UseCaseRule]] | None:
    """The review of the purpose an initiative's scale step adds (footfall forecasts put to staff planning).

    The step keeps the pilot's processing (the same engine on the same data), so its duties carry over: the
    finding combines the initiative's rules with the added purpose's; ``rules`` names the added purpose.
    """
    if not ini.scale_rules or ini.scale_use_case is None or ini.scale_step is None:
        return None
    finding, rules = _row(ini, ini.scale_use_case.get(deps.lang), ini.reviewed_rules, deps)
    # what the plan builds, also when a planned use case is merged into this row: the purpose and the step
    description = f"{ini.scale_use_case.get(deps.lang)}: {ini.scale_step.get(deps.lang)}"
    added = [deps.catalog.rules[r].rationale.get(deps.lang) for r in ini.scale_rules]
    rationale = " ".join([*added, t("legal_scale_inherits", deps.lang)])
    update = {"description": description, "step": "scale", "rules": list(ini.scale_rules), "rationale": rationale}
    return finding.model_copy(update=update), rules


def _initiative_finding(
    ini: Initiative, profile: Profile | None, deps: AgentDeps
) -> tuple[ComplianceFinding, list[UseCaseRule]] | None:
    """The review of one initiative's AI use case (or personal-data processing), before company fitting."""
    processing = ini.ai_use_case or _personal_data(ini, profile)
    if processing is None:
        return None
    finding, rules = _row(ini, ini.title.get(deps.lang), ini.compliance_rules, deps)
    if ini.ai_use_case is not None:
        finding = _with_vendor_contract(finding, ini, deps)
        finding = _with_council_consent(finding, ini, profile, deps)
    return finding.model_copy(update={"description": processing.get(deps.lang)}), rules


def _with_council_consent(
    finding: ComplianceFinding, ini: Initiative, profile: Profile | None, deps: AgentDeps
) -> ComplianceFinding:
    """Where there is a works council, an AI tool goes live after co-determination: staff run or maintain it and its
    logs show who did what, so it is objectively able to monitor them (§ 87(1) No. 6 BetrVG) — a customer-facing
    system too, through the staff accounts behind it; agreed for the pilot itself. Systems that evaluate staff get
    the framework agreement from their rules or the company fit instead."""
    if profile is None or works_council_status(profile) != "present" or every_system_approval(profile):
        return finding
    if (
        finding.verdict == "not_permitted"
        or "works_council" in finding.measure_ids
        or _staff_facing(ini.id, deps.catalog)
    ):
        return finding
    return _with_duty(finding, WORKS_COUNCIL_CONSENT, ("betrvg.s87",), t("legal_works_council_pilot", deps.lang), deps)


def _with_duty(
    finding: ComplianceFinding, measure: str, bases: tuple[str, ...], note: str, deps: AgentDeps
) -> ComplianceFinding:
    """``finding`` with one more measure, its legal bases and the sentence that says why."""
    legal = list(dict.fromkeys([*(b.id for b in finding.legal_basis), *bases]))
    measures = [*finding.measure_ids, measure]
    return amend_finding(finding, legal, measures, [*finding.citations, *bases], [note], deps.catalog, deps.lang)


def _with_vendor_contract(finding: ComplianceFinding, ini: Initiative, deps: AgentDeps) -> ComplianceFinding:
    """An AI service a vendor runs processes the data it gets for it on the company's behalf (customer data where it
    uses them, the staff's accounts in any case): a processor contract before go-live (GDPR Art. 28(3); AI SaaS
    vendors are processors), transfers checked. A provider deciding its own purposes is no processor."""
    if ini.external is None or ini.vendor_role != "processor" or finding.verdict == "not_permitted":
        return finding
    if "processor_agreement" in finding.measure_ids:
        return finding
    return _with_duty(finding, VENDOR_CONTRACT, VENDOR_CONTRACT_BASES, t("legal_vendor_contract", deps.lang), deps)


def _row(
    ini: Initiative, use_case: str, rule_ids: list[str], deps: AgentDeps
) -> tuple[ComplianceFinding, list[UseCaseRule]]:
    """An initiative's finding under ``rule_ids`` (each once), with the rules it combines."""
    rules = [deps.catalog.rules[r] for r in dict.fromkeys(rule_ids)]
    does = ini.ai_use_case or ini.personal_data
    finding = finding_for(
        use_case,
        rules,
        catalog=deps.catalog,
        lang=deps.lang,
        source="initiative",
        module=ini.module,
        initiative=ini.id,
        content=f"{does.de} {does.en}" if does is not None else "",
    )
    return finding, rules


def _with_prerequisites(selected: Iterable[str], catalog: Catalog, profile: Profile | None) -> list[str]:
    """The selected initiatives and the applicable prerequisites the plan pulls in with them (a customer
    data foundation under personalisation is reviewed like what the module agent chose)."""
    out: list[str] = []

    def visit(ini_id: str) -> None:
        if ini_id in out:
            return
        out.append(ini_id)
        for pre in catalog.initiatives[ini_id].prerequisites:
            if profile is None or applicability(catalog.initiatives[pre], profile) is None:
                visit(pre)

    for ini_id in selected:
        visit(ini_id)
    return out


def _personal_data(ini: Initiative, profile: Profile | None) -> Text | None:
    """What a non-AI initiative with compliance rules does with personal data, where this company has it.

    Merging till receipts with online orders under a customer key exists only where customers are
    identified (a customer card, or a pure online business).
    """
    if ini.personal_data is None or not ini.compliance_rules:
        return None
    return ini.personal_data if profile is None or processes_personal_data(ini, profile) else None


def _staff_facing(initiative: str, catalog: Catalog) -> bool:
    """Whether an initiative's system captures staff (its legal triggers name § 87(1) No. 6 BetrVG)."""
    return "betrvg.s87" in catalog.initiatives[initiative].legal_triggers
