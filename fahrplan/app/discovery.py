"""What an OpenAI-compatible server says about itself, read from its JSON (pure functions, no I/O).

``/v1/models`` lists the served models (every compatible server); some entries also carry the
context length (vLLM ``max_model_len``, LM Studio and others ``context_length``, llama.cpp's
server ``meta.n_ctx_train``). llama.cpp's server also answers ``/props`` with the context of a
slot (``default_generation_settings.n_ctx``) and the number of slots (``total_slots``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "ServerInfo",
    "choose_model",
    "display_url",
    "parse_models",
    "parse_props",
    "root_url",
]

_CONTEXT_KEYS = ("max_model_len", "context_length", "context_window", "max_context_length", "n_ctx")


@dataclass(frozen=True)
class ServerInfo:
    """The served models and, where the server tells, context length and parallel slots."""

    models: tuple[str, ...]
    context: int | None = None
    slots: int | None = None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _entry_context(entry: Mapping[str, Any]) -> int | None:
    for key in _CONTEXT_KEYS:
        if (n := _int(entry.get(key))) is not None:
            return n
    meta = entry.get("meta")
    return _int(meta.get("n_ctx_train")) if isinstance(meta, Mapping) else None


def parse_models(payload: Any, model: str | None = None) -> ServerInfo:
    """Read a ``/v1/models`` answer; the context is ``model``'s if listed, else the only model's.

    Raises ``ValueError`` when the payload is not a model list (``{"data": [{"id": ...}, ...]}``).
    """
    data = payload.get("data") if isinstance(payload, Mapping) else None
    if not isinstance(data, list):
        raise ValueError("no model list ('data') in the answer")
    entries = [e for e in data if isinstance(e, Mapping) and isinstance(e.get("id"), str)]
    ids = tuple(str(e["id"]) for e in entries)
    chosen = [e for e in entries if e["id"] == model] or (entries if len(entries) == 1 else [])
    return ServerInfo(models=ids, context=_entry_context(chosen[0]) if chosen else None)


def parse_props(payload: Any, info: ServerInfo) -> ServerInfo:
    """Add what llama.cpp's ``/props`` says (context per slot, slots) to ``info``; other answers change nothing."""
    if not isinstance(payload, Mapping):
        return info
    settings = payload.get("default_generation_settings")
    context = _int(settings.get("n_ctx")) if isinstance(settings, Mapping) else None
    return ServerInfo(info.models, context or info.context, _int(payload.get("total_slots")) or info.slots)


def choose_model(configured: str | None, served: Sequence[str]) -> tuple[str | None, str]:
    """The model to use and how it was found.

    Returns (configured, "configured") or (configured, "not_listed") when a model is set, (the
    only served model, "discovered") when none is set and the server serves exactly one, and
    (None, "none" | "several") otherwise.
    """
    if configured:
        return configured, "configured" if not served or configured in served else "not_listed"
    if len(served) == 1:
        return served[0], "discovered"
    return None, "several" if served else "none"


def root_url(base_url: str) -> str:
    """The server root of an OpenAI-compatible base URL (``http://h:8080/v1`` -> ``http://h:8080``)."""
    parts = urlsplit(base_url.rstrip("/"))
    path = parts.path.removesuffix("/v1")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def display_url(url: str) -> str:
    """``url`` without user and password, for messages and logs."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[1], parts.path, parts.query, parts.fragment))
