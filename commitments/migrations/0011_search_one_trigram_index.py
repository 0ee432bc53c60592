"""One trigram index for the `q` search, over the code, title and source text together, on PostgreSQL.

The search (filtersets.CommitmentFilterSet.search) matches UPPER(code || ' ' || title || ' ' || source_text)
against the term: one bitmap index scan instead of an OR of three that the planner judged dearer than a
sequential scan. The expression here must stay the one `search_text()` builds. Other databases keep
their plain scan.
"""

from django.db import migrations

OLD_COLUMNS = ("code", "title", "source_text")
EXPRESSION = "(UPPER(code || ' ' || title || ' ' || source_text))"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS commitment_search_trgm ON commitments_commitment "
        f"USING gin ({EXPRESSION} gin_trgm_ops)"
    )
    for column in OLD_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS commitment_{column}_trgm")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS commitment_search_trgm")
    for column in OLD_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS commitment_{column}_trgm ON commitments_commitment "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("commitments", "0010_co_department_may_contest")]

    operations = [migrations.RunPython(create, drop)]
