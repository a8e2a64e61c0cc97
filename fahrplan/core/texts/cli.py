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
    # LLM runs: the model the server supplies, each agent's call in flight, the concurrency it sustained
    "cli.model_discovered": {
        "de": "Kein Modell konfiguriert: verwende {model}, das einzige Modell von {url}.",
        "en": "No model configured: using {model}, the only model {url} serves.",
    },
    "cli.model_not_listed": {
        "de": "Hinweis: Modell {model} steht nicht in der Modellliste des Servers ({models}); manche Server nehmen "
        "dann ihr Standardmodell, andere lehnen jeden Aufruf ab – „fahrplan check“ klärt es.",
        "en": "Note: model {model} is not in the server's model list ({models}); some servers then use their "
        "default model, others refuse every call – “fahrplan check” tells which.",
    },
    "cli.call": {"de": "Modellaufruf", "en": "Model call"},
    "cli.call.n": {"de": "Aufruf {n}", "en": "call {n}"},
    "cli.call.queued": {
        "de": "wartet auf freien Platz ({limit} gleichzeitig)",
        "en": "waiting for a free slot ({limit} at a time)",
    },
    "cli.call.sent": {
        "de": "wartet auf Endpunkt (Versuch {attempt}/{attempts})",
        "en": "waiting for the endpoint (attempt {attempt}/{attempts})",
    },
    "cli.call.resent": {
        "de": "wartet auf Endpunkt (Versuch {attempt}/{attempts}, {reason})",
        "en": "waiting for the endpoint (attempt {attempt}/{attempts}, {reason})",
    },
    "cli.call.retry": {"de": "{reason}: neuer Versuch in {s:.0f} s", "en": "{reason}: retrying in {s:.0f} s"},
    "cli.call.answered": {"de": "Antwort erhalten", "en": "answer received"},
    "cli.call.failed": {
        "de": "aufgegeben nach {n} Versuchen ({reason}): Offline-Entwurf",
        "en": "gave up after {n} attempts ({reason}): offline draft",
    },
    "cli.call.failed_one": {
        "de": "aufgegeben nach 1 Versuch ({reason}): Offline-Entwurf",
        "en": "gave up after 1 attempt ({reason}): offline draft",
    },
    "cli.reason.timeout": {"de": "Timeout", "en": "timeout"},
    "cli.reason.rate_limit": {"de": "429 zu viele Anfragen", "en": "429 too many requests"},
    "cli.reason.overloaded": {"de": "Server überlastet", "en": "server overloaded"},
    "cli.reason.server_error": {"de": "Serverfehler", "en": "server error"},
    "cli.reason.connection": {"de": "keine Verbindung", "en": "no connection"},
    "cli.reason.client_error": {"de": "Anfrage abgelehnt", "en": "request rejected"},
    "cli.reason.other": {"de": "Fehler", "en": "error"},
    "cli.concurrency_kept": {
        "de": "Gleichzeitige Anfragen: bis zu {peak} auf einmal, ohne Überlastung (Grenze {start}).",
        "en": "Concurrent requests: up to {peak} at once, no overload (limit {start}).",
    },
    "cli.concurrency_lowered": {
        "de": "Gleichzeitige Anfragen: Start mit {start}, der Endpunkt trug {sustained} "
        "({reductions}× gesenkt wegen Timeout, 429 oder 503).",
        "en": "Concurrent requests: started at {start}, the endpoint sustained {sustained} "
        "(lowered {reductions}× on timeout, 429 or 503).",
    },
    "cli.concurrency_hint": {
        "de": "Tipp: FAHRPLAN_MAX_CONCURRENCY={n} (oder max_concurrency = {n} in der Konfigurationsdatei) "
        "erspart dem nächsten Lauf die Timeouts zu Beginn; „fahrplan check“ misst den Endpunkt.",
        "en": "Tip: FAHRPLAN_MAX_CONCURRENCY={n} (or max_concurrency = {n} in the config file) spares the next "
        "run the timeouts at its start; “fahrplan check” measures the endpoint.",
    },
    # fahrplan check
    "cli.check.title": {
        "de": "Prüfe LLM-Endpunkt {url} (Modell {model}, strukturierte Ausgabe per {method}) …",
        "en": "Checking LLM endpoint {url} (model {model}, structured output by {method}) …",
    },
    "cli.check.col_state": {"de": "Ergebnis", "en": "Result"},
    "cli.check.col_step": {"de": "Prüfung", "en": "Check"},
    "cli.check.col_found": {"de": "Befund", "en": "Found"},
    "cli.check.ok": {"de": "ok", "en": "ok"},
    "cli.check.warn": {"de": "Hinweis", "en": "note"},
    "cli.check.fail": {"de": "Fehler", "en": "failed"},
    "cli.check.reachable": {"de": "erreichbar", "en": "reachable"},
    "cli.check.reachable_ok": {"de": "Modellliste in {s:.2f} s", "en": "model list in {s:.2f} s"},
    "cli.check.model": {"de": "Modell", "en": "model"},
    "cli.check.model_listed": {"de": "{model} wird angeboten (Server: {models})", "en": "{model} is served ({models})"},
    "cli.check.model_missing": {
        "de": "kein Modell konfiguriert und keines eindeutig vom Server (Server: {models}); --model wählen",
        "en": "no model configured and none unambiguous from the server ({models}); choose one with --model",
    },
    "cli.check.context": {"de": "Kontextlänge", "en": "context length"},
    "cli.check.context_unknown": {"de": "vom Server nicht gemeldet", "en": "not reported by the server"},
    "cli.check.context_tokens": {"de": "{n} Tokens", "en": "{n} tokens"},
    "cli.check.slots": {"de": "; {n} parallele Slots", "en": "; {n} parallel slots"},
    "cli.check.structured": {"de": "strukturierte Ausgabe ({method})", "en": "structured output ({method})"},
    "cli.check.call_ok": {
        "de": "Schema erfüllt in {s:.1f} s ({tin} Tokens ein, {tout} aus)",
        "en": "schema met in {s:.1f} s ({tin} tokens in, {tout} out)",
    },
    "cli.check.speed": {"de": "Durchsatz", "en": "throughput"},
    "cli.check.speed_tps": {
        "de": "etwa {tps:.0f} Ausgabe-Tokens/s (ein Aufruf, Prompt eingerechnet)",
        "en": "about {tps:.0f} output tokens/s (one call, prompt included)",
    },
    "cli.check.parallel": {"de": "zwei Aufrufe zugleich", "en": "two calls at once"},
    "cli.check.parallel_serial": {
        "de": "der spätere brauchte {ratio:.1f}× so lange wie der frühere: der Server arbeitet nacheinander",
        "en": "the later took {ratio:.1f}× as long as the earlier: the server works one after another",
    },
    "cli.check.parallel_ok": {
        "de": "der spätere brauchte {ratio:.1f}× so lange wie der frühere: der Server arbeitet parallel",
        "en": "the later took {ratio:.1f}× as long as the earlier: the server works in parallel",
    },
    "cli.check.recommend": {
        "de": "Empfehlung (Konfigurationsdatei, oder als FAHRPLAN_*-Variablen):",
        "en": "Recommendation (config file, or as FAHRPLAN_* variables):",
    },
    "cli.check.unusable": {
        "de": "Strukturierte Ausgabe funktioniert mit keiner Methode: ein Lauf fiele in jedem Agenten auf den "
        "Offline-Entwurf zurück. Anderes Modell oder anderen Server wählen.",
        "en": "Structured output works with neither method: a run would fall back to the offline draft in every "
        "agent. Choose another model or server.",
    },
    "cli.check.why_slots": {
        "de": "max_concurrency: der Server meldet {n} parallele Slots",
        "en": "max_concurrency: the server reports {n} parallel slots",
    },
    "cli.check.why_serial": {
        "de": "max_concurrency: von zwei Aufrufen zugleich brauchte der spätere {ratio:.1f}× so lange",
        "en": "max_concurrency: of two calls at once, the later took {ratio:.1f}× as long",
    },
    "cli.check.why_context": {
        "de": "max_output_tokens: {n} Tokens Kontext, davon bis zu etwa {prompt} für den größten Prompt ({mode})",
        "en": "max_output_tokens: {n} tokens of context, up to about {prompt} of them for the largest prompt ({mode})",
    },
    "cli.check.why_timeout": {
        "de": "timeout_s: der größte Aufruf in {mode} (Prompt bis etwa {prompt} Tokens, Antwort bis etwa {tokens} "
        "Tokens) dauert bei {tps:.0f} Tokens/s etwa {s:.0f} s; doppelte Reserve",
        "en": "timeout_s: the largest call in {mode} (prompt up to about {prompt} tokens, answer up to about "
        "{tokens} tokens) takes about {s:.0f} s at {tps:.0f} tokens/s; twice that as margin",
    },
    "cli.check.why_rewrite": {
        "de": "refine_mode: strukturierte Ausgabe funktioniert und der Kontext fasst {n} Tokens (ab {min}): die "
        "Modul-Agenten können auch die Texte des Entwurfs umschreiben (Faustregel; ein kleines Modell mit großem "
        "Kontext besser auf decide setzen)",
        "en": "refine_mode: structured output works and the context holds {n} tokens ({min} or more): the module "
        "agents can also rewrite the draft's texts (a heuristic; set decide for a small model with a large context)",
    },
    "cli.check.why_decide_context": {
        "de": "refine_mode: {n} Tokens Kontext sind weniger als {min}: die Modul-Agenten entscheiden nur zwischen "
        "Kandidaten des Entwurfs",
        "en": "refine_mode: {n} tokens of context are less than {min}: the module agents only decide between the "
        "draft's candidates",
    },
    "cli.check.why_decide_unknown": {
        "de": "refine_mode: der Server meldet keine Kontextlänge: decide (rewrite von Hand setzen, wenn das Modell "
        "mindestens {min} Tokens Kontext hat und gut schreibt)",
        "en": "refine_mode: the server reports no context length: decide (set rewrite by hand for a capable model "
        "with at least {min} tokens of context)",
    },
    "cli.check.why_method": {
        "de": "structured_method: {configured} wurde abgelehnt, {method} funktioniert",
        "en": "structured_method: {configured} was rejected, {method} works",
    },
    "cli.timeout_hint": {
        "de": "{n}× Timeout, obwohl keine andere Anfrage lief: ein einzelner Aufruf braucht länger als timeout_s. "
        "timeout_s erhöhen oder max_output_tokens senken; „fahrplan check“ empfiehlt Werte.",
        "en": "{n}× a timeout with no other request in flight: a single call takes longer than timeout_s. "
        "Raise timeout_s or lower max_output_tokens; “fahrplan check” recommends values.",
    },
}
