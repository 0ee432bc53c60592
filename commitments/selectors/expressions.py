"""Small ORM functions the rules' query expressions are built from (selectors/rules.py), one SQL each for
SQLite and PostgreSQL, as Django's own database functions are written."""

from __future__ import annotations

from django.db.models import Func, IntegerField


class DaysBetween(Func):
    """Whole days from `earlier` to `later` (two dates): later − earlier."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        # SQLite keeps dates as ISO text; julianday() reads them.
        return self._difference(compiler, connection, "CAST(julianday({}) - julianday({}) AS INTEGER)")

    def as_postgresql(self, compiler, connection, **extra_context):
        # date − date is a whole number of days; a parameter may arrive untyped, hence the casts.
        return self._difference(compiler, connection, "(CAST({} AS DATE) - CAST({} AS DATE))")

    def _difference(self, compiler, connection, template: str):
        (later, later_params), (earlier, earlier_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return template.format(later, earlier), [*later_params, *earlier_params]


class Hundredths(Func):
    """A percentage in whole hundredths, rounded half away from zero (progress ≥ 0: half up)."""

    arity = 1
    output_field = IntegerField()
    template = "CAST(ROUND(%(expressions)s * 100) AS INTEGER)"
