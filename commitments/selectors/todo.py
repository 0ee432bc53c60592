"""Each role's to-do (the admin home and header) and the office's review queue: what waits for whom.

Every count is the size of a list the user can open (the admin links each count to it), read through the same
function here, so a count and its list cannot disagree. A fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from ..choices import AcceptanceState, Rag, UpdateState
from ..models import Commitment, Department, Leader, Notification, ProgressUpdate, StaffProfile
from ..permissions import (
    Role,
    approvable_updates,
    user_department,
    user_role,
    visible_acceptances,
    visible_notifications,
    visible_updates,
)
from ..supervision.completeness import reports_owed
from ..supervision.lifecycle_selectors import replies_overdue
from .figures_cache import remembered


class TodoKey:
    REVIEW = "review"  # submitted updates the office member may approve
    CONTESTED = "contested"  # contested tasks the office resolves
    REPLIES_OVERDUE = "replies_overdue"  # 督办单 awaiting a reply past its reply deadline
    REPORT_DUE = "report_due"  # the department's commitments owing a report
    RETURNED = "returned"  # the department's returned updates, to fix and resubmit
    TO_ACCEPT = "to_accept"  # tasks sent to the department, not answered yet
    RED = "red"  # red commitments of the leader's portfolio


@dataclass(frozen=True)
class Todo:
    """What waits for one user: their role, department or leader, and each count by TodoKey (in the order a
    home lists them); `unread` notifications."""

    role: str
    department: Department | None = None
    leader: Leader | None = None
    counts: dict[str, int] = field(default_factory=dict)
    unread: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def submitting_department(update: ProgressUpdate) -> Department:
    """The department that sent the update: its submitter's, when that department owns the commitment (a
    co-responsible department reports too), else the commitment's lead department (the office submitted)."""
    submitter = update.submitted_by_id or update.created_by_id
    profile = StaffProfile.objects.select_related("department").filter(user_id=submitter).first()
    if profile is not None and update.commitment.is_owned_by(profile.department_id):
        return profile.department
    return update.commitment.lead_department


def review_queue(user) -> QuerySet[ProgressUpdate]:
    """The office member's queue (待审核): submitted updates they may approve (not their own while maker-checker
    holds), oldest submission first, with commitment, lead department and the evidence count."""
    return (
        approvable_updates(user, ProgressUpdate.objects.filter(state=UpdateState.SUBMITTED))
        .select_related("commitment__lead_department", "submitted_by")
        .annotate(evidence_count=Count("evidence"))
        .order_by("submitted_at", "pk")
    )


def next_waiting_update(user, *, after: ProgressUpdate | None = None) -> ProgressUpdate | None:
    """The oldest update in the user's review queue (other than `after`), or None."""
    queue = approvable_updates(user, ProgressUpdate.objects.filter(state=UpdateState.SUBMITTED))
    if after is not None:
        queue = queue.exclude(pk=after.pk)
    return queue.order_by("submitted_at", "pk").first()


def previous_approved_update(update: ProgressUpdate) -> ProgressUpdate | None:
    """The commitment's latest approved update before this one (by as-of date, then approval), with its values."""
    earlier = ProgressUpdate.objects.filter(
        commitment_id=update.commitment_id, state=UpdateState.APPROVED, as_of__lte=update.as_of
    ).exclude(pk=update.pk)
    return earlier.order_by("-as_of", "-reviewed_at", "-pk").prefetch_related("values").first()


def report_due_commitments(department: Department, *, on: datetime.date | None = None) -> QuerySet[Commitment]:
    """The department's open commitments (lead or co-responsible) that owe a report on `on` (today if None):
    missing, or due within SUPERVISION_REMINDER_DAYS days, by the reminders' rule (completeness.reports_owed)."""
    on = on or timezone.localdate()
    scope = Commitment.objects.for_department(department).open()
    owed = reports_owed(scope, on=on, days=settings.SUPERVISION_REMINDER_DAYS)
    return Commitment.objects.filter(pk__in={report.commitment.pk for report in owed})


def portfolio_red(user) -> QuerySet[Commitment]:
    """Red commitments whose responsible leader is the user's Leader record (none without one)."""
    if not user.is_authenticated:
        return Commitment.objects.none()
    return Commitment.objects.filter(responsible_leader__user=user, rag=Rag.RED)


def unread_notifications(user) -> QuerySet[Notification]:
    """The user's notifications not opened yet, newest first."""
    return visible_notifications(user).filter(read_at=None).select_related("update", "acceptance")


def todo_for(user, *, on: datetime.date | None = None) -> Todo | None:
    """The user's to-do by role: the office (updates to review, contested tasks, 督办单 replies overdue on `on`,
    today if None), a department's reporter
    (commitments owing a report, returned updates, tasks to accept), a leader (red items of their portfolio).
    None for the anonymous.

    The counts are remembered per figure generation (figures_cache.py; an update, an acceptance, a plan or a
    commitment written retires them, signals.py): every admin page shows them in its header, and counting a
    department's reports owed afresh cost about 150 ms a page at 10,000 commitments. The unread notifications
    are counted afresh (one indexed count): opening one moves no figure."""
    role = user_role(user)
    if role == Role.ANONYMOUS:
        return None
    day = on or timezone.localdate()
    counted = remembered(("todo", user.pk, role, day), lambda: _todo_counts(user, role, on=day))
    return replace(counted, unread=unread_notifications(user).count())


def _todo_counts(user, role: str, *, on: datetime.date) -> Todo:
    if role == Role.SUPERVISOR:
        counts = {
            TodoKey.REVIEW: review_queue(user).order_by().count(),
            TodoKey.CONTESTED: visible_acceptances(user).filter(state=AcceptanceState.CONTESTED).count(),
            TodoKey.REPLIES_OVERDUE: replies_overdue(on or timezone.localdate()).count(),
        }
        return Todo(role=role, counts=counts)
    if role == Role.REPORTER:
        department = user_department(user)
        if department is None:
            return Todo(role=role)
        counts = {
            TodoKey.REPORT_DUE: report_due_commitments(department, on=on).count(),
            TodoKey.RETURNED: returned_updates(user).count(),
            TodoKey.TO_ACCEPT: visible_acceptances(user).filter(state=AcceptanceState.PENDING).count(),
        }
        return Todo(role=role, department=department, counts=counts)
    if role == Role.LEADER:
        leader = Leader.objects.filter(user=user).first()
        counts = {TodoKey.RED: portfolio_red(user).count()} if leader is not None else {}
        return Todo(role=role, leader=leader, counts=counts)
    return Todo(role=role)


def returned_updates(user) -> QuerySet[ProgressUpdate]:
    """Returned updates the user may fix: those of their department's commitments (visible_updates' scope)."""
    if user_role(user) == Role.REPORTER:
        return visible_updates(user).filter(state=UpdateState.RETURNED)
    return ProgressUpdate.objects.none()
