"""Seeds the construction stage template and grants the role groups their permissions on the supervision models.

The template's stages are copied here (not imported from supervision/stages.py) so that this migration
keeps doing what it did when it was written. Model permissions only open the admin's doors; who may
answer, resolve or plan is decided by commitments/permissions.py.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

APP = "commitments"
TEMPLATE = "建设项目"
STAGES = [
    (1, "approval", "立项", "项目立项批复（核准、备案）文件"),
    (2, "land", "用地", "用地预审或建设用地批准文件、不动产权证书"),
    (3, "tender", "招标", "中标通知书"),
    (4, "construction", "开工", "建筑工程施工许可证或开工报告"),
    (5, "completion", "竣工验收", "竣工验收备案表"),
]
MODELS = [
    "acceptance",
    "contestedacceptance",
    "reportingplan",
    "stagetemplate",
    "stagetemplatestep",
    "stagemilestone",
    "targetcomputation",
    "sentreminder",
    "reportingcompleteness",
]
# Reporters answer acceptances (an admin action, which needs the change door); everyone staff reads.
GRANTS = {
    "supervisor": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    "reporter": [f"view_{model}" for model in MODELS] + ["change_acceptance"],
    "leader": [f"view_{model}" for model in MODELS],
    "viewer": ["view_stagetemplate", "view_stagetemplatestep"],
}


def seed(apps, schema_editor):
    StageTemplate = apps.get_model(APP, "StageTemplate")
    StageTemplateStep = apps.get_model(APP, "StageTemplateStep")
    template, _ = StageTemplate.objects.get_or_create(
        name=TEMPLATE, defaults={"description": "立项 → 用地 → 招标 → 开工 → 竣工验收"}
    )
    for position, key, title, evidence in STAGES:
        StageTemplateStep.objects.get_or_create(
            template=template, key=key, defaults={"position": position, "title": title, "evidence": evidence}
        )

    create_permissions(global_apps.get_app_config(APP), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label=APP, codename__in=codenames))


def unseed(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    codenames = {codename for codenames in GRANTS.values() for codename in codenames}
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=APP, codename__in=codenames))
    StageTemplate = apps.get_model(APP, "StageTemplate")
    StageMilestone = apps.get_model(APP, "StageMilestone")
    if not StageMilestone.objects.filter(step__template__name=TEMPLATE).exists():
        StageTemplate.objects.filter(name=TEMPLATE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0006_supervision"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
