# The two commands a new user needs: `make play` and `make test`.
# Both create .venv on first use and install the project into it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: play test lint bench fuzz clean

play: $(STAMP)
	$(PY) -m game play

test: $(STAMP)
	$(PY) -m ruff check game tests bench
	$(PY) -m mypy game
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -n auto --maxprocesses=4

# Every test marked `fuzz` (tests/fuzzing.py) at length: thousands of saves, scenarios and typed lines, 100,000 window events.
fuzz: $(STAMP)
	DUAL_POWER_FUZZ=long SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(PY) -m pytest -m fuzz -p no:cacheprovider

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/saves.py
	$(PY) bench/ui.py

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Dual Power needs Python 3.11 or newer; set PYTHON=python3.11 (or newer) and try again")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
