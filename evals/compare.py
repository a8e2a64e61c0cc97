"""Compare two eval runs and gate a run against a committed baseline (pure; no Inspect import).

Per metric the samples scored in both runs are paired and the differences ``b - a`` averaged; a
seeded percentile bootstrap over those differences gives the confidence interval of the mean
difference. Higher scores are better for every metric (scores are in [0, 1], 1 = meets the
criterion), so a positive difference means run B is better.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from fahrplan.core.errors import BadInputError
from fahrplan.evals.schema import EvalResults, RunInfo

__all__ = [
    "RESULTS_FILE",
    "Comparison",
    "GateResult",
    "MetricComparison",
    "ResultsError",
    "bootstrap_ci",
    "compare_runs",
    "comparison_notes",
    "comparison_rows",
    "gate",
    "is_regression",
    "load_results",
    "render_comparison",
    "render_gate",
    "results_path",
]

RESULTS_FILE = "results.json"
TIE_EPSILON = 1e-9


class ResultsError(BadInputError, ValueError):
    """A results file is missing or invalid; the message names the file."""


@dataclass(frozen=True)
class MetricComparison:
    """One metric of two runs, paired over the samples scored in both."""

    metric: str
    diffs: dict[str, float]
    mean_a: float | None
    mean_b: float | None
    mean_diff: float | None
    ci_low: float | None
    ci_high: float | None
    wins: int
    losses: int
    ties: int
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        """Number of paired samples."""
        return len(self.diffs)


@dataclass(frozen=True)
class Comparison:
    """Run B against run A: every metric, and what only one of the runs has."""

    run_a: RunInfo
    run_b: RunInfo
    metrics: list[MetricComparison]
    samples_only_a: list[str]
    samples_only_b: list[str]
    metrics_only_a: list[str]
    metrics_only_b: list[str]
    errors_a: dict[str, str]
    errors_b: dict[str, str]
    confidence: float
    resamples: int
    seed: int

    def metric(self, name: str) -> MetricComparison:
        """Return the comparison of metric ``name`` (KeyError if neither run scored it)."""
        for m in self.metrics:
            if m.metric == name:
                return m
        raise KeyError(name)


@dataclass(frozen=True)
class GateResult:
    """The verdict of :func:`gate`: passed, and every reason it did not."""

    passed: bool
    failures: list[str]
    notes: list[str]
    tolerance: float
    comparison: Comparison


def results_path(path: Path) -> Path:
    """The results file of ``path``: a run directory's ``results.json`` or the file itself."""
    return path / RESULTS_FILE if path.is_dir() else path


def load_results(path: Path) -> EvalResults:
    """Load an eval run from a run directory or a ``results.json``; raise :class:`ResultsError`."""
    file = results_path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultsError(f"{file}: results file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ResultsError(f"{file}: cannot read results file ({err})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ResultsError(f"{file}: not valid JSON ({err})") from None
    try:
        return EvalResults.model_validate(data)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ResultsError(f"{file}: not an eval results file: {where}: {first['msg']}") from None


def _quantile(ordered: list[float], q: float) -> float:
    """Linear-interpolated quantile of an already sorted list (numpy's default method)."""
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def bootstrap_ci(values: list[float], *, resamples: int, seed: int, confidence: float) -> tuple[float, float]:
    """Percentile-bootstrap interval of the mean of ``values`` (deterministic for a seed)."""
    if not values:
        raise ValueError("bootstrap of an empty sample")
    if resamples < 1 or not 0.0 < confidence < 1.0:
        raise ValueError("resamples must be >= 1 and confidence in (0, 1)")
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(resamples))
    alpha = (1.0 - confidence) / 2.0
    return _quantile(means, alpha), _quantile(means, 1.0 - alpha)


