"""Render a roadmap as one self-contained HTML file (inline CSS and SVG; no external assets).

Sections, with the content of the Markdown report: the board summary first (fahrplan.report.board), then
as the appendix the priority table, goal coverage, 24-month Gantt
chart (scheduled months, dependencies, the critical path in red), the six module sections, value x
feasibility chart, critical path and binding limits, compliance table with links to sources and the
reasons, the money case in detail, budget by phase and module, the backlog, notes.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fahrplan.core.i18n import eur, legal_ref
from fahrplan.core.roadmap import PHASES, ModulePlan, Roadmap
from fahrplan.core.texts import labels, sector_label
from fahrplan.core.vocab import PHASE_MONTHS, Lang, norm_lang
from fahrplan.report.board import Block, board_blocks, goal_blocks, money_blocks, use_case_blocks

__all__ = ["blocks_html", "render_html"]

COLORS = ["#1f6f8b", "#e07a5f", "#3d9970", "#8e5ea2", "#f2a541", "#5b6770"]
QUADRANT_COLORS = {"do_now": "#3d9970", "quick_win": "#1f6f8b", "strategic_bet": "#f2a541", "drop": "#b0b0b0"}
CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.45}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1f6f8b;padding-bottom:.2rem;margin-top:2.2rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}th,td{border:1px solid #ddd;padding:.35rem .5rem;vertical-align:top}
th{background:#f3f6f8;text-align:left}td.num{text-align:right;white-space:nowrap}.meta{color:#555}.muted{color:#777;font-size:.85rem}
.phase{font-weight:600;margin-top:.6rem}.qw{background:#e6f4ea;border-radius:3px;padding:0 .3rem;font-size:.8rem}
.warn li{color:#7a4b00}.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
svg text{font-family:system-ui,sans-serif}
"""


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def render_html(roadmap: Roadmap) -> str:
    """Return the roadmap as a self-contained HTML document."""
    lang = roadmap.generated_with.language
    L = labels("report", lang)
    c = roadmap.company
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{_e(L['title'].format(name=c['name']))}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(L['title'].format(name=c['name']))}</h1>",
        f'<p class="meta">{_e(sector_label(str(c["sector"]), lang))} · {_e(eur(c["annual_revenue_eur"], lang))} · '
        f"{_e(L['budget'])}: {_e(eur(roadmap.budget.limit_eur, lang))}</p>",
        blocks_html(board_blocks(roadmap)),
        f'<h1 id="appendix">{_e(L["appendix"])}</h1>',
        _priorities(roadmap, L, lang),
        _model_summary(roadmap, L),
        blocks_html(goal_blocks(roadmap) + use_case_blocks(roadmap)),
        f'<h2>{_e(L["timeline"])}</h2><div id="gantt">{_gantt_svg(roadmap)}</div>',
    ]
    parts += [_module(m, L, lang) for m in roadmap.modules]
    parts += [
        f'<h2>{_e(L["matrix"])}</h2><div id="matrix">{_matrix_svg(roadmap, L)}</div>',
        _critical_path(roadmap, L),
        _binding(roadmap, L),
        _compliance(roadmap, L, norm_lang(lang)),
        blocks_html(money_blocks(roadmap)),
        f'<h2>{_e(L["budget_title"])}</h2><div id="budget">{_budget_svg(roadmap, lang)}</div>',
        f'<p class="note">{_e(L["cost_basis"])}</p>',
        _backlog(roadmap, L, lang),
    ]
    if roadmap.warnings:
        parts.append(f'<h2>{_e(L["warnings"])}</h2><ul class="warn">')
        parts += [f"<li>{_e(w)}</li>" for w in roadmap.warnings]
        parts.append("</ul>")
    g = roadmap.generated_with
    parts.append(
        f'<p class="muted">{_e(L["generated"].format(version=g.fahrplan_version, backend=g.backend, kb=g.knowledge_version))}</p>'
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def blocks_html(blocks: list[Block]) -> str:
    """Format-neutral blocks as HTML (the same content the Markdown report shows)."""
    out: list[str] = []
    for b in blocks:
        if b.kind == "heading":
            anchor = f' id="{_e(b.anchor)}"' if b.anchor else ""
            out.append(f"<h{b.level}{anchor}>{_e(b.text)}</h{b.level}>")
        elif b.kind == "para":
            out.append(f"<p>{_e(b.text)}</p>")
        elif b.kind == "table":
            head = "".join(f"<th>{_e(h)}</th>" for h in b.header)
            rows = "".join(
                "<tr>"
                + "".join(f"<td{' class=num' if n else ''}>{_e(c)}</td>" for c, n in zip(row, b.numeric, strict=True))
                + "</tr>"
                for row in b.rows
            )
            out.append(f"<table><tr>{head}</tr>{rows}</table>")
        else:
            tag = "ol" if b.kind == "numbered" else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_e(i)}</li>" for i in b.items) + f"</{tag}>")
    return "\n".join(out)


