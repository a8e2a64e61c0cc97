"""Whether a directory can hold the knowledge store, checked before Chroma opens it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from fahrplan.core.errors import InternalError

__all__ = ["DAMAGED_HINT", "StoreError", "check_directory"]

DAMAGED_HINT = (
    " (if it is damaged, delete the directory: the knowledge is rebuilt; ingested documents must be ingested again)"
)


class StoreError(InternalError, RuntimeError):
    """The knowledge store cannot be opened or built (message names the directory)."""


def check_directory(directory: Path, timeout_s: float) -> None:
    """Raise :class:`StoreError` if ``directory`` cannot hold the store: a file in the way, not
    writable (Chroma writes even to open an existing store), or locked by another process.

    Chroma waits without end for another process's lock on its database, so the lock is
    probed here first, with a bounded wait.
    """
    existing = next((p for p in (directory, *directory.parents) if p.exists()), directory)
    if not existing.is_dir():
        raise StoreError(
            f"knowledge store at {directory} cannot be used: {existing} is a file, not a directory "
            "(remove it or choose another --kb-dir)"
        )
    database = directory / "chroma.sqlite3"
    for needed in (existing, database):
        if needed.exists() and not os.access(needed, os.W_OK):
            raise StoreError(f"knowledge store at {directory} cannot be used: {needed} is not writable (permissions)")
    if database.is_file():
        _probe_lock(directory, database, timeout_s)


def _probe_lock(directory: Path, database: Path, timeout_s: float) -> None:
    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=rw", uri=True, timeout=timeout_s)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.rollback()
        finally:
            conn.close()
    except sqlite3.Error as err:
        if "locked" in str(err) or "busy" in str(err):
            raise StoreError(
                f"knowledge store at {directory} is locked by another process ({err} after {timeout_s:.0f} s): "
                "wait until it has finished, then retry"
            ) from err
        # anything else (a damaged file) is reported when Chroma opens it
