# Two commands do everything: `make run` and `make test`. Only Python 3 and make are needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SECRET_FILE := .secret_key
STAMP := $(VENV)/.installed

.PHONY: install run test lint fixtures messages bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

$(SECRET_FILE):
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: install $(SECRET_FILE)
	export SECRET_KEY="$$(cat $(SECRET_FILE))"; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py loaddata jiangcheng_2020 && \
	$(BIN)/python manage.py recompute_progress --verbosity 0 && \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0 && \
	$(BIN)/python manage.py ensure_demo_users --demo && \
	$(BIN)/python manage.py import_key_projects fixtures/example_key_projects_2020.xlsx \
		--report 阳江市江城区人民政府:2020 --ledger 2.3.1 --user admin --example && \
	echo "Serving on http://127.0.0.1:$(PORT)/admin/ (Ctrl-C to stop)" && \
	exec $(BIN)/gunicorn tracker.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

test: install
	SECRET_KEY=test-only-secret-key $(BIN)/python manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/ruff check .
	SECRET_KEY=test-only-secret-key $(BIN)/pytest $(PYTEST_ARGS)

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tracker_bench
BENCH_SMALL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tracker_bench_10k

# The small size first: the full size's RESULTS.md shows its figures beside its own.
bench: install
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	psql "$(BENCH_SMALL_DATABASE_URL)" -c "select 1" >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres tracker_bench_10k
	psql "$(BENCH_DATABASE_URL)" -c "select 1" >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres tracker_bench
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/extraction.py
	DATABASE_URL=$(BENCH_SMALL_DATABASE_URL) $(BIN)/python bench/run.py --size small $(BENCH_ARGS)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py --size full $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fixtures:
	$(PYTHON) fixtures/sources/build.py jiangcheng_2020

messages: install
	cd commitments && SECRET_KEY=x ../$(BIN)/django-admin makemessages -l zh_Hans && SECRET_KEY=x ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
