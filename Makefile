# The README's two commands: `make run` and `make test`; `make install` is their shared first half.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wizard
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: install run test test-postgres bench clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# npm ci installs the devDependencies too (oidc-provider, the tests' OpenID Connect provider);
# then the gzip and brotli copies of the DSFR files WhiteNoise serves.
node_modules/.installed: package.json package-lock.json .dsfr.yml $(VENV)/.installed
	npm ci --no-audit --no-fund --loglevel=error
	WIZARD_ENV=test $(FLASK) assets compress
	@touch $@

# Communes are imported once per version of the package (re-running is safe, just slower).
instance/.communes-imported: node_modules/.installed
	$(FLASK) db upgrade
	$(FLASK) communes import
	@mkdir -p instance && touch $@

# `make run` is for development only: ask for it explicitly (without WIZARD_ENV the app applies
# the production rules). A target-specific export also reaches the prerequisites' flask commands.
run: export WIZARD_ENV := development
run: install instance/.communes-imported
	$(FLASK) db upgrade
	$(FLASK) demo seed
	@echo "Ouvrez http://$(HOST):$(PORT) et connectez-vous avec un des comptes ci-dessus."
	$(FLASK) run --host $(HOST) --port $(PORT)

# The whole suite on SQLite, then again on the local PostgreSQL (required in CI).
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@$(MAKE) --no-print-directory test-postgres

test-postgres: install
	@if $(BIN)/python -c "import sqlalchemy as s; s.create_engine('$(PG_TEST_URL)').connect().close()" 2>/dev/null; then \
		TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest --ignore=tests/browser --ignore=tests/integration $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then echo "PostgreSQL injoignable ($(PG_TEST_URL)) : requis en CI" >&2; exit 1; \
	else echo "PostgreSQL injoignable ($(PG_TEST_URL)) : suite PostgreSQL non lancée"; fi

# The quick benchmarks; bench/dashboard.py, bench/load.py and bench/soak.py take minutes
# (see docs/benchmarks.md for each command).
bench: install
	$(BIN)/python bench/costing.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/largest.py

clean:
	rm -rf $(VENV) node_modules instance/.communes-imported
