# The two commands that do all the set-up: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ACE_VERSION := 1.4.6
ACE := .tools/ace/node_modules/.bin/ace-puppeteer
COMMONMARK_VERSION := 0.31.2
COMMONMARK := .tools/commonmark-spec/spec.json

.PHONY: build test check lint format bench proof clean catalogues reference system-build \
  system-test \
  system-proof

build: system-build $(STAMP)
	$(BIN)/factsheet build

test: system-test $(STAMP) $(ACE) $(COMMONMARK)
	$(BIN)/ruff check factsheet tests benchmarks build.py
	$(BIN)/ruff format --check factsheet tests benchmarks build.py
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/factsheet check

lint: $(STAMP)
	$(BIN)/ruff check factsheet tests benchmarks build.py

format: $(STAMP)
	$(BIN)/ruff format factsheet tests benchmarks build.py

# The interface words: the template from the code and templates, then each language's
# catalogue updated from it (new words arrive untranslated; tests/test_words.py says which).
catalogues: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o factsheet/locales/factsheet.pot --no-location \
	  --sort-output -c TRANSLATORS: --project factsheet --copyright-holder factsheet .
	$(BIN)/pybabel update -i factsheet/locales/factsheet.pot -d factsheet/locales -D factsheet \
	  --no-fuzzy-matching --ignore-obsolete -w 100

# The field reference: docs/content-format.md's tables, generated from the model; the prose
# around them is kept (tests/test_content_format.py fails while the file is stale).
reference: $(STAMP)
	$(BIN)/python -m factsheet.reference docs/content-format.md

# Proofs: every page of every document in content/ and tests/fixtures/ as PNG, a contact sheet
# per document and the geometry checks' findings, in output/proof/ (scripts/proof.py).
proof: system-proof $(STAMP)
	$(BIN)/python scripts/proof.py

system-build:
	./scripts/system-deps build

system-test:
	./scripts/system-deps test

system-proof:
	./scripts/system-deps proof

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

bench: system-build $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/pdf_overhead.py
	$(BIN)/python benchmarks/collection_speed.py
	$(BIN)/python benchmarks/load_speed.py
	$(BIN)/python benchmarks/command_speed.py
	$(BIN)/python benchmarks/arrangement_cost.py
	$(BIN)/python benchmarks/import_speed.py
	$(BIN)/python benchmarks/cluster_speed.py

# Ace by DAISY for the accessibility tests; it uses the system's Chromium, so no browser download.
$(ACE):
	mkdir -p .tools/ace
	cd .tools/ace && ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
	  npm install --no-audit --no-fund --loglevel=error @daisy/ace@$(ACE_VERSION)
	test -x $(ACE)

# The CommonMark specification's examples, each built as a document by tests/test_commonmark.py.
$(COMMONMARK):
	mkdir -p .tools/commonmark-spec
	cd .tools/commonmark-spec && \
	  npm install --no-audit --no-fund --loglevel=error commonmark-spec@$(COMMONMARK_VERSION) && \
	  node -p "JSON.stringify(require('commonmark-spec').tests)" > spec.json.tmp && \
	  mv spec.json.tmp spec.json

clean:
	rm -rf output/*.pdf output/*.epub output/*.html output/.cache output/proof
