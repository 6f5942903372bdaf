# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# Both install into .venv/ first when needed (`make install`, CONTRACT.md §1).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Quiet, offline Prefect (shared/notes/toolchain.md): no analytics, no telemetry.
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90

.PHONY: install demo test eval bench lint clean

install: $(STAMP)

# pip is upgraded first: pip 23 drops justext's lxml[html_clean] extra (toolchain.md).
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[test]"
	touch $(STAMP)

demo: install
	$(BIN)/swapwatch demo

test: install
	$(BIN)/python -m pytest

eval: install
	$(BIN)/python -m pytest -m eval -q

lint: install
	$(BIN)/python -m pip install -q -c constraints.txt -e ".[test,dev]"
	$(BIN)/ruff check swapwatch flows tasks warehouse tests benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/extract_speed.py

clean:
	rm -rf $(VENV) data .pytest_cache
