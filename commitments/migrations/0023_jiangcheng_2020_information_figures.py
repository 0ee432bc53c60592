"""The 2020 Jiangcheng report as it means it (issue 18): in a database that loaded the earlier fixture, the
three figures that are information, not 2020 targets (the seafood centre's 20万吨 capacity, the 350亿元 / 64
project pool), are removed as targets; reloading the fixture (`make run` does) keeps them in the
commitments' notes. A target someone already reported a value for is left for the office to decide."""

from django.db import migrations

GOVERNMENT, YEAR = "阳江市江城区人民政府", 2020
INFORMATION_TARGETS = {
    "2.2.1": ["海鲜交易中心年交易量"],
    "2.3.2": ["“三个一批项目”数", "“三个一批项目”投资总额"],
}


def remove_information_targets(apps, schema_editor):
    Target = apps.get_model("commitments", "Target")
    ReportedValue = apps.get_model("commitments", "ReportedValue")
    for code, metrics in INFORMATION_TARGETS.items():
        targets = Target.objects.filter(
            commitment__report__government=GOVERNMENT,
            commitment__report__year=YEAR,
            commitment__code=code,
            metric__in=metrics,
        )
        reported = ReportedValue.objects.filter(target__in=targets).values("target_id")
        targets.exclude(pk__in=reported).delete()


class Migration(migrations.Migration):
    dependencies = [("commitments", "0022_assignment_dates")]

    operations = [migrations.RunPython(remove_information_targets, migrations.RunPython.noop)]