def _model_summary(roadmap: Roadmap, L: dict[str, str]) -> str:
    """The coordinator model's own summary (LLM runs); offline it would repeat the board part."""
    if roadmap.generated_with.backend == "offline":
        return ""
    return (
        f"<h2>{_e(L['summary'])}</h2><ul>" + "".join(f"<li>{_e(s)}</li>" for s in roadmap.executive_summary) + "</ul>"
    )


def _priorities(roadmap: Roadmap, L: dict[str, str], lang: Lang) -> str:
    rows = "".join(
        f'<tr><td class="num">{m.priority.rank}</td><td><a href="#m-{m.id}">{_e(m.title)}</a></td>'
        f'<td class="num">{m.priority.impact:.1f}</td><td class="num">{m.priority.feasibility:.1f}</td>'
        f'<td class="num">{m.priority.score:.1f}</td><td class="num">{_e(eur(m.resources.budget_eur, lang))}</td>'
        f"<td>{_e(m.priority.rationale)}</td></tr>"
        for m in roadmap.modules
    )
    head = "".join(
        f"<th>{_e(L[k])}</th>" for k in ("rank", "module", "impact", "feasibility", "score", "budget", "rationale")
    )
    return f'<h2>{_e(L["priorities"])}</h2><table id="priorities"><tr>{head}</tr>{rows}</table>'


def _matrix_svg(roadmap: Roadmap, L: dict[str, str]) -> str:
    size, pad = 420, 40
    scale = (size - 2 * pad) / 10
    shapes = [
        f'<rect x="{pad}" y="{pad}" width="{size - 2 * pad}" height="{size - 2 * pad}" fill="none" stroke="#999"/>',
        f'<line x1="{pad + 6 * scale}" y1="{pad}" x2="{pad + 6 * scale}" y2="{size - pad}" stroke="#ccc" stroke-dasharray="4"/>',
        f'<line x1="{pad}" y1="{size - pad - 6 * scale}" x2="{size - pad}" y2="{size - pad - 6 * scale}" stroke="#ccc" stroke-dasharray="4"/>',
        f'<text x="{size / 2}" y="{size - 8}" text-anchor="middle" font-size="12">{_e(L["feasibility"])}</text>',
        f'<text x="12" y="{size / 2}" font-size="12" transform="rotate(-90 12 {size / 2})" text-anchor="middle">{_e(L["impact"])}</text>',
    ]
    for i in roadmap.initiatives:
        x, y = pad + i.feasibility * scale, size - pad - i.impact * scale
        stroke = "#222" if i.status == "planned" else "none"
        shapes.append(
            f'<circle class="initiative" cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{QUADRANT_COLORS[i.quadrant]}" '
            f'fill-opacity="0.8" stroke="{stroke}"><title>{_e(i.title)} ({i.impact:.1f} / {i.feasibility:.1f})</title></circle>'
        )
    legend = "".join(
        f'<span><svg width="10" height="10"><circle cx="5" cy="5" r="5" fill="{color}"/></svg> {_e(L.get(q if q != "quick_win" else "quick_win_q", q))}</span>'
        for q, color in QUADRANT_COLORS.items()
    )
    return f'<svg width="{size}" height="{size}" role="img">{"".join(shapes)}</svg><div class="legend">{legend}</div>'


