"""``fahrplan check``: probe the configured LLM endpoint and recommend settings, before anyone waits for a run."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from fahrplan.app.advice import SERIAL_RATIO, Advice, advise
from fahrplan.app.discovery import choose_model, display_url
from fahrplan.app.endpoint import endpoint_url, stop_reason
from fahrplan.app.probe import CallProbe, CheckReport, run_check
from fahrplan.app.settings import Settings
from fahrplan.cli.ui import say_error
from fahrplan.core.errors import EXIT_INTERNAL, EXIT_OK
from fahrplan.core.texts import t

__all__ = ["cmd_check", "report_rows"]

Row = tuple[str, str, str]
STYLE = {"ok": "green", "warn": "yellow", "fail": "red"}


def _model_row(settings: Settings, report: CheckReport, url: str, lang: str) -> Row:
    models = report.info.models
    model, how = choose_model(settings.model, models)
    listed = ", ".join(models[:12]) or "—"
    if how == "configured":
        return "ok", t("cli.check.model", lang), t("cli.check.model_listed", lang, model=model, models=listed)
    if how == "discovered":
        return "ok", t("cli.check.model", lang), t("cli.model_discovered", lang, model=model, url=url)
    if how == "not_listed":
        return "warn", t("cli.check.model", lang), t("cli.model_not_listed", lang, model=model, models=listed)
    return "fail", t("cli.check.model", lang), t("cli.check.model_missing", lang, models=listed)


def _context_row(report: CheckReport, lang: str) -> Row:
    info = report.info
    slots = t("cli.check.slots", lang, n=info.slots) if info.slots else ""
    if info.context is None:
        return "warn", t("cli.check.context", lang), t("cli.check.context_unknown", lang) + slots
    return "ok", t("cli.check.context", lang), t("cli.check.context_tokens", lang, n=info.context) + slots


def _call_row(call: CallProbe, lang: str) -> Row:
    label = t("cli.check.structured", lang, method=call.method)
    if not call.ok:
        return "fail", label, call.error
    return "ok", label, t("cli.check.call_ok", lang, s=call.latency_s, tin=call.input_tokens, tout=call.output_tokens)


def _speed_rows(report: CheckReport, lang: str) -> list[Row]:
    working = report.call if report.call is not None and report.call.ok else report.alternative
    rows: list[Row] = []
    if working is not None and working.tokens_per_s is not None:
        rows.append(("ok", t("cli.check.speed", lang), t("cli.check.speed_tps", lang, tps=working.tokens_per_s)))
    if report.parallel_ratio is not None:
        serial = report.parallel_ratio >= SERIAL_RATIO
        key = "cli.check.parallel_serial" if serial else "cli.check.parallel_ok"
        state = "warn" if serial else "ok"
        rows.append((state, t("cli.check.parallel", lang), t(key, lang, ratio=report.parallel_ratio)))
    return rows


def report_rows(settings: Settings, report: CheckReport) -> list[Row]:
    """The table of a check: (state ok|warn|fail, what was checked, what was found)."""
    lang, url = settings.lang, display_url(endpoint_url(settings))
    reach = report.reach
    if reach.status in ("unreachable", "not_api", "auth"):
        return [("fail", t("cli.check.reachable", lang), reach.detail)]
    found = reach.detail or t("cli.check.reachable_ok", lang, s=reach.latency_s)
    rows: list[Row] = [("ok" if reach.status == "ok" else "warn", t("cli.check.reachable", lang), found)]
    rows += [_model_row(settings, report, url, lang), _context_row(report, lang)]
    rows += [_call_row(call, lang) for call in (report.call, report.alternative) if call is not None]
    return rows + _speed_rows(report, lang)


def _print_advice(console: Console, advice: Advice, lang: str) -> None:
    if not advice.usable:
        say_error(console, t("cli.check.unusable", lang))
        return
    console.print(t("cli.check.recommend", lang), style="bold", markup=False)
    lines = [
        "[fahrplan]",
        f'structured_method = "{advice.method}"',
        f"max_concurrency = {advice.concurrency}",
        f"timeout_s = {advice.timeout_s:g}",
        f"max_output_tokens = {advice.max_output_tokens}",
        f'refine_mode = "{advice.refine_mode}"',
    ]
    console.print("\n".join(lines), markup=False, highlight=False)
    for key, values in advice.reasons:
        console.print("  " + t(key, lang, **values), style="dim", markup=False, highlight=False, soft_wrap=True)


def cmd_check(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """Probe the endpoint, print what works and the recommended settings; exit 1 if no run can work."""
    lang, url = settings.lang, display_url(endpoint_url(settings))
    console.print(
        t("cli.check.title", lang, url=url, model=settings.model or "—", method=settings.structured_method),
        markup=False,
        highlight=False,
    )
    report = run_check(settings)
    table = Table(show_header=True, header_style="bold")
    for column in ("cli.check.col_state", "cli.check.col_step", "cli.check.col_found"):
        table.add_column(t(column, lang))
    secret = settings.api_key.get_secret_value() if settings.api_key else ""
    for state, step, found in report_rows(settings, report):
        shown = found.replace(secret, "***") if secret else found  # a server may echo the key in an error
        table.add_row(f"[{STYLE[state]}]{t('cli.check.' + state, lang)}[/]", step, shown.replace("[", r"\["))
    console.print(table)
    if report.reach.status == "auth":
        say_error(console, t("endpoint.auth", lang, url=url, status=report.reach.detail))
        return EXIT_INTERNAL
    if (message := stop_reason(report.reach, url, lang)) is not None:
        say_error(console, message)
        return EXIT_INTERNAL
    advice = advise(settings, report)
    _print_advice(console, advice, lang)
    return EXIT_OK if advice.usable else EXIT_INTERNAL
