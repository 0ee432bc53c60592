"""Figures derived from the updates and decisions and stored for fast reads; never edited by hand."""

from __future__ import annotations

from django.db import models
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


class FigureGeneration(models.Model):
    """One row: a token that changes whenever any figure a summary counts may have changed (a commitment
    written or deleted, its stored figures or snapshots re-derived). Cached summaries are kept under the
    token (selectors/figures_cache.py), so a new token retires them in every process at once. Changed only
    by services.tracking.figures_changed, after the change commits."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token
