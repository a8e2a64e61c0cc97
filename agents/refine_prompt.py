"""What a module agent's prompt shows: compact company facts, the module's steps, numbered candidates.

Only what the decisions of :mod:`agents.refine_fields` need goes into the prompt: the company's
facts without free notes, the module's initiatives with their phases and the goals they serve, the
candidate success factors and KPIs. The caller fences every block as data.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from fahrplan.agents.context import AgentDeps
from fahrplan.agents.drafts import ModuleDraft
from fahrplan.agents.prompts import fence
from fahrplan.agents.refine_fields import Choices, clip
from fahrplan.core.profile import Profile
from fahrplan.core.untrusted import data_part
from fahrplan.core.vocab import PHASES, Lang

__all__ = ["MAX_CANDIDATES", "MAX_KPIS", "choices_of", "draft_block", "numbered", "profile_block", "profile_facts"]

MAX_CANDIDATES = 5
"""Success factors offered at most."""
MAX_KPIS = 4
"""KPIs of the first steps offered at most."""
MAX_TEXT_CHARS = 160
"""A profile text (goal, constraint, use case) is cut to this length in the prompt."""
MAX_LIST = 8


def profile_block(profile: Profile) -> str:
    """The whole profile as fenced YAML data for a prompt (the baseline and the judge)."""
    data = profile.model_dump(mode="json", exclude_none=True)
    return fence(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).strip())


def _texts(items: Sequence[str]) -> list[str]:
    """Profile texts for the prompt: only the part that describes the company (no instruction-like wording)."""
    return [clip(data_part(i), MAX_TEXT_CHARS) or "-" for i in items[:MAX_LIST]]


def profile_facts(profile: Profile, choices: Choices, lang: Lang) -> str:
    """The company facts a module's decisions need, as compact YAML with the goals numbered (not fenced)."""
    c, d = profile.company, profile.data_and_it
    company = {"name": c.name, "sector": c.sector, "country": c.country, "stores": c.stores, "employees": c.employees}
    if c.channels:
        company["channels"] = ", ".join(c.channels)
    if c.online_share_pct is not None:
        company["online_share_pct"] = c.online_share_pct
    data: dict[str, object] = {
        "company": company,
        "data_maturity": f"{d.maturity}/5" + (f", data quality {d.data_quality}" if d.data_quality else ""),
        "goals": {n: g for n, g in enumerate(_texts(choices.goals), start=1)},
    }
    if profile.constraints:
        data["constraints"] = _texts(profile.constraints)
    if profile.planned_use_cases:
        data["planned_use_cases"] = _texts(profile.planned_use_cases)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000).strip()


def _initiatives(draft: ModuleDraft) -> list[str]:
    """The draft's initiatives in the order of their first milestone."""
    return list(dict.fromkeys(m.initiative for m in draft.milestones))


def draft_block(draft: ModuleDraft, choices: Choices) -> str:
    """One line per initiative of the draft: its phases, its title, the numbers of the goals it serves."""
    lines = []
    for ini in _initiatives(draft):
        steps = [m for m in draft.milestones if m.initiative == ini]
        phases = " → ".join(dict.fromkeys(m.phase for m in steps))
        title = steps[0].title.rpartition(":")[0] or steps[0].title
        served = draft.assessments[ini].matched_goals if ini in draft.assessments else ()
        goals = ", ".join(str(choices.goals.index(g) + 1) for g in served if g in choices.goals) or "-"
        lines.append(f"- {phases} | {title} | goals: {goals}")
    return "\n".join(lines)


def numbered(items: Sequence[str]) -> str:
    """``[1] item`` lines (not fenced); "-" for none."""
    return "\n".join(f"[{n}] {item}" for n, item in enumerate(items, start=1)) or "-"


def choices_of(draft: ModuleDraft, profile: Profile, deps: AgentDeps) -> Choices:
    """The numbered candidates of ``draft``: goals it serves, success factors, the first steps' KPIs."""
    catalog, lang = deps.catalog, deps.lang
    goals = tuple(profile.goals)
    inis = _initiatives(draft)
    served = [g for ini in inis if ini in draft.assessments for g in draft.assessments[ini].matched_goals]
    factors_all = [[sf.get(lang) for sf in catalog.initiatives[i].success_factors] for i in inis]
    # the offline plan shows the first two of each initiative: offer those first, then the rest
    factors = list(dict.fromkeys([*(f for fs in factors_all for f in fs[:2]), *(f for fs in factors_all for f in fs)]))
    first = min((PHASES.index(m.phase) for m in draft.milestones), default=0)
    steps = [m for m in draft.milestones if PHASES.index(m.phase) == first and m.kpis]
    kpis = list(dict.fromkeys(k for m in steps for k in m.kpis))[:MAX_KPIS]
    return Choices(
        goals=goals,
        served=tuple(dict.fromkeys(goals.index(g) + 1 for g in served if g in goals)),
        factors=tuple(factors[:MAX_CANDIDATES]),
        kpis=tuple(kpis),
    )
