"""E-mail settings: the console unless an SMTP host is configured; a bad due day fails loudly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setting(name: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "SUPERVISION_"))}
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x", "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_email_goes_to_the_console_by_default():
    assert setting("EMAIL_BACKEND", {}).stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_email_goes_through_smtp_when_a_host_is_set():
    result = setting("EMAIL_BACKEND", {"EMAIL_HOST": "smtp.example.gov.cn"})
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_a_report_due_day_outside_1_to_31_is_a_clear_error():
    result = setting("SUPERVISION_REPORT_DUE_DAY", {"SUPERVISION_REPORT_DUE_DAY": "32"})
    assert result.returncode != 0
    assert "SUPERVISION_REPORT_DUE_DAY" in result.stderr
