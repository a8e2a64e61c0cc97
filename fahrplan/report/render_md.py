"""Render a roadmap as Markdown (German by default): priorities first, then the six modules."""

from __future__ import annotations

from collections.abc import Mapping

from fahrplan.core.i18n import eur, legal_ref, legal_source, number, quote
from fahrplan.core.roadmap import PHASES, ComplianceFinding, InitiativeAssessment, Milestone, ModulePlan, Roadmap
from fahrplan.core.texts import labels, sector_label
from fahrplan.core.vocab import PHASE_MONTHS, Lang, norm_lang
from fahrplan.report.board import Block, board_blocks, goal_blocks, money_blocks, use_case_blocks

__all__ = ["blocks_md", "render_markdown"]


def _cell(text: str) -> str:
    """Make text safe for a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def render_markdown(roadmap: Roadmap) -> str:
    """Return the roadmap as a Markdown document in its own language."""
    lang = roadmap.generated_with.language
    L = labels("report", lang)
    c = roadmap.company
    titles: dict[str, str] = {m.id: m.title for m in roadmap.modules}
    milestone_titles = {ms.id: ms.title for ms in roadmap.all_milestones()}
    out: list[str] = [f"# {L['title'].format(name=_cell(str(c['name'])))}", ""]
    out.append(
        L["meta"].format(
            sector=sector_label(str(c["sector"]), lang),
            revenue=eur(c["annual_revenue_eur"], lang),
            employees=number(int(c["employees"]), lang),
            stores=c.get("stores", 0),
            maturity=roadmap.profile.get("data_and_it", {}).get("maturity", "?"),
            budget=eur(roadmap.budget.limit_eur, lang),
        )
    )
    out.append("")
    out += blocks_md(board_blocks(roadmap))
    out += [f"# {L['appendix']}", "", f"## {L['priorities']}", ""]
    out.append(
        f"| {L['rank']} | {L['module']} | {L['impact']} | {L['feasibility']} | {L['score']} | {L['budget']} | {L['rationale']} |"
    )
    out.append("|---:|---|---:|---:|---:|---:|---|")
    for m in roadmap.modules:
        p = m.priority
        out.append(
            f"| {p.rank} | {m.title} | {p.impact:.1f} | {p.feasibility:.1f} | {p.score:.1f} | "
            f"{eur(m.resources.budget_eur, lang)} | {_cell(p.rationale)} |"
        )
    out.append("")
    stability = roadmap.ranking_stability
    if stability is not None:
        variants = "; ".join(_variant(c["variant"], L) for c in stability.changes)
        out += [L["stable"] if stability.stable else L["unstable"].format(variants=variants), ""]
    if roadmap.generated_with.backend != "offline":  # the model's own summary; offline it repeats the board part
        out += [f"## {L['summary']}", ""] + [f"- {line}" for line in roadmap.executive_summary] + [""]
    out += blocks_md(goal_blocks(roadmap) + use_case_blocks(roadmap))
    out += _gantt(roadmap, L)
    for m in roadmap.modules:
        out += _module(m, L, lang, titles, milestone_titles)
    out += _matrix(roadmap, L, titles)
    if roadmap.critical_path is not None and roadmap.critical_path.milestones:
        path = " → ".join(milestone_titles.get(m, m) for m in roadmap.critical_path.milestones)
        out += [L["critical"].format(months=roadmap.critical_path.months, path=path), ""]
    if roadmap.binding_constraints:
        out += [f"**{L['binding']}:**", ""] + [f"- {_cell(b)}" for b in roadmap.binding_constraints] + [""]
    out += _findings(roadmap.compliance_findings, L, titles, norm_lang(lang))
    out += blocks_md(money_blocks(roadmap))
    out += _budget(roadmap, L, lang)
    out += _deferred(roadmap, L, lang, titles)
    if roadmap.warnings:
        out += [f"## {L['warnings']}", ""] + [f"- {_cell(w)}" for w in roadmap.warnings] + [""]
    g = roadmap.generated_with  # the colophon: generation details at the end, not in the body
    out += [
        "",
        f"<sub>{L['generated'].format(version=g.fahrplan_version, backend=g.backend, kb=g.knowledge_version)}</sub>",
    ]
    return "\n".join(out).rstrip() + "\n"


def blocks_md(blocks: list[Block]) -> list[str]:
    """Format-neutral blocks as Markdown lines."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "heading":
            out += [f"{'#' * b.level} {b.text}", ""]
        elif b.kind == "para":
            out += [b.text, ""]
        elif b.kind == "table":
            out.append("| " + " | ".join(_cell(h) for h in b.header) + " |")
            out.append("|" + "|".join("---:" if n else "---" for n in b.numeric) + "|")
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in b.rows] + [""]
        else:
            marks = [f"{n}." if b.kind == "numbered" else "-" for n in range(1, len(b.items) + 1)]
            out += [f"{mark} {item}" for mark, item in zip(marks, b.items, strict=True)] + [""]
    return out


