"""The office's review: a submitted update's page with what a reviewer weighs (values against targets, evidence,
the previous approved update and what changed) and the 通过 / 退回 buttons, and the review queue (待审核).

Both buttons call the services (update_approve, update_return), which hold every rule, maker-checker
included; after a decision the next update waiting in the reviewer's queue opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..choices import UpdateState
from ..models import ProgressUpdate, Target, UpdateReviewQueue
from ..permissions import can_approve_update, can_review_updates
from ..selectors.todo import next_waiting_update, previous_approved_update, review_queue, submitting_department
from ..services.versions import VersionConflict
from .common import QuickRowsMixin, error_text
from .update_parts import evidence_link_html


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for returning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The department reads it with the returned update."),
    )
    # The version the page showed: a decision on an update changed since (returned, edited and submitted
    # again by the time the button is pressed) is refused, not taken for what the reviewer read.
    opened_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if "_return" in self.data and not (data.get("note") or "").strip():
            self.add_error("note", gettext("Say why the update is returned."))
        return data


@dataclass(frozen=True)
class ValueRow:
    """One target: its goal, the value reported now, the value last approved and the change."""

    target: Target
    value: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def _plain(value: Decimal | None) -> str:
    """53.0000 → 53, 29.3089 stays: the figure as people write it (no trailing zeros)."""
    if value is None:
        return "—"
    return f"{value.normalize():f}"


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + _plain(value)


def review_context(update: ProgressUpdate, user) -> dict:
    """What the review page shows, read once (the queries do not grow with the targets or evidence)."""
    previous = previous_approved_update(update)
    now = {row.target_id: row.value for row in update.values.all()}
    before = {row.target_id: row.value for row in previous.values.all()} if previous else {}
    rows = [
        ValueRow(target=target, value=now.get(target.pk), previous=before.get(target.pk))
        for target in update.commitment.targets.all()
    ]
    percent_change = (
        update.percent - previous.percent
        if previous is not None and update.percent is not None and previous.percent is not None
        else None
    )
    return {
        "update": update,
        "commitment": update.commitment,
        "department": submitting_department(update),
        "value_rows": [
            {
                "metric": row.target.metric,
                "unit": row.target.unit,
                "target": str(row.target),
                "value": _plain(row.value),
                "previous": _plain(row.previous),
                "change": _signed(row.change),
            }
            for row in rows
        ],
        "percent": _plain(update.percent),
        "previous_percent": _plain(previous.percent) if previous else "—",
        "percent_change": _signed(percent_change),
        "milestones": list(update.milestones_completed.all()),
        "evidence": [(item, evidence_link_html(item)) for item in update.evidence.all()],
        "previous": previous,
        "previous_url": (
            reverse("admin:commitments_progressupdate_change", args=[previous.pk]) if previous is not None else ""
        ),
        "commitment_url": reverse("admin:commitments_commitment_change", args=[update.commitment_id]),
        "queue_url": reverse("admin:commitments_updatereviewqueue_changelist"),
        "may_approve": can_approve_update(user, update),
    }


def _after_decision(request, update: ProgressUpdate) -> HttpResponseRedirect:
    following = next_waiting_update(request.user, after=update)
    if following is not None:
        return HttpResponseRedirect(reverse("admin:commitments_progressupdate_change", args=[following.pk]))
    messages.info(request, gettext("Nothing else waits for your review."))
    return HttpResponseRedirect(reverse("admin:commitments_updatereviewqueue_changelist"))


def review_view(model_admin, request, update: ProgressUpdate):
    """The review page (GET) and its two buttons (POST _approve or _return)."""
    form = ReviewForm(request.POST or None, initial={"opened_version": update.version})
    if request.method == "POST" and form.is_valid():
        opened = form.cleaned_data["opened_version"]
        try:
            if "_approve" in request.POST:
                services.update_approve(user=request.user, update=update, expected_version=opened)
                messages.success(request, gettext("Approved: %(update)s") % {"update": update.commitment})
                return _after_decision(request, update)
            if "_return" in request.POST:
                note = form.cleaned_data["note"]
                services.update_return(user=request.user, update=update, note=note, expected_version=opened)
                messages.success(
                    request, gettext("Returned to the department: %(update)s") % {"update": update.commitment}
                )
                return _after_decision(request, update)
        except (PermissionDenied, ValidationError, VersionConflict) as error:
            messages.error(request, error_text(error))
            return HttpResponseRedirect(request.path)
    context = {
        **model_admin.admin_site.each_context(request),
        **review_context(update, request.user),
        "opts": model_admin.opts,
        "title": gettext("Review the update"),
        "form": form,
        "history_url": reverse("admin:commitments_progressupdate_history", args=[update.pk]),
    }
    return TemplateResponse(request, "admin/commitments/progressupdate/review.html", context)


DECISIONS = ("_approve", "_return")


def wants_review(request, update: ProgressUpdate | None) -> bool:
    """A submitted update opened by the office: the review page instead of the read-only form. A decision
    posted for an update reviewed meanwhile (a second click, a colleague first) goes there too, so that the
    service says why nothing happened instead of a bare 403."""
    if update is None or not can_review_updates(request.user):
        return False
    decided = request.method == "POST" and any(name in request.POST for name in DECISIONS)
    return update.state == UpdateState.SUBMITTED or decided


@admin.register(UpdateReviewQueue)
class UpdateReviewQueueAdmin(QuickRowsMixin, admin.ModelAdmin):
    """待审核: the submitted updates the user may approve, oldest first; a row opens the review page."""

    list_display = ["commitment_link", "department", "submitted_at", "narrative_excerpt", "evidence_count"]
    list_display_links = None
    list_per_page = 50
    actions = None

    def has_module_permission(self, request):
        return can_review_updates(request.user)

    def has_view_permission(self, request, obj=None):
        return can_review_updates(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return review_queue(request.user)

    def get_ordering(self, request):
        return ["submitted_at", "pk"]

    def changelist_view(self, request, extra_context=None):
        title = gettext("Updates to review, oldest submission first")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A row is the update's own page (the review page while it is submitted).
        updates = self.admin_site._registry[ProgressUpdate]
        return updates.change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("commitment"))
    def commitment_link(self, update: ProgressUpdate) -> str:
        return format_html(
            '<a href="{}">{} {}</a>',
            reverse("admin:commitments_progressupdate_change", args=[update.pk]),
            update.commitment.code,
            update.commitment.title,
        )

    @admin.display(description=_("lead department"))
    def department(self, update: ProgressUpdate) -> str:
        return update.commitment.lead_department.name

    @admin.display(description=_("narrative"))
    def narrative_excerpt(self, update: ProgressUpdate) -> str:
        return Truncator(update.narrative).chars(60) or "—"

    @admin.display(description=_("evidence"), ordering="evidence_count")
    def evidence_count(self, update: ProgressUpdate) -> int:
        return update.evidence_count
