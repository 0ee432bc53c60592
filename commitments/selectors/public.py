"""The public site's reads: published reports only, approved updates only.

Every public page and feed reads through these, so a draft, a returned update or an unpublished report
cannot reach a template by accident.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from ..choices import UpdateState
from ..models import (
    Chapter,
    Commitment,
    Department,
    KeyProject,
    ProgressUpdate,
    Report,
    ReportedValue,
    StatusOverride,
    Target,
    scope_department_ids,
)
from . import rules


def published_reports() -> QuerySet[Report]:
    """Reports the public may read, newest first."""
    return Report.objects.filter(published=True).order_by("-year", "government")


def public_report(report_id: int | None = None) -> Report | None:
    """The published report asked for, or the newest published one; None if there is none (or not that one)."""
    reports = published_reports()
    if report_id is not None:
        return reports.filter(pk=report_id).first()
    return reports.first()


def public_commitments(
    report: Report,
    *,
    chapter: Chapter | None = None,
    status: str = "",
    department: Department | None = None,
    search: str = "",
) -> QuerySet[Commitment]:
    """A published report's commitments, filtered, in chapter and code order, with what a list row shows.

    The department filter is the department scope (lead or co-responsible), the search the one search.
    """
    commitments = (
        Commitment.objects.published()
        .filter(report=report)
        .select_related("chapter", "lead_department")
        .order_by("chapter__number", "sort_key")
    )
    if chapter is not None:
        commitments = commitments.filter(chapter=chapter)
    if status:
        commitments = commitments.filter(status=status)
    if department is not None:
        commitments = commitments.for_department(department)
    return commitments.search(search)


def public_report_departments(report: Report) -> QuerySet[Department]:
    """Departments that lead or share a commitment of the report: the choices of the public filter."""
    return Department.objects.filter(pk__in=scope_department_ids(Commitment.objects.filter(report=report))).order_by(
        "name"
    )


def approved_updates() -> QuerySet[ProgressUpdate]:
    """Approved updates of commitments in published reports: all that the public ever sees of updates.

    Drafts, submitted and returned updates, and anything of an unpublished report, never pass.
    """
    return ProgressUpdate.objects.filter(state=UpdateState.APPROVED, commitment__report__published=True)


def public_commitment(pk: int) -> Commitment:
    """One commitment of a published report with its owners, targets, milestones and approved updates.

    Raises Commitment.DoesNotExist for an unknown commitment or one of an unpublished report.
    """
    updates = (
        approved_updates()
        .order_by(*rules.LATEST_UPDATE_FIRST)
        .prefetch_related(Prefetch("values", queryset=ReportedValue.objects.select_related("target")))
    )
    # The key-project ledger (issue 18) in the same query: whether the commitment holds one (`holds_ledger`),
    # and the project it tracks if it is one (`key_project`, None otherwise).
    return (
        Commitment.objects.published()
        .select_related("report", "chapter", "lead_department", "responsible_leader", "key_project")
        .annotate(holds_ledger=Exists(KeyProject.objects.filter(ledger=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("co_departments", queryset=Department.objects.order_by("name")),
            Prefetch("targets", queryset=Target.objects.order_by("id")),
            "milestones",
            Prefetch("updates", queryset=updates, to_attr="approved_updates"),
            # Oldest first, as rules.decision_in_force takes them: the page says why a task was cancelled.
            Prefetch(
                "status_overrides",
                queryset=StatusOverride.objects.order_by("effective_on", "decided_at", "id"),
                to_attr="decisions",
            ),
        )
        .get(pk=pk)
    )
