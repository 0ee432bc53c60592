"""Reporting plans, stage templates and computed targets; the plans' and computations' saves go through
the services."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...admin.common import OpenedStateForm
from ...models import StageTemplate, StageTemplateStep
from .. import services


class ServiceSavedAdmin(admin.ModelAdmin):
    """A plain model page whose saves go through a service; the form has validated the fields already,
    and the service's PermissionDenied answers 403. The service writes the row of what it is given (a
    commitment's plan, a target's computation), so that owner is read-only once the row exists: changing it
    would write another owner's row and leave this one."""

    owner_field = ""
    form = OpenedStateForm  # a page saved over a change made since it was opened is refused

    def get_readonly_fields(self, request, obj=None):
        fixed = [self.owner_field] if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *fixed]

    def save_model(self, request, obj, form, change):
        saved = self.save_through_service(request, obj)
        # The admin's redirect and log entry need the id of the row the service saved.
        obj.__dict__.update(saved.__dict__)


class ReportingPlanAdmin(ServiceSavedAdmin):
    list_display = ["commitment", "cadence", "due_day"]
    list_filter = ["cadence", "due_day", "commitment__report"]
    list_select_related = ["commitment"]
    search_fields = ["commitment__code", "commitment__title"]
    autocomplete_fields = ["commitment"]
    owner_field = "commitment"

    def save_through_service(self, request, obj):
        return services.reporting_plan_set(
            user=request.user, commitment=obj.commitment, cadence=obj.cadence, due_day=obj.due_day
        )


class StageTemplateStepInline(admin.TabularInline):
    model = StageTemplateStep
    form = OpenedStateForm
    extra = 0
    fields = ["position", "key", "title", "evidence", "opened_state"]


class StageTemplateAdmin(admin.ModelAdmin):
    form = OpenedStateForm
    list_display = ["name", "stages"]
    search_fields = ["name"]
    inlines = [StageTemplateStepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("steps")

    @admin.display(description=_("stages"))
    def stages(self, obj: StageTemplate) -> str:
        return " → ".join(step.title for step in obj.steps.all())


class TargetComputationAdmin(ServiceSavedAdmin):
    list_display = ["target", "rule", "stage", "source_metric"]
    list_filter = ["rule"]
    list_select_related = ["target__commitment", "stage__template"]
    search_fields = ["target__metric", "target__commitment__code"]
    autocomplete_fields = ["target"]
    owner_field = "target"

    def save_through_service(self, request, obj):
        return services.target_computation_set(
            user=request.user, target=obj.target, rule=obj.rule, stage=obj.stage, source_metric=obj.source_metric
        )

    def delete_model(self, request, obj):
        services.target_computation_clear(user=request.user, target=obj.target)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("target"):
            services.target_computation_clear(user=request.user, target=obj.target)
