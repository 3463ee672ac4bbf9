# The two commands a newcomer needs: `make test` and `make run` (see README.md).
SHELL := /bin/bash
UV := $(shell .ci/ensure-uv)
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=

.PHONY: test sync lint run scan-example bench

sync:
	$(UV) sync --frozen --compile-bytecode --quiet

test: sync
	$(UV) run --frozen pytest -q -p no:cacheprovider

lint: sync
	$(UV) run --frozen ruff check .
	$(UV) run --frozen mypy orca_core

scan-example: sync
	$(UV) run --frozen orca scan docs/examples/customers.csv

bench: sync
	$(UV) run --frozen python bench/scan_speed.py
	$(UV) run --frozen python bench/accuracy.py
