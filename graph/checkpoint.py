"""Resume interrupted runs: a fingerprint of everything that shapes a run, and a SQLite checkpointer.

A run's LangGraph thread id is :func:`run_fingerprint` of its inputs, so a re-run with the same
profile, settings, prompts and knowledge finds the checkpoint of an interrupted run and resumes
it. The state is written with :class:`StateSerializer`: our pydantic models and frozen dataclasses
round-trip exactly (tuples stay tuples), only allow-listed classes are ever reconstructed, and
everything else goes through LangGraph's serializer in strict mode (its built-in safe types only).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints, is_typeddict

import ormsgpack
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver
from pydantic import BaseModel

from fahrplan.core.errors import InternalError
from fahrplan.core.profile import Profile
from fahrplan.core.vocab import MODULE_IDS, NODE_COMPLIANCE_REVIEW, NODE_MAP_USE_CASES, agent_node
from fahrplan.graph.state import State

__all__ = [
    "CHECKPOINT_FORMAT",
    "CheckpointError",
    "StateSerializer",
    "open_checkpointer",
    "resume_point",
    "run_fingerprint",
    "state_types",
]

# Bump when the state layout, a node name or the serializer changes: old checkpoints are then never
# resumed (2: the node "intake" became "map_use_cases").
CHECKPOINT_FORMAT = "2"
_EXT_TUPLE, _EXT_DATACLASS, _EXT_MODEL, _EXT_OTHER = 100, 101, 102, 103
_PACK_OPTIONS = (
    ormsgpack.OPT_NON_STR_KEYS
    | ormsgpack.OPT_PASSTHROUGH_TUPLE
    | ormsgpack.OPT_PASSTHROUGH_DATACLASS
    | ormsgpack.OPT_PASSTHROUGH_DATETIME
    | ormsgpack.OPT_PASSTHROUGH_ENUM
    | ormsgpack.OPT_PASSTHROUGH_UUID
)


class CheckpointError(InternalError, RuntimeError):
    """The checkpoint database cannot be used (the message names the file)."""


def run_fingerprint(
    profile: Profile,
    settings: Mapping[str, Any],
    prompts_hashes: Mapping[str, str],
    knowledge_version: str,
    planner_version: str,
    topology: str,
    *,
    fahrplan_version: str = "",
) -> str:
    """Return the sha256 of everything that changes a run's output, as canonical JSON.

    ``settings`` are the output-relevant settings as JSON values (the application layer chooses
    them: no secrets, no locations, nothing that only tunes the transport).
    """
    chosen = dict(settings)
    payload = {
        "format": CHECKPOINT_FORMAT,
        "profile": profile.model_dump(mode="json"),
        "settings": chosen,
        "prompts": dict(sorted(prompts_hashes.items())),
        "knowledge_version": knowledge_version,
        "planner_version": planner_version,
        "fahrplan_version": fahrplan_version,
        "topology": topology,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@contextmanager
def open_checkpointer(target: Path) -> Iterator[SqliteSaver]:
    """Open a :class:`SqliteSaver` at ``target`` with :class:`StateSerializer`."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target, check_same_thread=False)
        conn.execute("PRAGMA secure_delete = ON")  # a finished run's deleted thread leaves no profile data behind
    except (OSError, sqlite3.Error) as err:
        raise CheckpointError(f"checkpoint database {target} cannot be opened: {err} (or use --no-checkpoint)") from err
    try:
        saver = SqliteSaver(conn, serde=StateSerializer(state_types()))
        try:
            saver.setup()
        except sqlite3.Error as err:
            raise CheckpointError(
                f"checkpoint database {target} cannot be used: {err} (delete it, or use --no-checkpoint)"
            ) from err
        yield saver
    finally:
        conn.close()


def state_types() -> frozenset[type]:
    """Every pydantic model and dataclass reachable from the graph state's type hints."""
    found: set[type] = set()
    _collect(State, found)
    return frozenset(found)


def _collect(tp: Any, found: set[type]) -> None:
    origin = get_origin(tp)
    if origin is not None or isinstance(tp, types.UnionType):
        for arg in get_args(tp):
            _collect(arg, found)
        return
    if not isinstance(tp, type) or tp in found:
        return
    if issubclass(tp, BaseModel):
        found.add(tp)
        hints: Iterable[Any] = (f.annotation for f in tp.model_fields.values())
    elif dataclasses.is_dataclass(tp):
        found.add(tp)
        hints = get_type_hints(tp).values()
    elif is_typeddict(tp):
        hints = get_type_hints(tp).values()
    else:
        return
    for hint in hints:
        _collect(hint, found)


