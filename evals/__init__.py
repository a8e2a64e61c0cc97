"""Evaluation of the planner: a versioned dataset, pure scorers, an LLM judge and the Inspect harness.

``dataset`` (samples and the committed baseline's location), ``schema`` (scores and results),
``scorers`` (pure ``(Roadmap, ScoreContext) -> Score`` functions), ``judge`` (LLM-as-judge),
``harness`` with ``inspect_task`` and ``run_dir`` (one run on Inspect), ``compare`` (paired comparison
and the regression gate), ``retrieval_eval`` and ``fakes`` (a scripted chat model). The contract
invariants live in :mod:`fahrplan.core.invariants`.
"""

__all__: list[str] = []
