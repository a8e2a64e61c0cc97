"""The shared vocabulary: module ids, phases, channels, sectors, risk tiers, verdicts, languages,
graph node names and topologies.

This is the bottom layer: every other package imports these names from here, and this module
imports nothing of Fahrplan's own.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

__all__ = [
    "AGENT_NODES",
    "ENABLING_LEVERS",
    "GRAPH_NODES",
    "GRAPH_TOPOLOGIES",
    "LANGS",
    "LEVERS",
    "LLM_AGENTS",
    "MODULE_IDS",
    "NODE_COMPLIANCE_REVIEW",
    "NODE_COORDINATOR",
    "NODE_MAP_USE_CASES",
    "OUTCOME_LEVERS",
    "PHASES",
    "PHASE_MONTHS",
    "REFINE_MODES",
    "STOPWORDS",
    "TOPOLOGIES",
    "Channel",
    "GraphTopology",
    "Lang",
    "Lever",
    "ModuleId",
    "Phase",
    "RefineMode",
    "RiskTier",
    "Sector",
    "Topology",
    "Verdict",
    "agent_node",
    "norm_lang",
    "phase_of_month",
]

ModuleId = Literal["personalization", "supply_chain", "omnichannel", "upskilling", "data_platform", "compliance"]
MODULE_IDS: tuple[ModuleId, ...] = (
    "personalization",
    "supply_chain",
    "omnichannel",
    "upskilling",
    "data_platform",
    "compliance",
)
Channel = Literal["stores", "webshop", "app", "marketplace", "social_commerce", "catalog"]
Sector = Literal[
    "fashion",
    "grocery",
    "electronics",
    "diy",
    "drugstore",
    "furniture",
    "sporting_goods",
    "general_merchandise",
    "other",
]
RiskTier = Literal["prohibited", "high", "limited", "minimal"]
Verdict = Literal["not_permitted", "permitted_with_conditions", "permitted"]

Phase = Literal["0-6", "6-12", "12-24"]
PHASES: tuple[Phase, ...] = ("0-6", "6-12", "12-24")
PHASE_MONTHS: dict[Phase, tuple[int, int]] = {"0-6": (0, 6), "6-12": (6, 12), "12-24": (12, 24)}
"""First and last month (exclusive) of each phase, counted from the roadmap's start."""


def phase_of_month(month: int) -> Phase:
    """The phase a month (0-based, 0..23) falls in."""
    return next(p for p in PHASES if PHASE_MONTHS[p][0] <= month < PHASE_MONTHS[p][1])


Lever = Literal[
    "availability",
    "waste_markdown",
    "basket_conversion",
    "returns",
    "service_cost",
    "labour_productivity",
    "price_margin",
    "operating_cost",
    "retention",
    "working_capital",
    "reach_new_channel",
    "legal_duty",
    "capability",
]
"""The closed list of value levers: the KPI family a goal is about and an initiative moves."""
LEVERS: tuple[Lever, ...] = get_args(Lever)
ENABLING_LEVERS: tuple[Lever, ...] = ("capability", "legal_duty")
"""Levers that enable value or fulfil a duty but are no business value a board would call a quick win."""
OUTCOME_LEVERS: tuple[Lever, ...] = (
    "availability",
    "waste_markdown",
    "working_capital",
    "returns",
    "service_cost",
    "retention",
)
"""Outcome KPIs that several mechanisms move (forecasting, replenishment and markdowns all cut write-offs): a
less direct initiative moving one of them can still serve the goal. The other levers group unrelated mechanisms
("labour productivity": scheduling, shelf labels, product texts; "new channel": a marketplace is no click &
collect), so only the initiatives that come close to the goal serve it."""

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")

RefineMode = Literal["decide", "rewrite"]
"""How deep an LLM module agent refines the offline draft: decisions from numbered candidates only (any model),
or the decisions plus rewritten texts (a capable model); see agents/refine.py."""
REFINE_MODES: tuple[RefineMode, ...] = ("decide", "rewrite")


def norm_lang(lang: str) -> Lang:
    """Return the output language for ``lang``: English for "en", German for anything else."""
    return "en" if lang == "en" else "de"


# -- the roadmap graph ------------------------------------------------------------------------
# Node names are what the live view shows, what progress callbacks receive and what a checkpoint
# records as finished: renaming one is a checkpoint format change (graph.checkpoint.CHECKPOINT_FORMAT).

NODE_MAP_USE_CASES = "map_use_cases"
"""Maps the profile's planned use cases to catalog initiatives (or compliant alternatives)."""
NODE_COMPLIANCE_REVIEW = "compliance_review"
NODE_COORDINATOR = "coordinator"


def agent_node(module: ModuleId) -> str:
    """Return the name of the graph node that runs ``module``'s agent (also its LLM role name)."""
    return f"agent_{module}"


AGENT_NODES: tuple[str, ...] = tuple(agent_node(m) for m in MODULE_IDS)
GRAPH_NODES: tuple[str, ...] = (NODE_MAP_USE_CASES, *AGENT_NODES, NODE_COMPLIANCE_REVIEW, NODE_COORDINATOR)
"""Every node of the graph, in the order they run."""
LLM_AGENTS: tuple[str, ...] = (*AGENT_NODES, NODE_COORDINATOR)
"""The nodes that call a model with an LLM backend: the keys of the per-agent model setting."""

GraphTopology = Literal["graph", "no_review"]
"""Variants of the multi-agent graph: the full graph, and the ablation without the compliance review."""
GRAPH_TOPOLOGIES: tuple[GraphTopology, ...] = ("graph", "no_review")
Topology = Literal[GraphTopology, "single_prompt"]
"""Every way to plan a roadmap that the eval compares: the graph variants and the one-call baseline."""
TOPOLOGIES: tuple[Topology, ...] = (*GRAPH_TOPOLOGIES, "single_prompt")

STOPWORDS: Final = frozenset(
    (
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "und",
        "oder",
        "aber",
        "auch",
        "als",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "bis",
        "durch",
        "für",
        "fur",
        "gegen",
        "im",
        "in",
        "ins",
        "ist",
        "sind",
        "war",
        "wird",
        "werden",
        "wurde",
        "mit",
        "nach",
        "nicht",
        "nur",
        "ob",
        "so",
        "sowie",
        "über",
        "uber",
        "um",
        "unter",
        "von",
        "vor",
        "wie",
        "wir",
        "zu",
        "zum",
        "zur",
        "sich",
        "sie",
        "es",
        "er",
        "ihr",
        "ihre",
        "ihren",
        "unser",
        "unsere",
        "welche",
        "welcher",
        "wann",
        "was",
        "wer",
        "wo",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "be",
        "been",
        "was",
        "were",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "which",
        "what",
        "when",
        "who",
        "how",
        "do",
        "does",
        "we",
        "our",
        "you",
        "your",
        "can",
        "may",
        "must",
        "should",
        "not",
        "no",
    )
)
"""German and English function words: left out of keyword search, never the last word of a shortened quote."""
