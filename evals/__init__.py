"""Evaluation: contract invariants and (later) scorers and the harness."""

from fahrplan.core.invariants import check_invariants

__all__ = ["check_invariants"]
