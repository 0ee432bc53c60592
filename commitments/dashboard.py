"""The leaders' dashboard and the bulletin downloads. Login required; the figures cover what the user may see.

Everything on the page is as of one date (today unless the picker says otherwise) and comes from
`progress_summary` and `evaluate_commitments` (through `report_standing` and `monthly_progress`); the
supervision section from `reporting_completeness` and `behind_pace_targets` (commitments/supervision).
"""

from __future__ import annotations

import datetime
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import charts
from .bulletin import DOCX_CONTENT_TYPE, bulletin_filename, remembered_bulletin
from .choices import CommitmentStatus, Rag, SourceKind
from .ledger_display import ledger_section
from .models import Commitment, Report
from .permissions import (
    can_read_any_completeness,
    can_read_coordination_matters,
    can_read_supervision_figures,
    completeness_commitments,
    completeness_departments,
    visible_commitments,
    visible_updates,
)
from .selectors import Standing, default_as_of, monthly_progress, report_standing
from .selectors.contributions import coordination_matters
from .selectors.figures_cache import queryset_key, remembered
from .selectors.projects import report_ledgers
from .supervision.periods import period_of
from .supervision.selectors import behind_pace_targets, completeness_total, reporting_completeness

# Rows of each list the dashboard shows (overdue, at risk, behind pace), furthest behind first.
DASHBOARD_LINES = 20

STATUS_COLOURS = {
    CommitmentStatus.NOT_STARTED: "#6b7280",
    CommitmentStatus.IN_PROGRESS: "#1d4ed8",
    CommitmentStatus.COMPLETED: "#15803d",
    CommitmentStatus.CANCELLED: "#9ca3af",
}
RAG_COLOURS = {
    Rag.GREEN: "#15803d",
    Rag.AMBER: "#d97706",
    Rag.RED: "#b91c1c",
    Rag.COMPLETED: "#1d4ed8",
    Rag.NOT_DUE: "#6b7280",
    Rag.CANCELLED: "#9ca3af",
}


# The dashboard's list of matters needing coordination shows this many; the admin's list has them all.
COORDINATION_SHOWN = 20


