# sme2go: `make demo` installs and serves the demo; `make test` runs every check.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.sme2go-installed

.PHONY: demo install test lint typecheck pytest clean

demo: $(STAMP)
	$(BIN)/sme2go demo

install: $(STAMP)

# Reinstalls only when the dependency pins change, so a second `make demo` starts in seconds.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src/sme2go

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)


clean:
	rm -rf $(VENV) var
