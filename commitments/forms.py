"""Forms of the office's pages."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from .choices import OverrideStatus

MAX_TABLE_BYTES = 10 * 1024 * 1024


class TaskTableImportForm(forms.Form):
    file = forms.FileField(
        label=_("Task table (.xlsx)"),
        validators=[FileExtensionValidator(["xlsx"])],
        help_text=_("Columns such as 序号, 工作任务, 原文, 牵头单位, 配合单位, 目标, 完成时限."),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): list the problems and write nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TABLE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


MAX_REPORT_BYTES = 2 * 1024 * 1024


class ReportTextForm(forms.Form):
    """Step one of bringing in a new report: its text and identity."""

    file = forms.FileField(
        label=_("Report text (.txt)"),
        required=False,
        help_text=_("Plain text, UTF-8 or GB18030."),
    )
    text = forms.CharField(label=_("…or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    government = forms.CharField(label=_("government"), max_length=100)
    year = forms.IntegerField(label=_("year"), min_value=1949, max_value=2100)
    title = forms.CharField(label=_("title"), max_length=200)

    def clean(self):
        from .extraction import ExtractionError, read_report_text

        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload:
            if upload.size > MAX_REPORT_BYTES:
                raise forms.ValidationError({"file": _("The file is larger than 2 MB.")})
            try:
                text = read_report_text(upload.read())
            except ExtractionError as exc:
                raise forms.ValidationError({"file": str(exc)}) from None
        if not text:
            raise forms.ValidationError(_("Upload the report's text or paste it."))
        cleaned["report_text"] = text
        return cleaned


class ReturnNoteForm(forms.Form):
    """The note a reviewer sends back with returned updates (the service insists on it too)."""

    note = forms.CharField(
        label=_("Note to the department"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Say what is missing or wrong; the department sees this note and can revise the update."),
    )


class StatusDecisionForm(forms.Form):
    """A supervisor's decision on the status of the selected commitments."""

    # A blank first choice: the decision is the supervisor's to pick, never pre-selected (required).
    status = forms.ChoiceField(label=_("Decision"), choices=[("", "---------"), *OverrideStatus.choices])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))
    effective_on = forms.DateField(
        label=_("Effective on"),
        required=False,
        help_text=_("Leave empty for today. The decision counts from this date in as-of reports."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
