"""Best-effort atomic writes of cache files: a reader sees the old file or the new one, never a torn one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_cache_file"]


def write_cache_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file in the same directory and an atomic rename.

    A cache that cannot be written only costs the next run its speed: an ``OSError`` (read-only or full
    disk) leaves no temporary file behind and returns False instead of raising.
    """
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
