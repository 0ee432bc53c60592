"""deploy/env.example is a production environment `manage.py check --deploy` accepts (issue 16, finding 11)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / "deploy" / "env.example"


def example_environment() -> dict[str, str]:
    """The file's variables, with the secret generated as its comment says."""
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    return values


def deploy_check(environment: dict[str, str]) -> subprocess.CompletedProcess:
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_line_of_the_example_is_documented():
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            name = line.split("=")[0]
            assert lines[number - 1].startswith("#"), f"line {number + 1} ({name}) has no comment above it"


def test_the_deploy_check_passes_with_the_example():
    result = deploy_check(example_environment())
    assert result.returncode == 0, result.stderr + result.stdout


def test_the_deploy_check_fails_without_the_https_settings():
    environment = {
        name: value
        for name, value in example_environment().items()
        if not name.startswith(("SECURE_", "SESSION_", "CSRF_COOKIE"))
    }
    result = deploy_check(environment)
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr + result.stdout