class DashboardParams(forms.Form):
    """?source_kind=&report=<id>&as_of=YYYY-MM-DD; all optional: any kind of source, the newest report (of
    that kind) the user may see, and today."""

    source_kind = forms.ChoiceField(
        label=gettext_lazy("Source kind"), choices=[("", "—"), *SourceKind.choices], required=False
    )
    report = forms.ModelChoiceField(
        label=gettext_lazy("Report"), queryset=Report.objects.none(), required=False, empty_label=None
    )
    as_of = forms.DateField(
        label=gettext_lazy("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    # The bulletin's issue number (期数); counted from the as-of month when not given (bulletin.default_issue).
    issue = forms.IntegerField(label=gettext_lazy("Issue number"), required=False, min_value=1, max_value=999)

    def __init__(self, data, *, scope: QuerySet[Commitment]):
        super().__init__(data, label_suffix="")
        self.fields["report"].queryset = Report.objects.filter(pk__in=scope.values("report_id")).order_by(
            "-year", "government"
        )

    def values(self) -> tuple[Report | None, datetime.date]:
        """The chosen report and date; the defaults stand in for missing or invalid values. A source kind
        narrows the reports to that kind (a report of another kind falls back to the newest of it)."""
        self.is_valid()
        reports = self.fields["report"].queryset
        if self.cleaned_data.get("source_kind"):
            reports = reports.filter(kind=self.cleaned_data["source_kind"])
        report = self.cleaned_data.get("report")
        if report is None or not reports.filter(pk=report.pk).exists():
            report = reports.first()
        return report, self.cleaned_data.get("as_of") or default_as_of(report)


def user_scope(user) -> QuerySet[Commitment]:
    return visible_commitments(user, Commitment.objects.all())


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """`/dashboard/`: overall progress, counts, progress by chapter and department, the lists and the trends."""
    scope = user_scope(request.user)
    data = request.GET.copy()
    params = DashboardParams(data, scope=scope)
    report, as_of = params.values()
    if not params.cleaned_data.get("as_of"):
        data["as_of"] = as_of.isoformat()  # the bound form's data: the picker shows the date in force
    context = {"params": params, "report": report, "as_of": as_of}
    if report is not None:
        standing, months, supervision = dashboard_figures(request.user, report=report, as_of=as_of, scope=scope)
        context |= {"standing": standing, "summary": standing.summary, **dashboard_charts(standing, months)}
        context["supervision"] = supervision
        # A leader reads the furthest behind; the full lists are the admin's, filtered (and paginated) there.
        context["lines_shown"] = DASHBOARD_LINES
        changelist = reverse("admin:commitments_commitment_changelist")
        context["changelist_url"] = f"{changelist}?report__id__exact={report.pk}"
        context["ledgers"] = [ledger_section(ledger, on=as_of) for ledger in report_ledgers(report, scope)]
        query = f"report={report.pk}&as_of={as_of.isoformat()}"
        context["bulletin_url"] = f"{reverse('pages:dashboard_bulletin')}?{query}"
        context["api_bulletin_url"] = f"{reverse('bulletin_api')}?{query}"
    return render(request, "commitments/dashboard.html", context)


def dashboard_figures(user, *, report: Report, as_of: datetime.date, scope: QuerySet[Commitment]) -> tuple:
    """(standing, months, supervision section) of the dashboard, remembered per figure generation
    (selectors/figures_cache.py; the tracking service and the signals retire it with every change that
    commits). Counted afresh they cost about 0.5 s at 100,000 commitments, most of it the evaluation of
    the history on a past date, flat in data size; remembered, the page reads them back. The key names
    what they depend on besides what the generation covers: the report, the date, the user's scope (as
    its statement), what the user may read of the supervision section, and today (the calendar moves
    RAG and completeness)."""
    key = (
        "dashboard",
        report.pk,
        as_of,
        queryset_key(scope),
        can_read_any_completeness(user) and queryset_key(completeness_departments(user)),
        can_read_supervision_figures(user),
        can_read_coordination_matters(user) and queryset_key(visible_updates(user)),
        timezone.localdate(),
    )

    def compute() -> tuple:
        standing = report_standing(report=report, as_of=as_of, queryset=scope)
        months = monthly_progress(report=report, as_of=as_of, queryset=scope)
        return standing, months, supervision_section(user, report=report, as_of=as_of, scope=scope)

    return remembered(key, compute)


def supervision_section(user, *, report: Report, as_of: datetime.date, scope: QuerySet[Commitment]) -> dict:
    """The supervision section: reporting completeness by lead department for the month of the as-of date, and
    the targets behind 序时进度 on that date, each only for those who may read it (permissions.py)."""
    section: dict = {}
    commitments = scope.filter(report=report)
    if can_read_any_completeness(user):
        month = period_of(as_of)
        rows = reporting_completeness(
            completeness_commitments(user, commitments),
            start=month.start,
            end=month.end,
            on=as_of,
        )
        section["completeness"] = {"month": month.start, "rows": rows, "total": completeness_total(rows)}
    if can_read_supervision_figures(user):
        section["behind_pace"] = behind_pace_targets(commitments, on=as_of)
    if can_read_coordination_matters(user):
        matters = coordination_matters(visible_updates(user).filter(commitment__report=report))
        section["coordination"] = list(matters[:COORDINATION_SHOWN])
        section["coordination_url"] = (
            f"{reverse('admin:commitments_coordinationmatter_changelist')}?commitment__report__id__exact={report.pk}"
        )
    return section


def dashboard_charts(standing: Standing, months) -> dict[str, charts.Chart]:
    summary = standing.summary
    # The bars link to the admin's list of those commitments (the department filter there also counts co-owners).
    changelist = f"{reverse('admin:commitments_commitment_changelist')}?report__id__exact={standing.report.pk}"
    by_status = charts.bar_chart(
        [
            charts.Bar(str(label), summary.by_status.get(value, 0), STATUS_COLOURS[value])
            for value, label in CommitmentStatus.choices
        ],
        title=_("Commitments by status"),
        description=_("How many commitments are in each status."),
        label_header=_("Status"),
        value_header=_("Commitments"),
        unit="",
        max_value=None,
    )
    by_rag = charts.bar_chart(
        [charts.Bar(str(label), summary.by_rag.get(value, 0), RAG_COLOURS[value]) for value, label in Rag.choices],
        title=_("Commitments by RAG"),
        description=_("How many commitments are on track, behind, off track, completed, not yet due or cancelled."),
        label_header=_("RAG"),
        value_header=_("Commitments"),
        unit="",
        max_value=None,
    )
    by_chapter = charts.bar_chart(
        [
            charts.Bar(group.label, group.mean_progress or 0, href=f"{changelist}&chapter__id__exact={group.id}")
            for group in summary.by_chapter
        ],
        label_width=300,
        title=_("Mean progress by chapter"),
        description=_("The mean progress of each chapter's commitments, in percent."),
        label_header=_("Chapter"),
        value_header=_("Mean progress"),
    )
    by_department = charts.bar_chart(
        [
            charts.Bar(
                group.label, group.mean_progress or 0, href=f"{changelist}?lead_department__id__exact={group.id}"
            )
            # Furthest ahead first, so the laggards gather at the bottom.
            for group in sorted(summary.by_department, key=lambda group: -(group.mean_progress or 0))
        ],
        label_width=240,
        title=_("Mean progress by lead department"),
        description=_("The mean progress of the commitments each department leads, in percent."),
        label_header=_("Lead department"),
        value_header=_("Mean progress"),
    )
    labels = [_month_label(point.as_of) for point in months]
    monthly = charts.line_chart(
        labels,
        [charts.Series(_("Mean progress"), [point.mean_progress for point in months])],
        title=_("Overall progress by month"),
        description=_("The mean progress of all commitments at the end of each month of the report's year."),
        label_header=_("As of"),
    )
    burn_up = charts.burn_up(
        labels,
        completed=[point.completed for point in months],
        total=[point.total for point in months],
        title=_("Commitments completed against all commitments"),
        description=_("At the end of each month: how many commitments were completed, and how many there are."),
        label_header=_("As of"),
        completed_name=_("Completed"),
        total_name=_("All commitments"),
    )
    return {
        "status_chart": by_status,
        "rag_chart": by_rag,
        "chapter_chart": by_chapter,
        "department_chart": by_department,
        "monthly_chart": monthly,
        "burn_up_chart": burn_up,
    }


def _month_label(day: datetime.date) -> str:
    """'3月' at a month's end; '10月15日' for the chosen date inside its month."""
    if day.month != (day + datetime.timedelta(days=1)).month:
        return _("Month %(month)s") % {"month": day.month}
    return _("%(month)s/%(day)s") % {"month": day.month, "day": day.day}


def _bulletin_response(
    report: Report, as_of: datetime.date, scope: QuerySet[Commitment], issue: int | None = None
) -> HttpResponse:
    document = remembered_bulletin(report=report, as_of=as_of, queryset=scope, issue=issue)
    response = HttpResponse(document, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{bulletin_filename(report, as_of)}"'
    return response


def _bulletin(user, data) -> tuple[HttpResponse | None, dict]:
    """The bulletin's response for the query string, or None and the errors."""
    scope = user_scope(user)
    params = DashboardParams(data, scope=scope)
    if not params.is_valid():
        return None, params.errors.get_json_data()
    report, as_of = params.values()
    if report is None:
        return None, {"report": [{"message": _("There is no report to report on."), "code": "required"}]}
    return _bulletin_response(report, as_of, scope, params.cleaned_data.get("issue")), {}


@login_required
def dashboard_bulletin(request: HttpRequest) -> HttpResponse:
    """`/dashboard/bulletin.docx?report=&as_of=`: the bulletin, downloaded from the dashboard."""
    response, errors = _bulletin(request.user, request.GET)
    if response is None:
        return HttpResponseBadRequest(json.dumps(errors, ensure_ascii=False), content_type="application/json")
    return response


class DocxRenderer(BaseRenderer):
    """Lets a client ask for the bulletin with Accept: <docx media type>; errors still come back as JSON."""

    media_type = DOCX_CONTENT_TYPE
    format = "docx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()


class BulletinAPIView(APIView):
    """`/api/bulletin.docx?report=&as_of=`: the bulletin for API clients, under the API's authentication."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, DocxRenderer]

    @extend_schema(
        operation_id="bulletin_docx",
        summary="Progress bulletin (通报) as a Word document",
        parameters=[
            OpenApiParameter("report", OpenApiTypes.INT, description="the report's id (default: the newest)"),
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATE,
                description="evaluation date (default: today, or the report's year end once it is over)",
            ),
            OpenApiParameter(
                "issue", OpenApiTypes.INT, description="the issue number 期数, 1-999 (default: the as-of month)"
            ),
        ],
        responses={
            (200, DOCX_CONTENT_TYPE): OpenApiTypes.BINARY,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="a bad date or a report the user may not see"),
        },
    )
    def get(self, request):
        response, errors = _bulletin(request.user, request.query_params)
        if response is None:
            return Response(errors, status=400)
        # A plain HttpResponse passes through DRF untouched: the bytes are the body.
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (400, 401, 403 …) are JSON whatever format was asked for; only the document is a .docx.
        if isinstance(response, Response):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)
