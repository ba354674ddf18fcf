# Two entry points for people (see README): `make site` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
# The current Nu HTML checker, from its official npm distribution, installed into the venv where
# generator/check/htmlcheck.py looks for it (sys.prefix). --ignore-scripts: its postinstall would
# download a Java; the tests use the system one (.ci/system-deps).
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/lib/node_modules/vnu-jar/build/dist/vnu.jar
# axe-core, the accessibility engine the browser tests inject into every kind of page
# (tests/browser/test_reader.py reads it from the venv's prefix, as htmlcheck.py reads vnu.jar).
AXE_VERSION := 4.14.1
AXE_JS := $(VENV)/lib/node_modules/axe-core/axe.min.js

.PHONY: site test system-deps lint clean

$(BIN)/sitegen: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/sitegen  ## set up, then build the example site into output/
	$(BIN)/sitegen build

system-deps:  ## Java, npm and Chromium (Debian packages), each only when missing
	bash .ci/system-deps

# Reinstalled when the Makefile (VNU_VERSION) changes, not when the venv's Python packages do.
# touch: npm gives unpacked files the package's old timestamps.
$(VNU_JAR): Makefile | $(BIN)/sitegen system-deps
	npm install --global --prefix $(VENV) --ignore-scripts --no-audit --no-fund vnu-jar@$(VNU_VERSION)
	touch $@

$(AXE_JS): Makefile | $(BIN)/sitegen system-deps
	npm install --global --prefix $(VENV) --ignore-scripts --no-audit --no-fund axe-core@$(AXE_VERSION)
	touch $@

test: $(BIN)/sitegen system-deps $(VNU_JAR) $(AXE_JS)  ## set up (Python packages, Java, npm, Chromium, the Nu checker, axe-core), then run every test
	$(BIN)/ruff check generator tests bench tools
	$(BIN)/python -m pytest

clean:
	rm -rf output .sitegen-cache $(VENV)
