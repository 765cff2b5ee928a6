# Không Ma Túy: two commands on a fresh machine (Python 3.11 + make + package registries).
#   make run    install, migrate, load the demo, serve http://127.0.0.1:8000 with the
#               background worker beside it (Ctrl-C stops both)
#   make serve  install, migrate, collect static files, run the production server (gunicorn)
#               on DATABASE_URL with the production settings; needs DJANGO_SECRET_KEY
#   make test   install, run the whole test suite (PostgreSQL when DATABASE_URL is set)
#   make bench  print performance figures on the synthetic dataset (SCALE=ward|city|national)
#   make screens regenerate the screenshots of the main pages (docs/screens/, desktop and phone)
#   make mutate mutation testing of the pure rule modules and legal tables (slow; not in test/CI)

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements/base.txt requirements/dev.txt | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
SCALE  ?= national

.PHONY: run serve test bench mutate lint types imports check install browser office clean screens

$(STAMP): requirements/base.txt requirements/dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing dependencies into $(VENV)…" >&2
	@$(PY) -m pip install --quiet --upgrade pip >&2
	@$(PY) -m pip install --quiet -r requirements/dev.txt >&2
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

run: install office
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput -v 0
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py load_demo --url http://$(HOST):$(PORT)
	@echo "Background worker started (manage.py run_worker); Ctrl-C stops it with the server." >&2
	@export DJANGO_SETTINGS_MODULE=config.settings.dev; \
	$(PY) manage.py run_worker --no-reload -v 0 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production server: settings config.settings.base, workers from KMT_WORKERS (gunicorn
# settings in config/gunicorn_conf.py, the container runs the same file).
PROD := DJANGO_SETTINGS_MODULE=config.settings.base

serve: install
	@test -n "$$DJANGO_SECRET_KEY$$DJANGO_SECRET_KEY_FILE" || { \
	  echo "make serve runs the production settings and needs a secret key, for example:" >&2; \
	  echo "  export DJANGO_SECRET_KEY=\"\$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')\"" >&2; \
	  echo "On this machine over plain HTTP (no TLS proxy) also: export KMT_HTTPS=false" >&2; \
	  echo "Other variables (DATABASE_URL, DJANGO_ALLOWED_HOSTS, KMT_WORKERS…): docs/deployment.md" >&2; \
	  exit 2; }
	$(PROD) $(PY) manage.py migrate --noinput -v 0
	$(PROD) $(PY) manage.py collectstatic --noinput -v 0
	$(PROD) HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c config/gunicorn_conf.py

# Browser tests need Debian's chromium; installed here when missing and we are root.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium missing: browser tests will be skipped"; }

# Report PDFs need LibreOffice and Times-compatible fonts with Vietnamese glyphs (Liberation 2).
office:
	@{ command -v soffice >/dev/null 2>&1 && fc-list | grep -q liberation2; } || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui fonts-liberation2 >/dev/null) || echo "LibreOffice missing: report PDFs and their tests will be skipped"; }

test: install browser office
	$(PY) -m pytest -p xdist -n 2 --dist loadgroup

# Screenshots of the main pages from the demo, desktop and phone, into docs/screens/ (PNG).
screens: install browser
	KMT_SCREENS=1 $(PY) -m pytest tests/browser/test_screens.py -p no:xdist -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: install
	$(VENV)/bin/mypy khongmatuy config

imports: install
	$(VENV)/bin/lint-imports --no-logo

check: lint types imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING

bench: install
	@SCALE=$(SCALE) $(PY) bench/run.py

# One module at a time, one mutant at a time; results are kept in mutants/ (docs/testing.md).
# MODULES=criteria_evaluate people_transitions tables … runs only those.
mutate: install
	@$(PY) mutate/run.py $(MODULES)

clean:
	rm -rf $(VENV) var mutants
