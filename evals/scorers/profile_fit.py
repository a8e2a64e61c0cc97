"""The grounding scorer: is the roadmap about this company — its goals, use cases and applicable initiatives."""

from __future__ import annotations

from fahrplan.agents.planning import applicability
from fahrplan.agents.tailoring import processes_personal_data
from fahrplan.core.i18n import shorten
from fahrplan.core.roadmap import Roadmap
from fahrplan.core.untrusted import data_part
from fahrplan.evals.schema import Score, ScoreContext
from fahrplan.evals.scorers.base import Tally, all_text, planned_ids

__all__ = ["GOAL_PREFIX_CHARS", "grounding"]

# The shortest limit the planner quotes a goal with is 60 characters (``quote`` keeps limit - 1).
GOAL_PREFIX_CHARS = 59


def _goal_used(goal: str, text: str) -> bool:
    flat = " ".join((data_part(goal) or goal).split()).casefold()
    return shorten(flat, GOAL_PREFIX_CHARS + 1).removesuffix("…").rstrip() in text  # what the shortest quote shows


def grounding(roadmap: Roadmap, ctx: ScoreContext) -> Score:
    """Score profile grounding (share of checks passed).

    Checks: every planned initiative exists and is applicable to the profile
    (``agents.planning.applicability`` is None); ``roadmap.company["name"]`` is the profile's company
    name; every profile goal is used — its text (or, for goals the planner shortens with
    ``fahrplan.i18n.quote``, the whole words of its first 59 characters; of a goal with wording addressed to
    the tool, the part before it, as ``quote`` shows it) occurs in the roadmap text, case-insensitively;
    every planned use case of the profile has a finding; every planned catalog initiative with an AI
    use case has a finding, and so has every planned initiative that processes personal data under
    compliance rules (merging customer data under a customer key); each ``expect.mentions`` item occurs
    in the text; ``expect.must_plan`` ids are planned and ``expect.must_not_plan`` ids are not.
    """
    tally = Tally(noun="grounding checks")
    catalog, profile = ctx.catalog, ctx.profile
    planned = planned_ids(roadmap)
    for ini_id in sorted(planned):
        ini = catalog.initiatives.get(ini_id)
        reason = "unknown initiative" if ini is None else applicability(ini, profile)
        tally.check(reason is None, f"{ini_id} planned but not applicable ({reason})")
    name = roadmap.company.get("name")
    tally.check(name == profile.company.name, f"company name {name!r} is not {profile.company.name!r}")
    text = all_text(roadmap).casefold()
    for goal in profile.goals:
        tally.check(_goal_used(goal, text), f"goal not used: {goal!r}")
    reviewed = {" ".join(f.use_case.split()) for f in roadmap.compliance_findings}
    for use_case in profile.planned_use_cases:
        tally.check(" ".join(use_case.split()) in reviewed, f"use case not reviewed: {use_case!r}")
    assessed = {f.initiative for f in roadmap.compliance_findings if f.initiative}
    for ini_id in sorted(planned):
        ini = catalog.initiatives.get(ini_id)
        if ini is not None and ini.ai_use_case is not None:
            tally.check(ini_id in assessed, f"AI initiative {ini_id} has no finding")
        elif ini is not None and processes_personal_data(ini, profile):
            tally.check(ini_id in assessed, f"{ini_id} processes personal data but has no finding")
    for mention in ctx.expect.mentions:
        tally.check(mention.casefold() in text, f"mention missing: {mention!r}")
    for ini_id in ctx.expect.must_plan:
        tally.check(ini_id in planned, f"{ini_id} must be planned")
    for ini_id in ctx.expect.must_not_plan:
        tally.check(ini_id not in planned, f"{ini_id} must not be planned")
    return tally.score()
