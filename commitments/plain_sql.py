"""The app's hand-written SQL, all of it, for what the ORM cannot write (docs/rules.md: reads go through the
ORM). Each statement says why it is here.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection


def subtree_rows(ids: list[int]) -> list[tuple[int, int | None]]:
    """(id, parent id) of the commitments `ids` and all their descendants.

    A recursive common table expression, which the ORM cannot write (PostgreSQL and SQLite both read it).
    Without it, evaluating a department's few commitments spread over many reports would load those
    reports' whole trees (hundreds of commitments each) or walk the tree one query per level."""
    marks = ", ".join("%s" for _ in ids)
    sql = f"""
        WITH RECURSIVE subtree(id) AS (
            SELECT id FROM commitments_commitment WHERE id IN ({marks})
            UNION
            SELECT c.id FROM commitments_commitment c JOIN subtree s ON c.parent_id = s.id
        )
        SELECT c.id, c.parent_id FROM commitments_commitment c WHERE c.id IN (SELECT id FROM subtree)"""
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return cursor.fetchall()


def chunks(items: list, per_item: int) -> Iterator[list]:
    """The items in chunks within the database's limit on parameters per statement: SQLite's 999, and the
    65,535 of PostgreSQL's protocol, which binds them on the server here (settings: server_side_binding)."""
    size = max(1, (connection.features.max_query_params or 65535) // per_item)
    for start in range(0, len(items), size):
        yield items[start : start + size]
