# Two entry points (see README): `make run` and `make test`.
# Both create .venv, install the project and compile the translation catalogs;
# `make run` installs only what serving needs, `make test` adds the test tools.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test test-tools setup catalogs validate eval bench clean

run: setup
	$(BIN)/kyrbot serve --host 127.0.0.1 --port 5000

test: setup $(TEST_STAMP) test-tools
	$(BIN)/kyrbot validate
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

# System tools the tests use for real: Chromium (Debian's package, driven by
# Playwright), the Redis server, nginx in front of gunicorn (deploy/nginx.conf;
# /usr/sbin is not on every PATH) and openssl for its test certificate;
# axe-core from npm. Installed only if missing.
test-tools:
	@if ! command -v chromium >/dev/null || ! command -v redis-server >/dev/null \
		|| ! { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null || ! command -v openssl >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium redis-server nginx openssl >/dev/null; \
	fi
	npm ci --no-audit --no-fund --silent

setup: $(STAMP) catalogs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

# Compiled catalogs (.mo) are build products, never committed.
catalogs: $(STAMP)
	$(BIN)/kyrbot i18n compile

validate: setup
	$(BIN)/kyrbot validate --strict

# The phrasing sets that ship in the repository; pass EVAL=path for others
# (for example the labelled set the maintainers keep outside the repository).
EVAL ?= tests/eval
eval: setup
	$(BIN)/kyrbot eval $(EVAL)

bench: setup
	@if ! command -v wrk >/dev/null || ! command -v redis-server >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk redis-server >/dev/null; \
	fi
	$(BIN)/python -m pip install --quiet Flask-Limiter  # compared against in limiter_floor.py
	$(BIN)/python benchmarks/engine_bench.py
	$(BIN)/python benchmarks/http_bench.py
	$(BIN)/python benchmarks/limiter_floor.py
	$(BIN)/python benchmarks/abuse_bench.py

clean:
	rm -rf $(VENV) instance node_modules translations/*/LC_MESSAGES/*.mo
