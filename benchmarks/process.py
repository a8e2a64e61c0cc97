"""Whole-process figures: ``fahrplan --help``, a warm offline run, and a first run on an empty cache.

Each figure is the median of ``repeat`` fresh processes after one warm-up process (which also
writes the bytecode caches: ``PYTHONDONTWRITEBYTECODE`` is dropped from the children's environment,
as a user's shell does not set it), with the wall time, the CPU time (user + system, which a
shared machine's load inflates far less than the wall time) and the peak RSS of each process
(``os.wait4``).
The first run gets a new, empty cache directory every time: it builds the knowledge store
(from the shipped vectors) and plans. ``tree`` selects the source tree on ``PYTHONPATH``, so
an older checkout can be measured the same way for a before/after comparison.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ProcessFigure", "measure_processes", "print_processes"]

PROFILE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "profiles" / "modehaus-nord.yaml"


@dataclass(frozen=True)
class ProcessFigure:
    """Wall seconds, CPU seconds and peak RSS (MiB) of each measured process."""

    name: str
    walls: list[float]
    rss_mib: list[float]
    cpus: list[float]


# A small launcher process runs each measured command: a child forked (or vforked) by this large
# process would count this process's pages in its own peak RSS (the kernel keeps the high-water
# mark of the memory it had before exec), so the children must come from a small parent.
LAUNCHER = """
import json, os, subprocess, sys, time
args, env, log, cwd = json.loads(sys.stdin.read())
with open(log, "wb") as err:
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
print(json.dumps([wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime]))
"""


def _child(args: list[str], env: dict[str, str], log: Path) -> tuple[float, float, float]:
    """Run ``python -m fahrplan ARGS`` from the launcher; return its wall seconds, peak RSS in MiB and CPU seconds."""
    # run in the tree: ``python -m`` puts the working directory first on sys.path, before PYTHONPATH
    request = json.dumps([[sys.executable, "-m", "fahrplan", *args], env, str(log), env["PYTHONPATH"]])
    done = subprocess.run([sys.executable, "-S", "-c", LAUNCHER], input=request, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"launcher failed: {done.stderr[-2000:]}")
    wall, rss_kib, code, cpu = json.loads(done.stdout)
    if code != 0:
        raise RuntimeError(f"fahrplan {' '.join(args)} exited {code}: {log.read_text(errors='replace')[-2000:]}")
    return float(wall), rss_kib / 1024, float(cpu)  # KiB on Linux


def _figure(name: str, repeat: int, once: Callable[[int], tuple[float, float, float]]) -> ProcessFigure:
    once(-1)  # warm-up
    runs = [once(i) for i in range(repeat)]
    return ProcessFigure(name, [w for w, _, _ in runs], [r for _, r, _ in runs], [c for _, _, c in runs])


def measure_processes(tree: Path, repeat: int = 5, first_repeat: int = 5) -> list[ProcessFigure]:
    """Measure the three whole-process figures with the sources in ``tree``."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)

        def env(cache: Path) -> dict[str, str]:
            keep = {  # offline, default dirs, bytecode caches written (the warm-up writes them)
                k: v for k, v in os.environ.items() if not k.startswith("FAHRPLAN_") and k != "PYTHONDONTWRITEBYTECODE"
            }
            return {**keep, "PYTHONPATH": str(tree), "XDG_CACHE_HOME": str(cache)}

        run = ["run", str(PROFILE), "-o", str(root / "out"), "--format", "json", "--force", "--quiet"]
        warm, log = env(root / "warm"), root / "err.log"
        figures = [
            _figure("fahrplan --help", repeat, lambda _: _child(["--help"], warm, log)),
            _figure("warm offline run (modehaus-nord, json)", repeat, lambda _: _child(run, warm, log)),
            _figure(
                "first run, empty cache (build + run)", first_repeat, lambda i: _child(run, env(root / f"f{i}"), log)
            ),
        ]
    return figures


def print_processes(figures: list[ProcessFigure], planning_s: float, label: str = "") -> None:
    """One line per figure: median wall, max peak RSS, and the in-process planning time beside it."""
    print(f"whole process{label} (median of {len(figures[0].walls)} after a warm-up; 2 cores, shared):")
    for fig in figures:
        median = statistics.median(fig.walls)
        print(
            f"  {fig.name:40s} {median:6.2f} s (min {min(fig.walls):.2f}, max {max(fig.walls):.2f})  "
            f"CPU {statistics.median(fig.cpus):5.2f} s  "
            f"peak RSS {max(fig.rss_mib):6.1f} MiB   in-process planning {planning_s:5.2f} s"
        )
