"""Messages of the errors a user can hit: a bad profile, a document that cannot be ingested, an
output that cannot be written.

Keys start with the area that raises them: ``profile.`` (with ``profile.expected.<pydantic error
type>`` for field values), ``ingest.`` (the rest of the key is :attr:`IngestError.reason`) and
``output.``.
"""

from __future__ import annotations

from fahrplan.core.vocab import Lang

__all__ = ["ERRORS"]

ERRORS: dict[str, dict[Lang, str]] = {
    # loading a profile (fahrplan.core.profile_io)
    "profile.missing_file": {"de": "Datei nicht gefunden", "en": "file not found"},
    "profile.not_a_file": {
        "de": "ist keine Datei (Verzeichnis oder Sonderdatei)",
        "en": "is not a regular file (directory or special file)",
    },
    "profile.unreadable": {"de": "Datei kann nicht gelesen werden: {err}", "en": "cannot read file: {err}"},
    "profile.too_big": {
        "de": "Datei ist zu groß ({size} Bytes, erlaubt sind höchstens {limit})",
        "en": "file is too large ({size} bytes, at most {limit} allowed)",
    },
    "profile.binary": {
        "de": "ist eine Binärdatei, erwartet wird ein YAML- oder JSON-Profil",
        "en": "is a binary file; expected a YAML or JSON profile",
    },
    "profile.encoding": {
        "de": "ist nicht UTF-8-kodiert (ungültiges Byte an Position {pos}); bitte als UTF-8 speichern",
        "en": "is not UTF-8 encoded (invalid byte at position {pos}); please save as UTF-8",
    },
    "profile.empty": {
        "de": "Datei ist leer; erwartet wird ein Profil (Vorlage: fahrplan init)",
        "en": "file is empty; expected a profile (template: fahrplan init)",
    },
    "profile.syntax": {
        "de": "Syntaxfehler in Zeile {line}, Spalte {col}: {problem}",
        "en": "syntax error at line {line}, column {col}: {problem}",
    },
    "profile.json_syntax": {
        "de": "JSON-Syntaxfehler in Zeile {line}, Spalte {col}: {problem}",
        "en": "JSON syntax error at line {line}, column {col}: {problem}",
    },
    "profile.too_deep": {"de": "Datei ist zu tief verschachtelt", "en": "file is nested too deeply"},
    "profile.not_mapping": {
        "de": "oberste Ebene muss eine Zuordnung (Schlüssel: Wert) sein, gefunden: {found}",
        "en": "top level must be a mapping (key: value), found: {found}",
    },
    "profile.free_text": {
        "de": "enthält Freitext; ohne konfiguriertes LLM braucht Fahrplan ein strukturiertes YAML-/JSON-Profil. Vorlage erzeugen mit: fahrplan init profil.yaml",
        "en": "contains free text; without a configured LLM Fahrplan needs a structured YAML/JSON profile. Create a template with: fahrplan init profile.yaml",
    },
    "profile.field": {
        "de": "Feld '{path}': {what} (gefunden: {found})",
        "en": "field '{path}': {what} (found: {found})",
    },
    "profile.unknown": {"de": "unbekanntes Feld", "en": "unknown field"},
    "profile.did_you_mean": {"de": "meinten Sie '{hint}'?", "en": "did you mean '{hint}'?"},
    "profile.missing": {"de": "Pflichtfeld fehlt", "en": "required field is missing"},
    "profile.header": {"de": "Ungültiges Profil {file}:", "en": "Invalid profile {file}:"},
    "profile.list_or": {"de": " oder ", "en": " or "},  # before the last of pydantic's expected values
    "profile.expected.literal_error": {"de": "erwartet einer von {expected}", "en": "expected one of {expected}"},
    "profile.expected.greater_than": {"de": "erwartet eine Zahl > {gt}", "en": "expected a number > {gt}"},
    "profile.expected.greater_than_equal": {"de": "erwartet eine Zahl ≥ {ge}", "en": "expected a number ≥ {ge}"},
    "profile.expected.less_than": {"de": "erwartet eine Zahl < {lt}", "en": "expected a number < {lt}"},
    "profile.expected.less_than_equal": {"de": "erwartet eine Zahl ≤ {le}", "en": "expected a number ≤ {le}"},
    "profile.expected.int_type": {"de": "erwartet eine ganze Zahl", "en": "expected an integer"},
    "profile.expected.int_parsing": {"de": "erwartet eine ganze Zahl", "en": "expected an integer"},
    "profile.expected.int_from_float": {"de": "erwartet eine ganze Zahl", "en": "expected an integer"},
    "profile.expected.float_type": {"de": "erwartet eine Zahl", "en": "expected a number"},
    "profile.expected.float_parsing": {"de": "erwartet eine Zahl", "en": "expected a number"},
    "profile.expected.bool_type": {"de": "erwartet true oder false", "en": "expected true or false"},
    "profile.expected.bool_parsing": {"de": "erwartet true oder false", "en": "expected true or false"},
    "profile.expected.string_type": {"de": "erwartet einen Text", "en": "expected text"},
    "profile.expected.string_too_short": {"de": "darf nicht leer sein", "en": "must not be empty"},
    "profile.expected.string_too_long": {
        "de": "ist zu lang (höchstens {max_length} Zeichen)",
        "en": "is too long (at most {max_length} characters)",
    },
    "profile.expected.string_pattern_mismatch": {
        "de": "erwartet einen Ländercode nach ISO 3166 (z. B. DE)",
        "en": "expected an ISO 3166 country code (e.g. DE)",
    },
    "profile.expected.list_type": {"de": "erwartet eine Liste", "en": "expected a list"},
    "profile.expected.too_long": {
        "de": "zu viele Einträge (höchstens {max_length})",
        "en": "too many entries (at most {max_length})",
    },
    "profile.expected.dict_type": {
        "de": "erwartet eine Zuordnung (Schlüssel: Wert)",
        "en": "expected a mapping (key: value)",
    },
    "profile.expected.model_type": {
        "de": "erwartet eine Zuordnung (Schlüssel: Wert)",
        "en": "expected a mapping (key: value)",
    },
    "profile.expected.model_attributes_type": {
        "de": "erwartet eine Zuordnung (Schlüssel: Wert)",
        "en": "expected a mapping (key: value)",
    },
    "profile.expected.finite_number": {"de": "erwartet eine endliche Zahl", "en": "expected a finite number"},
    # ingesting documents into the knowledge base (fahrplan.knowledge.ingest)
    "ingest.not_found": {"de": "{file}: Datei nicht gefunden", "en": "{file}: file not found"},
    "ingest.broken_link": {
        "de": "{file}: ist ein symbolischer Link, dessen Ziel nicht existiert",
        "en": "{file}: is a symbolic link whose target does not exist",
    },
    "ingest.directory": {"de": "{file}: ist ein Verzeichnis, keine Datei", "en": "{file}: is a directory, not a file"},
    "ingest.not_regular": {"de": "{file}: ist keine reguläre Datei", "en": "{file}: is not a regular file"},
    "ingest.unreadable": {
        "de": "{file}: kann nicht gelesen werden ({detail})",
        "en": "{file}: cannot be read ({detail})",
    },
    "ingest.unsupported": {
        "de": "{file}: Dateityp „{suffix}“ wird nicht unterstützt (unterstützt: {supported})",
        "en": "{file}: file type '{suffix}' is not supported (supported: {supported})",
    },
    "ingest.too_large": {
        "de": "{file}: ist zu groß ({size} Bytes, Grenze {limit} Bytes)",
        "en": "{file}: is too large ({size} bytes, limit {limit} bytes)",
    },
    "ingest.too_large_unpacked": {
        "de": "{file}: ist entpackt zu groß ({size} Bytes, Grenze {limit} Bytes)",
        "en": "{file}: is too large when unpacked ({size} bytes, limit {limit} bytes)",
    },
    "ingest.empty": {
        "de": "{file}: ist leer oder enthält nur Leerraum",
        "en": "{file}: is empty or contains only whitespace",
    },
    "ingest.no_text": {"de": "{file}: enthält keinen verwertbaren Text", "en": "{file}: contains no usable text"},
    "ingest.binary": {
        "de": "{file}: ist eine Binärdatei, keine Textdatei",
        "en": "{file}: is a binary file, not a text file",
    },
    "ingest.encoding": {
        "de": "{file}: ist nicht UTF-8-kodiert (ungültiges Byte an Position {position}); bitte als UTF-8 speichern",
        "en": "{file}: is not UTF-8 encoded (invalid byte at position {position}); please save it as UTF-8",
    },
    "ingest.encrypted": {
        "de": "{file}: ist verschlüsselt und kann nicht gelesen werden",
        "en": "{file}: is encrypted and cannot be read",
    },
    "ingest.corrupt_pdf": {
        "de": "{file}: ist beschädigt oder kein gültiges PDF",
        "en": "{file}: is corrupt or not a valid PDF",
    },
    "ingest.pdf_no_text": {
        "de": "{file}: enthält keinen extrahierbaren Text (vermutlich ein Scan; bitte zuerst Texterkennung anwenden)",
        "en": "{file}: has no extractable text (probably a scan; please run text recognition/OCR first)",
    },
    "ingest.corrupt_docx": {
        "de": "{file}: ist beschädigt oder keine gültige DOCX-Datei",
        "en": "{file}: is corrupt or not a valid DOCX file",
    },
    "ingest.duplicate": {
        "de": "{file}: hat denselben Inhalt wie {other} und wird übersprungen",
        "en": "{file}: has the same content as {other} and is skipped",
    },
    "ingest.empty_directory": {
        "de": "{file}: Verzeichnis enthält keine unterstützten Dateien (unterstützt: {supported})",
        "en": "{file}: directory contains no supported files (supported: {supported})",
    },
    "ingest.no_suffix": {"de": "(keine)", "en": "(none)"},
    # writing the outputs (fahrplan.app.output)
    "output.not_dir": {
        "de": "{path}: existiert und ist kein Verzeichnis",
        "en": "{path}: exists and is not a directory",
    },
    "output.exists": {
        "de": "{paths}: existiert bereits (mit --force überschreiben)",
        "en": "{paths}: already exists (use --force to overwrite)",
    },
    "output.mkdir": {
        "de": "{path}: Verzeichnis kann nicht angelegt werden ({err})",
        "en": "{path}: cannot create directory ({err})",
    },
    "output.write": {"de": "{path}: kann nicht geschrieben werden ({err})", "en": "{path}: cannot write ({err})"},
    # the LLM endpoint before a run (fahrplan.app.endpoint)
    "endpoint.unreachable": {
        "de": "LLM-Endpunkt {url} ist nicht erreichbar ({reason}). Server starten oder base_url prüfen "
        "(--base-url oder FAHRPLAN_BASE_URL); „fahrplan check“ prüft den Endpunkt ohne Planungslauf.",
        "en": "LLM endpoint {url} is not reachable ({reason}). Start the server or check base_url "
        "(--base-url or FAHRPLAN_BASE_URL); “fahrplan check” tests the endpoint without a planning run.",
    },
    "endpoint.not_api": {
        "de": "LLM-Endpunkt {url} antwortet, aber nicht wie eine OpenAI-kompatible API ({reason}). "
        "Endet base_url auf /v1?",
        "en": "LLM endpoint {url} answers, but not as an OpenAI-compatible API ({reason}). Does base_url end in /v1?",
    },
    "endpoint.auth": {
        "de": "LLM-Endpunkt {url} lehnt den API-Schlüssel ab ({status}). Einstellung 'api_key' prüfen: "
        "FAHRPLAN_API_KEY oder OPENAI_API_KEY.",
        "en": "LLM endpoint {url} refuses the API key ({status}). Check the setting 'api_key': "
        "FAHRPLAN_API_KEY or OPENAI_API_KEY.",
    },
    "endpoint.model_required": {
        "de": "Einstellung 'model' fehlt (--model oder FAHRPLAN_MODEL), und der Server {url} gibt keines "
        "eindeutig vor: {reason}.",
        "en": "Setting 'model' is missing (--model or FAHRPLAN_MODEL), and the server {url} does not name "
        "exactly one: {reason}.",
    },
    "endpoint.models_several": {
        "de": "er bietet mehrere Modelle an ({models}); eines mit --model wählen",
        "en": "it serves several models ({models}); choose one with --model",
    },
    "endpoint.models_none": {"de": "er nennt unter /models kein Modell", "en": "it lists no model under /models"},
    "endpoint.models_unknown": {
        "de": "seine Modellliste ist nicht abrufbar ({reason})",
        "en": "its model list cannot be read ({reason})",
    },
}