def _deferred(roadmap: Roadmap, L: dict[str, str], lang: Lang, titles: Mapping[str, str]) -> list[str]:
    """The backlog table: milestones that did not fit into the 24 months, with budget and reason."""
    if not roadmap.deferred:
        return []
    out = [
        f"## {L['deferred']}",
        "",
        f"| {L['module']} | {L['milestones']} | {L['budget']} | {L['reason']} |",
        "|---|---|---:|---|",
    ]
    out += [
        f"| {titles[d.module]} | {_cell(d.title)} | {eur(d.budget_eur, lang)} | {_cell(d.reason)} |"
        for d in roadmap.deferred
    ]
    return [*out, ""]


def _module(
    m: ModulePlan, L: dict[str, str], lang: Lang, titles: Mapping[str, str], ms_titles: Mapping[str, str]
) -> list[str]:
    out = [f"## {m.priority.rank}. {m.title}", "", f"### {L['goal']}", "", m.goal, ""]
    if m.value:
        out += [f"**{L['value']}:**", ""] + [f"- {line}" for line in m.value.splitlines()] + [""]
    out += [f"### {L['milestones']}", ""]
    for phase in PHASES:
        out += [f"#### {L['phase'].format(phase=phase)}", ""]
        for ms in (x for x in m.milestones if x.phase == phase):
            flag = f" _({L['quick_win']})_" if ms.quick_win else ""
            out.append(f"- **{ms.title}**{flag} — {ms.description}")
            # a preparation or review step costs no money or FTE of its own: its owner does it (not "0 € · FTE 0")
            effort = [f"{L['budget']}: {eur(ms.budget_eur, lang)}", f"{L['fte']}: {ms.fte:g}"]
            details = [
                *_months(ms, L),
                f"{L['owner']}: {ms.owner}",
                *(effort if ms.budget_eur or ms.fte else [L["line_work"]]),
            ]
            out.append(f"  - {' · '.join(details)}")
            if ms.kpis:
                out.append(f"  - {L['kpis']}: {'; '.join(ms.kpis)}")
            if ms.depends_on:
                out.append(f"  - {L['depends']}: {'; '.join(ms_titles.get(d, d) for d in ms.depends_on)}")
            if ms.gated_by:
                out.append(f"  - {L['gated']}: {'; '.join(ms.gated_by)}")
        out.append("")
    out += [f"### {L['resp']}", "", f"| {L['role']} | {L['tasks']} |", "|---|---|"]
    out += [f"| {_cell(r.role)} | {_cell(r.tasks)} |" for r in m.responsibilities]
    r = m.resources
    out += ["", L["resources"].format(budget=eur(r.budget_eur, lang), fte=f"{r.fte:g}", external=r.external), ""]
    out += [f"### {L['factors']}", ""] + [f"- {f}" for f in m.success_factors]
    out += _dependency_lines(m, L, ms_titles) or [f"- {L['deps_none']}"]
    out += ["", f"### {L['quick']}", ""]
    quick = [ms_titles.get(q, q) for q in m.quick_wins]
    out += [f"- {L['quick_win']}: {q}" for q in quick] or [f"- {L['quick_none']}"]
    lines = m.scaling.splitlines()  # one line per initiative after placement
    out += (
        [f"- {L['scaling']}: {m.scaling}"] if len(lines) < 2 else [f"- {L['scaling']}:", *(f"  - {x}" for x in lines)]
    )
    out.append("")
    if m.citations:
        cited = "; ".join(f"{c.title} ({legal_source(c.source, lang)})" for c in m.citations)
        out.append(f"<sub>{L['sources']}: {cited}</sub>")
        out.append("")
    return out


