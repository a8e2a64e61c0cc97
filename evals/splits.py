"""Per-split means of an eval run: the table the README shows for the dev and test splits.

``python -m fahrplan.evals.splits RUN_DIR`` prints it for a run directory (``results.json``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from fahrplan.evals.dataset import DEFAULT_DATASET, load_dataset
from fahrplan.evals.schema import EvalResults
from fahrplan.evals.scorers import STRATEGY_SCORERS

__all__ = ["split_means", "split_table"]


def split_means(results: EvalResults, splits: dict[str, str], metrics: Sequence[str]) -> dict[str, dict[str, float]]:
    """Mean of each metric per split (``splits`` maps sample id to split), over the samples scored."""
    out: dict[str, dict[str, float]] = {}
    for split in sorted(set(splits.values())):
        rows = [s for s in results.samples if splits.get(s.sample) == split]
        out[split] = {}
        for metric in metrics:
            values = [v for s in rows if (v := s.scores.get(metric)) is not None]
            if values:
                out[split][metric] = sum(values) / len(values)
    return out


def split_table(results: EvalResults, splits: dict[str, str], metrics: Sequence[str]) -> str:
    """A Markdown table: one row per metric, one column per split (with its sample count)."""
    means = split_means(results, splits, metrics)
    counts = {split: sum(1 for s in results.samples if splits.get(s.sample) == split) for split in means}
    header = "| metric | " + " | ".join(f"{split} (n={counts[split]})" for split in means) + " |"
    lines = [header, "|---|" + "---:|" * len(means)]
    for metric in metrics:
        cells = [f"{means[split][metric]:.3f}" if metric in means[split] else "—" for split in means]
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    """Print the per-split table of the strategy metrics for the run directory ``argv[0]``."""
    results = EvalResults.model_validate_json((Path(argv[0]) / "results.json").read_text(encoding="utf-8"))
    _, samples = load_dataset(DEFAULT_DATASET)
    print(split_table(results, {s.id: s.split for s in samples}, list(STRATEGY_SCORERS)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
