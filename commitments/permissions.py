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

from .choices import ContributionState, UpdateState
from .models import (
    Acceptance,
    Commitment,
    Contribution,
    CoResponsibility,
    Department,
    Evidence,
    KeyProject,
    Notification,
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


def approvable_updates(user, queryset: QuerySet[ProgressUpdate] | None = None) -> QuerySet[ProgressUpdate]:
    """The updates can_approve_update allows the user, as a queryset: none unless the office, and not those the
    user wrote or submitted while maker-checker is on (the review queue and its "next waiting")."""
    queryset = ProgressUpdate.objects.all() if queryset is None else queryset
    if not can_review_updates(user):
        return queryset.none()
    if not settings.TRACKER_MAKER_CHECKER:
        return queryset
    return queryset.exclude(created_by=user).exclude(submitted_by=user)


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


def completeness_commitments(user, queryset: QuerySet[Commitment] | None = None) -> QuerySet[Commitment]:
    """The commitments whose reports the user may count: led by a department of completeness_departments,
    with no filter at all for those who may read every department's (a join with every department made
    PostgreSQL hash-join each report's commitments: 0.2 s to list the reports at 100,000 commitments)."""
    queryset = Commitment.objects.all() if queryset is None else queryset
    if user_role(user) in (Role.SUPERVISOR, Role.LEADER):
        return queryset
    return queryset.filter(lead_department__in=completeness_departments(user))


def visible_acceptances(user, queryset: QuerySet[Acceptance] | None = None) -> QuerySet[Acceptance]:
    """Acceptances the user may read: all for the office and leaders, their department's for a reporter."""
    queryset = Acceptance.objects.all() if queryset is None else queryset
    role = user_role(user)
    if role in (Role.SUPERVISOR, Role.LEADER):
        return queryset
    own = user_department(user) if role == Role.REPORTER else None
    return queryset.filter(department=own) if own is not None else queryset.none()


# The end of the cycle (issue 19): extensions (延期), close-out (办结销号), supervision notices (督办单). A
# department's side is its lead department's reporters'; the office decides, never on its own request.


def _leads(user, commitment: Commitment) -> bool:
    if user_role(user) != Role.REPORTER:
        return False
    department = user_department(user)
    return department is not None and department.pk == commitment.lead_department_id


def can_request_extension(user, commitment: Commitment) -> bool:
    """Asking for a later deadline (延期申请): a reporter of the commitment's lead department."""
    return _leads(user, commitment)


def can_apply_closeout(user, commitment: Commitment) -> bool:
    """Applying for completion (办结申请): a reporter of the commitment's lead department."""
    return _leads(user, commitment)


def can_act_for_lead_departments(user) -> bool:
    """Whether the user may make a lead department's requests at all (which commitment: the two above)."""
    return user_role(user) == Role.REPORTER and user_department(user) is not None


def can_decide_lifecycle(user) -> bool:
    """Deciding extensions, verifying close-outs, issuing notices and reviewing replies: the office only."""
    return user_role(user) == Role.SUPERVISOR


def can_decide_request(user, request) -> bool:
    """The office decides an extension or verifies a close-out, but not one it made itself (maker-checker)."""
    made_by = getattr(request, "requested_by_id", None) or getattr(request, "applied_by_id", None)
    return can_decide_lifecycle(user) and user.pk != made_by


def can_reply_notice(user, notice) -> bool:
    """Replying to a 督办单: a reporter of the department it is addressed to."""
    if user_role(user) != Role.REPORTER:
        return False
    department = user_department(user)
    return department is not None and department.pk == notice.department_id


def visible_lifecycle(user, queryset: QuerySet) -> QuerySet:
    """Extension requests, close-outs and notices the user may read: all for the office and leaders; a
    reporter those of the commitments their department leads or co-owns; nobody else any."""
    role = user_role(user)
    if role in (Role.SUPERVISOR, Role.LEADER):
        return queryset
    department = user_department(user) if role == Role.REPORTER else None
    if department is None:
        return queryset.none()
    return queryset.filter(commitment_id__in=department_commitment_ids(department))


# Issue 19: co-departments' contributions, matters needing coordination, the assessment (考核).


def can_contribute(user, commitment: Commitment) -> bool:
    """Writing a contribution to the lead department's report: a reporter of a co-responsible department of
    the commitment (the lead department writes the update itself; the office receives the update)."""
    if user_role(user) != Role.REPORTER:
        return False
    department = user_department(user)
    return (
        department is not None
        and CoResponsibility.objects.filter(commitment=commitment, department=department).exists()
    )


def contributable_commitments(user, queryset: QuerySet[Commitment] | None = None) -> QuerySet[Commitment]:
    """The commitments the user may contribute to: those its department is co-responsible for (reporters)."""
    queryset = Commitment.objects.all() if queryset is None else queryset
    department = user_department(user) if user_role(user) == Role.REPORTER else None
    if department is None:
        return queryset.none()
    return queryset.filter(pk__in=CoResponsibility.objects.filter(department=department).values("commitment_id"))


def can_contribute_at_all(user) -> bool:
    """Whether the user may write contributions at all: a reporter with a department."""
    return user_role(user) == Role.REPORTER and user_department(user) is not None


def can_read_contributions(user) -> bool:
    """Reading contributions at all: the office, leaders and departments' staff (which ones:
    visible_contributions); not viewers or the public."""
    return user_role(user) in READ_ALL_ROLES


def can_edit_contribution(user, contribution: Contribution) -> bool:
    """A draft contribution, by a reporter of its department while the department is co-responsible."""
    if contribution.state != ContributionState.DRAFT or user_role(user) != Role.REPORTER:
        return False
    department = user_department(user)
    return (
        department is not None
        and department.pk == contribution.department_id
        and can_contribute(user, contribution.commitment)
    )


def can_consolidate_contributions(user, update: ProgressUpdate) -> bool:
    """Copying the co-departments' contributions into an update: the lead department (or the office) while
    the update may be edited."""
    if not can_edit_update(user, update):
        return False
    if user_role(user) == Role.SUPERVISOR:
        return True
    department = user_department(user)
    return department is not None and department.pk == update.commitment.lead_department_id


def visible_contributions(user, queryset: QuerySet[Contribution] | None = None) -> QuerySet[Contribution]:
    """The office and leaders: all. A reporter: its department's own contributions and those made to the
    commitments its department leads. Viewers and the public: none."""
    queryset = Contribution.objects.all() if queryset is None else queryset
    role = user_role(user)
    if role in (Role.SUPERVISOR, Role.LEADER):
        return queryset
    department = user_department(user) if role == Role.REPORTER else None
    if department is None:
        return queryset.none()
    return queryset.filter(Q(department=department) | Q(commitment__lead_department=department))


def can_read_coordination_matters(user) -> bool:
    """The list of matters needing coordination (需协调事项) across departments: the office and leaders."""
    return user_role(user) in (Role.SUPERVISOR, Role.LEADER)


def can_configure_assessment(user) -> bool:
    """Writing the assessment scheme of a year (its items, points, caps, weights): the office only."""
    return user_role(user) == Role.SUPERVISOR


def can_read_assessment(user) -> bool:
    """Reading the assessment: the office and leaders every department's score, a department's staff their
    own department's (assessment_departments)."""
    return can_read_any_completeness(user)


def assessment_departments(user, queryset: QuerySet[Department] | None = None) -> QuerySet[Department]:
    """The departments whose assessment scores the user may read: the completeness line (the office and
    leaders all, a reporter its own)."""
    return completeness_departments(user, queryset)


# Notifications (issue 17): each person reads and opens their own, nobody else's.


def visible_notifications(user, queryset: QuerySet[Notification] | None = None) -> QuerySet[Notification]:
    """The user's own notifications; none for the anonymous."""
    queryset = Notification.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(recipient=user)


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
