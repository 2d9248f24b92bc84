# Bitan — `make run` serves the chat, `make test` runs every test. Both set everything up first.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_STAMP := $(VENV)/.apt-installed
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: setup system-deps run test test-fast lint format eval bench clean

setup: $(STAMP)

# torch first, from the CPU wheel on local disk: otherwise sentence-transformers pulls a CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check "torch==2.13.0"
	$(BIN)/pip install -q --disable-pip-version-check -e ".[st,llm,dev]"
	touch $(STAMP)

# Browser tests need Debian's chromium and CJK fonts (never `playwright install`).
system-deps: $(APT_STAMP)

$(APT_STAMP): | $(STAMP)
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	fi
	touch $(APT_STAMP)

run: setup
	$(BIN)/bitan serve

test: setup system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

# The unit tests alone (no e5 index, no servers, no browser): well under a minute.
test-fast: setup
	$(BIN)/python -m pytest -q tests/unit

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The public evaluation sets, each over its own documents indexed alone (DESIGN).
SHARED := ../shared
GENERAL_DOCS := $(filter-out %/README.md,$(wildcard $(SHARED)/corpus/general/*.md))
REPORT_DOCS := $(wildcard $(SHARED)/corpus/reports/*.docx)

eval: setup
	$(BIN)/bitan ingest --data-dir var/eval/dev
	$(BIN)/bitan eval $(SHARED)/eval/dev.jsonl --data-dir var/eval/dev --out var/eval/dev.jsonl
	$(BIN)/bitan ingest $(GENERAL_DOCS) --data-dir var/eval/general
	$(BIN)/bitan eval $(SHARED)/eval/general-dev.jsonl --data-dir var/eval/general --out var/eval/general.jsonl
	$(BIN)/bitan ingest $(REPORT_DOCS) --data-dir var/eval/reports
	$(BIN)/bitan eval $(SHARED)/eval/reports-dev.jsonl --data-dir var/eval/reports --out var/eval/reports.jsonl

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
