"""Load a profile file (YAML or JSON) into a :class:`Profile` with precise, localised errors."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from fahrplan.core.errors import BadInputError
from fahrplan.core.profile import Profile

__all__ = ["MAX_PROFILE_BYTES", "ProfileError", "ProfileIssue", "load_profile", "parse_profile"]

MAX_PROFILE_BYTES = 1_000_000
FREE_TEXT_SUFFIXES = frozenset({".md", ".txt", ".markdown"})

_MSG = {
    "de": {
        "missing_file": "Datei nicht gefunden",
        "not_a_file": "ist keine Datei (Verzeichnis oder Sonderdatei)",
        "unreadable": "Datei kann nicht gelesen werden: {err}",
        "too_big": "Datei ist zu groß ({size} Bytes, erlaubt sind höchstens {limit})",
        "binary": "ist eine Binärdatei, erwartet wird ein YAML- oder JSON-Profil",
        "encoding": "ist nicht UTF-8-kodiert (ungültiges Byte an Position {pos}); bitte als UTF-8 speichern",
        "empty": "Datei ist leer; erwartet wird ein Profil (Vorlage: fahrplan init)",
        "syntax": "Syntaxfehler in Zeile {line}, Spalte {col}: {problem}",
        "json_syntax": "JSON-Syntaxfehler in Zeile {line}, Spalte {col}: {problem}",
        "too_deep": "Datei ist zu tief verschachtelt",
        "not_mapping": "oberste Ebene muss eine Zuordnung (Schlüssel: Wert) sein, gefunden: {found}",
        "free_text": (
            "enthält Freitext; ohne konfiguriertes LLM braucht Fahrplan ein strukturiertes "
            "YAML-/JSON-Profil. Vorlage erzeugen mit: fahrplan init profil.yaml"
        ),
        "field": "Feld '{path}': {what} (gefunden: {found})",
        "unknown": "unbekanntes Feld",
        "did_you_mean": "meinten Sie '{hint}'?",
        "missing": "Pflichtfeld fehlt",
        "header": "Ungültiges Profil {file}:",
    },
    "en": {
        "missing_file": "file not found",
        "not_a_file": "is not a regular file (directory or special file)",
        "unreadable": "cannot read file: {err}",
        "too_big": "file is too large ({size} bytes, at most {limit} allowed)",
        "binary": "is a binary file; expected a YAML or JSON profile",
        "encoding": "is not UTF-8 encoded (invalid byte at position {pos}); please save as UTF-8",
        "empty": "file is empty; expected a profile (template: fahrplan init)",
        "syntax": "syntax error at line {line}, column {col}: {problem}",
        "json_syntax": "JSON syntax error at line {line}, column {col}: {problem}",
        "too_deep": "file is nested too deeply",
        "not_mapping": "top level must be a mapping (key: value), found: {found}",
        "free_text": (
            "contains free text; without a configured LLM Fahrplan needs a structured YAML/JSON "
            "profile. Create a template with: fahrplan init profile.yaml"
        ),
        "field": "field '{path}': {what} (found: {found})",
        "unknown": "unknown field",
        "did_you_mean": "did you mean '{hint}'?",
        "missing": "required field is missing",
        "header": "Invalid profile {file}:",
    },
}


@dataclass(frozen=True)
class ProfileIssue:
    """One problem with a profile: where, what was expected, what was found."""

    path: str
    message: str


class ProfileError(BadInputError, ValueError):
    """A profile could not be loaded; ``str()`` is a complete user-facing message."""

    def __init__(self, file: str, issues: list[ProfileIssue], lang: str = "de") -> None:
        self.file = file
        self.issues = issues
        header = _MSG[_lang(lang)]["header"].format(file=file)
        lines = [header] + [f"  - {issue.message}" for issue in issues]
        super().__init__("\n".join(lines))


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "de"


def load_profile(path: str | Path, *, lang: str = "de") -> Profile:
    """Read and validate the profile at ``path``; raise :class:`ProfileError` on any problem."""
    msg = _MSG[_lang(lang)]
    p = Path(path)
    name = str(path)

    def fail(text: str) -> ProfileError:
        return ProfileError(name, [ProfileIssue("", f"{name}: {text}")], lang)

    if not p.exists():
        raise fail(msg["missing_file"])
    if not p.is_file():
        raise fail(msg["not_a_file"])
    try:
        size = p.stat().st_size
        if size > MAX_PROFILE_BYTES:
            raise fail(msg["too_big"].format(size=size, limit=MAX_PROFILE_BYTES))
        raw = p.read_bytes()
    except OSError as err:
        raise fail(msg["unreadable"].format(err=err.strerror or err)) from None
    if p.suffix.lower() in FREE_TEXT_SUFFIXES:
        raise fail(msg["free_text"])
    return parse_profile(raw, name=name, lang=lang, as_json=p.suffix.lower() == ".json")


def parse_profile(raw: bytes, *, name: str, lang: str = "de", as_json: bool = False) -> Profile:
    """Parse profile bytes (YAML, or JSON when ``as_json``) and validate them."""
    msg = _MSG[_lang(lang)]

    def fail(text: str) -> ProfileError:
        return ProfileError(name, [ProfileIssue("", f"{name}: {text}")], lang)

    if len(raw) > MAX_PROFILE_BYTES:
        raise fail(msg["too_big"].format(size=len(raw), limit=MAX_PROFILE_BYTES))
    if b"\x00" in raw:
        raise fail(msg["binary"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise fail(msg["encoding"].format(pos=err.start)) from None
    if not text.strip():
        raise fail(msg["empty"])
    data = _parse_text(text, as_json=as_json, fail=fail, msg=msg)
    if data is None:
        raise fail(msg["empty"])
    if not isinstance(data, dict):
        raise fail(msg["not_mapping"].format(found=_type_name(data)))
    try:
        return Profile.model_validate(data)
    except ValidationError as err:
        raise ProfileError(name, _issues_from(err, data, msg), lang) from None


def _parse_text(text: str, *, as_json: bool, fail: Any, msg: dict[str, str]) -> Any:
    try:
        if as_json:
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as err:
        raise fail(msg["json_syntax"].format(line=err.lineno, col=err.colno, problem=err.msg)) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        raise fail(msg["syntax"].format(line=line, col=col, problem=err.problem or err)) from None
    except yaml.YAMLError as err:
        raise fail(msg["syntax"].format(line="?", col="?", problem=err)) from None
    except RecursionError:
        raise fail(msg["too_deep"]) from None


def _issues_from(err: ValidationError, data: dict[str, Any], msg: dict[str, str]) -> list[ProfileIssue]:
    issues: list[ProfileIssue] = []
    for e in err.errors(include_url=False):
        loc = [str(part) for part in e["loc"]]
        path = ".".join(loc)
        if e["type"] == "extra_forbidden":
            what = msg["unknown"]
            hint = _did_you_mean(loc)
            if hint:
                what = f"{what}; {msg['did_you_mean'].format(hint=hint)}"
            found = _short(e.get("input"))
        elif e["type"] == "missing":
            what, found = msg["missing"], "—"
        else:
            what, found = _expected(e["type"], e.get("ctx") or {}, e["msg"], msg), _short(e.get("input"))
        issues.append(ProfileIssue(path, msg["field"].format(path=path, what=what, found=found)))
    return issues


_EXPECTED = {
    "de": {
        "literal_error": "erwartet einer von {expected}",
        "greater_than": "erwartet eine Zahl > {gt}",
        "greater_than_equal": "erwartet eine Zahl ≥ {ge}",
        "less_than": "erwartet eine Zahl < {lt}",
        "less_than_equal": "erwartet eine Zahl ≤ {le}",
        "int_type": "erwartet eine ganze Zahl",
        "int_parsing": "erwartet eine ganze Zahl",
        "int_from_float": "erwartet eine ganze Zahl",
        "float_type": "erwartet eine Zahl",
        "float_parsing": "erwartet eine Zahl",
        "bool_type": "erwartet true oder false",
        "bool_parsing": "erwartet true oder false",
        "string_type": "erwartet einen Text",
        "string_too_short": "darf nicht leer sein",
        "string_too_long": "ist zu lang (höchstens {max_length} Zeichen)",
        "string_pattern_mismatch": "erwartet einen Ländercode nach ISO 3166 (z. B. DE)",
        "list_type": "erwartet eine Liste",
        "too_long": "zu viele Einträge (höchstens {max_length})",
        "dict_type": "erwartet eine Zuordnung (Schlüssel: Wert)",
        "model_type": "erwartet eine Zuordnung (Schlüssel: Wert)",
        "model_attributes_type": "erwartet eine Zuordnung (Schlüssel: Wert)",
        "finite_number": "erwartet eine endliche Zahl",
    },
    "en": {
        "literal_error": "expected one of {expected}",
        "greater_than": "expected a number > {gt}",
        "greater_than_equal": "expected a number ≥ {ge}",
        "less_than": "expected a number < {lt}",
        "less_than_equal": "expected a number ≤ {le}",
        "int_type": "expected an integer",
        "int_parsing": "expected an integer",
        "int_from_float": "expected an integer",
        "float_type": "expected a number",
        "float_parsing": "expected a number",
        "bool_type": "expected true or false",
        "bool_parsing": "expected true or false",
        "string_type": "expected text",
        "string_too_short": "must not be empty",
        "string_too_long": "is too long (at most {max_length} characters)",
        "string_pattern_mismatch": "expected an ISO 3166 country code (e.g. DE)",
        "list_type": "expected a list",
        "too_long": "too many entries (at most {max_length})",
        "dict_type": "expected a mapping (key: value)",
        "model_type": "expected a mapping (key: value)",
        "model_attributes_type": "expected a mapping (key: value)",
        "finite_number": "expected a finite number",
    },
}


def _expected(kind: str, ctx: dict[str, Any], fallback: str, msg: dict[str, str]) -> str:
    table = _EXPECTED["en" if msg is _MSG["en"] else "de"]
    template = table.get(kind)
    if template is None:
        return fallback
    values = {k: str(v) for k, v in ctx.items()}
    if kind == "literal_error" and table is _EXPECTED["de"]:
        values["expected"] = values.get("expected", "").replace(" or ", " oder ")
    try:
        return template.format(**values)
    except KeyError:
        return fallback


def _did_you_mean(loc: list[str]) -> str | None:
    """Suggest the closest allowed key at the location of an unknown key."""
    model: type[BaseModel] = Profile
    for part in loc[:-1]:
        field = model.model_fields.get(part)
        annotation = field.annotation if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            return None
    prefix = ".".join(loc[:-1])
    matches = difflib.get_close_matches(loc[-1], list(model.model_fields), n=1, cutoff=0.6)
    if not matches:
        return None
    return f"{prefix}.{matches[0]}" if prefix else matches[0]


def _short(value: object) -> str:
    text = repr(value) if not isinstance(value, dict) else "{…}"
    return text if len(text) <= 60 else text[:57] + "…"


def _type_name(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "bool"}.get(
        type(value), type(value).__name__
    )
