"""The live view of an LLM run tells each agent's call in flight, its attempt and the last failure's reason."""

from __future__ import annotations

from rich.console import Console

from fahrplan.agents.llm_events import CallEvent
from fahrplan.cli.ui import AgentProgress, print_concurrency


def _text(progress: AgentProgress) -> str:
    console = Console(width=200, record=True)
    console.print(progress.table())
    return console.export_text()


def test_retries_and_their_reason_are_shown_per_agent() -> None:
    progress = AgentProgress("de", llm=True)
    progress.finished("map_use_cases")
    progress.call(CallEvent("agent_supply_chain", "sent", 1, 4, limit=6))
    progress.call(CallEvent("agent_omnichannel", "queued", 1, 4, limit=1))
    assert "wartet auf Endpunkt (Versuch 1/4)" in _text(progress)
    assert "wartet auf freien Platz (1 gleichzeitig)" in _text(progress)
    progress.call(CallEvent("agent_supply_chain", "retry", 1, 4, reason="timeout", wait_s=1.2, limit=1))
    assert "Timeout: neuer Versuch in 1 s" in _text(progress)
    progress.call(CallEvent("agent_supply_chain", "sent", 2, 4, limit=1))
    assert "wartet auf Endpunkt (Versuch 2/4, Timeout)" in _text(progress)
    progress.call(CallEvent("agent_supply_chain", "answered", 2, 4))
    progress.call(CallEvent("agent_supply_chain", "sent", 1, 4))  # the repair round: a second call
    assert "Aufruf 2 · wartet auf Endpunkt (Versuch 1/4)" in _text(progress)


def test_english_view_and_a_call_given_up() -> None:
    progress = AgentProgress("en", llm=True)
    progress.call(CallEvent("levers", "failed", 4, 4, reason="rate_limit"))  # the lever step runs in map_use_cases
    text = _text(progress)
    assert "Model call" in text and "gave up after 4 attempts (429 too many requests): offline draft" in text
    assert "Model call" not in _text(AgentProgress("en"))  # offline: no column for calls


def test_the_summary_names_the_concurrency_that_worked() -> None:
    console = Console(width=300, record=True)
    usage = {"concurrency": {"start": 6, "sustained": 1, "peak_in_flight": 6, "reductions": 2, "timeouts_alone": 0}}
    print_concurrency(console, usage, "de")
    text = console.export_text()
    assert "Start mit 6, der Endpunkt trug 1 (2× gesenkt" in text and "FAHRPLAN_MAX_CONCURRENCY=1" in text
    alone = Console(width=300, record=True)
    print_concurrency(alone, {"concurrency": {**usage["concurrency"], "timeouts_alone": 3}}, "en")
    assert "3× a timeout with no other request in flight" in alone.export_text()
