"""Settings: one object. Precedence: CLI argument > environment (FAHRPLAN_*) > config file > default.

The config file is TOML (``--config FILE`` or ``FAHRPLAN_CONFIG``). API keys come only from the
environment (``FAHRPLAN_API_KEY`` or ``OPENAI_API_KEY``); a key in the config file is refused.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from fahrplan.core.errors import BadInputError
from fahrplan.core.roadmap import PHASES, Phase
from fahrplan.core.vocab import RefineMode
from fahrplan.core.weights import Criteria

__all__ = ["NOT_FINGERPRINTED", "Settings", "SettingsError", "fingerprint_settings", "load_settings"]

Backend = Literal["auto", "offline", "openai"]
SECRET_KEYS = frozenset({"api_key", "openai_api_key"})
# Planning assumption: no half-year phase may use more than half of the 24-month budget, so
# foundations can be front-loaded but the first year cannot absorb everything before pilots prove value.
DEFAULT_PHASE_BUDGET_SHARES: dict[Phase, float] = {"0-6": 0.5, "6-12": 0.5, "12-24": 1.0}

# Settings that cannot change what the graph computes: locations, caches, limits of the transport,
# the checkpoint itself, the eval judge and the price table (applied after the graph). The API key
# is a secret and never part of any fingerprint. Every other setting is fingerprinted, so a
# setting added later invalidates old checkpoints instead of being ignored by mistake.
NOT_FINGERPRINTED = frozenset(
    {
        "api_key",
        "kb_dir",
        "chroma_url",
        "cache_dir",
        "solver_cache_dir",
        "use_cache",
        "prompts_dir",  # the prompts themselves are fingerprinted by their hashes
        "timeout_s",
        "max_retries",
        "max_concurrency",
        "prices",
        "judge_model",
        "checkpoint",
        "checkpoint_path",
    }
)


class SettingsError(BadInputError, ValueError):
    """Settings are invalid; the message names the setting or file."""


class Settings(BaseSettings):
    """Run settings (environment prefix ``FAHRPLAN_``, e.g. FAHRPLAN_LANG=en)."""

    model_config = SettingsConfigDict(env_prefix="FAHRPLAN_", env_nested_delimiter="__", extra="forbid", frozen=True)

    backend: Backend = Field(default="auto", description="auto: openai when an endpoint or key is set, else offline")
    lang: Literal["de", "en"] = "de"
    kb_dir: Path | None = Field(default=None, description="Knowledge store directory (default: XDG cache).")
    chroma_url: str | None = Field(default=None, description="Shared Chroma server (http(s)://host:port).")
    weight_impact: float = Field(default=0.6, ge=0, le=1)
    weight_feasibility: float = Field(default=0.4, ge=0, le=1)
    quadrant_threshold: float = Field(default=6.0, ge=0, le=10)
    criteria: Criteria = Field(
        default_factory=Criteria, description="Points per scoring criterion (FAHRPLAN_CRITERIA__GOAL_FIT=2.5)"
    )
    phase_budget_shares: dict[Phase, float] = Field(
        default_factory=lambda: dict(DEFAULT_PHASE_BUDGET_SHARES),
        description="Most of the 24-month budget one phase may use (planning assumption, see README)",
    )
    start: str | None = Field(
        default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="Start month YYYY-MM (Gantt dates)"
    )
    # -- LLM endpoint (any OpenAI-compatible server) ---------------------------------------
    base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1")
    model: str | None = Field(default=None, description="Model name for all agents unless overridden.")
    agent_models: dict[str, str] = Field(default_factory=dict, description="Per-agent model, e.g. {coordinator: ...}")
    judge_model: str | None = None
    api_key: SecretStr | None = Field(default=None, exclude=True, repr=False)
    temperature: float = Field(default=0.0, ge=0, le=2)
    timeout_s: float = Field(default=60.0, gt=0, le=3600)
    max_retries: int = Field(default=3, ge=0, le=10)
    max_concurrency: int = Field(default=6, ge=1, le=64)
    structured_method: Literal["function_calling", "json_schema"] = "function_calling"
    max_output_tokens: int = Field(default=2048, ge=64, le=32768)
    token_limit_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    refine_mode: RefineMode = Field(
        default="decide",
        description="decide: module agents pick from numbered candidates (any model); rewrite: they also rewrite "
        "the draft's texts, each checked (a capable model; `fahrplan check` recommends one)",
    )
    prices: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="USD per 1M tokens per model: {model: {input: x, output: y}}"
    )
    prompts_dir: Path | None = Field(default=None, description="Prompt variant directory (default: bundled).")
    cache_dir: Path | None = Field(default=None, description="LLM response cache (default: XDG cache).")
    solver_cache_dir: Path | None = Field(default=None, description="Solver result cache (default: XDG cache).")
    use_cache: bool = Field(default=True, description="Use the LLM response and solver result caches.")
    checkpoint: bool = Field(default=True, description="Resume an interrupted run from its checkpoint (CLI).")
    checkpoint_path: Path | None = Field(default=None, description="Checkpoint database (default: XDG cache).")

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("phase_budget_shares")
    @classmethod
    def _shares(cls, value: dict[Phase, float]) -> dict[Phase, float]:
        missing = [p for p in PHASES if p not in value]
        if missing:
            raise ValueError(f"needs a share for every phase, missing {', '.join(missing)}")
        if any(not 0 < v <= 1 for v in value.values()):
            raise ValueError("shares must be > 0 and <= 1")
        if sum(value.values()) < 1:
            raise ValueError("shares must add up to at least 1 (else the budget can never be used)")
        return {p: value[p] for p in PHASES}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings)

    @property
    def resolved_backend(self) -> Literal["offline", "openai"]:
        """The backend actually used: "auto" means openai when an endpoint or model is configured."""
        if self.backend != "auto":
            return self.backend
        return "openai" if (self.base_url or self.model) else "offline"

    def model_for(self, agent: str) -> str | None:
        """Model for ``agent`` (per-agent override, else the default model)."""
        return self.agent_models.get(agent, self.model)


def _read_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(f"{path}: cannot read config file ({err})") from None
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{path}: invalid TOML ({err})") from None
    section = data.get("fahrplan", data)
    if not isinstance(section, dict):
        raise SettingsError(f"{path}: expected a [fahrplan] table")
    secrets = sorted(SECRET_KEYS & set(section))
    if secrets:
        raise SettingsError(f"{path}: '{secrets[0]}' must not be stored in a file; set FAHRPLAN_API_KEY instead")
    return dict(section)


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Build settings from config file < environment < ``overrides`` (CLI arguments)."""
    path = config or (Path(os.environ["FAHRPLAN_CONFIG"]) if os.environ.get("FAHRPLAN_CONFIG") else None)
    from_file = _read_config(path) if path else {}
    try:
        env = Settings()  # environment and defaults only
    except ValidationError as err:
        raise _settings_error(err, None) from None
    merged: dict[str, Any] = {**from_file}
    layers = [
        {k: v for k, v in env.model_dump(exclude_unset=True).items() if k in env.model_fields_set},
        {k: v for k, v in overrides.items() if v is not None},
    ]
    for layer in layers:
        for k, v in layer.items():
            # nested tables (criteria, shares) merge key by key, so one env value keeps the file's others
            both_tables = isinstance(v, dict) and isinstance(merged.get(k), dict)
            merged[k] = {**merged[k], **v} if both_tables else v
    key = os.environ.get("FAHRPLAN_API_KEY") or os.environ.get("OPENAI_API_KEY")
    if key:
        merged["api_key"] = SecretStr(key)
    try:
        return Settings.model_validate(merged)
    except ValidationError as err:
        raise _settings_error(err, str(path or "environment/arguments")) from None


def _settings_error(err: ValidationError, source: str | None) -> SettingsError:
    """The first invalid setting, named with where it came from (``None``: the environment variable that set it),
    a clear message instead of pydantic's report."""
    first = err.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"])
    origin = source or "FAHRPLAN_" + "__".join(str(p) for p in first["loc"]).upper()
    return SettingsError(f"setting '{where}': {first['msg']} (from {origin})")


def fingerprint_settings(settings: Settings) -> dict[str, Any]:
    """The settings that change a run's output, as JSON values (for the checkpoint fingerprint).

    Secrets and settings that only say where things live or how the transport behaves are left
    out (see ``NOT_FINGERPRINTED``); the backend is the resolved one.
    """
    chosen = settings.model_dump(mode="json", exclude=set(NOT_FINGERPRINTED))
    chosen["backend"] = settings.resolved_backend
    return chosen
