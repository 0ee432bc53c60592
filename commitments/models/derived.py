"""Figures derived from the updates and decisions and stored for fast reads; never edited by hand."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ..choices import CommitmentStatus
from .commitments import Commitment
from .decimals import PERCENT_DIGITS


class ProgressSnapshot(models.Model):
    """Where a commitment stood (progress and status, as the engine evaluates them) from effective_on until
    its next snapshot. Progress and status change only on the dates of its history (an approved update's
    as_of, a decision's effective_on, the same in its children), so these rows answer "as of any date" with
    one index lookup; RAG, which moves with the calendar, is derived from them in SQL. Written by
    services.tracking whenever the stored fields are synced, never edited by hand."""

    # No index of its own: the unique constraint's index starts with it.
    commitment = models.ForeignKey(
        Commitment, models.CASCADE, related_name="snapshots", db_index=False, verbose_name=_("commitment")
    )
    effective_on = models.DateField(_("effective on"))
    # The next snapshot's effective_on (empty for the latest): "as of a date" is then one row per commitment
    # matched by a range, which PostgreSQL answers for every commitment at once with a hash join instead of
    # 100,000 index probes.
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    progress = models.DecimalField(_("progress (%)"), **PERCENT_DIGITS)
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices)

    class Meta:
        ordering = ["commitment", "effective_on"]
        verbose_name = _("progress snapshot")
        verbose_name_plural = _("progress snapshots")
        constraints = [
            # Its index (commitment_id, effective_on) serves "the latest snapshot on or before a date".
            models.UniqueConstraint(
                fields=["commitment", "effective_on"],
                name="progresssnapshot_unique_day",
                violation_error_message=_("This commitment already has a snapshot for this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} @ {self.effective_on:%Y-%m-%d}: {self.progress}% {self.status}"


# Stands for an empty open_due (a group's row of counters) in the tally's unique index, where NULLs would
# never conflict and the trigger's upserts would add rows instead of updating them.
NOT_DUE_KEY = datetime.date(9999, 12, 31)


class SummaryTally(models.Model):
    """Running counts of the commitments per chapter and per lead department: what the all-reports summary
    reads instead of aggregating every commitment. A group has one row of counters (open_due empty), read as
    it is, and one row per due date of its open commitments, counting them in n, from which the overdue
    count follows for any day. PostgreSQL only: a trigger on the commitments table (migration 0013) keeps
    it as every writing transaction commits, whoever writes; the app never writes it. On SQLite it
    stays empty and the summary reads the commitments.

    No foreign keys: rows follow the commitments (the trigger), not a chapter's or department's deletion."""

    grouping = models.CharField(max_length=10)  # "chapter" or "department"
    group_id = models.BigIntegerField()
    # Empty on the group's row of counters; else the due date of the open (not completed or cancelled)
    # commitments this row counts in n, its only counter. Overdue today: the n of the rows due before today.
    open_due = models.DateField(null=True)
    n = models.IntegerField(default=0)
    s_not_started = models.IntegerField(default=0)
    s_in_progress = models.IntegerField(default=0)
    s_completed = models.IntegerField(default=0)
    s_cancelled = models.IntegerField(default=0)
    r_green = models.IntegerField(default=0)
    r_amber = models.IntegerField(default=0)
    r_red = models.IntegerField(default=0)
    r_completed = models.IntegerField(default=0)
    r_not_due = models.IntegerField(default=0)
    r_cancelled = models.IntegerField(default=0)
    r_blank = models.IntegerField(default=0)
    # Not cancelled: the commitments the mean progress is over, and the sum of their progress.
    active = models.IntegerField(default=0)
    progress_sum = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        constraints = [
            # The trigger's INSERT … ON CONFLICT names this index's columns and expression.
            models.UniqueConstraint(
                models.F("grouping"),
                models.F("group_id"),
                Coalesce(models.F("open_due"), models.Value(NOT_DUE_KEY)),
                name="summarytally_unique_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grouping} {self.group_id}, due {self.open_due}: {self.n}"
