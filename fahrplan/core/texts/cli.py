"""Terminal texts of the command line: the live agent view, the summary tables, notices.

Keys start with ``cli.``.
"""

from __future__ import annotations

from fahrplan.core.vocab import Lang

__all__ = ["CLI"]

CLI: dict[str, dict[Lang, str]] = {
    "cli.waiting": {"de": "wartet", "en": "waiting"},
    "cli.running": {"de": "läuft", "en": "running"},
    "cli.done": {"de": "fertig", "en": "done"},
    "cli.agent": {"de": "Agent", "en": "Agent"},
    "cli.status": {"de": "Status", "en": "Status"},
    "cli.written": {"de": "Roadmap geschrieben:", "en": "Roadmap written:"},
    "cli.offline": {
        "de": "Kein LLM-Endpunkt konfiguriert: Offline-Planer (deterministisch, aus der Wissensbasis).",
        "en": "No LLM endpoint configured: offline planner (deterministic, from the knowledge base).",
    },
    "cli.online": {"de": "LLM-Backend: Modell {model} @ {url}", "en": "LLM backend: model {model} @ {url}"},
    "cli.bad_format": {
        "de": "--format: unbekanntes Format {bad}; erlaubt sind {allowed}",
        "en": "--format: unknown format {bad}; allowed: {allowed}",
    },
    "cli.took": {"de": "Dauer: {s:.1f} s", "en": "Took: {s:.1f} s"},
    "cli.status.in_force": {"de": "in Kraft", "en": "in force"},
    "cli.status.applicable_later": {"de": "gilt später", "en": "applies later"},
    "cli.status.superseded": {"de": "überholt", "en": "superseded"},
    "cli.status.pending": {"de": "Entwurf, kein geltendes Recht", "en": "draft, not law"},
    "cli.status.withdrawn": {"de": "zurückgezogen", "en": "withdrawn"},
    "cli.kind.initiative": {"de": "Initiative", "en": "initiative"},
    "cli.kind.legal": {"de": "Rechtsgrundlage", "en": "legal provision"},
    "cli.kind.rule": {"de": "Prüfregel", "en": "review rule"},
    "cli.kind.document": {"de": "eigenes Dokument", "en": "own document"},
    "cli.kb_no_hits": {"de": "Keine Treffer.", "en": "No hits."},
    "cli.kb_source": {"de": "Quelle", "en": "Source"},
    "cli.ingested": {
        "de": "Dateien aufgenommen: {files} ({chunks} Abschnitte); übersprungen: {failed}.",
        "en": "Files ingested: {files} ({chunks} chunks); skipped: {failed}.",
    },
    "cli.ingest_progress": {"de": "Abschnitte einbetten", "en": "Embedding chunks"},
    "cli.rank": {"de": "Rang", "en": "Rank"},
    "cli.module": {"de": "Modul", "en": "Module"},
    "cli.score": {"de": "Score", "en": "Score"},
    "cli.budget": {"de": "Budget", "en": "Budget"},
    "cli.quick": {"de": "Quick Wins", "en": "Quick wins"},
    "cli.calls": {"de": "Aufrufe", "en": "Calls"},
    "cli.cached": {"de": "aus Cache", "en": "cached"},
    "cli.tokens_in": {"de": "Tokens ein", "en": "Tokens in"},
    "cli.tokens_out": {"de": "Tokens aus", "en": "Tokens out"},
    "cli.latency": {"de": "Latenz s", "en": "Latency s"},
    "cli.cost": {"de": "Kosten USD", "en": "Cost USD"},
    "cli.total": {"de": "Summe", "en": "Total"},
    "cli.extracted": {
        "de": "Profil aus Freitext extrahiert und gespeichert: {path}",
        "en": "Profile extracted from free text and saved: {path}",
    },
    "cli.missing": {
        "de": "Im Freitext fehlen Pflichtangaben: {fields}. Bitte in {path} ergänzen und erneut ausführen.",
        "en": "The free text lacks required fields: {fields}. Please complete {path} and run again.",
    },
    "cli.init_written": {"de": "Profilvorlage geschrieben: {path}", "en": "Profile template written: {path}"},
}