def _dependency_lines(m: ModulePlan, L: dict[str, str], ms_titles: Mapping[str, str]) -> list[str]:
    """One line per dependent milestone and kind: prerequisites, then go-live gates."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for d in m.dependencies:
        grouped.setdefault((d.kind, d.milestone or ""), []).append(ms_titles.get(d.on, d.on))
    lines = []
    for (kind, milestone), targets in sorted(
        grouped.items(), key=lambda item: (item[0][0] != "prerequisite", item[0][1])
    ):
        label = L["gated"] if kind == "gate" else L["depends"]
        lines.append(f"- {ms_titles.get(milestone, milestone)} — {label}: {'; '.join(targets)}")
    return lines


def _variant(code: str, L: dict[str, str]) -> str:
    """'impact+' -> 'Impact +20 %', 'criteria.goal_fit-' -> 'Kriterium „Zielbezug“ −20 %'."""
    name = code[:-1]
    if name.startswith("criteria."):
        key = name.removeprefix("criteria.")
        weight = L["criterion"].format(name=L.get(f"crit_{key}", key))
    else:
        weight = L["impact"] if name == "impact" else L["feasibility"]
    return f"{weight} {'+' if code.endswith('+') else '−'}20 %"


def _month(start: str, offset: int) -> str:
    """First day of the month ``offset`` months after ``start`` (YYYY-MM) as YYYY-MM-DD."""
    year, month = (int(x) for x in start.split("-"))
    index = year * 12 + month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}-01"


def _mermaid_text(text: str) -> str:
    """A task or section name Mermaid's Gantt grammar accepts (':' separates, '#' and ';' end a line)."""
    return " ".join(text.replace(":", " –").replace("#", "").replace(";", ",").split())


def _gantt(roadmap: Roadmap, L: dict[str, str]) -> list[str]:
    """A Mermaid Gantt block of the 24 months: one section per module, in priority order."""
    start = roadmap.start_month
    if start is None:
        return []
    critical = set(roadmap.critical_path.milestones) if roadmap.critical_path else set()
    out = [f"## {L['timeline']}", "", L["start"].format(start=start), "", "```mermaid", "gantt"]
    out += ["    dateFormat YYYY-MM-DD", "    axisFormat %m/%Y", "    tickInterval 3month"]
    for m in roadmap.modules:
        out.append(f"    section {_mermaid_text(m.title)}")
        for ms in m.milestones:
            begin, end = PHASE_MONTHS[ms.phase]
            if ms.start_month is not None and ms.months:  # the solver's months, not the phase
                begin, end = ms.start_month - 1, ms.start_month - 1 + ms.months
            tags = ["crit"] if ms.id in critical else []
            task = "_".join("".join(c if c.isalnum() else " " for c in ms.id).split())
            fields = ", ".join([*tags, task, _month(start, begin), _month(start, end)])
            out.append(f"    {_mermaid_text(ms.title)} :{fields}")
    return [*out, "```", ""]


def _matrix(roadmap: Roadmap, L: dict[str, str], titles: Mapping[str, str]) -> list[str]:
    if not roadmap.initiatives:
        return []
    quadrant = {
        "quick_win": L["quick_win_q"],
        "do_now": L["do_now"],
        "strategic_bet": L["strategic_bet"],
        "drop": L["drop"],
    }
    state = {"planned": L["planned"], "deferred": L["deferred_s"], "not_selected": L["not_selected"]}
    # a planned initiative the matrix would drop says why it runs all the same
    lang = norm_lang(roadmap.generated_with.language)
    asked: dict[str, str] = {}
    for uc in roadmap.use_case_coverage:
        for initiative in uc.initiatives:
            asked.setdefault(initiative, quote(uc.use_case, lang, 60))
    served = {i for g in roadmap.goal_coverage for i in g.initiatives}
    head = (
        f"| {L['module']} | {L['initiative']} | {L['impact']} | {L['feasibility']} | {L['quadrant']} | {L['state']} |"
    )
    out = [f"## {L['matrix']}", "", head, "|---|---|---:|---:|---|---|"]
    for i in roadmap.initiatives:
        out.append(
            f"| {titles[i.module]} | {_cell(i.title)} | {i.impact:.1f} | {i.feasibility:.1f} | "
            f"{quadrant[i.quadrant]} | {_state(i, state, asked, served, L)} |"
        )
    return [*out, ""]


