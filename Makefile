# Two commands for a new machine: `make run` and `make test`. See the README.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test install pdf-libs gettext messages browser lint format check bench load catalog clean fuzz

run: install
	@test -s .dev-secret-key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > .dev-secret-key
	DJANGO_DEBUG=true DJANGO_SECRET_KEY=$$(cat .dev-secret-key) $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true DJANGO_SECRET_KEY=$$(cat .dev-secret-key) $(PY) manage.py create_demo_staff
	DJANGO_DEBUG=true DJANGO_SECRET_KEY=$$(cat .dev-secret-key) $(PY) manage.py runserver 127.0.0.1:8000

test: install browser
	$(VENV)/bin/pytest --screenshot only-on-failure --output test-results

install: $(VENV)/.installed node_modules/.installed pdf-libs messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's Pango and a font for WeasyPrint's chart PDFs, installed only when missing.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@dpkg -s $(PDF_DEBS) >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_DEBS) >/dev/null; }

# GNU gettext (msgfmt) compiles the translations; the .mo files are generated, not
# committed, so a catalog edit can never ship without its compiled form.
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }

MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
messages: $(MESSAGES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | gettext $(VENV)/.installed
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --locale $* --ignore .venv --ignore node_modules

# Debian's Chromium for the browser tests (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	DJANGO_DEBUG=true $(PY) manage.py check
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(PY) .ci/check_deploy.py

# Thousands of random and malformed posts per form, on PostgreSQL (tests/fuzz).
FUZZ_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/fuzz
FUZZ_EXAMPLES ?= 2000
FUZZ_TESTS ?= tests/fuzz
fuzz: install
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) DATABASE_URL=$(FUZZ_DATABASE_URL) \
		$(VENV)/bin/pytest $(FUZZ_TESTS) -v --reuse-db --hypothesis-show-statistics

bench: install
	DJANGO_DEBUG=true $(PY) tests/benchmarks/screening.py

# gunicorn + PostgreSQL load run (tests/benchmarks/load.py): LOAD_DATABASE_URL names a
# scratch database it creates and drops; LOAD_ARGS="--seconds 5" for a quick run.
load: install
	$(PY) tests/benchmarks/load.py $(LOAD_ARGS)

catalog: install
	DJANGO_DEBUG=true $(PY) manage.py load_catalog

clean:
	rm -rf $(VENV) node_modules staticfiles test-results db.sqlite3 .dev-secret-key
