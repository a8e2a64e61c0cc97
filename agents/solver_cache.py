"""HiGHS answers kept between runs: the same MIP model gives the same answer, so a rerun need not solve it.

HiGHS runs deterministically here (one thread, a fixed seed, a node limit: :mod:`fahrplan.agents.mip`),
so its answer is a function of what it is handed. The key (:func:`fahrplan.agents.mip.model_key`) is a
SHA-256 of all of it: every column's cost, bounds and integrality, every row's bounds and coefficients,
the start hint, the options and the HiGHS version and build. Any change of the model is a new key, so
nothing is ever invalidated; an old entry is just not asked for again.

One JSON file per answer (``<dir>/<key[:2]>/<key>.json``, a few hundred bytes: only the non-zero
column values are kept), written to a temporary file and renamed, so a reader sees a whole entry or
none. Each entry carries its key and a digest of its values and is verified on read: an entry that
does not parse, names another key, fails its digest or has the wrong number of columns is a miss,
solved again and overwritten. A cache that cannot be read or written only costs the solve.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path

from fahrplan.core.cache_file import write_cache_file

__all__ = ["SolverCache"]

_FORMAT = 1


def _digest(key: str, status: str, columns: int, nonzero: Sequence[Sequence[float]]) -> str:
    body = json.dumps([_FORMAT, key, status, columns, nonzero], separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


class SolverCache:
    """Column values and model status of solved models, by model key, in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, columns: int) -> tuple[list[float], str] | None:
        """The stored answer for ``key`` (``columns`` values and the status); None if absent or not valid."""
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            status, nonzero = entry["status"], entry["nonzero"]
            valid = (
                entry["key"] == key
                and entry["columns"] == columns
                and entry["digest"] == _digest(key, status, columns, nonzero)
            )
            if not valid or not isinstance(status, str):
                return None
            values = [0.0] * columns
            for col, value in nonzero:
                values[col] = float(value)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
        return values, status

    def put(self, key: str, values: Sequence[float], status: str) -> None:
        """Store an answer atomically; a full or read-only disk only loses the entry."""
        # JSON keeps a float exactly (shortest repr); -0.0 is kept too, it prints differently from 0.0
        nonzero = [[col, v] for col, v in enumerate(values) if v != 0.0 or math.copysign(1.0, v) < 0]
        entry = {
            "key": key,
            "status": status,
            "columns": len(values),
            "nonzero": nonzero,
            "digest": _digest(key, status, len(values), nonzero),
        }
        write_cache_file(self._path(key), json.dumps(entry, separators=(",", ":")).encode("utf-8"))
