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
from fahrplan.core.texts import labels, t

__all__ = ["MAX_PROFILE_BYTES", "ProfileError", "ProfileIssue", "load_profile", "parse_profile"]

MAX_PROFILE_BYTES = 1_000_000
FREE_TEXT_SUFFIXES = frozenset({".md", ".txt", ".markdown"})


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
        header = t("profile.header", lang, file=file)
        lines = [header] + [f"  - {issue.message}" for issue in issues]
        super().__init__("\n".join(lines))


def load_profile(path: str | Path, *, lang: str = "de") -> Profile:
    """Read and validate the profile at ``path``; raise :class:`ProfileError` on any problem."""
    msg = labels("profile", lang)
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
    msg = labels("profile", lang)

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


def _expected(kind: str, ctx: dict[str, Any], fallback: str, msg: dict[str, str]) -> str:
    template = msg.get(f"expected.{kind}")
    if template is None:
        return fallback
    values = {k: str(v) for k, v in ctx.items()}
    if kind == "literal_error":  # pydantic lists the allowed values in English: "'a', 'b' or 'c'"
        values["expected"] = values.get("expected", "").replace(" or ", msg["list_or"])
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