def _state(
    i: InitiativeAssessment, state: Mapping[str, str], asked: Mapping[str, str], served: set[str], L: dict[str, str]
) -> str:
    if i.status != "planned" or i.quadrant != "drop":
        return state[i.status]
    if i.id in asked:
        return f"{L['planned_asked']} ({_cell(asked[i.id])})"
    return L["planned_goal"] if i.id in served else state[i.status]


def _findings(findings: list[ComplianceFinding], L: dict[str, str], titles: Mapping[str, str], lang: Lang) -> list[str]:
    out = [f"## {L['compliance']}", ""]
    out.append(f"| {L['use_case']} | {L['module']} | {L['risk']} | {L['legal']} | {L['measures']} | {L['verdict']} |")
    out.append("|---|---|---|---|---|---|")
    for f in findings:
        basis = "; ".join(legal_ref(b.instrument, b.article, lang, b.condition) for b in f.legal_basis)
        verdict = L[f.verdict]
        if f.verdict == "not_permitted" and f.rationale:  # why not: the lawyer reads the reasoning, not only the label
            verdict += f" — {L['why_not']}: {f.rationale}"
        if f.alternative:
            verdict += f" — {L['alternative']}: {f.alternative}"
        module = titles.get(f.module, "—") if f.module else "—"
        kind = L[f.source]
        out.append(
            f"| {_cell(f.use_case)} ({kind}) | {module} | {L[f.ai_act_risk]} | {_cell(basis)} | "
            f"{_cell('; '.join(f.required_measures)) or '—'} | {_cell(verdict)} |"
        )
    out.append("")
    reasons = [f for f in findings if f.verdict != "not_permitted" and f.rationale]  # not permitted: in the table
    if reasons:  # the lawyer reads why, including the company's own constraints quoted as conditions
        out += [f"### {L['reasons']}", ""]
        out += [f"- **{_cell(f.use_case)}** ({L[f.verdict]}): {f.rationale}" for f in reasons]
        out.append("")
    return out


def _months(ms: Milestone, L: dict[str, str]) -> list[str]:
    """The scheduled months of a step ("Monat 3–6", one month: "Monat 9"), when the solver placed it."""
    if ms.start_month is None or not ms.months:
        return []
    end = ms.start_month + ms.months - 1
    return [L["months"].format(start=ms.start_month, end=end) if end > ms.start_month else L["month"].format(month=end)]


def _budget(roadmap: Roadmap, L: dict[str, str], lang: Lang) -> list[str]:
    b = roadmap.budget
    out = [
        f"## {L['budget_title']}",
        "",
        f"| {L['module']} | " + " | ".join(L["phase"].format(phase=p) for p in PHASES) + f" | {L['total']} |",
    ]
    out.append("|---|" + "---:|" * (len(PHASES) + 1))
    for m in roadmap.modules:
        cells = [sum(ms.budget_eur for ms in m.milestones if ms.phase == p) for p in PHASES]
        out.append(f"| {m.title} | " + " | ".join(eur(v, lang) for v in cells) + f" | {eur(sum(cells), lang)} |")
    out.append(
        f"| **{L['total']}** | "
        + " | ".join(f"**{eur(b.by_phase[p], lang)}**" for p in PHASES)
        + f" | **{eur(b.total_eur, lang)}** |"
    )
    state = L["within"] if b.within_limit else L["over"]
    out += ["", f"{L['limit']}: {eur(b.limit_eur, lang)} ({state})", "", L["cost_basis"], ""]
    return out
