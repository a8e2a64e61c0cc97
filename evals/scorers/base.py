"""What every scorer shares: the tally that turns checks into a Score, and read-only views of a roadmap."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from fahrplan.core.roadmap import PHASES, Milestone, Roadmap
from fahrplan.evals.schema import Score, ScoreContext

__all__ = [
    "MAX_ITEM_CHARS",
    "MAX_NAMED",
    "Scorer",
    "Tally",
    "all_text",
    "milestones_by_id",
    "module_of",
    "named",
    "phase_index",
    "planned_ids",
    "roadmap_texts",
    "short",
]

Scorer = Callable[[Roadmap, ScoreContext], Score]

# How many failures an explanation names before it summarises the rest.
MAX_NAMED = 4
MAX_ITEM_CHARS = 140


# ------------------------------------------------------------------------------------ tallies ----
@dataclass
class Tally:
    """Counts checks and remembers what failed, then turns that into a Score."""

    noun: str = "checks"
    verb: str = "failed"
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def check(self, ok: bool, failure: str) -> bool:
        """Count one check; remember ``failure`` unless ``ok``. Return ``ok``."""
        self.total += 1
        if not ok:
            self.failures.append(failure)
        return ok

    def score(self, empty: str = "nothing to check", empty_value: float = 1.0) -> Score:
        """The share of passed checks, naming the first failures (``empty_value`` when nothing was checked)."""
        if self.total == 0:
            return Score(empty_value, empty)
        passed = self.total - len(self.failures)
        if not self.failures:
            return Score(1.0, f"all {self.total} {self.noun} pass")
        return Score(
            passed / self.total,
            f"{len(self.failures)} of {self.total} {self.noun} {self.verb}: " + named(self.failures),
        )


def named(items: list[str]) -> str:
    """The first ``MAX_NAMED`` items, shortened, and how many more there are."""
    shown = [short(i) for i in items[:MAX_NAMED]]
    more = f" (+{len(items) - MAX_NAMED} more)" if len(items) > MAX_NAMED else ""
    return "; ".join(shown) + more


def short(text: str, limit: int = MAX_ITEM_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ------------------------------------------------------------------------------------ helpers ----
def milestones_by_id(roadmap: Roadmap) -> dict[str, Milestone]:
    """Every milestone of the roadmap by id."""
    return {ms.id: ms for ms in roadmap.all_milestones()}


def module_of(roadmap: Roadmap) -> dict[str, str]:
    """The module id of every milestone id."""
    return {ms.id: m.id for m in roadmap.modules for ms in m.milestones}


def planned_ids(roadmap: Roadmap) -> set[str]:
    """The initiative ids the modules plan."""
    return {i for m in roadmap.modules for i in m.initiatives}


def phase_index(ms: Milestone) -> int:
    """The position of the milestone's phase (0 for "0-6")."""
    return PHASES.index(ms.phase)


def roadmap_texts(roadmap: Roadmap) -> Iterator[tuple[str, str]]:
    """Yield ``(section, text)`` for every generated text of the roadmap (summary, modules, findings, warnings)."""
    for i, line in enumerate(roadmap.executive_summary):
        yield f"summary[{i}]", line
    for m in roadmap.modules:
        yield f"{m.id}.goal", m.goal
        yield f"{m.id}.value", m.value
        yield f"{m.id}.rationale", m.priority.rationale
        yield f"{m.id}.scaling", m.scaling
        yield f"{m.id}.external", m.resources.external
        for i, sf in enumerate(m.success_factors):
            yield f"{m.id}.success_factors[{i}]", sf
        for r in m.responsibilities:
            yield f"{m.id}.responsibility[{r.role}]", r.tasks
        for d in m.dependencies:
            yield f"{m.id}.dependency[{d.on}]", d.reason
        for ms in m.milestones:
            yield f"{ms.id}.title", ms.title
            yield f"{ms.id}.description", ms.description
    for i, f in enumerate(roadmap.compliance_findings):
        yield f"finding[{i}].rationale", f.rationale
        if f.alternative:
            yield f"finding[{i}].alternative", f.alternative
    for i, w in enumerate(roadmap.warnings):
        yield f"warnings[{i}]", w


def all_text(roadmap: Roadmap) -> str:
    """All generated texts plus the findings' use cases and descriptions, whitespace-normalised, one per line."""
    texts = [t for _, t in roadmap_texts(roadmap)]
    texts += [f.use_case for f in roadmap.compliance_findings]
    texts += [f.description or "" for f in roadmap.compliance_findings]
    return "\n".join(" ".join(t.split()) for t in texts)
