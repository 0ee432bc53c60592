import pytest
from django.core.management import call_command

from .factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="office-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def jiangcheng_2020(db):
    """The curated 2020 report of Jiangcheng district, loaded as `make run` loads it."""
    call_command("loaddata", "jiangcheng_2020", verbosity=0)
    from commitments.models import Report

    return Report.objects.get(government="阳江市江城区人民政府", year=2020)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests run without collectstatic, so the hashed-manifest storage of production is swapped out."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db):
    """Two departments, one user per role, and commitments led, co-owned and not owned by the reporter's."""
    from .base import build_world

    return build_world()


@pytest.fixture
def office(db):
    """A supervisor of the supervision office."""
    from .base import make_user

    return make_user("supervisor")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast of users is created in most tests; production-strength hashing would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The data migrations that create the roles' groups and grant their model permissions, in order.
ROLE_GRANTS = (
    ("0003_role_groups", "create_groups"),
    ("0018_extensions_closeout_notices", "grant"),
    ("0020_sources_assessment_permissions", "grant"),
    ("0024_key_project_ledger", "seed"),
)


@pytest.fixture
def role_groups(db):
    """The roles' groups with their model permissions, as the data migrations make them: a transactional
    test's flush removes both, and the admin's pages answer 403 without the permissions."""
    import importlib

    from django.apps import apps

    for module, function in ROLE_GRANTS:
        getattr(importlib.import_module(f"commitments.migrations.{module}"), function)(apps, None)
