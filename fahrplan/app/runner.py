"""Run the roadmap graph for a profile: wire settings, catalog, store, agents and model; stream progress."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver

from fahrplan.agents import PLANNER_VERSION
from fahrplan.agents.context import AgentDeps
from fahrplan.agents.limiter import AdaptiveLimiter
from fahrplan.agents.llm import LLMRuntime, ResponseCache, StructuredLLM, Tracer, make_chat_model, usage_summary
from fahrplan.agents.prompts import load_prompts
from fahrplan.agents.solver_cache import SolverCache
from fahrplan.app.paths import kb_dir, llm_cache_dir, solver_cache_dir
from fahrplan.app.settings import Settings, SettingsError, fingerprint_settings
from fahrplan.core.profile import Profile
from fahrplan.core.provenance import fahrplan_version, reproducible_timestamp
from fahrplan.core.roadmap import GeneratedWith, Roadmap
from fahrplan.core.texts import t
from fahrplan.core.vocab import AGENT_NODES, LLM_AGENTS, GraphTopology
from fahrplan.core.weights import Weights
from fahrplan.graph.builder import RunContext, build_graph
from fahrplan.graph.checkpoint import resume_point, run_fingerprint
from fahrplan.knowledge.catalog import Catalog, load_catalog
from fahrplan.knowledge.store import KnowledgeStore

__all__ = [
    "LLMRuntime",
    "build_llm",
    "fahrplan_version",
    "make_limiter",
    "open_store",
    "reproducible_timestamp",
    "run_context",
    "run_roadmap",
    "structured_llm",
]

ProgressCallback = Callable[[str], None]
ResumeCallback = Callable[[str], None]


def open_store(settings: Settings, catalog: Catalog | None = None) -> KnowledgeStore:
    """Open (building if needed) the knowledge store configured in ``settings``."""
    directory = kb_dir(settings)  # also keeps the parsed knowledge YAML between runs
    catalog = catalog or load_catalog(cache_dir=directory)
    return KnowledgeStore.open(catalog, directory, url=settings.chroma_url)


def make_limiter(settings: Settings) -> AdaptiveLimiter:
    """The adaptive limit on requests in flight to the configured endpoint (one per endpoint and run)."""
    return AdaptiveLimiter(settings.max_concurrency, headroom_s=settings.timeout_s / 2, max_hold_s=settings.timeout_s)


def structured_llm(
    settings: Settings,
    names: Mapping[str, str],
    *,
    tracer: Tracer | None = None,
    limiter: AdaptiveLimiter | None = None,
) -> StructuredLLM:
    """One structured caller for ``names`` (role -> model name, with "default") on the configured endpoint.

    ``limiter``: share one adaptive limit between callers on the same endpoint (an eval's samples);
    default: a limiter of its own.
    """
    key = settings.api_key.get_secret_value() if settings.api_key else None
    factory = partial(
        make_chat_model,
        base_url=settings.base_url,
        api_key=key,
        temperature=settings.temperature,
        timeout_s=settings.timeout_s,
        max_tokens=settings.max_output_tokens,
        token_limit_param=settings.token_limit_param,
    )
    return StructuredLLM(
        models={role: factory(model=name) for role, name in names.items()},
        model_names=dict(names),
        method=settings.structured_method,
        params={"temperature": settings.temperature, "max_tokens": settings.max_output_tokens},
        cache=ResponseCache(llm_cache_dir(settings)) if settings.use_cache else None,
        max_retries=settings.max_retries,
        tracer=tracer,
        prices=settings.prices,
        limiter=limiter or make_limiter(settings),
    )


def build_llm(
    settings: Settings, *, tracer: Tracer | None = None, limiter: AdaptiveLimiter | None = None
) -> LLMRuntime:
    """Create the model clients for every agent from ``settings`` (OpenAI-compatible endpoint).

    ``limiter``: an adaptive limit shared with other runs on the same endpoint (default: its own).
    """
    if not settings.model:
        raise SettingsError("setting 'model' is required for an LLM backend (FAHRPLAN_MODEL or --model)")
    names = {"default": settings.model, **{agent: settings.model_for(agent) or settings.model for agent in LLM_AGENTS}}
    return LLMRuntime(
        structured_llm(settings, names, tracer=tracer, limiter=limiter), load_prompts(settings.prompts_dir)
    )


def knowledge_fingerprint(store: KnowledgeStore) -> str:
    """The knowledge version plus a digest of the ingested documents (both shape retrieval)."""
    ids = "\n".join(doc_id for doc_id, _ in store.documents())
    return f"{store.catalog.version}+docs:{hashlib.sha256(ids.encode()).hexdigest()[:12]}"


def _fingerprint(
    profile: Profile,
    settings: Settings,
    generated_with: GeneratedWith,
    runtime: LLMRuntime | None,
    store: KnowledgeStore,
    topology: GraphTopology,
) -> str:
    """Thread id of this run: the models actually used (an injected runtime may differ from the settings)."""
    effective = settings.model_copy(
        update={
            "backend": generated_with.backend,
            "model": generated_with.model,
            "agent_models": dict(runtime.llm.model_names) if runtime else {},
        }
    )
    return run_fingerprint(
        profile,
        fingerprint_settings(effective),
        generated_with.prompt_hashes,
        knowledge_fingerprint(store),
        PLANNER_VERSION,
        topology,
        fahrplan_version=generated_with.fahrplan_version,
    )


def _stream(
    graph: Any, stream_input: Any, config: Any, context: RunContext, on_progress: ProgressCallback | None
) -> Roadmap:
    """Run the graph; report each node that ran (not replayed writes of a resumed run); return the roadmap."""
    final: Roadmap | None = None
    durability = "sync" if "configurable" in config else None  # a checkpoint is on disk before the next step
    for update in graph.stream(stream_input, config, context=context, stream_mode="updates", durability=durability):
        replayed = isinstance(update.get("__metadata__"), dict) and update["__metadata__"].get("cached")
        for node, values in update.items():
            if node.startswith("__"):
                continue
            if on_progress is not None and not replayed:
                on_progress(node)
            if isinstance(values, dict) and "roadmap" in values:
                final = values["roadmap"]
    if final is None:
        raise RuntimeError("the graph finished without a roadmap")
    return final


def run_context(settings: Settings, store: KnowledgeStore, runtime: LLMRuntime | None = None) -> RunContext:
    """The graph's runtime context: agent dependencies, run metadata and, with a runtime, the LLM agents."""
    deps = AgentDeps(
        catalog=store.catalog,
        retriever=store,
        weights=Weights(
            settings.weight_impact, settings.weight_feasibility, settings.quadrant_threshold, settings.criteria
        ),
        lang=settings.lang,
        phase_budget_shares=settings.phase_budget_shares,
        start_month=settings.start,
        solver_cache=SolverCache(solver_cache_dir(settings)) if settings.use_cache else None,
    )
    backend = "openai" if runtime is not None else "offline"
    generated_with = GeneratedWith(
        backend=backend,
        model=runtime.llm.model_names["default"] if runtime else None,
        prompt_version=runtime.prompts.version if runtime else PLANNER_VERSION,
        knowledge_version=store.catalog.version,
        created_at=reproducible_timestamp(backend),
        language=settings.lang,
        fahrplan_version=fahrplan_version(),
        planner_version=PLANNER_VERSION,
        prompt_hashes=runtime.prompts.hashes() if runtime else {},
    )
    if runtime is None:
        return RunContext(deps=deps, generated_with=generated_with)
    # the LLM agents bring langchain-core's message and model classes: imported only for an LLM run
    from fahrplan.agents.lever_refine import LeverClassifier
    from fahrplan.agents.refine import LLMModulePlanner
    from fahrplan.agents.refine_summary import refine_summary

    return RunContext(
        deps=deps,
        generated_with=generated_with,
        planner=LLMModulePlanner(runtime.llm, runtime.prompts, settings.refine_mode),
        classifier=LeverClassifier(runtime.llm, runtime.prompts),
        summarizer=partial(refine_summary, llm=runtime.llm, prompts=runtime.prompts),
    )


def run_roadmap(
    profile: Profile,
    settings: Settings,
    *,
    store: KnowledgeStore | None = None,
    on_progress: ProgressCallback | None = None,
    runtime: LLMRuntime | None = None,
    topology: GraphTopology = "graph",
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    on_resume: ResumeCallback | None = None,
) -> Roadmap:
    """Plan a roadmap for ``profile``; ``on_progress`` is called with each finished node's name.

    Offline unless ``runtime`` is given or the settings configure an endpoint. ``topology``
    selects the graph variant (see :func:`graph.builder.build_graph`). With a ``checkpointer``
    the run is a thread keyed by the fingerprint of its inputs: an interrupted run with the same
    fingerprint is resumed (finished agents are not run again; ``on_resume`` gets the message,
    which is also added to the roadmap's warnings), and a finished run's thread is deleted.
    """
    store = store or open_store(settings)
    if runtime is None and settings.resolved_backend == "openai":
        runtime = build_llm(settings)
    context = run_context(settings, store, runtime)
    generated_with = context.generated_with
    graph = build_graph(topology=topology, checkpointer=checkpointer)
    config: Any = {"max_concurrency": settings.max_concurrency}
    notice: str | None = None
    if checkpointer is not None:
        thread_id = _fingerprint(profile, settings, generated_with, runtime, store, topology)
        config["configurable"] = {"thread_id": thread_id}
        notice = _resume(graph, config, settings.lang, runtime is not None, on_progress, on_resume)
    final = _stream(graph, {"profile": profile} if notice is None else None, config, context, on_progress)
    if checkpointer is not None:
        checkpointer.delete_thread(config["configurable"]["thread_id"])  # only interrupted runs are kept
    return _finish(final, notice, runtime)


def _resume(
    graph: Any,
    config: Any,
    lang: str,
    llm: bool,
    on_progress: ProgressCallback | None,
    on_resume: ResumeCallback | None,
) -> str | None:
    """If the thread holds an interrupted run, report its finished nodes and return the notice; else None."""
    reused = resume_point(graph, config)
    if reused is None:
        return None
    notice = t("w_resumed", lang, n=sum(node in AGENT_NODES for node in reused))
    notice += t("w_resumed_usage", lang) if llm else ""
    if on_resume is not None:
        on_resume(notice)
    for node in reused:
        if on_progress is not None:
            on_progress(node)
    return notice


def _finish(final: Roadmap, notice: str | None, runtime: LLMRuntime | None) -> Roadmap:
    """Add the resume notice and the usage accounting to the roadmap."""
    update: dict[str, Any] = {}
    if notice is not None:
        update["warnings"] = [*final.warnings, notice]
    if runtime is not None:
        usage = usage_summary(runtime.llm.usage)
        if runtime.llm.limiter is not None:
            usage["concurrency"] = runtime.llm.limiter.summary()
        update["generated_with"] = final.generated_with.model_copy(update={"usage": usage})
    return final.model_copy(update=update) if update else final