class StateSerializer:
    """Checkpoint serializer for the roadmap state: exact round trips, allow-listed classes only.

    LangGraph's msgpack encoding turns tuples into lists, so frozen dataclasses such as
    ``ModuleDraft`` come back unequal. Here tuples, dataclasses and pydantic models of
    ``allowed`` get their own msgpack extensions; anything else (LangGraph's own values, dates,
    paths) is handed to a strict :class:`JsonPlusSerializer` that reconstructs only its built-in
    safe types. A class name under our extensions that is not allowed raises ``ValueError``.
    """

    def __init__(self, allowed: Iterable[type]) -> None:
        self._allowed = {(cls.__module__, cls.__qualname__): cls for cls in allowed}
        self._inner = JsonPlusSerializer(allowed_msgpack_modules=None)  # strict: safe built-in types only

    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        """Serialize ``obj`` as ("msgpack", bytes); None and bytes as LangGraph does."""
        if obj is None or isinstance(obj, bytes | bytearray):
            return self._inner.dumps_typed(obj)
        return "msgpack", self._pack(obj)

    def loads_typed(self, data: tuple[str, bytes]) -> Any:
        """Deserialize what :meth:`dumps_typed` wrote; a refused or broken value raises ``ValueError``."""
        kind, payload = data
        if kind != "msgpack":
            return self._inner.loads_typed(data)
        problems: list[str] = []  # ormsgpack replaces a hook's error by "ext_hook failed": keep the reason

        def hook(code: int, ext: bytes) -> Any:
            try:
                return self._decode_ext(code, ext, hook)
            except ValueError as err:
                problems.append(str(err))
                raise

        try:
            return ormsgpack.unpackb(payload, ext_hook=hook, option=ormsgpack.OPT_NON_STR_KEYS)
        except ValueError as err:
            raise ValueError(problems[0] if problems else str(err)) from err

    def _pack(self, obj: Any) -> bytes:
        return ormsgpack.packb(obj, default=self._default, option=_PACK_OPTIONS)

    def _default(self, obj: Any) -> ormsgpack.Ext:
        if isinstance(obj, tuple) and not hasattr(obj, "_fields"):
            return ormsgpack.Ext(_EXT_TUPLE, self._pack(list(obj)))
        key = (type(obj).__module__, type(obj).__qualname__)
        if self._allowed.get(key) is type(obj):
            if isinstance(obj, BaseModel):
                # a profile's unset fields are the defaults the roadmap reports as assumed: they stay unset
                dump = obj.model_dump(mode="json", exclude_unset=isinstance(obj, Profile))
                return ormsgpack.Ext(_EXT_MODEL, self._pack([*key, dump]))
            if dataclasses.is_dataclass(obj):
                fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
                return ormsgpack.Ext(_EXT_DATACLASS, self._pack([*key, fields]))
        return ormsgpack.Ext(_EXT_OTHER, self._pack(list(self._inner.dumps_typed(obj))))

    def _decode_ext(self, code: int, data: bytes, hook: Callable[[int, bytes], Any]) -> Any:
        value = ormsgpack.unpackb(data, ext_hook=hook, option=ormsgpack.OPT_NON_STR_KEYS)
        if code == _EXT_TUPLE:
            return tuple(value)
        if code == _EXT_OTHER:
            return self._inner.loads_typed((value[0], value[1]))
        if code in (_EXT_MODEL, _EXT_DATACLASS):
            module, name, fields = value
            cls = self._allowed_class(module, name)
            return cls.model_validate(fields) if issubclass(cls, BaseModel) else cls(**fields)
        raise ValueError(f"unknown msgpack extension {code} in checkpoint")

    def _allowed_class(self, module: str, name: str) -> Any:
        # the class registered at start-up: nothing is imported by a name read from the checkpoint
        cls = self._allowed.get((module, name))
        if cls is None:
            raise ValueError(f"checkpoint holds {module}.{name}, which is not an allow-listed state type")
        return cls


def resume_point(graph: Any, config: Mapping[str, Any]) -> tuple[str, ...] | None:
    """Return the finished nodes of an unfinished run on ``config``'s thread, else None.

    A thread whose run finished is deleted, so the run starts fresh: a finished checkpoint is
    never replayed (the roadmap is planned again; with the LLM cache that costs no tokens).
    LangGraph stores the writes of every node that finished, also in a superstep in which another
    node failed; streaming ``None`` on the thread runs only the nodes without writes.
    """
    try:
        snapshot = graph.get_state(config)
    except (ValueError, sqlite3.DatabaseError, ormsgpack.MsgpackDecodeError) as err:
        raise CheckpointError(f"the checkpoint of this run cannot be read: {err} (or use --no-checkpoint)") from err
    if snapshot.created_at is None:
        return None
    if not snapshot.next:
        graph.checkpointer.delete_thread(config["configurable"]["thread_id"])
        return None
    values = snapshot.values
    finished = [NODE_MAP_USE_CASES] if "matches" in values else []
    drafts = values.get("drafts", {})
    finished += [agent_node(module) for module in MODULE_IDS if module in drafts]
    if "findings" in values:
        finished.append(NODE_COMPLIANCE_REVIEW)
    return tuple(finished)
