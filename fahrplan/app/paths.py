"""Where Fahrplan keeps its files: one definition of the XDG cache and the default locations.

Lower layers take their directories as arguments; only the application layer decides defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

from fahrplan.app.settings import Settings

__all__ = ["cache_root", "checkpoint_path", "kb_dir", "llm_cache_dir", "solver_cache_dir"]


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/fahrplan`` (``~/.cache/fahrplan`` when the variable is unset)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "fahrplan"


def kb_dir(settings: Settings) -> Path:
    """The knowledge store directory: setting ``kb_dir`` (``FAHRPLAN_KB_DIR``), else ``<cache>/kb``."""
    return settings.kb_dir or cache_root() / "kb"


def llm_cache_dir(settings: Settings) -> Path:
    """The LLM response cache: setting ``cache_dir``, else ``<cache>/llm``."""
    return settings.cache_dir or cache_root() / "llm"


def solver_cache_dir(settings: Settings) -> Path:
    """The portfolio solver's answers: setting ``solver_cache_dir``, else ``<cache>/solver``."""
    return settings.solver_cache_dir or cache_root() / "solver"


def checkpoint_path(settings: Settings) -> Path:
    """The checkpoint database: setting ``checkpoint_path``, else ``<cache>/checkpoints.sqlite``."""
    return settings.checkpoint_path or cache_root() / "checkpoints.sqlite"
