"""Supervision notices (督办单) in the office's admin: issued by the office through supervision/notices.py,
answered by the lead department, reviewed (accepted or sent back), printed as an A4 Word document; the
base admin and forms are lifecycle.py's."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ...choices import OPEN_NOTICE_STATES
from ...models import SupervisionNotice
from .. import colours, notices
from ..lifecycle_selectors import replies_overdue
from ..notice_document import DOCX_CONTENT_TYPE, notice_content_disposition, notice_document
from .common import colour_badge
from .lifecycle import TEXTAREA, LifecycleAdmin, NoteForm, ServiceAddForm


class SupervisionNoticeForm(ServiceAddForm):
    class Meta:
        model = SupervisionNotice
        fields = ["commitment", "required_actions", "reply_due", "issued_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].required = False
        self.fields["issued_on"].help_text = _("Blank: today.")

    def service(self, data):
        return notices.notice_issue(
            user=self.user,
            commitment=data["commitment"],
            required_actions=data["required_actions"],
            reply_due=data["reply_due"],
            issued_on=data.get("issued_on"),
        )


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("reply"), widget=forms.Textarea(attrs={"rows": 5}))


class SendBackNoticeForm(forms.Form):
    note = forms.CharField(label=_("reasons"), widget=TEXTAREA)
    reply_due = forms.DateField(label=_("new reply deadline"), required=False)


class NoticeTodoFilter(admin.SimpleListFilter):
    """The list the office's "replies overdue" to-do count links to (selectors/todo.py): the notices awaiting
    a reply past its deadline today, by the same selector as the count."""

    title = _("to do")
    parameter_name = "todo"
    REPLIES_OVERDUE = "replies_overdue"

    def lookups(self, request, model_admin):
        return [(self.REPLIES_OVERDUE, _("Supervision notices with the reply overdue"))]

    def queryset(self, request, queryset):
        if self.value() == self.REPLIES_OVERDUE:
            return queryset.filter(pk__in=replies_overdue(timezone.localdate()).values("pk"))
        return queryset


class SupervisionNoticeAdmin(LifecycleAdmin):
    add_form = SupervisionNoticeForm
    list_display = [
        "number",
        "commitment",
        "department",
        "issued_on",
        "reply_due",
        "state",
        "reply_colour",
        "document_link",
    ]
    list_filter = [NoticeTodoFilter, "state", "year", "issued_on"]
    list_select_related = ["commitment", "department"]
    search_fields = ["number", "commitment__code", "commitment__title", "required_actions"]
    autocomplete_fields = ["commitment"]
    ordering = ["-issued_on", "-sequence", "-id"]
    actions = ["reply", "accept", "send_back"]

    def get_urls(self):
        document = self.admin_site.admin_view(self.document_view)
        return [
            path("<int:pk>/document/", document, name="commitments_supervisionnotice_document"),
            *super().get_urls(),
        ]

    def document_view(self, request, pk: int) -> HttpResponse:
        notice = get_object_or_404(self.get_queryset(request).select_related("commitment__report"), pk=pk)
        response = HttpResponse(notice_document(notice), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = notice_content_disposition(notice)
        return response

    @admin.display(description=_("Word document"))
    def document_link(self, obj: SupervisionNotice) -> str:
        url = reverse("admin:commitments_supervisionnotice_document", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download .docx"))

    @admin.display(description=_("reply colour"))
    def reply_colour(self, obj: SupervisionNotice) -> str:
        answered = obj.state not in OPEN_NOTICE_STATES
        return colour_badge(colours.notice_colour(on=timezone.localdate(), reply_due=obj.reply_due, answered=answered))

    @admin.action(description=_("Reply to the selected notices (the addressed department)"))
    def reply(self, request, queryset):
        return self.input_action(
            request,
            queryset,
            ReplyForm,
            _("Reply to supervision notices"),
            "reply",
            lambda row, data: notices.notice_reply(user=request.user, notice=row, reply=data["reply"]),
            _("%(count)d replies recorded."),
        )

    @admin.action(description=_("Accept the replies of the selected notices"))
    def accept(self, request, queryset):
        return self.input_action(
            request,
            queryset,
            NoteForm,
            _("Accept replies"),
            "accept",
            lambda row, data: notices.notice_accept(user=request.user, notice=row, note=data["note"]),
            _("%(count)d replies accepted."),
        )

    @admin.action(description=_("Send the replies of the selected notices back, with reasons"))
    def send_back(self, request, queryset):
        return self.input_action(
            request,
            queryset,
            SendBackNoticeForm,
            _("Send replies back"),
            "send_back",
            lambda row, data: notices.notice_send_back(
                user=request.user, notice=row, note=data["note"], reply_due=data["reply_due"]
            ),
            _("%(count)d replies sent back."),
        )
