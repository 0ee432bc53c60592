"""What each assessment measure counts per lead department, read from the history as of a day.

Every count reuses the rule that already defines it, never a copy:
- reports on time, late, missing: supervision/completeness.py (`expected_reports`), the reports due from
  1 January to the day as seen on the day (what was submitted later does not count yet);
- tasks completed by the deadline: the progress snapshot in force on each task's due date (the evaluation's
  status, which services/tracking.py stores), for the tasks due by the day, by the deadline in force on the
  day (`rules.due_date_in_force_expression`);
- red months: the summary's figures at each month's end (`selectors/summary.py: figures_on`, the RAG rule as
  a query over the snapshots and the deadline in force at that month's end), for the months ended by the day.
- close-outs verified, extensions approved, 督办单 received and replied in time: supervision/
  lifecycle_selectors.py (`closeouts_verified_by`, `extensions_approved_by`, `notices_issued_by`,
  `notices_as_they_stood`, `reply_on_time`), by the decision, issue and reply timestamps up to the day's end.
So the counts for a past day read only history dated up to that day: adding later history leaves them as
they were.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet

from ..choices import AssessmentMeasure, CommitmentStatus, Rag, ReportStatus
from ..models import Commitment, ProgressSnapshot
from ..selectors import rules
from ..selectors.summary import figures_on
from ..supervision.completeness import expected_reports
from ..supervision.lifecycle_selectors import (
    closeouts_verified_by,
    extensions_approved_by,
    notices_as_they_stood,
    notices_issued_by,
    reply_expected,
    reply_on_time,
)


@dataclass
class Tally:
    """Per lead department id: how many occurrences, and how many were eligible (a share's denominator)."""

    counts: Counter = field(default_factory=Counter)
    eligible: Counter = field(default_factory=Counter)


def month_ends(year: int, day: datetime.date) -> list[datetime.date]:
    """The last days of the year's months that ended on or before the day."""
    ends = [datetime.date(year, month, calendar.monthrange(year, month)[1]) for month in range(1, 13)]
    return [end for end in ends if end <= day]


def _reports(scope: QuerySet[Commitment], year: int, day: datetime.date) -> dict[str, Tally]:
    """On time, late and missing among the reports due from 1 January to the day, as seen on the day; each
    out of the reports already due."""
    tallies = {status: Tally() for status in (ReportStatus.ON_TIME, ReportStatus.LATE, ReportStatus.MISSING)}
    start = datetime.date(year, 1, 1)
    if day < start:
        return tallies
    for item in expected_reports(scope, start=start, end=day, on=day):
        if item.status == ReportStatus.PENDING:
            continue
        department_id = item.commitment.lead_department_id
        for status, tally in tallies.items():
            tally.eligible[department_id] += 1
            tally.counts[department_id] += item.status == status
    return tallies


def completed_by_deadline(scope: QuerySet[Commitment], year: int, day: datetime.date) -> Tally:
    """The tasks due by the day (in the year) that stood completed on their due date, out of those due and
    not cancelled on it; the due date is the deadline in force on the day (an extension approved later does
    not move it). One query."""
    relation = rules.extension_in_force(extensions_approved_by(day), relation="commitment__extension_requests")
    due = rules.due_date_in_force_expression(
        "extension", due="commitment__due_date", original="commitment__original_due_date"
    )
    on_due_date = Q(effective_on__lte=F("due_then")) & (
        Q(effective_until__isnull=True) | Q(effective_until__gt=F("due_then"))
    )
    rows = (
        ProgressSnapshot.objects.filter(commitment__in=scope.values("pk"))
        .annotate(extension=relation, due_then=due)
        .filter(on_due_date, due_then__year=year, due_then__lte=day)
        .values_list("commitment__lead_department_id", "status")
    )
    tally = Tally()
    for department_id, status in rows:
        if status == CommitmentStatus.CANCELLED:
            continue
        tally.eligible[department_id] += 1
        tally.counts[department_id] += status == CommitmentStatus.COMPLETED
    return tally


def red_months(scope: QuerySet[Commitment], year: int, day: datetime.date) -> Tally:
    """Task-months that ended red (RAG off track) at the month's end, out of the task-months already started
    (RAG not "not yet due"). One query per month ended by the day."""
    tally = Tally()
    for end in month_ends(year, day):
        rows = (
            figures_on(scope, end)
            .order_by()
            .values("lead_department_id")
            .annotate(red=Count("pk", filter=Q(f_rag=Rag.RED)), started=Count("pk", filter=~Q(f_rag=Rag.NOT_DUE)))
        )
        for row in rows:
            tally.counts[row["lead_department_id"]] += row["red"]
            tally.eligible[row["lead_department_id"]] += row["started"]
    return tally


def _per_lead_department(rows: QuerySet) -> Tally:
    """A tally counting each row once for its task's lead department (the ranking's rows); one query."""
    tally = Tally()
    tally.counts.update(rows.values_list("commitment__lead_department_id", flat=True))
    return tally


def verified_closeouts(scope: QuerySet[Commitment], year: int, day: datetime.date) -> Tally:
    """Close-outs (销号) the office verified in the year by the day and that stood closed on it. One query."""
    rows = closeouts_verified_by(day).filter(decided_at__year=year, commitment__in=scope.values("pk"))
    return _per_lead_department(rows)


def approved_extensions(scope: QuerySet[Commitment], year: int, day: datetime.date) -> Tally:
    """Extensions (延期) the office approved in the year by the day. One query."""
    rows = extensions_approved_by(day).filter(decided_at__year=year, commitment__in=scope.values("pk"))
    return _per_lead_department(rows)


def notices_received(scope: QuerySet[Commitment], year: int, day: datetime.date) -> Tally:
    """督办单 issued in the year by the day about the department's tasks. One query."""
    rows = notices_issued_by(day).filter(issued_on__year=year, commitment__in=scope.values("pk"))
    return _per_lead_department(rows)


def notice_replies_on_time(scope: QuerySet[Commitment], year: int, day: datetime.date) -> Tally:
    """督办单 of the year answered by their reply deadline, as they stood at the day's end, out of those whose
    reply was due by the day or given. Two queries (the lead departments, the notices' history)."""
    notices = notices_issued_by(day).filter(issued_on__year=year, commitment__in=scope.values("pk"))
    leads = dict(scope.order_by().values_list("pk", "lead_department_id"))
    tally = Tally()
    for notice in notices_as_they_stood(notices, day):
        if not reply_expected(notice, day):
            continue
        department_id = leads.get(notice.commitment_id)
        tally.eligible[department_id] += 1
        tally.counts[department_id] += reply_on_time(notice)
    return tally


MeasureCounter = Callable[[QuerySet[Commitment], int, datetime.date], Tally]

COUNTERS: dict[str, MeasureCounter] = {
    AssessmentMeasure.COMPLETED_BY_DEADLINE: completed_by_deadline,
    AssessmentMeasure.RED_MONTHS: red_months,
    AssessmentMeasure.VERIFIED_CLOSEOUTS: verified_closeouts,
    AssessmentMeasure.APPROVED_EXTENSIONS: approved_extensions,
    AssessmentMeasure.NOTICES_RECEIVED: notices_received,
    AssessmentMeasure.NOTICE_REPLIES_ON_TIME: notice_replies_on_time,
}
REPORT_MEASURES = {
    AssessmentMeasure.REPORTS_ON_TIME: ReportStatus.ON_TIME,
    AssessmentMeasure.REPORTS_LATE: ReportStatus.LATE,
    AssessmentMeasure.REPORTS_MISSING: ReportStatus.MISSING,
}


def measure_tallies(measures: set[str], scope: QuerySet[Commitment], year: int, day: datetime.date) -> dict[str, Tally]:
    """The tally of each measure asked for (the reports' three from one reading of the expected reports)."""
    tallies: dict[str, Tally] = {}
    if measures & set(REPORT_MEASURES):
        reports = _reports(scope, year, day)
        for measure, status in REPORT_MEASURES.items():
            tallies[measure] = reports[status]
    for measure in measures - set(REPORT_MEASURES):
        tallies[measure] = COUNTERS[measure](scope, year, day)
    return tallies
