# Two commands on a fresh machine: `make serve` and `make test` (see README.md).
# Data flow: rules/*.yaml -> build/regles/regles.<hash>.json + docs pages -> site/ (with Pyodide and the engine wheel).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test site regles wheel venv npm system chromium bench fraicheur clean

# What a fresh Debian machine with only python3 lacks: the venv module (python3-venv) and Node.js
# with npm (Pyodide comes from npm). Installed with apt, as root or with sudo, like chromium below.
system:
	@missing=""; \
	$(PYTHON) -c "import ensurepip, venv" >/dev/null 2>&1 || missing="$$missing python3-venv"; \
	command -v node >/dev/null 2>&1 || missing="$$missing nodejs"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installation des paquets Debian manquants :$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt | system
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json | system
	npm ci --no-audit --no-fund
	touch $@

# Validate and compile the rules (French errors with file:line:column; nothing written on error).
regles: venv
	$(PY) -m build_scripts.compile_rules

# The engine as an ordinary py3-none-any wheel (no pyodide-build: see README).
wheel: venv
	rm -rf build/wheel build/lib build/bdist.* *.egg-info
	mkdir -p build
	$(PY) -m build --wheel --no-isolation --outdir build/wheel . > build/wheel.log 2>&1 || (cat build/wheel.log; exit 1)
	rm -rf build/lib build/bdist.* *.egg-info

site: venv npm regles wheel
	$(VENV)/bin/mkdocs build --strict

# The editors' live preview: one rebuild per save (rules/, docs/, engine/), a banner on every page
# while a rule has an error (build_scripts/preview.py). The hook compiles the rules and (re)builds
# the engine's wheel itself; `make site` is the strict build.
serve: venv npm
	@echo "Guide servi sur http://127.0.0.1:8000 (Ctrl+C pour arrêter)"
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

# Debian's chromium for the browser tests (Playwright cannot download a browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installation de chromium (Debian)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# OpenFisca-France, the independent oracle of tests/test_openfisca_crosscheck.py, in its own venv (it pins pytest<9).
.venv-openfisca/.installed:
	$(PYTHON) -m venv .venv-openfisca
	.venv-openfisca/bin/python -m pip install --quiet --disable-pip-version-check openfisca-france==176.1.8
	touch $@

# Parameters to check again (stamp older than 12 months, yearly revaluation passed): a reminder, never an error.
fraicheur: venv
	$(PY) -m build_scripts.freshness

test: venv npm chromium site .venv-openfisca/.installed
	@$(PY) -m build_scripts.freshness || true
	$(PY) -m pytest

bench: site chromium
	$(PY) -m build_scripts.bench
	$(PY) -m build_scripts.bench_serve

clean:
	rm -rf build site $(VENV) node_modules
