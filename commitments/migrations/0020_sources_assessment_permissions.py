"""Grants the role groups their permissions on the contributions and the assessment models. Model
permissions only open the admin's doors: who may write which contribution, and who reads the ranking, is
decided by commitments/permissions.py."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

APP = "commitments"
OFFICE_MODELS = ["assessmentscheme", "assessmentitem", "contribution", "coordinationmatter"]
# Co-departments write their contributions in the admin (the change door); leaders read.
GRANTS = {
    "supervisor": [f"{action}_{model}" for model in OFFICE_MODELS for action in ("add", "change", "delete", "view")],
    "reporter": ["view_contribution", "add_contribution", "change_contribution"],
    "leader": ["view_contribution", "view_coordinationmatter", "view_assessmentscheme", "view_assessmentitem"],
}


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config(APP), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label=APP, codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = {codename for codenames in GRANTS.values() for codename in codenames}
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=APP, codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0019_structured_reports_sources_assessment"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
