"""A small mixed-integer model, collected in Python lists and solved by HiGHS deterministically.

The portfolio solver (:mod:`fahrplan.agents.portfolio`) states its model through :class:`MipModel`;
:func:`run_mip` hands it to HiGHS with one thread, a fixed seed and a node limit, so the same model gives the
same answer on every machine — and, with a :class:`~fahrplan.agents.solver_cache.SolverCache`, the answer
of an earlier run of the very same model is reused instead of solving again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from fahrplan.agents.solver_cache import SolverCache

__all__ = ["MipModel", "model_key", "run_mip"]

_NODE_LIMIT: Final = 20_000
_GAP: Final = 1e-4
"""Relative MIP gap. The objective carries the legal duties' urgency (thousands of units), so 0.5 % let a plan end
with a zero-value pilot in month 21 or without a cheap enabler: a business decision is worth a few units. At 1e-4
the dataset solves in the same time (median 0.09 s, max 0.6 s, benchmarks/portfolio.py)."""
_TIME_LIMIT: Final = 30.0  # a safety net only; the node limit and the gap end every dataset sample first
_OPTIONS: Final = (
    ("output_flag", False),
    ("threads", 1),
    ("random_seed", 0),
    ("mip_rel_gap", _GAP),
    ("mip_max_nodes", _NODE_LIMIT),
    ("time_limit", _TIME_LIMIT),
)


class MipModel:
    """Columns and rows of the MIP, collected in Python lists and handed to HiGHS at once."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[tuple[float, float, dict[int, float]]] = []

    def column(self, objective: float, *, upper: float = 1.0, integer: bool = True) -> int:
        self.cost.append(objective)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, terms: Mapping[int, float]) -> None:
        if terms:
            self.rows.append((lower, upper, dict(terms)))


def _arrays(model: MipModel, hint: Mapping[int, float] | None) -> dict[str, Any]:
    """Everything HiGHS is handed, as the numpy arrays it is handed (rows in CSR form, terms by column)."""
    import numpy as np

    starts, index, values = [0], [], []
    for _, _, terms in model.rows:
        for col in sorted(terms):
            index.append(col)
            values.append(terms[col])
        starts.append(len(index))
    cols = sorted(hint) if hint else []
    return {
        "cost": np.array(model.cost, dtype=np.float64),
        "upper": np.array(model.upper, dtype=np.float64),
        "integer": np.array([i for i, flag in enumerate(model.integer) if flag], dtype=np.int32),
        "row_lower": np.array([r[0] for r in model.rows], dtype=np.float64),
        "row_upper": np.array([r[1] for r in model.rows], dtype=np.float64),
        "starts": np.array(starts[:-1], dtype=np.int32),
        "index": np.array(index, dtype=np.int32),
        "values": np.array(values, dtype=np.float64),
        "hint_cols": np.array(cols, dtype=np.int32),
        "hint_values": np.array([hint[c] for c in cols] if hint else [], dtype=np.float64),
    }


def model_key(arrays: Mapping[str, Any], highs_version: str) -> str:
    """SHA-256 of a model as HiGHS gets it: every array (name, type, shape, bytes), the options, the version."""
    digest = hashlib.sha256(f"{highs_version}\0{_OPTIONS!r}".encode())
    for name in sorted(arrays):
        array = arrays[name]
        digest.update(f"\0{name}\0{array.dtype.str}\0{array.shape}\0".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def run_mip(
    model: MipModel, hint: Mapping[int, float] | None = None, cache: SolverCache | None = None
) -> tuple[list[float], str]:
    """Solve with HiGHS (one thread, fixed seed, node limit: deterministic); return column values.

    ``hint`` gives integer columns of a known feasible plan; HiGHS completes the rest and starts the
    search from it (a warm start: an answer as good within the gap, found sooner; it may be another one
    of equal value). With ``cache``, an answer stored for the same model (see :func:`model_key`) is
    returned without solving, and a new answer is stored unless a time limit cut the search short.
    """
    import highspy  # deferred: only planning needs the solver

    arrays = _arrays(model, hint)
    h = highspy.Highs()
    key = model_key(arrays, f"{h.version()} {h.githash()}") if cache is not None else ""
    if cache is not None and (known := cache.get(key, len(model.cost))) is not None:
        return known
    values, status, complete = _solve(h, arrays)
    if cache is not None and complete:
        cache.put(key, values, status)
    return values, status


def _solve(h: Any, arrays: Mapping[str, Any]) -> tuple[list[float], str, bool]:
    """Hand the arrays to ``h`` and solve; return the column values, the status and whether no time limit hit."""
    import highspy
    import numpy as np

    for option, value in _OPTIONS:
        h.setOptionValue(option, value)
    n = len(arrays["cost"])
    h.addVars(n, np.zeros(n), arrays["upper"])
    h.changeColsCost(n, np.arange(n, dtype=np.int32), arrays["cost"])
    integer = arrays["integer"]
    h.changeColsIntegrality(len(integer), integer, np.array([highspy.HighsVarType.kInteger] * len(integer)))
    lower, index = arrays["row_lower"], arrays["index"]
    h.addRows(len(lower), lower, arrays["row_upper"], len(index), arrays["starts"], index, arrays["values"])
    if len(arrays["hint_cols"]):
        h.setSolution(len(arrays["hint_cols"]), arrays["hint_cols"], arrays["hint_values"])
    h.run()
    status = h.getModelStatus()
    cut_short = status in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt)
    return list(h.getSolution().col_value), h.modelStatusToString(status), not cut_short