def _scored(results: EvalResults, metric: str) -> dict[str, float]:
    return {s.sample: v for s in results.samples if s.error is None and (v := s.scores.get(metric)) is not None}


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _compare_metric(
    metric: str, a: EvalResults, b: EvalResults, *, resamples: int, seed: int, confidence: float
) -> MetricComparison:
    sa, sb = _scored(a, metric), _scored(b, metric)
    paired = sorted(set(sa) & set(sb))
    diffs = {s: sb[s] - sa[s] for s in paired}
    values = list(diffs.values())
    low = high = None
    if values:
        low, high = bootstrap_ci(values, resamples=resamples, seed=seed, confidence=confidence)
    return MetricComparison(
        metric=metric,
        diffs=diffs,
        mean_a=_mean([sa[s] for s in paired]),
        mean_b=_mean([sb[s] for s in paired]),
        mean_diff=_mean(values),
        ci_low=low,
        ci_high=high,
        wins=sum(1 for d in values if d > TIE_EPSILON),
        losses=sum(1 for d in values if d < -TIE_EPSILON),
        ties=sum(1 for d in values if abs(d) <= TIE_EPSILON),
        only_a=sorted(set(sa) - set(sb)),
        only_b=sorted(set(sb) - set(sa)),
    )


def compare_runs(
    a: EvalResults, b: EvalResults, *, resamples: int = 2000, seed: int = 0, confidence: float = 0.95
) -> Comparison:
    """Compare run ``b`` against run ``a`` per metric (paired differences ``b - a``).

    Each metric's bootstrap starts from ``random.Random(seed)``, so a metric's interval does not
    depend on which other metrics the runs contain.
    """
    names_a, names_b = {s.sample for s in a.samples}, {s.sample for s in b.samples}
    metrics_a, metrics_b = set(a.metrics()), set(b.metrics())
    return Comparison(
        run_a=a.run,
        run_b=b.run,
        metrics=[
            _compare_metric(m, a, b, resamples=resamples, seed=seed, confidence=confidence)
            for m in sorted(metrics_a | metrics_b)
        ],
        samples_only_a=sorted(names_a - names_b),
        samples_only_b=sorted(names_b - names_a),
        metrics_only_a=sorted(metrics_a - metrics_b),
        metrics_only_b=sorted(metrics_b - metrics_a),
        errors_a={s.sample: s.error for s in a.samples if s.error is not None},
        errors_b={s.sample: s.error for s in b.samples if s.error is not None},
        confidence=confidence,
        resamples=resamples,
        seed=seed,
    )


def is_regression(m: MetricComparison, tolerance: float) -> bool:
    """A significant regression: mean drop beyond ``tolerance`` and the whole interval below zero."""
    return m.mean_diff is not None and m.ci_high is not None and m.mean_diff < -tolerance and m.ci_high < 0


def _sample_failures(current: EvalResults, baseline: EvalResults) -> list[str]:
    now = {s.sample: s for s in current.samples}
    failures = []
    for s in baseline.samples:
        if s.error is not None or not any(v is not None for v in s.scores.values()):
            continue
        if s.sample not in now:
            failures.append(f"sample {s.sample}: scored in the baseline, missing from this run")
        elif (err := now[s.sample].error) is not None:
            failures.append(f"sample {s.sample}: scored in the baseline, errors now: {err}")
    return failures


