# Two commands on a fresh clone: `make run` and `make test`.
PY ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: run test bench

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/dutyroom $(ARGS)

test: $(STAMP)
	bash .ci/system-deps.sh
	$(VENV)/bin/python -m pytest -n auto $(PYTEST_ARGS)

bench: $(STAMP)
	$(VENV)/bin/python -m dutyroom.bench $(ARGS)
