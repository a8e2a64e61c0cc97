"""Settings: one object, precedence CLI argument > environment (FAHRPLAN_*) > default."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Run settings. Environment variables use the prefix ``FAHRPLAN_`` (e.g. FAHRPLAN_LANG=en)."""

    model_config = SettingsConfigDict(env_prefix="FAHRPLAN_", extra="ignore", frozen=True)

    backend: Literal["offline"] = Field(default="offline", description="Planning backend.")
    lang: Literal["de", "en"] = "de"
    kb_dir: Path | None = Field(default=None, description="Knowledge store directory (default: XDG cache).")
    chroma_url: str | None = Field(
        default=None, description="Shared Chroma server (http(s)://host:port); overrides kb_dir."
    )
    weight_impact: float = Field(default=0.6, ge=0, le=1)
    weight_feasibility: float = Field(default=0.4, ge=0, le=1)
    quadrant_threshold: float = Field(default=6.0, ge=0, le=10)
