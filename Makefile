# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint clean-db backup

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Serve the product on 127.0.0.1:8000 with Bắc Ninh's units and one demo user per role.
# Served as users see it: Vietnamese 403/404/500 pages, no debug page (a developer asks: make run DEBUG=true);
# plain http on this machine, so no HTTPS redirect and no secure-only cookies.
DEBUG ?= false
LOCAL := DJANGO_DEBUG=$(DEBUG) DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SESSION_COOKIE_SECURE=false \
	DJANGO_CSRF_COOKIE_SECURE=false DJANGO_SECURE_HSTS_SECONDS=0
run: $(STAMP)
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PY) manage.py seed_demo
	$(LOCAL) $(PY) manage.py collectstatic --noinput -v0
	$(LOCAL) $(PY) manage.py runserver 127.0.0.1:8000

# The browser tests drive Debian's chromium (Playwright cannot download a browser here).
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	-apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null) \
	  || echo "chromium could not be installed: the browser tests will be skipped"

# The deployment test runs nginx with TLS in front of gunicorn, as deploy/nginx/an-sinh.conf says.
NGINX := /usr/sbin/nginx

$(NGINX):
	-apt-get install -y -q nginx >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q nginx >/dev/null) \
	  || echo "nginx could not be installed: the proxy test will be skipped"

# Lint, then the whole pytest suite (embedded PostgreSQL unless DATABASE_URL is set).
test: $(STAMP) $(CHROMIUM) $(NGINX)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Back up the database and the uploaded files into var/backups/ (docs/operations.md).
backup: $(STAMP)
	$(PY) manage.py backup

# Remove the embedded database (var/postgres); the next command recreates it empty.
clean-db:
	rm -rf var/postgres
