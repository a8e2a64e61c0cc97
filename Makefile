# The README's two commands: `make demo` (main job on the embedded offline default) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PROFILE ?= ../shared/examples/profiles/modehaus-nord.yaml
OUT ?= out/modehaus-nord

.PHONY: demo test setup setup-test chromium lint bench clean

$(BIN)/fahrplan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(BIN)/fahrplan

# The integration test's local LLM server: llama.cpp compiles from source (~8 min once; pip caches the wheel).
$(VENV)/.llm-test: $(BIN)/fahrplan
	$(BIN)/python -m pip install --quiet -e ".[dev,llm-test,eval]"
	touch $(VENV)/.llm-test

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

test: setup-test lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/fanout.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
