"""Who may do what to which commitment: the one place the admin, the API and the pages ask.

Roles come from the groups created by migration 0003 (superusers count as supervisors); the department
from the user's StaffProfile. Model permissions only open the admin's doors: the object rules are here.

- supervisor (the supervision office): reads and writes everything, alone reviews updates.
- reporter (department staff): reads everything; writes updates only for commitments their department
  leads or co-owns, and only while the update is a draft or returned.
- leader: reads everything, including unpublished reports and other departments' drafts; writes nothing.
- viewer and anonymous: published reports and their approved updates only.

An approved update is never edited by anyone (a correction is a new update); a submitted one waits for
review and is not edited either.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet, TextChoices
from django.utils.translation import gettext_lazy as _

from .choices import UpdateState
from .models import (
    Acceptance,
    Commitment,
    Department,
    Evidence,
    KeyProject,
    ProgressUpdate,
    Report,
    StaffProfile,
    department_commitment_ids,
)

EDITABLE_STATES = (UpdateState.DRAFT, UpdateState.RETURNED)


class Role(TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")
    REPORTER = "reporter", _("Reporter")
    LEADER = "leader", _("Leader")
    VIEWER = "viewer", _("Viewer")
    ANONYMOUS = "anonymous", _("Anonymous")


# When a user is in several groups the strongest role wins.
ROLE_PRECEDENCE = (Role.SUPERVISOR, Role.REPORTER, Role.LEADER, Role.VIEWER)
READ_ALL_ROLES = (Role.SUPERVISOR, Role.REPORTER, Role.LEADER)

_ROLE_CACHE = "_tracker_role"
_DEPARTMENT_CACHE = "_tracker_department"


def user_role(user) -> Role:
    """The user's role: superusers are supervisors, a logged-in user in no role group is a viewer."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Role.ANONYMOUS
    if user.is_superuser:
        return Role.SUPERVISOR
    # Cached on the user object: a request asks many times, and request.user lives for one request.
    cached = getattr(user, _ROLE_CACHE, None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = next((role for role in ROLE_PRECEDENCE if role.value in names), Role.VIEWER)
        setattr(user, _ROLE_CACHE, cached)
    return cached


def user_department(user) -> Department | None:
    """The department the user works for, or None."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, _DEPARTMENT_CACHE):
        profile = StaffProfile.objects.select_related("department").filter(user=user).first()
        setattr(user, _DEPARTMENT_CACHE, profile.department if profile else None)
    return getattr(user, _DEPARTMENT_CACHE)


def forget_cached_role(user) -> None:
    """Drops what user_role and user_department cached, after the user's groups or department change."""
    for attribute in (_ROLE_CACHE, _DEPARTMENT_CACHE):
        if hasattr(user, attribute):
            delattr(user, attribute)


def _owned_by(department: Department) -> Q:
    """Commitments led or co-owned by the department (models.department_commitment_ids)."""
    return Q(pk__in=department_commitment_ids(department))


def can_manage_commitments(user) -> bool:
    """Creating and editing commitments, targets and milestones, and deciding statuses: the office only."""
    return user_role(user) == Role.SUPERVISOR


def can_review_updates(user) -> bool:
    """Approving and returning submitted updates: the office only."""
    return user_role(user) == Role.SUPERVISOR


def can_approve_update(user, update: ProgressUpdate) -> bool:
    """The office approves, but not an update its approver wrote or submitted (maker-checker): two people
    see every figure that counts. TRACKER_MAKER_CHECKER=0 relaxes it for a one-person office."""
    if not can_review_updates(user):
        return False
    if not settings.TRACKER_MAKER_CHECKER:
        return True
    return user.pk not in (update.created_by_id, update.submitted_by_id)


def can_create_updates(user) -> bool:
    """Whether the user may write updates at all: the office, or a reporter with a department."""
    role = user_role(user)
    return role == Role.SUPERVISOR or (role == Role.REPORTER and user_department(user) is not None)


def can_read_commitment(user, commitment: Commitment) -> bool:
    if user_role(user) in READ_ALL_ROLES:
        return True
    return commitment.report.published


def can_report_on(user, commitment: Commitment) -> bool:
    """Writing updates for the commitment: the office, or a reporter of a department that leads or co-owns it."""
    role = user_role(user)
    if role == Role.SUPERVISOR:
        return True
    if role != Role.REPORTER:
        return False
    department = user_department(user)
    return department is not None and commitment.is_owned_by(department.pk)


def can_read_update(user, update: ProgressUpdate) -> bool:
    role = user_role(user)
    if role in (Role.SUPERVISOR, Role.LEADER):
        return True
    if update.state == UpdateState.APPROVED:
        return role == Role.REPORTER or update.commitment.report.published
    return role == Role.REPORTER and can_report_on(user, update.commitment)


def can_read_evidence(user, evidence: Evidence) -> bool:
    """An update's evidence files are internal records: for signed-in users who may read the update. The
    public reads an approved update's narrative and figures, not the documents behind them, and no public
    page links them."""
    return bool(getattr(user, "is_authenticated", False)) and can_read_update(user, evidence.update)


def can_edit_update(user, update: ProgressUpdate) -> bool:
    """Drafts and returned updates, by whoever may report on the commitment; never submitted or approved ones."""
    return update.state in EDITABLE_STATES and can_report_on(user, update.commitment)


def can_submit_update(user, update: ProgressUpdate) -> bool:
    return update.state in EDITABLE_STATES and can_report_on(user, update.commitment)


def can_report_on_update(user, update: ProgressUpdate) -> bool:
    """Whether the update is the user's to send (its commitment is theirs to report on), whatever its state:
    the service then says what its state allows."""
    return can_report_on(user, update.commitment)


def can_delete_update(user, update: ProgressUpdate) -> bool:
    """Only drafts: a returned update carries a review and stays on record."""
    return update.state == UpdateState.DRAFT and can_report_on(user, update.commitment)


def visible_commitments(user, queryset: QuerySet[Commitment] | None = None) -> QuerySet[Commitment]:
    """The commitments the user may read: all for staff roles, those of published reports for the public."""
    queryset = Commitment.objects.all() if queryset is None else queryset
    if user_role(user) in READ_ALL_ROLES:
        return queryset
    return queryset.filter(report__published=True)


def visible_reports(user, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """The reports (and so chapters and indicators) the user may read: the same line as visible_commitments."""
    queryset = Report.objects.all() if queryset is None else queryset
    if user_role(user) in READ_ALL_ROLES:
        return queryset
    return queryset.filter(published=True)


def reportable_commitments(user, queryset: QuerySet[Commitment] | None = None) -> QuerySet[Commitment]:
    """The commitments the user may write updates for."""
    queryset = Commitment.objects.all() if queryset is None else queryset
    role = user_role(user)
    if role == Role.SUPERVISOR:
        return queryset
    department = user_department(user) if role == Role.REPORTER else None
    if department is None:
        return queryset.none()
    return queryset.filter(_owned_by(department))


def visible_updates(user, queryset: QuerySet[ProgressUpdate] | None = None) -> QuerySet[ProgressUpdate]:
    """Supervisors and leaders: all. Reporters: all approved plus every update on their department's
    commitments. Viewers and the public: approved updates of published reports."""
    queryset = ProgressUpdate.objects.all() if queryset is None else queryset
    role = user_role(user)
    if role in (Role.SUPERVISOR, Role.LEADER):
        return queryset
    approved = Q(state=UpdateState.APPROVED)
    if role == Role.REPORTER:
        department = user_department(user)
        if department is None:
            return queryset.filter(approved)
        return queryset.filter(approved | Q(commitment_id__in=department_commitment_ids(department)))
    return queryset.filter(approved, commitment__report__published=True)


# Supervision (督办, issue 7): acceptance, contests, reporting plans, completeness. The services in
# commitments/supervision/services.py ask these before every write; the admin filters with the last two.


def can_issue_acceptances(user) -> bool:
    """Sending commitments to their departments for acceptance (下达签收): the office only."""
    return can_manage_commitments(user)


def can_answer_acceptance(user, acceptance: Acceptance) -> bool:
    """Accepting, contesting or acknowledging a task: a reporter of the very department it was sent to.
    No department signs for another, and the office does not sign for a department."""
    if user_role(user) != Role.REPORTER:
        return False
    department = user_department(user)
    return department is not None and department.pk == acceptance.department_id


def can_answer_acceptances(user) -> bool:
    """Whether the user may answer tasks at all: a reporter with a department (which task, can_answer_acceptance)."""
    return user_role(user) == Role.REPORTER and user_department(user) is not None


def can_resolve_contests(user) -> bool:
    """Reassigning or clarifying a contested task: the office only."""
    return user_role(user) == Role.SUPERVISOR


def can_plan_reporting(user) -> bool:
    """Setting a commitment's reporting cadence and due day, its stage template and computed targets."""
    return can_manage_commitments(user)


def can_read_completeness(user, department: Department) -> bool:
    """The office and leaders read every department's reporting completeness; a reporter their own."""
    role = user_role(user)
    if role in (Role.SUPERVISOR, Role.LEADER):
        return True
    own = user_department(user) if role == Role.REPORTER else None
    return own is not None and own.pk == department.pk


def can_read_any_completeness(user) -> bool:
    """Whether some department's completeness is readable by the user (see completeness_departments)."""
    role = user_role(user)
    return role in (Role.SUPERVISOR, Role.LEADER) or (role == Role.REPORTER and user_department(user) is not None)


def can_read_supervision_figures(user) -> bool:
    """序时 pace, forecasts, escalation colours and missing reports: the office, leaders and departments' staff,
    who read every commitment; not viewers or the public (missing reports are the office's business)."""
    return user_role(user) in READ_ALL_ROLES


def completeness_departments(user, queryset: QuerySet[Department] | None = None) -> QuerySet[Department]:
    """The departments whose reporting completeness the user may read (see can_read_completeness)."""
    queryset = Department.objects.all() if queryset is None else queryset
    role = user_role(user)
    if role in (Role.SUPERVISOR, Role.LEADER):
        return queryset
    own = user_department(user) if role == Role.REPORTER else None
    return queryset.filter(pk=own.pk) if own is not None else queryset.none()


def visible_acceptances(user, queryset: QuerySet[Acceptance] | None = None) -> QuerySet[Acceptance]:
    """Acceptances the user may read: all for the office and leaders, their department's for a reporter."""
    queryset = Acceptance.objects.all() if queryset is None else queryset
    role = user_role(user)
    if role in (Role.SUPERVISOR, Role.LEADER):
        return queryset
    own = user_department(user) if role == Role.REPORTER else None
    return queryset.filter(department=own) if own is not None else queryset.none()


# The key-project ledger (重点项目台账, issue 18). A project reports through its own sub-item, so who may
# report on it is can_report_on(user, project.commitment); these say who keeps the ledger and who reads it.


def can_manage_key_projects(user) -> bool:
    """Adding, changing, importing and promoting (预备转正) key projects: the office only."""
    return can_manage_commitments(user)


def can_report_on_key_project(user, project: KeyProject) -> bool:
    """A monthly report on a project: the office, or a reporter of the department that owns it."""
    return can_report_on(user, project.commitment)


def visible_key_projects(user, queryset: QuerySet[KeyProject] | None = None) -> QuerySet[KeyProject]:
    """The projects the user may read: the same line as visible_commitments (staff roles all, the public
    those of published reports)."""
    queryset = KeyProject.objects.all() if queryset is None else queryset
    if user_role(user) in READ_ALL_ROLES:
        return queryset
    return queryset.filter(ledger__report__published=True)