def gate(
    current: EvalResults,
    baseline: EvalResults,
    *,
    tolerance: float = 0.01,
    resamples: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
    exact: bool | None = None,
) -> GateResult:
    """Check ``current`` against ``baseline``: fail on a significant regression, a new error or a lost metric.

    ``exact`` (default: both runs offline) fails on any per-sample drop: the offline planner is
    deterministic, so a lower score on one sample is a real change, never noise.
    """
    if tolerance < 0:
        raise ValueError("tolerance must be >= 0")
    comparison = compare_runs(baseline, current, resamples=resamples, seed=seed, confidence=confidence)
    if exact is None:
        exact = current.run.backend == baseline.run.backend == "offline"
    failures = [f"metric {m}: scored in the baseline, missing from this run" for m in comparison.metrics_only_a]
    failures += _sample_failures(current, baseline)
    notes: list[str] = []
    for m in comparison.metrics:
        if is_regression(m, tolerance):
            failures.append(
                f"metric {m.metric}: significant regression, mean {m.mean_diff:+.3f} "
                f"(CI {m.ci_low:+.3f} … {m.ci_high:+.3f}, tolerance {tolerance:g})"
            )
        elif m.losses and exact:
            lower = ", ".join(f"{k} {d:+.3f}" for k, d in sorted(m.diffs.items()) if d < -TIE_EPSILON)
            failures.append(f"metric {m.metric}: lower on {m.losses} of {m.n} sample(s) in deterministic runs: {lower}")
        elif m.losses:
            notes.append(f"metric {m.metric}: lower on {m.losses} of {m.n} sample(s), not a significant regression")
        unscored = [s for s in m.only_a if s in {x.sample for x in current.samples}]
        if unscored:
            notes.append(f"metric {m.metric}: unscored now on {', '.join(unscored)}")
    notes += [f"metric {m}: new in this run (not in the baseline)" for m in comparison.metrics_only_b]
    return GateResult(not failures, failures, notes, tolerance, comparison)


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = (c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def comparison_rows(c: Comparison, tolerance: float | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the per-metric table (shared by the plain text and the rich renderer)."""
    pct = f"{c.confidence:.0%}"
    header = ["metric", "n", "A", "B", "B−A", f"{pct} CI", "W/L/T", ""]
    rows = []
    for m in c.metrics:
        ci = f"{_fmt(m.ci_low, True)} … {_fmt(m.ci_high, True)}" if m.ci_low is not None else "–"
        flag = ""
        if tolerance is not None and is_regression(m, tolerance):
            flag = "REGRESSION"
        elif m.ci_low is not None and m.ci_high is not None and (m.ci_low > 0 or m.ci_high < 0):
            flag = "better" if m.ci_low > 0 else "worse"
        wlt = f"{m.wins}/{m.losses}/{m.ties}"
        rows.append([m.metric, str(m.n), _fmt(m.mean_a), _fmt(m.mean_b), _fmt(m.mean_diff, True), ci, wlt, flag])
    return header, rows


def _run_label(run: RunInfo) -> str:
    parts = [run.run_id, run.topology, run.backend]
    if run.model:
        parts.append(run.model)
    if run.prompts_dir:
        parts.append(f"prompts={run.prompts_dir}")
    return " · ".join(parts)


def comparison_notes(c: Comparison) -> list[str]:
    """Lines about what only one run has (samples, metrics, errors)."""
    notes = []
    for label, items in (
        ("samples only in A", c.samples_only_a),
        ("samples only in B", c.samples_only_b),
        ("metrics only in A", c.metrics_only_a),
        ("metrics only in B", c.metrics_only_b),
    ):
        if items:
            notes.append(f"{label}: {', '.join(items)}")
    for label, errors in (("A", c.errors_a), ("B", c.errors_b)):
        notes += [f"error in {label}, {sample}: {err}" for sample, err in sorted(errors.items())]
    return notes


def render_comparison(c: Comparison) -> str:
    """Plain-text report of a comparison: runs, per-metric table, what only one run has."""
    header, rows = comparison_rows(c)
    lines = [
        f"A: {_run_label(c.run_a)}",
        f"B: {_run_label(c.run_b)}",
        f"paired differences B−A; {c.confidence:.0%} percentile bootstrap, {c.resamples} resamples, seed {c.seed}",
        "",
        _table(header, rows),
    ]
    notes = comparison_notes(c)
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def render_gate(result: GateResult) -> str:
    """Plain-text report of a gate: the baseline (A) against this run (B), failures and notes."""
    c = result.comparison
    header, rows = comparison_rows(c, result.tolerance)
    verdict = "PASSED" if result.passed else f"FAILED ({len(result.failures)} problem(s))"
    lines = [
        f"baseline: {_run_label(c.run_a)}",
        f"run:      {_run_label(c.run_b)}",
        f"regression = mean B−A < −{result.tolerance:g} and the {c.confidence:.0%} CI entirely below 0",
        "",
        _table(header, rows),
        "",
        f"gate {verdict}",
        *(f"  ✗ {f}" for f in result.failures),
        *(f"  · {n}" for n in result.notes),
    ]
    return "\n".join(lines)
