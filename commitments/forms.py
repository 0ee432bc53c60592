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


class ReturnNoteForm(forms.Form):
    """The note a reviewer sends back with returned updates (the service insists on it too)."""

    note = forms.CharField(
        label=_("Note to the department"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Say what is missing or wrong; the department sees this note and can revise the update."),
    )


class StatusDecisionForm(forms.Form):
    """A supervisor's decision on the status of the selected commitments."""

    status = forms.ChoiceField(label=_("Decision"), choices=OverrideStatus.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))
    effective_on = forms.DateField(
        label=_("Effective on"),
        required=False,
        help_text=_("Leave empty for today. The decision counts from this date in as-of reports."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
