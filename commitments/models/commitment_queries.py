"""How commitments are found: the department scope (lead or co-responsible), the search text, the code's
sort key, and the commitment queryset and manager built on them (models/commitments.py uses them)."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from ..choices import CLOSED_STATUSES
from .organisation import Department
from .reports import report_lookup

if TYPE_CHECKING:
    from .commitments import Commitment


def code_sort_key(code: str) -> str:
    """'2.10.1' sorts after '2.9.3': each numeric part is zero-padded."""
    return ".".join(part.zfill(4) if part.isdigit() else part for part in re.split(r"[.\-]", code))


class SearchText(models.Func):
    """UPPER(code || ' ' || title || ' ' || source_text): the text a search reads; PostgreSQL's trigram index
    (migration 0011) is on exactly this expression, and SQLite reads it too."""

    template = "UPPER(%(table)s.code || ' ' || %(table)s.title || ' ' || %(table)s.source_text)"
    output_field = models.TextField()

    def as_sql(self, compiler, connection, **extra_context):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return super().as_sql(compiler, connection, table=table, **extra_context)


def department_commitment_ids(department: Department | int) -> models.QuerySet:
    """The department scope (lead or co-responsible), as ids: the union of two index lookups (an OR of the
    two conditions scans the whole table; a join on co_departments needs DISTINCT). The one definition every
    list, filter, feed and permission uses."""
    from .commitments import Commitment, CoResponsibility  # defined with the models that use this queryset

    led = Commitment.objects.filter(lead_department=department).order_by().values("pk")
    co_owned = CoResponsibility.objects.filter(department=department).order_by().values("commitment_id")
    return led.union(co_owned)


def scope_department_ids(commitments: models.QuerySet) -> models.QuerySet:
    """The same scope read the other way: the departments that lead or share any of the commitments, as ids
    (a union of the same two relations; a join of both needs DISTINCT over every pair, which at 100,000
    commitments spilled a 6-million-row join to disk to find a report's few dozen departments)."""
    from .commitments import CoResponsibility  # defined with the models that use this queryset

    led = commitments.order_by().values("lead_department_id")
    co_owning = CoResponsibility.objects.filter(commitment__in=commitments.order_by().values("pk"))
    return led.union(co_owning.order_by().values("department_id"))


class CommitmentQuerySet(models.QuerySet):
    def open(self) -> CommitmentQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, on: datetime.date | None = None) -> CommitmentQuerySet:
        """Overdue on the day (today if None), by rules.is_overdue's condition."""
        from ..selectors.rules import overdue_condition  # the selectors read the models

        return self.filter(overdue_condition(on or timezone.localdate()))

    def for_department(self, department: Department | int) -> CommitmentQuerySet:
        """Led or co-owned by the department (department_commitment_ids)."""
        return self.filter(pk__in=department_commitment_ids(department))

    def search(self, text: str) -> CommitmentQuerySet:
        """The search everywhere (API `q`, admin, public site): every word of the text, in any case, appears
        in the code, title or report text (SearchText, one trigram-indexed expression)."""
        words = text.upper().split()
        if not words:
            return self
        queryset = self.alias(search_text=SearchText())
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def published(self) -> CommitmentQuerySet:
        return self.filter(report__published=True)

    def with_clock_start(self) -> CommitmentQuerySet:
        """Each commitment with `clock_start`, the day its clock starts (rules.clock_start_expression)."""
        from ..selectors.rules import clock_start_expression  # the selectors read the models

        return self.annotate(clock_start=clock_start_expression())


class CommitmentManager(models.Manager.from_queryset(CommitmentQuerySet)):
    def get_by_natural_key(self, *key) -> Commitment:
        return self.get(code=key[-1], **report_lookup("report__", key[:-1]))
