"""Plain SQL statements whose rows become model instances exactly as the ORM's would, for the few hot
paths where building the ORM's statement costs more than running it (an approval re-derives one
commitment in about fifteen statements; see selectors/facts.py).

The instances carry every concrete field, converted by the fields' and the backend's own converters (SQLite
keeps dates as text and decimals as numbers), so they can be saved, compared and audited like any other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.db import connection, models


class Columns:
    """One model's columns in a plain SELECT (under a table alias), and the instance built from them with the
    converters the ORM would apply (SQLite stores dates and decimals as text and numbers)."""

    def __init__(self, model: type[models.Model], alias: str) -> None:
        self.model, self.alias = model, alias
        self.fields = model._meta.concrete_fields
        self.names = [f.attname for f in self.fields]
        self.converters = []
        for position, item in enumerate(self.fields):
            column = item.get_col(alias)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self.converters.append((position, column, found))

    def __len__(self) -> int:
        return len(self.fields)

    def sql(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(item.column)}" for item in self.fields)

    def build(self, row: Sequence, start: int = 0) -> models.Model | None:
        """The instance in row[start:start + len(self)], or None where a LEFT JOIN found nothing."""
        values = list(row[start : start + len(self.fields)])
        if values[0] is None:  # the primary key comes first
            return None
        for position, column, converters in self.converters:
            for converter in converters:
                values[position] = converter(values[position], column, connection)
        return self.model.from_db(connection.alias, self.names, values)


@functools.cache
def _columns_of(model: type[models.Model], alias: str, vendor: str) -> Columns:
    return Columns(model, alias)


def model_columns(model: type[models.Model], alias: str) -> Columns:
    """Columns, made once per model, alias and database kind (finding the converters takes about 50 µs; they
    depend on the kind of database and the settings, not on the connection)."""
    return _columns_of(model, alias, connection.vendor)


def converter(model: type[models.Model], name: str) -> Callable[[object], object]:
    """What turns a value of the model's field, as read by plain SQL, into the ORM's value."""
    column = model._meta.get_field(name).get_col("_")
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)

    def convert(value: object) -> object:
        for step in converters:
            value = step(value, column, connection)
        return value

    return convert


def marks(values: Iterable) -> str:
    """Placeholders for the values of an IN list."""
    return ", ".join("%s" for _ in values)


def rows(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def joined(*models_: Columns) -> tuple[str, list[int]]:
    """The select list of a row of several models side by side, and where each model's columns start."""
    starts, position = [], 0
    for columns in models_:
        starts.append(position)
        position += len(columns)
    return ", ".join(columns.sql() for columns in models_), starts


def chunks(items: list, per_item: int) -> Iterator[list]:
    """The items in chunks within the database's limit on parameters per statement: SQLite's 999, and the
    65,535 of PostgreSQL's protocol, which binds them on the server here (settings: server_side_binding)."""
    size = max(1, (connection.features.max_query_params or 65535) // per_item)
    for start in range(0, len(items), size):
        yield items[start : start + size]
