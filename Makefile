# lrdecay-lit: build the book and run the tests on a machine with only Python 3.11 and make
# (plus npm, which fetches MathJax so that the site works offline, and Debian's fonts-noto-cjk,
# from which the build cuts the site's CJK font subset).
#
#   make book      build the website into _build/html (from the outputs stored in the notebooks)
#   make test      lint (ruff check, ruff format --check, mypy) + strict book build + pytest
#                  (tests, doctests, built-site checks) + nbval + the built site in headless
#                  Chromium (test-browser)
#   make screenshots  PNGs of every chapter page in _build/screenshots/ (headless Chromium)
#   make student   the student edition: same book, answer cells instead of solutions
#                  (_build/student/html; notebooks in _build/student/src/book)
#   make slides    one offline reveal.js deck per lecture (_build/slides/lecture-N/index.html)
#   make pdf       printable PDFs, instructor and student: _build/pdf/{instructor,student}/
#                  book.pdf and chapters/*.pdf (headless Chromium + pdfunite)
#   make execute   re-run every notebook under book/ and store the new outputs in place
#   make lab       open the notebooks in JupyterLab (kernel = .venv; LAB_PORT, LAB_HEADLESS=1)
#   make clean     remove build output and caches (keeps .venv); `make distclean` removes it too
#
# Every target bootstraps .venv/ from requirements.txt first; that step re-runs only when
# requirements.txt or pyproject.toml change.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# ---- configuration ------------------------------------------------------------------------------
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

BUILD_DIR := _build
HTML_DIR := $(BUILD_DIR)/html
VENDOR_DIR := $(BUILD_DIR)/static_vendor
VENDOR_STAMP := $(VENDOR_DIR)/vendor-manifest.json

# jupyter-book flags: warnings are errors (-W), nitpicky references (-n), report them all
BOOK_FLAGS ?= -W -n --keep-going
# every notebook of the book (checked by nbval, re-run by `make execute`)
NOTEBOOKS = $(shell find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)

PYTEST_ARGS ?=
NBVAL_ARGS ?= --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	--nbval-cell-timeout=600 -p no:cacheprovider
EXECUTE_TIMEOUT ?= 600

# The steps of `make test`, run in this order (each is a target below).
TEST_STEPS := lint book-strict pytest nbval
# Adding a target (make bench, make screenshots, make test-frameworks, a browser test, ...):
# depend on $(STAMP) for the virtualenv and on $(VENDOR_STAMP) if it needs the site's assets,
# run tools as $(BIN)/<tool> or $(PY) -m <module>, add it to .PHONY and to `help`, and if it
# belongs in `make test` (and so in CI) append it here, e.g. `TEST_STEPS += test-browser`.
# Keep `make test` well under 20 minutes on 2 cores from a fresh clone.
TEST_STEPS += test-browser
# classroom kit: student edition (strict build + nbval on its notebooks), slides, one printed
# chapter (the print route; `make pdf` prints everything)
TEST_STEPS += test-classroom
# a chapter opened, run and saved in a real JupyterLab still reads right and builds
TEST_STEPS += test-lab

# Keep Jupyter/matplotlib from writing into $HOME and quiet jupyter_core's path warning.
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv vendor book book-strict test lint pytest nbval execute normalize lab clean \
	distclean lock \
	test-frameworks
.PHONY: chromium cjk-font test-browser test-lab test-lab-quick screenshots bench bench-book
.PHONY: student student-src slides pdf pdf-tools test-classroom

