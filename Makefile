# The README's two commands: `make demo` (main job on the embedded offline default) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PROFILE ?= ../shared/examples/profiles/modehaus-nord.yaml
OUT ?= out/modehaus-nord
EVAL_OUT ?= out/eval-offline

.PHONY: demo test setup setup-test chromium lint bench clean eval-gate eval-baseline vectors

$(BIN)/fahrplan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(BIN)/fahrplan

# The integration test's local LLM server: llama.cpp compiled from source (~8 min once) as a PORTABLE
# wheel: no native CPU flags (a wheel built with -march=native on an AVX-512 machine dies with SIGILL on
# another CPU), baseline AVX2/FMA/F16C, which every x86-64 CI machine here has. The wheel is kept in
# a wheelhouse keyed by version and flags, and installed by file name, so a native wheel from pip's
# own cache can never be picked instead.
LLAMA_VERSION := 0.3.36
LLAMA_FLAGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_BMI2=OFF
LLAMA_TAG := $(shell printf '%s' "$(LLAMA_VERSION) $(LLAMA_FLAGS)" | sha256sum | cut -c1-12)
WHEELHOUSE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/fahrplan-wheels/llama-$(LLAMA_TAG)

$(WHEELHOUSE)/.built:
	mkdir -p $(WHEELHOUSE)
	CMAKE_ARGS="$(LLAMA_FLAGS)" $(PYTHON) -m pip wheel --quiet --no-deps --no-binary llama-cpp-python --no-cache-dir -w $(WHEELHOUSE) "llama-cpp-python==$(LLAMA_VERSION)"
	touch $@

$(VENV)/.llm-test: $(BIN)/fahrplan $(WHEELHOUSE)/.built
	$(BIN)/python -m pip install --quiet --no-deps --force-reinstall $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
	$(BIN)/python -m pip install --quiet -e ".[dev,llm-test,eval]"
	touch $(VENV)/.llm-test

# The eval harness (inspect-ai) without the integration-test server, for the benchmarks.
$(VENV)/.eval: $(BIN)/fahrplan
	$(BIN)/python -m pip install --quiet -e ".[dev,eval]"
	touch $(VENV)/.eval

# Headless Chromium for the HTML report test (Debian's package; the machines run as root).
chromium:
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

setup: $(BIN)/fahrplan

setup-test: $(VENV)/.llm-test chromium

demo: setup
	$(BIN)/fahrplan run $(PROFILE) -o $(OUT) --force

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The offline eval over the whole dataset, gated against the committed baseline (exit 1 on a regression).
eval-gate: setup-test
	$(BIN)/fahrplan eval run --out $(EVAL_OUT) --force
	$(BIN)/fahrplan eval gate $(EVAL_OUT)

# After an intended change of the planner's output: re-run the eval and commit the new baseline.
eval-baseline: setup-test
	$(BIN)/fahrplan eval run --out $(EVAL_OUT) --force
	cp $(EVAL_OUT)/results.json evals/baselines/offline.json

# After editing the knowledge files: recompute the shipped knowledge vectors and stems (only the
# changed entries are embedded) and commit knowledge/data/vectors.npz and stems.json with the edit.
vectors: setup
	$(BIN)/fahrplan kb vectors

test: setup-test lint eval-gate
	$(BIN)/python -m pytest -q

bench: $(VENV)/.eval
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/fanout.py
	$(BIN)/python benchmarks/eval_throughput.py
	$(BIN)/python benchmarks/portfolio.py
	$(BIN)/python benchmarks/concurrency.py

clean:
	rm -rf $(VENV) out eval-runs .pytest_cache .mypy_cache .ruff_cache
