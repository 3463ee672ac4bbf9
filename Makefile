# The two commands a newcomer needs: `make test` and `make run` (see README.md).
SHELL := /bin/bash
UV := $(shell .ci/ensure-uv)
export TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS :=

.PHONY: test sync lint run scan-example bench bench-service

sync:
	$(UV) sync --frozen --compile-bytecode --quiet

# .ci/services makes PostgreSQL and Redis reachable (starting private ones if needed) and prints an env file.
test: sync
	env_file=$$(.ci/services) && set -a && . "$$env_file" && set +a && $(UV) run --frozen pytest -q -p no:cacheprovider

lint: sync
	$(UV) run --frozen ruff check .
	$(UV) run --frozen mypy orca_core

run: sync
	UV=$(UV) .ci/run-service

scan-example: sync
	$(UV) run --frozen orca scan docs/examples/customers.csv

bench: sync
	$(UV) run --frozen python bench/scan_speed.py
	$(UV) run --frozen python bench/accuracy.py

# The service benchmark needs PostgreSQL and Redis (from .ci/services); it starts its own API, worker and S3.
bench-service: sync
	env_file=$$(.ci/services) && set -a && . "$$env_file" && set +a && $(UV) run --frozen python bench/service_load.py
