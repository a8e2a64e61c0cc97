"""The compliance reviewer: classify use cases by AI Act tier and name the duties, with citations.

Rules (``knowledge/data/use_case_rules.yaml``) are matched on the use-case text as data: a
use-case text can only ever select rules, never change what a rule says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import inf

from fahrplan.agents.app_wording import text_wording
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft, UseCaseMatch
from fahrplan.agents.finding_text import finished
from fahrplan.agents.findings import (
    MAX_USE_CASE_CHARS,
    RISK_ORDER,
    VERDICT_ORDER,
    alternative_for,
    finding_for,
    match_rules,
    merge_rows,
    realisation_duties,
    redesign,
    same_processing,
    staff_facing,
)
from fahrplan.agents.goal_fit import classify_text, lever_fit, names_mechanism
from fahrplan.agents.legal_context import fit_to_company, works_council_status
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
        return UseCaseMatch(text, advised[0], catalog.initiatives[advised[0]].module, 0.0, alternative=True)
    outside = next((r.outside_catalog for r in rules if r.outside_catalog is not None), None)
    if outside is not None:  # the rule knows this kind: nothing in the catalog realises it
        return UseCaseMatch(
            text, None, None, 0.0, outside=text_wording(outside, profile.channels, works_council_status(profile))
        )
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

    With the ``profile``, each finding is fitted to the company (:func:`fit_to_company`, :func:`finished`).
    The same processing gets the same duties: a planned use case and the step realising it (the initiative's pilot,
    or its scale step when that is what the use case describes) are one row when one describes part of what the other
    does (:func:`same_processing`); a use case that is part of what the step does is reviewed as that step, under all
    its rules and with the duties its vendor and its go-live bring (a processor contract, a pilot agreement).
    """
    reviewer = _Reviewer(deps, profile)
    catalog = deps.catalog
    # each selected initiative's own row, and one for the purpose its scale step adds ("<id>.scale")
    for draft in sorted(drafts, key=lambda d: d.module):
        for ini_id in _with_prerequisites(draft.selected, catalog, profile):
            if ini_id not in reviewer.rows:
                reviewer.initiative_rows(catalog.initiatives[ini_id])
    findings = [reviewer.planned_row(match) for match in matches]
    findings += [f for key, f in reviewer.rows.items() if key not in reviewer.merged]
    return finished(findings, works_council_status(profile) if profile else "present", deps.lang)


@dataclass
class _Reviewer:
    """The rows of one review: each initiative's (``<id>`` and ``<id>.scale``), and which a use case took over."""

    deps: AgentDeps
    profile: Profile | None
    rows: dict[str, ComplianceFinding] = field(default_factory=dict)
    merged: set[str] = field(default_factory=set)

    def fitted(self, finding: ComplianceFinding, rules: list[UseCaseRule], initiative: str | None) -> ComplianceFinding:
        """``finding`` fitted to the company (staff-facing where the initiative's system captures staff)."""
        if self.profile is None:
            return finding
        staff = initiative is not None and staff_facing(initiative, self.deps.catalog)
        catalog, lang = self.deps.catalog, self.deps.lang
        finding = fit_to_company(finding, rules, self.profile, catalog=catalog, lang=lang, staff_facing=staff)
        if finding.alternative:  # no app or web-shop wording in the alternative of a company without them
            alt = Text(de=finding.alternative, en=finding.alternative)
            alternative = text_wording(alt, self.profile.channels, works_council_status(self.profile)).get(lang)
            finding = finding.model_copy(update={"alternative": alternative})
        return finding

    def initiative_rows(self, ini: Initiative) -> None:
        """The initiative's own row and the row of the purpose its scale step adds, where it has them."""
        own = _initiative_finding(ini, self.profile, self.deps)
        if own is None:
            return
        self.rows[ini.id] = self.fitted(*own, ini.id)
        scale = _scale_finding(ini, self.deps)
        if scale is not None:  # the step runs on the pilot's vendor service: its processor contract carries over
            finding = realisation_duties(scale[0], ini, self.profile, self.deps.catalog, self.deps.lang, pilot=False)
            self.rows[f"{ini.id}.scale"] = self.fitted(finding, scale[1], ini.id)

    def planned_row(self, match: UseCaseMatch) -> ComplianceFinding:
        """The row of a planned use case: its own review, or one row with the step that does its processing."""
        catalog, lang = self.deps.catalog, self.deps.lang
        rules = _rules_for_planned(match.use_case, match, self.deps)
        initiative = match.realised_as_stated
        finding = self.fitted(_planned_finding(match, rules, self.deps), rules, None)  # what its text captures
        keys = (initiative, f"{initiative}.scale")
        key = next((k for k in keys if _open_row(k, self.rows, self.merged, finding)), None)
        kind = redesign(finding, self.rows.get(initiative)) if initiative is not None else None
        if kind == "anonymous" or (key is None and kind == "ai_act"):
            # the plan builds a design reviewed as not high-risk (picker ranking → slotting per zone and shift) or one
            # that only counts (Wi-Fi tracking → entrance sensors): the use case's duties describe a system the plan
            # does not run and gate nothing; the design's own review does
            return finding.model_copy(update={"initiative": None})
        if key is None or initiative is None:
            return finding
        row, ini = self.rows[key], catalog.initiatives[initiative]
        extra = [catalog.rules[r] for r in row.rules if r not in finding.rules]
        if extra:  # part of what the step does: reviewed as that step, under all its rules and on what it processes
            rules = [*rules, *extra]
            finding = _planned_finding(match, rules, self.deps, content=row.description or "")
            finding = self.fitted(finding, rules, initiative)
        finding = realisation_duties(finding, ini, self.profile, catalog, lang, pilot=key == initiative)
        if key != initiative and set(row.measure_ids) - set(finding.measure_ids):
            finding = finding.model_copy(update={"rationale": f"{finding.rationale} {t('legal_scale_inherits', lang)}"})
        self.merged.add(key)
        return merge_rows(finding, row, catalog, lang)


def _planned_finding(
    match: UseCaseMatch, rules: list[UseCaseRule], deps: AgentDeps, content: str = ""
) -> ComplianceFinding:
    """A planned use case's finding under ``rules``, before company fitting (``content``: what realises it)."""
    return finding_for(
        match.use_case,
        rules,
        catalog=deps.catalog,
        lang=deps.lang,
        source="planned_use_case",
        module=None if match.blocked else match.module,
        initiative=match.realised_as_stated,
        content=content,
    )


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
    finding = realisation_duties(finding, ini, profile, deps.catalog, deps.lang)
    return finding.model_copy(update={"description": processing.get(deps.lang)}), rules


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
