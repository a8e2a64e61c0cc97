"""Terminal presentation (rich): the live agent view, the summary tables, errors."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from fahrplan.core.i18n import eur
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.texts import labels
from fahrplan.core.vocab import AGENT_NODES, GRAPH_NODES, NODE_COMPLIANCE_REVIEW, NODE_COORDINATOR, NODE_MAP_USE_CASES

__all__ = ["AgentProgress", "print_summary", "print_usage", "say_error"]


def say_error(console: Console, message: str) -> None:
    """Print a user-facing error (no markup interpretation, no wrapping inside paths)."""
    console.print(message, style="red", markup=False, highlight=False, soft_wrap=True)


class AgentProgress:
    """State of the live view: which graph node waits, runs, or is done."""

    def __init__(self, lang: str) -> None:
        self.ui = labels("cli", lang)
        self.status = {n: "waiting" for n in GRAPH_NODES}
        self.status[NODE_MAP_USE_CASES] = "running"

    def finished(self, node: str) -> None:
        """Mark ``node`` done and start what follows it."""
        self.status[node] = "done"
        if node == NODE_MAP_USE_CASES:
            for agent in AGENT_NODES:
                self.status[agent] = "running"
        elif node in AGENT_NODES and all(self.status[agent] == "done" for agent in AGENT_NODES):
            self.status[NODE_COMPLIANCE_REVIEW] = "running"
        elif node == NODE_COMPLIANCE_REVIEW:
            self.status[NODE_COORDINATOR] = "running"

    def table(self) -> Table:
        """The current view."""
        table = Table(show_header=True, header_style="bold")
        table.add_column(self.ui["agent"])
        table.add_column(self.ui["status"])
        for node in GRAPH_NODES:
            state = self.status[node]
            style = {"done": "green", "running": "yellow"}.get(state, "dim")
            table.add_row(node, f"[{style}]{self.ui[state]}[/{style}]")
        return table


def print_summary(console: Console, roadmap: Roadmap) -> None:
    """The end-of-run table: modules by rank with score, budget and quick wins."""
    lang = roadmap.generated_with.language
    ui = labels("cli", lang)
    table = Table(show_header=True, header_style="bold")
    for col in (ui["rank"], ui["module"], ui["score"], ui["budget"], ui["quick"]):
        table.add_column(col)
    for m in roadmap.modules:
        table.add_row(
            str(m.priority.rank),
            m.title,
            f"{m.priority.score:.1f}",
            eur(m.resources.budget_eur, lang),
            str(len(m.quick_wins)),
        )
    table.add_row("", ui["total"], "", eur(roadmap.budget.total_eur, lang), "")
    console.print(table)


def print_usage(console: Console, usage: dict[str, Any], lang: str) -> None:
    """Tokens, latency and cost per agent and in total."""
    if not usage:
        return
    ui = labels("cli", lang)
    table = Table(show_header=True, header_style="bold")
    for col in (ui["agent"], ui["calls"], ui["cached"], ui["tokens_in"], ui["tokens_out"], ui["latency"], ui["cost"]):
        table.add_column(col)
    rows = [*usage.get("agents", {}).items(), (ui["total"], usage.get("total", {}))]
    for agent, u in rows:
        cost = "—" if u.get("cost_usd") is None else f"{u['cost_usd']:.4f}"
        table.add_row(
            agent,
            str(u.get("calls", 0)),
            str(u.get("cached_calls", 0)),
            str(u.get("input_tokens", 0)),
            str(u.get("output_tokens", 0)),
            f"{u.get('latency_s', 0.0):.1f}",
            cost,
        )
    console.print(table)
