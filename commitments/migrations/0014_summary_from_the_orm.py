"""The summary tally and its PostgreSQL triggers go: the summaries aggregate the commitments through the ORM
(selectors/summary.py), and no database trigger keeps a figure; the figure generation (a cache token the
tracking service changes) comes. Going back restores the triggers, whose rebuild refills the tally."""

import importlib

from django.db import migrations, models

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS commitments_summary_tally_update ON commitments_commitment;
DROP TRIGGER IF EXISTS commitments_summary_tally ON commitments_commitment;
DROP FUNCTION IF EXISTS commitments_summary_tally_rebuild();
DROP FUNCTION IF EXISTS commitments_summary_tally_trigger();
DROP FUNCTION IF EXISTS commitments_summary_tally_add(bigint, bigint, text, text, numeric, date, integer);
"""


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS)


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        tally = importlib.import_module("commitments.migrations.0013_summary_tally")
        schema_editor.execute(tally.FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0013_summary_tally"),
    ]

    operations = [
        # Reversed, the table comes back first (DeleteModel), then the triggers that fill it.
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="SummaryTally"),
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.CreateModel(
            name="FigureGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
        ),
    ]
