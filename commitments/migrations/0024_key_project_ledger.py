"""The key-project ledger (重点项目台账): KeyProject and its category tags, with history; seeds the key-project
stage template (形象进度: 用地 → 招标 → 开工 → 主体 → 竣工; 前期 is where a project stands before the first)
and grants the role groups their model permissions on the new models (the office writes, staff roles read).

The stages are copied here (not imported from services/projects.py) so that this migration keeps doing what
it did when it was written.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


APP = "commitments"
TEMPLATE = "重点项目形象进度"
STAGES = [
    (1, "land", "用地", "用地预审或建设用地批准文件、不动产权证书"),
    (2, "tender", "招标", "中标通知书"),
    (3, "construction", "开工", "建筑工程施工许可证或开工报告"),
    (4, "structure", "主体", "主体结构完工（封顶）验收记录"),
    (5, "completion", "竣工", "竣工验收备案表"),
]
MODELS = ["keyproject", "keyprojectcategory"]
GRANTS = {
    "supervisor": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    "reporter": [f"view_{model}" for model in MODELS],
    "leader": [f"view_{model}" for model in MODELS],
    "viewer": [f"view_{model}" for model in MODELS],
}


def seed(apps, schema_editor):
    StageTemplate = apps.get_model(APP, "StageTemplate")
    StageTemplateStep = apps.get_model(APP, "StageTemplateStep")
    template, _ = StageTemplate.objects.get_or_create(
        name=TEMPLATE, defaults={"description": "前期 → 用地 → 招标 → 开工 → 主体 → 竣工（重点项目形象进度）"}
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
    StageTemplate = apps.get_model(APP, "StageTemplate")
    StageMilestone = apps.get_model(APP, "StageMilestone")
    if not StageMilestone.objects.filter(step__template__name=TEMPLATE).exists():
        StageTemplate.objects.filter(name=TEMPLATE).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ('commitments', '0023_jiangcheng_2020_information_figures'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalKeyProject',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('sequence', models.PositiveIntegerField(verbose_name='sequence number')),
                ('name', models.CharField(max_length=200, verbose_name='project name')),
                ('content', models.TextField(blank=True, verbose_name='construction content')),
                ('total_investment', models.DecimalField(decimal_places=4, max_digits=16, verbose_name='total investment (100 million yuan)')),
                ('planned_start', models.DateField(blank=True, null=True, verbose_name='planned start')),
                ('planned_completion', models.DateField(blank=True, null=True, verbose_name='planned completion')),
                ('is_reserve', models.BooleanField(default=False, verbose_name='reserve project')),
                ('promoted_on', models.DateField(blank=True, null=True, verbose_name='promoted to formal on')),
                ('is_example', models.BooleanField(default=False, help_text="Illustrative data for the demo (示例), not the report's.", verbose_name='example')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('commitment', models.ForeignKey(blank=True, db_constraint=False, help_text="The project's own sub-item, through which it reports.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commitments.commitment', verbose_name='tracked as')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('investment_target', models.ForeignKey(blank=True, db_constraint=False, help_text='Completed investment this year against the annual plan (亿元).', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commitments.target', verbose_name='investment target')),
                ('ledger', models.ForeignKey(blank=True, db_constraint=False, help_text='The commitment the project rolls into, e.g. 推动53个重点项目建设.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commitments.commitment', verbose_name='ledger commitment')),
            ],
            options={
                'verbose_name': 'historical key project',
                'verbose_name_plural': 'historical key projects',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='KeyProject',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sequence', models.PositiveIntegerField(verbose_name='sequence number')),
                ('name', models.CharField(max_length=200, verbose_name='project name')),
                ('content', models.TextField(blank=True, verbose_name='construction content')),
                ('total_investment', models.DecimalField(decimal_places=4, max_digits=16, verbose_name='total investment (100 million yuan)')),
                ('planned_start', models.DateField(blank=True, null=True, verbose_name='planned start')),
                ('planned_completion', models.DateField(blank=True, null=True, verbose_name='planned completion')),
                ('is_reserve', models.BooleanField(default=False, verbose_name='reserve project')),
                ('promoted_on', models.DateField(blank=True, null=True, verbose_name='promoted to formal on')),
                ('is_example', models.BooleanField(default=False, help_text="Illustrative data for the demo (示例), not the report's.", verbose_name='example')),
                ('commitment', models.OneToOneField(help_text="The project's own sub-item, through which it reports.", on_delete=django.db.models.deletion.PROTECT, related_name='key_project', to='commitments.commitment', verbose_name='tracked as')),
                ('investment_target', models.OneToOneField(help_text='Completed investment this year against the annual plan (亿元).', on_delete=django.db.models.deletion.PROTECT, related_name='key_project', to='commitments.target', verbose_name='investment target')),
                ('ledger', models.ForeignKey(help_text='The commitment the project rolls into, e.g. 推动53个重点项目建设.', on_delete=django.db.models.deletion.PROTECT, related_name='key_projects', to='commitments.commitment', verbose_name='ledger commitment')),
            ],
            options={
                'verbose_name': 'key project',
                'verbose_name_plural': 'key projects',
                'ordering': ['ledger', 'sequence'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalKeyProjectCategory',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('category', models.CharField(choices=[('under_construction', 'Under construction'), ('new_start', 'New start'), ('new_operation', 'Entering operation'), ('infrastructure', 'Infrastructure and supporting facilities')], max_length=30, verbose_name='category')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('project', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commitments.keyproject', verbose_name='key project')),
            ],
            options={
                'verbose_name': 'historical project category',
                'verbose_name_plural': 'historical project categories',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='KeyProjectCategory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(choices=[('under_construction', 'Under construction'), ('new_start', 'New start'), ('new_operation', 'Entering operation'), ('infrastructure', 'Infrastructure and supporting facilities')], max_length=30, verbose_name='category')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='categories', to='commitments.keyproject', verbose_name='key project')),
            ],
            options={
                'verbose_name': 'project category',
                'verbose_name_plural': 'project categories',
                'ordering': ['project', 'category'],
            },
        ),
        migrations.AddConstraint(
            model_name='keyproject',
            constraint=models.UniqueConstraint(fields=('ledger', 'sequence'), name='keyproject_unique_sequence', violation_error_message='This ledger already has a project with this sequence number.'),
        ),
        migrations.AddConstraint(
            model_name='keyproject',
            constraint=models.UniqueConstraint(fields=('ledger', 'name'), name='keyproject_unique_name', violation_error_message='This ledger already has a project with this name.'),
        ),
        migrations.AddConstraint(
            model_name='keyproject',
            constraint=models.CheckConstraint(condition=models.Q(('total_investment__gte', 0)), name='keyproject_total_investment_not_negative', violation_error_message='The total investment cannot be negative.'),
        ),
        migrations.AddConstraint(
            model_name='keyproject',
            constraint=models.CheckConstraint(condition=models.Q(('planned_start__isnull', True), ('planned_completion__isnull', True), ('planned_completion__gte', models.F('planned_start')), _connector='OR'), name='keyproject_completion_not_before_start', violation_error_message='The planned completion cannot be before the planned start.'),
        ),
        migrations.AddConstraint(
            model_name='keyproject',
            constraint=models.CheckConstraint(condition=models.Q(('promoted_on__isnull', True), ('is_reserve', False), _connector='OR'), name='keyproject_promoted_is_formal', violation_error_message='A project promoted to formal is no longer a reserve.'),
        ),
        migrations.AddConstraint(
            model_name='keyprojectcategory',
            constraint=models.UniqueConstraint(fields=('project', 'category'), name='keyprojectcategory_unique', violation_error_message='The project already has this category.'),
        ),
        migrations.RunPython(seed, unseed),
    ]
