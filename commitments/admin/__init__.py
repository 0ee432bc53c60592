"""The supervision office's working UI.

Rule-bearing saves, deletes and actions call the services; which object a user may see or touch comes
from permissions.py. Nothing here decides a rule on its own.
"""

from django.contrib import admin

from ..assessment.admin import AssessmentSchemeAdmin
from ..models import AssessmentScheme, Contribution, CoordinationMatter
from ..supervision.admin import register as register_supervision
from . import (  # noqa: F401 - registers
    commitment_admin,
    commitment_parts_admin,
    notification_admin,
    project_admin,
    report_admin,
    update_admin,
    update_review,
)
from .contribution_admin import ContributionAdmin, CoordinationMatterAdmin

register_supervision(admin.site)
admin.site.register(Contribution, ContributionAdmin)
admin.site.register(CoordinationMatter, CoordinationMatterAdmin)
admin.site.register(AssessmentScheme, AssessmentSchemeAdmin)
