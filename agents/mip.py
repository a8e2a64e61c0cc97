"""A small mixed-integer model, collected in Python lists and solved by HiGHS deterministically.

The portfolio solver (:mod:`fahrplan.agents.portfolio`) states its model through :class:`MipModel`;
:func:`run_mip` hands it to HiGHS with one thread, a fixed seed and a node limit, so the same model gives the
same answer on every machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["MipModel", "run_mip"]

_NODE_LIMIT: Final = 20_000
_GAP: Final = 5e-3
_TIME_LIMIT: Final = 30.0  # a safety net only; the node limit and the gap end every dataset sample first


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


def run_mip(model: MipModel, hint: Mapping[int, float] | None = None) -> tuple[list[float], str]:
    """Solve with HiGHS (one thread, fixed seed, node limit: deterministic); return column values.

    ``hint`` gives integer columns of a known feasible plan; HiGHS completes the rest and starts the
    search from it (a warm start: an answer as good within the gap, found sooner; it may be another one
    of equal value).
    """
    import highspy  # deferred: only planning needs the solver
    import numpy as np

    h = highspy.Highs()
    for option, value in (
        ("output_flag", False),
        ("threads", 1),
        ("random_seed", 0),
        ("mip_rel_gap", _GAP),
        ("mip_max_nodes", _NODE_LIMIT),
        ("time_limit", _TIME_LIMIT),
    ):
        h.setOptionValue(option, value)
    n = len(model.cost)
    h.addVars(n, np.zeros(n), np.array(model.upper))
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.array(model.cost))
    integer = np.array([i for i, flag in enumerate(model.integer) if flag], dtype=np.int32)
    h.changeColsIntegrality(len(integer), integer, np.array([highspy.HighsVarType.kInteger] * len(integer)))
    starts, index, values = [0], [], []
    for _, _, terms in model.rows:
        for col in sorted(terms):
            index.append(col)
            values.append(terms[col])
        starts.append(len(index))
    lower = np.array([r[0] for r in model.rows])
    upper = np.array([r[1] for r in model.rows])
    h.addRows(
        len(model.rows),
        lower,
        upper,
        len(index),
        np.array(starts[:-1], dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(values),
    )
    if hint:
        cols = sorted(hint)
        h.setSolution(len(cols), np.array(cols, dtype=np.int32), np.array([hint[c] for c in cols]))
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    return list(h.getSolution().col_value), status
