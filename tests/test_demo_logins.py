"""Demo logins (`ensure_demo_users`): only on a demonstration, and never touching users that exist."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from commitments.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("ensure_demo_users", *args, stdout=out)
    return out.getvalue()


@override_settings(DEBUG=False)
def test_refused_in_production_with_a_clear_message_and_nothing_created():
    with pytest.raises(CommandError, match="DEBUG is off.*--demo"):
        run()
    assert not get_user_model().objects.filter(username="admin").exists()


@override_settings(DEBUG=False)
def test_a_demonstration_says_so_and_gets_every_login():
    printed = run("--demo")
    assert f"admin / {DEMO_PASSWORD}" in printed
    assert get_user_model().objects.get(username="admin").is_superuser


@override_settings(DEBUG=True)
def test_a_development_server_needs_no_flag():
    assert f"reporter / {DEMO_PASSWORD}" in run()


@override_settings(DEBUG=False)
def test_a_changed_password_and_a_changed_role_survive_the_next_make_run():
    run("--demo")
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("a-password-the-office-chose")
    admin.is_superuser = False
    admin.save()
    printed = run("--demo")
    admin.refresh_from_db()
    assert admin.check_password("a-password-the-office-chose")
    assert not admin.is_superuser
    assert f"admin / {DEMO_PASSWORD}" not in printed
    assert "admin (its password was changed: left as it is)" in printed
