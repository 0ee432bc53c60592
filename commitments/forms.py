"""Forms of the office's pages."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

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