help:
	@echo "make book      build the website (prints the path of index.html)"
	@echo "make test      $(TEST_STEPS)"
	@echo "make student   student edition (no solutions, answer cells): _build/student/html"
	@echo "make slides    lecture decks (reveal.js, offline): _build/slides/"
	@echo "make pdf       printable book and chapters: _build/pdf/{instructor,student}/"
	@echo "make execute   re-execute all notebooks in book/ in place (then make normalize)"
	@echo "make normalize  canonical notebooks after saving from Jupyter (tools/normalize_notebooks.py)"
	@echo "make test-frameworks  the Keras/PyTorch/optax adapters against the real frameworks"
	@echo "               (CPU builds, pinned in requirements-frameworks.txt, own virtualenv)"
	@echo "make lab       open the notebooks in JupyterLab (LAB_PORT=8888 LAB_HEADLESS=1"
	@echo "               LAB_APP=notebook LAB_IP=0.0.0.0; prints the URL with its token)"
	@echo "make bench     lrdecay_lit vs hand-written numpy, import time, the adapters; widget latency"
	@echo "               (BENCH_ARGS=--quick for a smoke run; see benchmarks/README.md)"
	@echo "make bench-book  clean book build and nbval times"
	@echo "make screenshots  PNGs of every chapter page (_build/screenshots/)"
	@echo "make test-lab  a chapter in JupyterLab reads right, and saved from it still builds"
	@echo "               (headless Chromium; test-lab-quick: the run-and-save half)"
	@echo "make clean     remove _build and caches; make distclean also removes $(VENV)"
	@echo "make lock      regenerate requirements.txt from pyproject.toml (needs network)"

