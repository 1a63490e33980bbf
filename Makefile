# Two commands do all set-up from a fresh clone:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench bundle bundle-test icons screenshot clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Workbench needs Python 3.11 or newer (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/workbench

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

# The one-folder application (packaging/workbench.spec) in dist/workbench, then its smoke test.
BUNDLE_STAMP := $(VENV)/.bundle-stamp

$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bundle]'
	touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller packaging/workbench.spec
	$(MAKE) --no-print-directory bundle-test

# Starts the built app offscreen in a throw-away WORKBENCH_HOME: resources, window, one request to the playground.
bundle-test:
	@test -x dist/workbench/workbench || { echo "no bundle in dist/workbench: run make bundle"; exit 1; }
	dist/workbench/workbench --version
	home=$$(mktemp -d) && QT_QPA_PLATFORM=offscreen WORKBENCH_HOME=$$home dist/workbench/workbench --self-check; \
	status=$$?; rm -rf $$home; exit $$status

# Redraw the app icon PNGs (and the Windows .ico) from resources/icons/app.svg.
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/make_icons.py

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshot.py

clean:
	rm -rf $(VENV) build dist *.egg-info
