"""Provenance of a run: the installed version and a reproducible creation time."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from importlib import metadata

__all__ = ["fahrplan_version", "reproducible_timestamp"]


def fahrplan_version() -> str:
    """Return the installed package version."""
    try:
        return metadata.version("ki-fahrplan")
    except metadata.PackageNotFoundError:
        return "0.0.0+local"


def reproducible_timestamp(backend: str) -> str | None:
    """Return created_at: SOURCE_DATE_EPOCH if set, None offline (byte-reproducible), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).isoformat()
    if backend == "offline":
        return None
    return datetime.now(tz=UTC).isoformat(timespec="seconds")
