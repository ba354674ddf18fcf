# Two entry points for people (see README): `make site` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: site test lint clean

$(BIN)/sitegen: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/sitegen  ## set up, then build the example site into output/
	$(BIN)/sitegen build

test: $(BIN)/sitegen  ## set up (Python packages, Java, Chromium), then run every test
	bash .ci/system-deps
	$(BIN)/ruff check generator tests bench
	$(BIN)/python -m pytest

clean:
	rm -rf output .sitegen-cache $(VENV)
