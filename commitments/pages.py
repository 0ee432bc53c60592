"""The public site: a published report's commitments and each commitment's page. Read-only, no login.

Views stay thin: parse the query string, call a selector, render. Only published reports and approved
updates reach these pages (see `selectors.public_commitments`, `selectors.approved_updates`).
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts
from .choices import CommitmentStatus
from .ledger_display import ledger_section
from .models import Chapter, Commitment, Department
from .selectors import (
    progress_basis,
    public_commitment,
    public_commitments,
    public_report,
    public_report_departments,
    rules,
    target_progress,
)

PAGE_SIZE = 30


class PublicFilterForm(forms.Form):
    """The list's filters. An invalid value (an unknown chapter, a bad status) is ignored, not an error."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    chapter = forms.ModelChoiceField(
        label=gettext_lazy("Chapter"), queryset=Chapter.objects.none(), required=False, empty_label=gettext_lazy("All")
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All")), *CommitmentStatus.choices],
        required=False,
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=gettext_lazy("All"),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["chapter"].queryset = report.chapters.order_by("number")
        self.fields["department"].queryset = public_report_departments(report)

    def filters(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {
            "chapter": data.get("chapter"),
            "status": data.get("status") or "",
            "department": data.get("department"),
            "search": (data.get("q") or "").strip(),
        }


def _report_id(request: HttpRequest) -> int | None:
    value = request.GET.get("report", "")
    if value and not value.isdigit():
        raise Http404(_("No such report."))
    return int(value) if value else None


def commitment_list(request: HttpRequest) -> HttpResponse:
    """`/`: the newest published report's commitments (or `?report=`), grouped by chapter, filtered, paged."""
    report_id = _report_id(request)
    report = public_report(report_id)
    if report is None:
        if report_id is not None:
            raise Http404(_("No such report."))
        return render(request, "commitments/no_report.html")
    form = PublicFilterForm(request.GET, report=report)
    filters = form.filters()
    paginator = Paginator(public_commitments(report, **filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "commitments/commitment_list.html",
        {
            "report": report,
            "form": form,
            "page_obj": page,
            "filtered": any(filters.values()),
            "department": filters["department"],
        },
    )


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """`/commitments/<id>/`: the quote, owners, targets, milestones and the approved updates of one commitment."""
    try:
        commitment = public_commitment(pk)
    except Commitment.DoesNotExist:
        raise Http404(_("No such commitment.")) from None
    # Progress of each target from its stored current value, by the engine's rule (None: nothing reported).
    targets = [
        (target, target_progress(target, target.current_value) if target.current_value is not None else None)
        for target in commitment.targets.all()
    ]
    ledger = ledger_section(commitment) if commitment.holds_ledger else None
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            "ledger": ledger,
            "key_project": getattr(commitment, "key_project", None),
            "commitment": commitment,
            "report": commitment.report,
            "targets": targets,
            "updates": commitment.approved_updates,
            "history_chart": _history_chart(commitment),
            "basis": progress_basis(commitment),
            "decision": rules.decision_in_force(commitment.decisions, timezone.localdate()),
        },
    )


def _history_chart(commitment: Commitment) -> charts.Chart | None:
    """The reported percentages of the approved updates, oldest first; none if no update gave a percentage."""
    points = [(u.as_of, u.percent) for u in reversed(commitment.approved_updates) if u.percent is not None]
    if not points:
        return None
    return charts.line_chart(
        [as_of.isoformat() for as_of, _ in points],
        [charts.Series(_("Progress"), [percent for _, percent in points])],
        title=_("Reported progress over time"),
        description=_("The percent complete given by each approved update of %(code)s, by date.")
        % {"code": commitment.code},
        label_header=_("As of"),
    )
