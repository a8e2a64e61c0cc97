"""Terminal presentation (rich): the live agent view, the summary tables, errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from fahrplan.core.i18n import eur
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.texts import labels, t, tn
from fahrplan.core.vocab import AGENT_NODES, GRAPH_NODES, NODE_COMPLIANCE_REVIEW, NODE_COORDINATOR, NODE_MAP_USE_CASES

if TYPE_CHECKING:
    from fahrplan.agents.llm_events import CallEvent  # the agents package is heavy: only for the type

__all__ = ["AgentProgress", "call_text", "print_concurrency", "print_summary", "print_usage", "say_error"]

LLM_ROLE_NODES = {"levers": NODE_MAP_USE_CASES}
"""LLM roles whose name is not their graph node's (the lever classifier runs in the use-case node)."""


def say_error(console: Console, message: str) -> None:
    """Print a user-facing error (no markup interpretation, no wrapping inside paths)."""
    console.print(message, style="red", markup=False, highlight=False, soft_wrap=True)


class AgentProgress:
    """State of the live view: which graph node waits, runs, or is done."""

    def __init__(self, lang: str, *, llm: bool = False) -> None:
        self.lang, self.llm = lang, llm
        self.ui = labels("cli", lang)
        self.status = {n: "waiting" for n in GRAPH_NODES}
        self.status[NODE_MAP_USE_CASES] = "running"
        self.calls: dict[str, int] = {}
        self.detail: dict[str, str] = {}
        self._reason: dict[str, str] = {}

    def call(self, event: CallEvent) -> None:
        """Show what ``event``'s agent waits for: its call in flight, the attempt and the last failure's reason."""
        node = LLM_ROLE_NODES.get(event.agent, event.agent)
        if node not in self.status:
            return
        if event.kind == "sent" and event.attempt == 1:
            self.calls[node] = self.calls.get(node, 0) + 1
            self._reason.pop(node, None)
        if event.reason is not None:
            self._reason[node] = t(f"cli.reason.{event.reason}", self.lang)
        text = call_text(event, self.lang, self._reason.get(node))
        n = self.calls.get(node, 1)
        self.detail[node] = f"{t('cli.call.n', self.lang, n=n)} · {text}" if n > 1 else text

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
        if self.llm:
            table.add_column(self.ui["call"])
        for node in GRAPH_NODES:
            state = self.status[node]
            style = {"done": "green", "running": "yellow"}.get(state, "dim")
            row = [node, f"[{style}]{self.ui[state]}[/{style}]"]
            if self.llm:
                row.append(self.detail.get(node, "").replace("[", r"\["))
            table.add_row(*row)
        return table


def call_text(event: CallEvent, lang: str, reason: str | None) -> str:
    """One call's state in words: "wartet auf Endpunkt (Versuch 2/4, Timeout)"."""
    if event.kind == "queued":
        return t("cli.call.queued", lang, limit=event.limit or 1)
    if event.kind == "sent":
        if event.attempt > 1 and reason:
            return t("cli.call.resent", lang, attempt=event.attempt, attempts=event.attempts, reason=reason)
        return t("cli.call.sent", lang, attempt=event.attempt, attempts=event.attempts)
    if event.kind == "retry":
        return t("cli.call.retry", lang, reason=reason or "", s=event.wait_s)
    if event.kind == "failed":
        return tn("cli.call.failed", lang, event.attempt, reason=reason or "")
    return t("cli.call.answered", lang)


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


def print_concurrency(console: Console, usage: dict[str, Any], lang: str) -> None:
    """The concurrency the endpoint sustained, and the setting that spares the next run its first timeouts."""
    info = usage.get("concurrency")
    if not info:
        return
    if info.get("timeouts_alone"):
        console.print(
            t("cli.timeout_hint", lang, n=info["timeouts_alone"]), style="yellow", markup=False, soft_wrap=True
        )
    if not info["reductions"]:
        console.print(t("cli.concurrency_kept", lang, peak=info["peak_in_flight"], start=info["start"]), markup=False)
        return
    console.print(
        t(
            "cli.concurrency_lowered",
            lang,
            start=info["start"],
            sustained=info["sustained"],
            reductions=info["reductions"],
        ),
        markup=False,
    )
    if info["sustained"] < info["start"]:
        console.print(
            t("cli.concurrency_hint", lang, n=info["sustained"]), style="yellow", markup=False, soft_wrap=True
        )
