"""The supervision workflow in the office's admin: acceptance and the contested queue, reporting plans,
stage templates, computed targets, the completeness page, the reminder log, extension requests, close-outs
and supervision notices (lifecycle.py, notices.py), and pace/forecast/colour
beside RAG on the commitment list. Every write calls supervision/services.py, which checks permissions.
"""

from __future__ import annotations

from django.contrib import admin

from ...models import (
    Acceptance,
    ContestedAcceptance,
    ReportingCompleteness,
    ReportingPlan,
    SentReminder,
    StageTemplate,
    TargetComputation,
)
from .acceptance import AcceptanceAdmin, ContestedAcceptanceAdmin
from .commitment_mixin import SupervisionCommitmentMixin
from .lifecycle import register as register_lifecycle
from .planning import ReportingPlanAdmin, StageTemplateAdmin, TargetComputationAdmin
from .reporting import ReportingCompletenessAdmin, SentReminderAdmin


def register(site: admin.AdminSite) -> None:
    site.register(Acceptance, AcceptanceAdmin)
    site.register(ContestedAcceptance, ContestedAcceptanceAdmin)
    site.register(ReportingPlan, ReportingPlanAdmin)
    site.register(StageTemplate, StageTemplateAdmin)
    site.register(TargetComputation, TargetComputationAdmin)
    site.register(SentReminder, SentReminderAdmin)
    site.register(ReportingCompleteness, ReportingCompletenessAdmin)
    register_lifecycle(site)


__all__ = ["SupervisionCommitmentMixin", "register"]