def _gantt_svg(roadmap: Roadmap) -> str:
    rows = [(m, ms) for m in roadmap.modules for ms in m.milestones]
    label_w, month_w, row_h, top = 330, 26, 20, 30
    width, height = label_w + 24 * month_w + 10, top + row_h * len(rows) + 10
    shapes = []
    for month in range(0, 25, 6):
        x = label_w + month * month_w
        shapes.append(f'<line x1="{x}" y1="{top - 8}" x2="{x}" y2="{height}" stroke="#ddd"/>')
        shapes.append(f'<text x="{x}" y="{top - 12}" font-size="11" text-anchor="middle">{month}</text>')
    position: dict[str, tuple[float, float, float]] = {}
    critical = set(roadmap.critical_path.milestones) if roadmap.critical_path else set()
    for index, (module, ms) in enumerate(rows):
        start, end = PHASE_MONTHS[ms.phase]
        if ms.start_month is not None and ms.months:  # the months the solver placed it in (month 1 = offset 0)
            start, end = ms.start_month - 1, ms.start_month - 1 + ms.months
        y = top + index * row_h
        color = COLORS[[m.id for m in roadmap.modules].index(module.id) % len(COLORS)]
        x0, x1 = label_w + start * month_w, label_w + end * month_w
        position[ms.id] = (x0, x1, y + row_h / 2)
        opacity = "0.35" if ms.step in ("prepare", "review") else "0.85"
        shapes.append(f'<text x="4" y="{y + 14}" font-size="11">{_e(ms.title[:52])}</text>')
        stroke = ' stroke="#c0392b" stroke-width="2"' if ms.id in critical else ""
        shapes.append(
            f'<rect class="bar" x="{x0}" y="{y + 3}" width="{x1 - x0}" height="{row_h - 6}" rx="3" fill="{color}" '
            f'fill-opacity="{opacity}"{stroke}><title>{_e(module.title)}: {_e(ms.title)}</title></rect>'
        )
    for _, ms in rows:
        for dep in ms.depends_on:
            if dep in position and ms.id in position:
                _, px1, py = position[dep]
                cx0, _, cy = position[ms.id]
                shapes.append(
                    f'<path class="dep" d="M{px1 - 4},{py} C{px1 + 12},{py} {cx0 - 12},{cy} {cx0 + 4},{cy}" '
                    f'fill="none" stroke="#555" stroke-width="0.8" stroke-opacity="0.6"/>'
                )
    return f'<svg width="{width}" height="{height}" role="img">{"".join(shapes)}</svg>'


def _budget_svg(roadmap: Roadmap, lang: Lang) -> str:
    width, height, pad, bar_w = 520, 260, 50, 90
    peak = max(roadmap.budget.by_phase.values(), default=0) or 1
    shapes = []
    for p_index, phase in enumerate(PHASES):
        x = pad + p_index * (bar_w + 60)
        y: float = height - pad
        for m_index, m in enumerate(roadmap.modules):
            amount = sum(ms.budget_eur for ms in m.milestones if ms.phase == phase)
            h = (height - 2 * pad) * amount / peak
            if amount:
                shapes.append(
                    f'<rect x="{x}" y="{y - h:.1f}" width="{bar_w}" height="{h:.1f}" fill="{COLORS[m_index % len(COLORS)]}">'
                    f"<title>{_e(m.title)}: {_e(eur(amount, lang))}</title></rect>"
                )
            y -= h
        shapes.append(
            f'<text x="{x + bar_w / 2}" y="{height - pad + 16}" font-size="12" text-anchor="middle">{phase}</text>'
        )
        shapes.append(
            f'<text x="{x + bar_w / 2}" y="{y - 6:.1f}" font-size="11" text-anchor="middle">'
            f"{_e(eur(roadmap.budget.by_phase[phase], lang))}</text>"
        )
    legend = "".join(
        f'<span><svg width="10" height="10"><rect width="10" height="10" fill="{COLORS[i % len(COLORS)]}"/></svg> {_e(m.title)}</span>'
        for i, m in enumerate(roadmap.modules)
    )
    return (
        f'<svg width="{width}" height="{height}" role="img">{"".join(shapes)}</svg><div class="legend">{legend}</div>'
    )


def _critical_path(roadmap: Roadmap, L: dict[str, str]) -> str:
    """The longest dependency chain through the plan, as in the Markdown report (empty without one)."""
    path = roadmap.critical_path
    if path is None or not path.milestones:
        return ""
    titles = {ms.id: ms.title for ms in roadmap.all_milestones()}
    steps = " → ".join(titles.get(m, m) for m in path.milestones)
    return f'<p id="critical-path"><strong>{_e(L["critical"].format(months=path.months, path=steps))}</strong></p>'


def _backlog(roadmap: Roadmap, L: dict[str, str], lang: Lang) -> str:
    """The backlog table: milestones that did not fit into the 24 months, with budget and reason."""
    if not roadmap.deferred:
        return ""
    titles = {m.id: m.title for m in roadmap.modules}
    head = "".join(f"<th>{_e(L[k])}</th>" for k in ("module", "milestones", "budget", "reason"))
    rows = "".join(
        f"<tr><td>{_e(titles.get(d.module, d.module))}</td><td>{_e(d.title)}</td>"
        f'<td class="num">{_e(eur(d.budget_eur, lang))}</td><td>{_e(d.reason)}</td></tr>'
        for d in roadmap.deferred
    )
    return f'<h2>{_e(L["deferred"])}</h2><table id="backlog"><tr>{head}</tr>{rows}</table>'


