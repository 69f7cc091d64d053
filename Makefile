# Two commands for a fresh machine with Python 3.11: `make demo` and `make test`.
# Each creates .venv and installs what it needs the first time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := rulesets/armavir-iom-2023

.PHONY: demo test lint typecheck unit check-rulesets docs fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e . --group tests --group typing
	touch $@

demo: $(VENV)/.installed
	$(BIN)/pdrs-rules check $(EXAMPLE).yaml
	$(BIN)/pdrs-rules evaluate $(EXAMPLE).yaml $(EXAMPLE).facts.csv --format text
	$(BIN)/pdrs-rules report $(EXAMPLE).yaml $(EXAMPLE).facts.csv -o report.html
	@echo "The printable report: report.html (open it in a browser)"

# lint-imports: the stages import only the stages below them, and nothing imports in a circle
# (the contracts are in pyproject.toml, the map in docs/architecture.md).
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check pdrs_rules tests benchmarks
	$(BIN)/ruff format --check pdrs_rules tests benchmarks
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# `check` validates rulesets and their case files (*.cases.yaml); `test` runs the cases.
check-rulesets: $(VENV)/.installed
	$(BIN)/pdrs-rules check -q rulesets/*.yaml
	$(BIN)/pdrs-rules test rulesets --fail-under 100

unit: $(VENV)/.installed-dev
	$(BIN)/python -m coverage run -m pytest
	$(BIN)/python -m coverage report

test: lint typecheck check-rulesets unit

# `docs` runs the examples of README.md and docs/*.md (tests/test_docs_examples.py) and writes
# today's outputs into them instead of failing; review the diff like a snapshot's.
docs: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests/test_docs_examples.py --update-docs -q
# `fuzz` runs the structural fuzzing of tests/test_fuzz.py long (`make test` runs 15 examples
# of each target) and prints how far the inputs got (docs/testing.md).
FUZZ_EXAMPLES ?= 2000
fuzz: $(VENV)/.installed-dev
	PDRS_RULES_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz.py -q \
		-p no:cacheprovider --hypothesis-show-statistics

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
