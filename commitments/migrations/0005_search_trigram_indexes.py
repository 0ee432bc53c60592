"""Trigram indexes for the `q` search (icontains over code, title and source text) on PostgreSQL.

Django's icontains compiles to UPPER(column::text) LIKE UPPER(%s) there, so the indexes are on those
expressions. Other databases keep their plain scan.
"""

from django.db import migrations

COLUMNS = ("code", "title", "source_text")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS commitment_{column}_trgm ON commitments_commitment "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS commitment_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("commitments", "0004_comparator_about")]

    operations = [migrations.RunPython(create, drop)]
