"""Creates the four role groups with their model permissions.

Model permissions only open the admin's doors; which commitment or update a user may touch is decided
by commitments/permissions.py. Permissions are normally created after all migrations (post_migrate),
so they are created here first for a fresh database.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

APP = "commitments"
REPORTER_WRITES = ("progressupdate", "reportedvalue", "evidence")
GROUPS = ("supervisor", "reporter", "leader", "viewer")


def create_groups(apps, schema_editor):
    create_permissions(global_apps.get_app_config(APP), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_permissions = Permission.objects.filter(content_type__app_label=APP)
    view = app_permissions.filter(codename__startswith="view_")
    reporter_writes = app_permissions.filter(
        codename__in=[f"{action}_{model}" for model in REPORTER_WRITES for action in ("add", "change", "delete")]
    )
    grants = {
        "supervisor": app_permissions,
        "reporter": view | reporter_writes,
        "leader": view,
        "viewer": view,
    }
    for name, permissions in grants.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0002_memberships_evidence_status_decisions"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
