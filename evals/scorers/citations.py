"""Scorers of the sources: do the cited ids resolve, and does each cited entry back what cites it."""

from __future__ import annotations

from collections.abc import Iterator

from fahrplan.agents.tailoring import tailor_catalog
from fahrplan.core.roadmap import ComplianceFinding, Milestone, ModulePlan, Roadmap
from fahrplan.evals.schema import Score, ScoreContext
from fahrplan.evals.scorers.base import Tally, short
from fahrplan.knowledge.catalog import Catalog

__all__ = ["NOT_LAW_STATUSES", "citation_support", "citation_validity"]

# Legal entries that are not (or no longer) law must never be the basis of a finding or milestone.
NOT_LAW_STATUSES = frozenset({"superseded", "pending", "withdrawn"})


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
    tally = Tally(noun="citations", verb="unresolved")
    for where, cid in _cited_ids(roadmap):
        tally.check(ctx.resolves(cid), f"{where}: {cid}")
    # a roadmap that cites nothing is unsourced, not perfectly sourced
    return tally.score("nothing is cited: the roadmap names no sources", empty_value=0.0)


def _finding_support(tally: Tally, i: int, f: ComplianceFinding, catalog: Catalog) -> None:
    label = f"finding[{i}] {short(f.use_case, 40)!r}"
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


def _milestone_support(tally: Tally, ms: Milestone, roadmap: Roadmap, catalog: Catalog) -> None:
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


def _module_citation_support(tally: Tally, m: ModulePlan, catalog: Catalog) -> None:
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
    entries, its source. Ids that do not resolve are left to ``citation_validity``. Initiatives are
    read as the planner reads them for this profile (extension and store-free titles).
    """
    catalog = tailor_catalog(ctx.catalog, ctx.profile)
    tally = Tally(noun="citation checks")
    for i, f in enumerate(roadmap.compliance_findings):
        _finding_support(tally, i, f, catalog)
    for m in roadmap.modules:
        _module_citation_support(tally, m, catalog)
        for ms in m.milestones:
            _milestone_support(tally, ms, roadmap, catalog)
    # a roadmap that cites nothing is unsourced, not perfectly sourced
    return tally.score("nothing is cited: the roadmap names no sources", empty_value=0.0)
