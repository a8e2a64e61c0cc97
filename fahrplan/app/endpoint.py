"""Ask the configured endpoint about itself before a run: reachable, which models, key accepted.

:func:`preflight` is the cheap part of ``fahrplan check`` that ``fahrplan run`` does first: an
endpoint that cannot work at all (down, key refused, not an OpenAI-compatible API) stops the run
with one clear message instead of degrading six agents one timeout at a time, and a server that
serves exactly one model supplies it when none is configured. The API key is sent, never shown.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Literal

import httpx

from fahrplan.app.discovery import ServerInfo, choose_model, display_url, parse_models, parse_props, root_url
from fahrplan.app.settings import Settings, SettingsError
from fahrplan.core.errors import InternalError
from fahrplan.core.texts import t

__all__ = ["OPENAI_URL", "EndpointError", "Reachability", "endpoint_url", "fetch_models", "fetch_props", "preflight"]

OPENAI_URL = "https://api.openai.com/v1"
MAX_LISTED = 12

Status = Literal["ok", "unreachable", "auth", "not_api", "no_list"]


class EndpointError(InternalError, RuntimeError):
    """The configured LLM endpoint cannot serve a run (exit 1); the message says why and what to check."""


@dataclass(frozen=True)
class Reachability:
    """The answer to ``GET /models``: status, what it listed, the error text if any, and how long it took."""

    status: Status
    info: ServerInfo
    detail: str = ""
    latency_s: float = 0.0


def endpoint_url(settings: Settings) -> str:
    """The configured base URL, or OpenAI's."""
    return (settings.base_url or OPENAI_URL).rstrip("/")


def _headers(settings: Settings) -> dict[str, str]:
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    return {"Authorization": f"Bearer {key}"} if key else {}


def fetch_models(settings: Settings, timeout_s: float | None = None) -> Reachability:
    """``GET {base_url}/models``; never raises for what the server does (the status says it)."""
    url, none = f"{endpoint_url(settings)}/models", ServerInfo(())
    started = time.perf_counter()
    try:
        response = httpx.get(url, headers=_headers(settings), timeout=timeout_s or settings.timeout_s)
    except (httpx.HTTPError, OSError) as err:
        return Reachability("unreachable", none, f"{type(err).__name__}: {err}".rstrip(": "))
    latency = round(time.perf_counter() - started, 3)
    if response.status_code in (401, 403):
        return Reachability("auth", none, f"HTTP {response.status_code}", latency)
    if response.status_code >= 400:
        return Reachability("no_list", none, f"HTTP {response.status_code}", latency)
    try:
        return Reachability("ok", parse_models(response.json(), settings.model), "", latency)
    except json.JSONDecodeError:
        return Reachability("not_api", none, f"HTTP {response.status_code}, no JSON: {response.text[:80]!r}", latency)
    except ValueError as err:
        return Reachability("not_api", none, str(err), latency)


def fetch_props(settings: Settings, info: ServerInfo, timeout_s: float = 10.0) -> ServerInfo:
    """Add llama.cpp's ``/props`` (context per slot, slots) to ``info``; other servers leave it unchanged."""
    try:
        response = httpx.get(f"{root_url(endpoint_url(settings))}/props", headers=_headers(settings), timeout=timeout_s)
        return parse_props(response.json(), info) if response.status_code == 200 else info
    except (httpx.HTTPError, OSError, ValueError):
        return info


def _listed(models: tuple[str, ...]) -> str:
    shown = ", ".join(models[:MAX_LISTED])
    return shown + (f" … (+{len(models) - MAX_LISTED})" if len(models) > MAX_LISTED else "")


def stop_reason(reach: Reachability, url: str, lang: str) -> str | None:
    """The message that stops a run for this answer, or None when the endpoint may work."""
    if reach.status == "unreachable":
        return t("endpoint.unreachable", lang, url=url, reason=reach.detail)
    if reach.status == "not_api":
        return t("endpoint.not_api", lang, url=url, reason=reach.detail)
    return None


def preflight(settings: Settings) -> tuple[Settings, list[str]]:
    """Check reachability, key and model; return the settings with a discovered model, and notices.

    Raises :class:`EndpointError` (exit 1) when the endpoint cannot work at all and
    :class:`SettingsError` (exit 2) when a setting must change: the key is refused, or no model is
    configured and the server does not serve exactly one.
    """
    lang, url = settings.lang, display_url(endpoint_url(settings))
    reach = fetch_models(settings)
    if reach.status == "auth":
        raise SettingsError(t("endpoint.auth", lang, url=url, status=reach.detail))
    model, how = choose_model(settings.model, reach.info.models)
    if model is None:  # the missing setting first: the user has to supply it either way
        raise SettingsError(t("endpoint.model_required", lang, url=url, reason=_no_model(reach, how, lang)))
    if (message := stop_reason(reach, url, lang)) is not None:
        raise EndpointError(message)
    if how == "discovered":
        return settings.model_copy(update={"model": model}), [t("cli.model_discovered", lang, model=model, url=url)]
    if how == "not_listed":
        return settings, [t("cli.model_not_listed", lang, model=model, models=_listed(reach.info.models))]
    return settings, []


def _no_model(reach: Reachability, how: str, lang: str) -> str:
    """Why the server cannot supply the model: several, none listed, or no list at all."""
    if how == "several":
        return t("endpoint.models_several", lang, models=_listed(reach.info.models))
    if reach.status == "ok":
        return t("endpoint.models_none", lang)
    return t("endpoint.models_unknown", lang, reason=reach.detail)