# ---- bootstrap ----------------------------------------------------------------------------------
venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: python3.11 not found (set PYTHON=...)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "error: $(PYTHON) is older than Python 3.11"; exit 1; }
	@test -x $(PY) || { echo "creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# MathJax from the npm registry (see _config.yml)
vendor: $(VENDOR_STAMP)

$(VENDOR_STAMP): tools/vendor_web_assets.py
	$(PYTHON) tools/vendor_web_assets.py

# The build cuts a font subset with the CJK characters the site uses out of Noto Sans CJK
# (lrdecay_lit.sphinxext.write_cjk_fonts); Debian's fonts-noto-cjk is installed here when missing
# and the machine allows it (root + apt-get), like `chromium` below.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

cjk-font:
	@if [ -f $(CJK_FONT) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing fonts-noto-cjk from apt"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			fonts-noto-cjk >/dev/null || echo "apt-get install fonts-noto-cjk failed"; \
	fi; \
	test -f $(CJK_FONT) || { echo "error: $(CJK_FONT) missing: apt-get install fonts-noto-cjk"; exit 1; }

# ---- the book -----------------------------------------------------------------------------------
book: $(STAMP) $(VENDOR_STAMP) cjk-font
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo
	@echo "Open the book: $(abspath $(HTML_DIR))/index.html"

# full rebuild (an incremental build would not repeat warnings of unchanged pages)
book-strict: $(STAMP) $(VENDOR_STAMP) cjk-font
	$(BIN)/jupyter-book build . $(BOOK_FLAGS) --all

# ---- tests --------------------------------------------------------------------------------------
# Runs every step even when an earlier one fails (so one run shows all problems), then fails if
# any step failed.
test: $(STAMP)
	@failed=""; summary=""; \
	for step in $(TEST_STEPS); do \
		echo "=== make $$step"; start=$$SECONDS; \
		if $(MAKE) $$step; then status=ok; else status=FAILED; failed="$$failed $$step"; fi; \
		summary="$$summary  $$step: $$status ($$((SECONDS - start)) s)\n"; \
	done; \
	printf "=== make test summary\n$$summary"; \
	if [ -n "$$failed" ]; then echo "=== make test FAILED:$$failed"; exit 1; fi; \
	echo "=== make test: all steps passed"

# ruff (lint rules and formatting) and mypy (the package's types; config in pyproject.toml)
lint: $(STAMP)
	$(BIN)/mypy
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# tests/ and the package's doctests (testpaths in pyproject.toml). The built site must exist:
# `make test` builds it first, so the site checks run instead of being skipped.
pytest: $(STAMP)
	LRDECAY_REQUIRE_SITE=1 $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

# ---- the website in a real browser --------------------------------------------------------------
# tests/test_site_browser.py opens the built pages from disk in headless Chromium with the network
# off (tools/site_browser.py). Chromium + chromedriver come from apt; installed here when missing
# and the machine allows it (root + apt-get). Where it cannot, the test is skipped, loudly.
HAVE_CHROMIUM = command -v chromedriver >/dev/null 2>&1 && \
	{ command -v chromium || command -v chromium-browser || command -v google-chrome; } >/dev/null 2>&1

chromium:
	@if $(HAVE_CHROMIUM); then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium + chromium-driver from apt"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver >/dev/null || echo "apt-get install chromium failed"; \
	fi

test-browser: $(STAMP) chromium
	@if $(HAVE_CHROMIUM); then \
		LRDECAY_REQUIRE_SITE=1 LRDECAY_REQUIRE_BROWSER=1 $(BIN)/pytest -m browser $(PYTEST_ARGS) \
			tests/test_site_browser.py; \
	else \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! BROWSER TEST SKIPPED: no chromium/chromedriver, and this machine cannot install"; \
		echo "!!! them (needs root and apt-get: apt-get install chromium chromium-driver)."; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		LRDECAY_REQUIRE_SITE=1 $(BIN)/pytest -m browser -rs $(PYTEST_ARGS) tests/test_site_browser.py; \
	fi

# A chapter opened in a real JupyterLab (headless Chromium): saved unrun it leaves no diff;
# run, it reads right (no Unknown Directive, no cross-reference warning icon, solutions folded
# after Run All), and saved and normalised it builds strict with its live plot
# (tests/test_lab_roundtrip.py: 55 s on a quiet 2-core machine, 2 min 20 s when shared). Part of
# `make test`; `make test-lab-quick` runs the run-and-save test only.
test-lab: $(STAMP) $(VENDOR_STAMP) chromium cjk-font
	LRDECAY_REQUIRE_BROWSER=1 $(BIN)/pytest -m browser $(PYTEST_ARGS) tests/test_lab_roundtrip.py

test-lab-quick: $(STAMP) $(VENDOR_STAMP) chromium cjk-font
	LRDECAY_REQUIRE_BROWSER=1 $(BIN)/pytest -m browser $(PYTEST_ARGS) tests/test_lab_roundtrip.py \
		-k run_and_save

# PNGs of every chapter page (first screen, and the live plot) into _build/screenshots/
screenshots: book chromium
	$(PY) tools/site_browser.py screenshots

nbval: $(STAMP)
	@if [ -z "$(strip $(NOTEBOOKS))" ]; then \
		echo "nbval: no notebooks under book/ yet, nothing to check"; \
	else \
		$(BIN)/pytest $(NBVAL_ARGS) $(NOTEBOOKS); \
	fi

# Optional: the framework adapters (lrdecay_lit/adapters) against real Keras 3, PyTorch and
# optax/JAX, CPU builds, in a virtualenv of their own (not part of `make test`, which skips
# these tests). LRDECAY_REQUIRE_FRAMEWORKS=1 turns a missing framework into a failure.
#
# requirements-frameworks.txt is the complete, exact set (the benchmarks use it too). Every pin
# resolves on the public index (PyPI). torch: PyPI's `torch==2.13.0` for Linux x86_64 is the
# CUDA build, whose nvidia-* wheels (several GB) pip adds as its dependencies; for the CPU-only
# build (about 200 MB) give PyTorch's CPU wheel index:
#     make test-frameworks TORCH_INDEX=https://download.pytorch.org/whl/cpu
# (its `2.13.0+cpu` satisfies `==2.13.0` and, being a later local version, wins). A local
# `+cpu` wheel in pip's find-links (as on the project's machines) is taken the same way.
#
# Keras keeps no state in $HOME: the venv gets a .pth file that defaults KERAS_BACKEND to jax
# (so a plain `import keras` works there) and KERAS_HOME to the venv's own keras-home/; the
# test run itself uses a fresh temporary KERAS_HOME.
FRAMEWORKS_VENV ?= .venv-frameworks
FRAMEWORKS_STAMP := $(FRAMEWORKS_VENV)/.installed
TORCH_INDEX ?=
FRAMEWORKS_PIP_ARGS := --only-binary=:all: $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX))
KERAS_PTH := import os, sys; os.environ.setdefault("KERAS_BACKEND", "jax"); \
	os.environ.setdefault("KERAS_HOME", os.path.join(sys.prefix, "keras-home"))

