import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


PRINT_ENGINE = (
    "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
)


def run_settings(env_overrides: dict[str, str], code: str = PRINT_ENGINE) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_without_debug_is_a_clear_error(tmp_path):
    empty = tmp_path / "secret"
    empty.write_text("")
    result = run_settings({"SECRET_KEY_FILE": str(empty)})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_secret_key_file_that_cannot_be_read_is_a_clear_error(tmp_path):
    result = run_settings({"SECRET_KEY_FILE": str(tmp_path / "missing")})
    assert result.returncode != 0
    assert "SECRET_KEY_FILE" in result.stderr and "cannot be read" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "SECRET_KEY_FILE": str(secret), "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "from-a-file", result.stderr


def test_debug_runs_without_secret_key_on_sqlite_by_default():
    result = run_settings({"DJANGO_DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    result = run_settings({"SECRET_KEY": "x", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tracker"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_bad_boolean_is_a_clear_error():
    result = run_settings({"DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


def database_options(env_overrides: dict[str, str]) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    env = {"SECRET_KEY": "x", "DATABASE_URL": "postgres://tracker@db.example/tracker", **env_overrides}
    result = run_settings(env, code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_sessions_prepare_statements_and_skip_jit_by_default():
    options = database_options({})
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    assert options["options"] == "-c jit=off -c random_page_cost=1.1"


def test_postgresql_session_settings_can_each_be_switched_off():
    options = database_options(
        {"DATABASE_PREPARED_STATEMENTS": "0", "DATABASE_JIT": "1", "DATABASE_RANDOM_PAGE_COST": ""}
    )
    assert "server_side_binding" not in options
    assert options.get("options", "") == ""


def test_a_random_page_cost_that_is_not_a_number_is_a_clear_error():
    env = {"SECRET_KEY": "x", "DATABASE_URL": "postgres://tracker@db.example/tracker"}
    result = run_settings({**env, "DATABASE_RANDOM_PAGE_COST": "fast"})
    assert result.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST must be a number" in result.stderr