def _binding(roadmap: Roadmap, L: dict[str, str]) -> str:
    """The limits that bind the plan (empty when none does)."""
    if not roadmap.binding_constraints:
        return ""
    items = "".join(f"<li>{_e(b)}</li>" for b in roadmap.binding_constraints)
    return f'<h3>{_e(L["binding"])}</h3><ul id="binding">{items}</ul>'


def _compliance(roadmap: Roadmap, L: dict[str, str], lang: Lang) -> str:
    urls = {c.id: c.url for m in roadmap.modules for c in m.citations if c.url}
    head = "".join(f"<th>{_e(L[k])}</th>" for k in ("use_case", "risk", "legal", "measures", "verdict"))
    rows = []
    for f in roadmap.compliance_findings:
        basis = ", ".join(
            f'<a href="{_e(urls[b.id])}">{_e(legal_ref(b.instrument, b.article, lang, b.condition))}</a>'
            if b.id in urls
            else _e(legal_ref(b.instrument, b.article, lang, b.condition))
            for b in f.legal_basis
        )
        why = f.verdict == "not_permitted" and f.rationale
        verdict = (
            _e(L[f.verdict])
            + (f'<br><span class="why-not">{_e(L["why_not"])}: {_e(f.rationale)}</span>' if why else "")
            + (f"<br><em>{_e(L['alternative'])}: {_e(f.alternative)}</em>" if f.alternative else "")
        )
        rows.append(
            f'<tr><td>{_e(f.use_case)} <span class="muted">({_e(L[f.source])})</span></td><td>{_e(L[f.ai_act_risk])}</td>'
            f"<td>{basis}</td><td>{_e('; '.join(f.required_measures))}</td><td>{verdict}</td></tr>"
        )
    reasons = "".join(
        f"<li><strong>{_e(f.use_case)}</strong> ({_e(L[f.verdict])}): {_e(f.rationale)}</li>"
        for f in roadmap.compliance_findings
        if f.verdict != "not_permitted" and f.rationale
    )
    why = f'<h3>{_e(L["reasons"])}</h3><ul id="compliance-reasons">{reasons}</ul>' if reasons else ""
    return f'<h2>{_e(L["compliance"])}</h2><table id="compliance"><tr>{head}</tr>{"".join(rows)}</table>{why}'


def _module(m: ModulePlan, L: dict[str, str], lang: Lang) -> str:
    out = [
        f'<section class="module" id="m-{m.id}"><h2>{m.priority.rank}. {_e(m.title)}</h2>',
        f"<h3>{_e(L['goal'])}</h3><p>{_e(m.goal)}</p>",
    ]
    if m.value:
        out.append("<ul>" + "".join(f"<li>{_e(v)}</li>" for v in m.value.splitlines()) + "</ul>")
    out.append(f"<h3>{_e(L['milestones'])}</h3>")
    for phase in PHASES:
        out.append(f'<div class="phase">{_e(L["phase"].format(phase=phase))}</div><ul>')
        for ms in (x for x in m.milestones if x.phase == phase):
            qw = f' <span class="qw">{_e(L["quick_win"])}</span>' if ms.quick_win else ""
            effort = (
                f"{_e(L['budget'])}: {_e(eur(ms.budget_eur, lang))} · FTE: {ms.fte:g}"
                if ms.budget_eur or ms.fte
                else _e(L["line_work"])  # a preparation or review step: its owner's line work, no budget of its own
            )
            out.append(
                f"<li><strong>{_e(ms.title)}</strong>{qw} — {_e(ms.description)}<br>"
                f'<span class="muted">{_e(L["owner"])}: {_e(ms.owner)} · {effort}</span></li>'
            )
        out.append("</ul>")
    out.append(
        f"<h3>{_e(L['resp'])}</h3><ul>"
        + "".join(f"<li>{_e(r.role)}: {_e(r.tasks)}</li>" for r in m.responsibilities)
        + "</ul>"
    )
    out.append(
        f"<p>{_e(L['resources'].format(budget=eur(m.resources.budget_eur, lang), fte=f'{m.resources.fte:g}', external=m.resources.external))}</p>"
    )
    out.append(
        f"<h3>{_e(L['factors'])}</h3><ul>"
        + "".join(f"<li>{_e(s)}</li>" for s in m.success_factors)
        + "".join(f"<li>{_e(d.reason)}</li>" for d in m.dependencies)
        + "</ul>"
    )
    lines = m.scaling.splitlines()  # one line per initiative after placement
    scaling = (
        f"<p>{_e(L['scaling'])}: {_e(m.scaling)}</p>"
        if len(lines) < 2
        else f"<p>{_e(L['scaling'])}:</p><ul>" + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>"
    )
    out.append(f"<h3>{_e(L['quick'])}</h3>{scaling}</section>")
    return "\n".join(out)
