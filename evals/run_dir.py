"""The run directory of an eval: the per-sample results read from Inspect's log, and the files written.

A run directory holds ``results.json`` (:class:`~fahrplan.evals.schema.EvalResults`),
``roadmaps/<id>.json`` and Inspect's log under ``logs/``, renamed to a stable name so that offline
runs are byte-reproducible apart from the timing fields (``latency_s``, ``duration_s``, ``created_at``).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalLog

from fahrplan.agents import PLANNER_VERSION
from fahrplan.app.output import OutputError, write_outputs
from fahrplan.evals.inspect_task import LATENCY_KEY, ROADMAP_KEY, TASK_NAME
from fahrplan.evals.schema import EvalResults, SampleResult

__all__ = [
    "check_out_dir",
    "clear_previous_run",
    "prompt_info",
    "relative",
    "sample_results",
    "stable_log",
    "write_run",
]


def check_out_dir(out: Path, force: bool) -> None:
    """Refuse a run directory that is a file, or not empty without ``force`` (OutputError)."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise OutputError(f"{out}: run directory exists and is not empty (use --force to overwrite)")


def clear_previous_run(out: Path) -> None:
    """With --force: drop the previous run's roadmaps and Inspect logs so nothing stale remains."""
    for sub in ("roadmaps", "logs"):
        folder = out / sub
        if folder.is_dir():
            for item in folder.iterdir():
                if item.is_file() and item.suffix in (".json", ".eval"):
                    item.unlink()


# -- results from the log ---------------------------------------------------------------------


def _float_or_none(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if math.isnan(value) else round(float(value), 6)


def _usage_totals(roadmap: Mapping[str, Any]) -> tuple[int, int, float | None]:
    total = (roadmap.get("generated_with") or {}).get("usage", {}).get("total", {})
    cost = total.get("cost_usd")
    return int(total.get("input_tokens", 0)), int(total.get("output_tokens", 0)), cost


def sample_results(log: EvalLog, ids: Sequence[str]) -> tuple[list[SampleResult], dict[str, dict[str, Any]]]:
    """Each sample's result (sorted by id; a sample missing from the log is an error) and its roadmap JSON."""
    by_id = {str(s.id): s for s in (log.samples or [])}
    results: list[SampleResult] = []
    roadmaps: dict[str, dict[str, Any]] = {}
    for sid in sorted(ids):
        logged = by_id.get(sid)
        if logged is None:
            results.append(SampleResult(sample=sid, error="not run (missing from the Inspect log)"))
            continue
        roadmap = logged.store.get(ROADMAP_KEY)
        error = logged.error.message if logged.error is not None else None
        if roadmap is None and error is None:
            error = "the solver produced no roadmap"
        scores = {name: _float_or_none(s.value) for name, s in sorted((logged.scores or {}).items())}
        explanations = {name: s.explanation or "" for name, s in sorted((logged.scores or {}).items())}
        tokens_in, tokens_out, cost = _usage_totals(roadmap or {})
        results.append(
            SampleResult(
                sample=sid,
                scores={} if error else scores,
                explanations={} if error else explanations,
                latency_s=float(logged.store.get(LATENCY_KEY, 0.0)),
                input_tokens=tokens_in,
                output_tokens=tokens_out,
                cost_usd=cost,
                error=error,
            )
        )
        if roadmap is not None:
            roadmaps[sid] = roadmap
    return results, roadmaps


def prompt_info(roadmaps: Mapping[str, Mapping[str, Any]]) -> tuple[str, dict[str, str]]:
    """The prompt set the roadmaps record (the same for every sample of a run); the planner's version offline."""
    for _sid, data in sorted(roadmaps.items()):
        generated = data.get("generated_with") or {}
        return str(generated.get("prompt_version", "")), dict(generated.get("prompt_hashes") or {})
    return PLANNER_VERSION, {}


# -- files ------------------------------------------------------------------------------------


def stable_log(location: str, log_dir: Path) -> Path:
    """Rename Inspect's log (its name carries a timestamp) to ``logs/<task>.eval``, so results.json is stable."""
    source = Path(location)
    target = log_dir / f"{TASK_NAME}{source.suffix}"
    if source.resolve() != target.resolve():
        os.replace(source, target)
    return target


def relative(path: Path, out: Path) -> str:
    """``path`` relative to the run directory ``out`` (as given when it lies elsewhere)."""
    try:
        return str(path.resolve().relative_to(out.resolve()))
    except ValueError:
        return str(path)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_run(out: Path, results: EvalResults, roadmaps: Mapping[str, Any]) -> list[Path]:
    """Write results and roadmaps all-or-nothing (roadmaps first into their own folder)."""
    files = {f"{sid}.json": _json(data) for sid, data in sorted(roadmaps.items())}
    written = write_outputs(out / "roadmaps", files, force=True, lang="en") if files else []
    top = {"results.json": _json(results.model_dump(mode="json"))}
    return [*written, *write_outputs(out, top, force=True, lang="en")]
