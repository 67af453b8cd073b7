# budgetkit: the two commands the README promises.
#   make report   set up, then render the documents in data/ into reports/
#   make test     set up, then run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: setup report test clean bytecode

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP) bytecode

# an editable install is not compiled as a wheel's is, and PYTHONDONTWRITEBYTECODE (set on some
# machines) keeps Python from caching it: every process, each render's kernels among them, then
# compiled budgetkit anew (0.2-0.3 CPU-s a process). Up to date, this step takes a tenth of that.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q budgetkit

report: $(STAMP) bytecode
	$(BIN)/budgetkit render data --out reports --keep-notebooks
	@echo "open reports/index.html"

test: $(STAMP) bytecode
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports/*
