"""Pure scorers of the eval harness: each maps ``(Roadmap, ScoreContext)`` to a ``Score`` in [0, 1].

Every scorer is deterministic, does no I/O and knows nothing about the harness that calls it. Most
scores are the share of applicable checks that pass (1.0 = every check passes); the explanation
names the first failures. The checks are documented in each scorer's docstring.

One module per concern: ``contract`` (structure, invariants), ``citations``, ``legal`` (with its
trap patterns in ``traps``), ``plan`` (dependencies, budget, prioritisation, quick wins),
``profile_fit`` (grounding), ``money`` (money case and board summary), ``output_language`` and
``strategy`` (goal and use-case mapping,
tailoring, plan shape, value first, quick wins per module, consistency: against the expert labels);
``base`` holds the tally they share.
:data:`SCORERS` lists them in the order of the results table.
"""

from __future__ import annotations

from fahrplan.evals.scorers.base import Scorer, roadmap_texts
from fahrplan.evals.scorers.citations import citation_support, citation_validity
from fahrplan.evals.scorers.contract import invariants, structure
from fahrplan.evals.scorers.legal import legal_correctness
from fahrplan.evals.scorers.money import board_report, money_traceable
from fahrplan.evals.scorers.output_language import detect_language, language
from fahrplan.evals.scorers.plan import budget, dependencies, prioritisation, quick_wins
from fahrplan.evals.scorers.profile_fit import grounding
from fahrplan.evals.scorers.strategy import (
    STRATEGY_SCORERS,
    consistency,
    goal_mapping,
    plan_shape,
    quick_wins_per_module,
    tailoring,
    use_case_mapping,
    value_first,
)

__all__ = [
    "SCORERS",
    "STRATEGY_SCORERS",
    "Scorer",
    "board_report",
    "budget",
    "citation_support",
    "citation_validity",
    "consistency",
    "dependencies",
    "detect_language",
    "goal_mapping",
    "grounding",
    "invariants",
    "language",
    "legal_correctness",
    "money_traceable",
    "plan_shape",
    "prioritisation",
    "quick_wins",
    "quick_wins_per_module",
    "roadmap_texts",
    "structure",
    "tailoring",
    "use_case_mapping",
    "value_first",
]

SCORERS: dict[str, Scorer] = {
    "structure": structure,
    "invariants": invariants,
    "citation_validity": citation_validity,
    "citation_support": citation_support,
    "legal_correctness": legal_correctness,
    "dependencies": dependencies,
    "budget": budget,
    "grounding": grounding,
    "prioritisation": prioritisation,
    "quick_wins": quick_wins,
    "language": language,
    "money_traceable": money_traceable,
    "board_report": board_report,
    **STRATEGY_SCORERS,
}
