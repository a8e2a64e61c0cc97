"""How a CLI command uses Python's garbage collector: it imports a large stack once, runs, and exits.

Importing LangGraph, pydantic and the planner makes ~130,000 objects that live as long as the
process and almost no garbage, yet the collector walks them again and again: while they are made
(its thresholds count allocations) and at every later full collection, the interpreter's last one
at exit included. So a command loads its modules with collection paused, then *freezes* what they
made (``gc.freeze``: set aside, never walked again) and collects as usual; at exit everything is
frozen, since the operating system takes the memory back anyway. A warm ``fahrplan run`` spends
about 0.35 s less CPU on this (measured in ``benchmarks/process.py``).
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["imports_set_aside", "release", "skip_final_collection"]


def skip_final_collection() -> None:
    """At exit, freeze every object instead of collecting them all one last time (outputs are closed)."""
    atexit.unregister(gc.freeze)  # registered once, however often the CLI runs in one process
    atexit.register(gc.freeze)


@contextmanager
def imports_set_aside() -> Iterator[None]:
    """Import in this block without collecting meanwhile; freeze what exists afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def release() -> None:
    """Hand frozen objects back to the collector (the command is done; in-process callers such as tests go on)."""
    gc.unfreeze()
