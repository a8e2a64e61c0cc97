"""Legal checks on the plan rather than on one finding: gates before go-live, reviews of merged customer data."""

from __future__ import annotations

from collections.abc import Iterator

from fahrplan.core.roadmap import Roadmap
from fahrplan.evals.scorers.base import milestones_by_id, planned_ids, short
from fahrplan.knowledge.catalog import Catalog

__all__ = ["gate_problems", "merging_problems"]


def gate_problems(roadmap: Roadmap, catalog: Catalog) -> Iterator[tuple[str, bool]]:
    """A use case goes live only after the measures that gate it are in place (legal review item 6).

    The go-live is the step of the finding's initiative it reviews (the pilot; the scale step for the
    purpose a scale step adds); every required measure that a catalog initiative delivers must have
    finished its first step by then. A gate in the backlog keeps the use case in the backlog too.
    """
    steps = milestones_by_id(roadmap)
    for f in roadmap.compliance_findings:
        live = steps.get(f"{f.initiative}.{f.step}") if f.initiative and f.verdict != "not_permitted" else None
        if live is None or live.start_month is None:
            continue
        for measure_id in f.measure_ids:
            measure = catalog.measures.get(measure_id)
            if (
                measure is None
                or measure.initiative is None
                or measure.initiative == f.initiative
                or not measure.gates_go_live  # accompanies the use (Art. 4 literacy), no gate
            ):
                continue
            gate = steps.get(f"{measure.initiative}.pilot")
            label = f"{short(f.use_case, 50)!r} (go-live month {live.start_month})"
            if gate is None or gate.start_month is None:
                yield f"{label}: goes live although its gate {measure_id} is not planned", False
            else:
                ready = gate.start_month + (gate.months or 0)
                yield (
                    f"{label}: goes live before its gate {measure_id} is in place (month {ready})",
                    (ready <= live.start_month),
                )


_MERGING = "customer_data_merging"


def merging_problems(roadmap: Roadmap) -> Iterator[tuple[str, bool]]:
    """Merging customer data under a customer key (customer data foundation, POS-online integration with a
    customer card — there the rollout merges, the pilot joins item and store keys) needs a DPIA and names the DSK
    list item (legal review item 3)."""
    steps, planned = milestones_by_id(roadmap), planned_ids(roadmap)
    for f in roadmap.compliance_findings:
        # the step that merges: the pilot of the customer data foundation, the rollout of the POS-online feed
        if not f.initiative or f.initiative not in planned or _MERGING not in f.rules:
            continue
        if f"{f.initiative}.{f.step}" in steps:
            yield f"{f.initiative}: merging customer data without a DPIA", "dpia" in f.measure_ids
            yield (
                f"{f.initiative}: DPIA without the DSK list item",
                any(c.startswith("dsk.dpia_list.") for c in f.citations),
            )