$(FRAMEWORKS_STAMP): requirements-frameworks.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: python3.11 not found (set PYTHON=...)"; exit 1; }
	@test -x $(FRAMEWORKS_VENV)/bin/python || $(PYTHON) -m venv $(FRAMEWORKS_VENV)
	$(FRAMEWORKS_VENV)/bin/python -m pip install --quiet $(FRAMEWORKS_PIP_ARGS) \
		-r requirements-frameworks.txt
	$(FRAMEWORKS_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(FRAMEWORKS_VENV)/bin/python -c 'import sys, sysconfig, pathlib; \
		pathlib.Path(sysconfig.get_paths()["purelib"], "lrdecay_keras_env.pth").write_text( \
		sys.argv[1] + "\n")' '$(KERAS_PTH)'
	@touch $@

test-frameworks: $(FRAMEWORKS_STAMP)
	@keras_home=$$(mktemp -d); trap 'rm -rf "$$keras_home"' EXIT; \
	KERAS_HOME=$$keras_home KERAS_BACKEND=$${KERAS_BACKEND:-jax} LRDECAY_REQUIRE_FRAMEWORKS=1 \
		$(FRAMEWORKS_VENV)/bin/python -m pytest -p no:cacheprovider tests/test_adapters.py \
		lrdecay_lit/adapters

# Benchmarks (never part of `make test`): ratios measured side by side, medians of repeats,
# results as data in benchmarks/results/. The adapters section runs in .venv-frameworks.
BENCH_ARGS ?=
bench: $(STAMP) $(FRAMEWORKS_STAMP)
	LRDECAY_BENCH_PYTHON=$(FRAMEWORKS_VENV)/bin/python $(PY) benchmarks/bench_schedules.py $(BENCH_ARGS)
	MPLBACKEND=Agg $(PY) benchmarks/bench_widgets.py

bench-book: $(STAMP) $(VENDOR_STAMP)
	$(PY) benchmarks/bench_book.py --bin $(BIN)

# ---- classroom kit: student edition, slides, PDF -------------------------------------------------
STUDENT_DIR := $(BUILD_DIR)/student
STUDENT_SRC := $(STUDENT_DIR)/src
STUDENT_HTML := $(STUDENT_DIR)/html
PDF_DIR := $(BUILD_DIR)/pdf
SLIDES_DIR := $(BUILD_DIR)/slides
# the chapter `make test` prints (any chapter of the toc with exercises)
PDF_SMOKE_PAGE ?= exponential_decay

# the student notebooks: the book's, each solution replaced by an answer cell
student-src: $(STAMP)
	$(PY) tools/student_edition.py --out $(STUDENT_SRC)

# the student site, built strict from the transformed sources
student: student-src $(VENDOR_STAMP)
	$(BIN)/jupyter-book build $(STUDENT_SRC) $(BOOK_FLAGS) --all
	rm -rf $(STUDENT_HTML) && mv $(STUDENT_SRC)/_build/html $(STUDENT_HTML)
	@echo
	@echo "Open the student edition: $(abspath $(STUDENT_HTML))/index.html"

slides: $(STAMP) $(VENDOR_STAMP)
	$(PY) tools/make_slides.py --out $(SLIDES_DIR)
	@echo "Open the slides: $(abspath $(SLIDES_DIR))/index.html"

# pdfunite (poppler-utils) and a CJK font for the Chinese quotations, from apt when missing
# and the machine allows it (root + apt-get), like the chromium target
pdf-tools: chromium
	@if command -v pdfunite >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then \
		exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing poppler-utils + fonts-noto-cjk from apt"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends poppler-utils fonts-noto-cjk >/dev/null \
			|| echo "apt-get install poppler-utils fonts-noto-cjk failed"; \
	fi

pdf: book student pdf-tools
	$(PY) tools/print_pdf.py --site $(HTML_DIR) --out $(PDF_DIR)/instructor
	$(PY) tools/print_pdf.py --site $(STUDENT_HTML) --out $(PDF_DIR)/student
	@echo "PDFs: $(abspath $(PDF_DIR))/{instructor,student}/book.pdf (chapters/ beside them)"

# `make test`'s step: build the student edition and the slides, print one chapter of each
# edition, check them all (tests/test_classroom.py), then nbval on the student notebooks
test-classroom: student slides pdf-tools
	@test -f $(HTML_DIR)/book/$(PDF_SMOKE_PAGE).html || $(MAKE) book
	$(PY) tools/print_pdf.py --site $(HTML_DIR) --out $(PDF_DIR)/smoke/instructor $(PDF_SMOKE_PAGE)
	$(PY) tools/print_pdf.py --site $(STUDENT_HTML) --out $(PDF_DIR)/smoke/student \
		$(PDF_SMOKE_PAGE)
	LRDECAY_REQUIRE_CLASSROOM=1 $(BIN)/pytest $(PYTEST_ARGS) tests/test_classroom.py
	$(BIN)/pytest $(NBVAL_ARGS) $(STUDENT_SRC)/book/*.ipynb

# ---- notebooks ----------------------------------------------------------------------------------
execute: $(STAMP)
	@if [ -z "$(strip $(NOTEBOOKS))" ]; then \
		echo "execute: no notebooks under book/"; \
	else \
		for nb in $(NOTEBOOKS); do \
			echo "executing $$nb"; \
			$(BIN)/jupyter-execute --inplace --timeout=$(EXECUTE_TIMEOUT) "$$nb"; \
		done; \
		$(PY) tools/normalize_notebooks.py $(NOTEBOOKS); \
	fi

# the canonical form of every notebook (after saving one from JupyterLab / Notebook 7):
# kernelspec, numbers, no saved widget state, the Jupyter-readable MyST (tools/)
normalize: $(STAMP)
	$(PY) tools/normalize_notebooks.py $(NOTEBOOKS)

# a Jupyter front end on the book's notebooks, with the project's virtualenv as the kernel
# (jupyterlab-myst renders the chapters' MyST). Variables: LAB_PORT (8888), LAB_IP
# (localhost; 0.0.0.0 in a container), LAB_HEADLESS=1 (no browser window), LAB_APP=notebook
# (Notebook 7 instead of JupyterLab), LAB_TOKEN (random by default). --allow-root only as root.
LAB_PORT ?= 8888
LAB_IP ?= localhost
LAB_HEADLESS ?= 0
LAB_APP ?= lab
LAB_TOKEN ?=
lab: $(STAMP)
	@token="$(LAB_TOKEN)"; [ -n "$$token" ] || token=$$($(PY) -c 'import secrets; print(secrets.token_hex(24))'); \
	args=(--ServerApp.port=$(LAB_PORT) --ServerApp.port_retries=0 --ServerApp.ip=$(LAB_IP) \
		--IdentityProvider.token="$$token"); \
	if [ "$$(id -u)" = 0 ]; then args+=(--allow-root); fi; \
	if [ "$(LAB_HEADLESS)" = 1 ]; then args+=(--no-browser); fi; \
	path=$$([ "$(LAB_APP)" = notebook ] && echo tree || echo lab); \
	echo "Jupyter $(LAB_APP) on book/: http://$(LAB_IP):$(LAB_PORT)/$$path?token=$$token"; \
	echo "(open that URL once; after it, the website's rocket links to localhost:$(LAB_PORT) work)"; \
	exec $(BIN)/jupyter $(LAB_APP) book "$${args[@]}"

# ---- maintenance --------------------------------------------------------------------------------
lock:
	PYTHON=$(PYTHON) tools/lock_requirements.sh

clean:
	rm -rf $(BUILD_DIR) .pytest_cache .ruff_cache .mypy_cache .hypothesis .jupyter_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(FRAMEWORKS_VENV) *.egg-info
