"""The key-project ledger (重点项目台账) for the office: the list with its filters, a project's page, 预备转正,
the plan's import page and the ledger's export. Saves go through services/projects.py; a project's monthly
reports are its sub-item's progress updates (the progress-update pages)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import FileExtensionValidator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import services
from ..choices import ProjectCategory, ProjectStage
from ..exports import XLSX_CONTENT_TYPE
from ..forms import MAX_TABLE_BYTES
from ..key_project_import import TaskTableError, key_project_import, ledger_xlsx
from ..models import Commitment, Department, KeyProject, Leader
from ..permissions import can_manage_key_projects, visible_key_projects
from ..selectors.projects import ledger_figures, with_stage
from .common import OpenedStateForm, QuickRowsMixin, add_service_errors, error_text
from .lookup_filters import AutocompleteFilterMixin, autocomplete_filter

DepartmentFilter = autocomplete_filter(
    parameter="department",
    model=Commitment,
    field="lead_department",
    path="commitment__lead_department_id",
    title=_("owner department"),
)
LeaderFilter = autocomplete_filter(
    parameter="leader",
    model=Commitment,
    field="responsible_leader",
    path="commitment__responsible_leader_id",
    title=_("following leader"),
)


class StageFilter(admin.SimpleListFilter):
    title = _("stage (形象进度)")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return ProjectStage.choices

    def queryset(self, request, queryset):
        if self.value() == ProjectStage.PRELIMINARY:
            return queryset.filter(stage_key__isnull=True)
        if self.value() in ProjectStage.values:
            return queryset.filter(stage_key=self.value())
        return queryset


class CategoryFilter(admin.SimpleListFilter):
    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return ProjectCategory.choices

    def queryset(self, request, queryset):
        if self.value() in ProjectCategory.values:
            return queryset.filter(categories__category=self.value())
        return queryset


class KeyProjectForm(OpenedStateForm):
    """The ledger row as the office keeps it; owner, leader, plan and categories live on the project's
    sub-item and its target, so they are form fields the service writes there."""

    department = forms.ModelChoiceField(
        label=_("owner department"),
        queryset=Department.objects.all(),
        widget=AutocompleteSelect(Commitment._meta.get_field("lead_department"), admin.site),
    )
    leader = forms.ModelChoiceField(
        label=_("following leader"),
        queryset=Leader.objects.all(),
        required=False,
        widget=AutocompleteSelect(Commitment._meta.get_field("responsible_leader"), admin.site),
    )
    planned_investment = forms.DecimalField(label=_("annual planned investment (100 million yuan)"), min_value=0)
    categories = forms.MultipleChoiceField(
        label=_("categories"), choices=ProjectCategory.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = KeyProject
        fields = [
            "ledger",
            "sequence",
            "name",
            "content",
            "total_investment",
            "planned_start",
            "planned_completion",
            "is_reserve",
            "is_example",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        if project.pk:
            self.fields["ledger"].disabled = True
            self.initial.update(
                department=project.commitment.lead_department_id,
                leader=project.commitment.responsible_leader_id,
                planned_investment=project.investment_target.target_value,
                categories=[tag.category for tag in project.categories.all()],
            )

    def _post_clean(self):
        # The model's own validation needs the sub-item and target, which a new row has not yet: the service
        # checks the row (key_project_check) and creates them.
        if self.errors:
            return
        ledger = self.instance.ledger if self.instance.pk else self.cleaned_data.get("ledger")
        if ledger is None:
            return
        try:
            services.key_project_check(ledger, self.project_data(), self.instance if self.instance.pk else None)
        except ValidationError as error:
            add_service_errors(self, error)

    def project_data(self) -> services.KeyProjectData:
        data = self.cleaned_data
        return services.KeyProjectData(
            sequence=data["sequence"],
            name=data["name"],
            content=data.get("content") or "",
            department=data["department"],
            leader=data.get("leader"),
            total_investment=data["total_investment"],
            planned_investment=data["planned_investment"],
            planned_start=data.get("planned_start"),
            planned_completion=data.get("planned_completion"),
            is_reserve=data.get("is_reserve", False),
            categories=list(data.get("categories") or []),
            is_example=data.get("is_example", False),
        )


class LedgerImportForm(forms.Form):
    ledger = forms.ModelChoiceField(
        label=_("ledger commitment"),
        queryset=Commitment.objects.all(),
        widget=AutocompleteSelect(KeyProject._meta.get_field("ledger"), admin.site),
        help_text=_("The commitment the projects roll into, e.g. 推动53个重点项目建设."),
    )
    file = forms.FileField(
        label=_("Key-project plan (.xlsx)"),
        validators=[FileExtensionValidator(["xlsx"])],
        help_text=_(
            "Columns 序号, 项目名称, 建设内容, 总投资, 年度计划投资, 责任单位, 挂点区领导, 项目类别, 计划开工时间, "
            "计划竣工时间, 是否预备; amounts in 亿元."
        ),  # fmt: skip
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): list the problems and write nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TABLE_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


@admin.register(KeyProject)
class KeyProjectAdmin(QuickRowsMixin, AutocompleteFilterMixin, SimpleHistoryAdmin):
    form = KeyProjectForm
    change_list_template = "admin/commitments/keyproject/change_list.html"
    list_display = [
        "sequence",
        "name_with_badges",
        "department_name",
        "leader_name",
        "planned_column",
        "completed_column",
        "stage_column",
    ]
    list_display_links = ["sequence", "name_with_badges"]
    list_filter = [DepartmentFilter, LeaderFilter, StageFilter, CategoryFilter, "is_reserve", "is_example"]
    search_fields = ["name", "content"]
    autocomplete_fields = ["ledger"]
    list_per_page = 60
    actions = ["promote"]
    readonly_fields = ["tracked_as", "stage_now", "completed_now", "promoted_on"]
    fieldsets = [
        (None, {"fields": ["ledger", "sequence", "name", "content", "is_example", "opened_state"]}),
        (_("Owner and leader"), {"fields": ["department", "leader"]}),
        (_("Investment (100 million yuan)"), {"fields": ["total_investment", "planned_investment"]}),
        (_("Plan"), {"fields": ["categories", "planned_start", "planned_completion", "is_reserve", "promoted_on"]}),
        (_("Tracking"), {"fields": ["tracked_as", "stage_now", "completed_now"]}),
    ]

    class Media:
        css = {"all": ["commitments/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # a new row has no sub-item or figures yet
            return [
                (name, {"fields": [f for f in opts["fields"] if f not in self.readonly_fields]})
                for name, opts in self.fieldsets
            ]
        return self.fieldsets

    def get_queryset(self, request):
        queryset = with_stage(super().get_queryset(request).with_ledger_columns())
        return visible_key_projects(request.user, queryset)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_manage_key_projects(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_key_projects(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # a project with reports stays on record; a wrong one is corrected, not deleted

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_manage_key_projects(request.user):
            actions.pop("promote", None)
        return actions

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.key_project_update(user=request.user, project=obj, data=form.project_data())
        else:
            ledger = form.cleaned_data["ledger"]
            saved = services.key_project_create(user=request.user, ledger=ledger, data=form.project_data())
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        pass  # the categories are written by the service

    @admin.display(description=_("project name"), ordering="name")
    def name_with_badges(self, obj: KeyProject) -> str:
        badges = []
        if obj.is_example:
            badges.append(format_html('<span class="tracker-flag tracker-flag--example">{}</span>', gettext("Example")))
        if obj.is_reserve:
            badges.append(format_html('<span class="tracker-flag tracker-flag--reserve">{}</span>', gettext("Reserve")))
        return format_html("{} {}", obj.name, format_html_join("", "{}", ((badge,) for badge in badges)))

    @admin.display(description=_("owner department"), ordering="commitment__lead_department__name")
    def department_name(self, obj: KeyProject) -> str:
        return str(obj.commitment.lead_department)

    @admin.display(description=_("following leader"), ordering="commitment__responsible_leader__name")
    def leader_name(self, obj: KeyProject) -> str:
        return str(obj.commitment.responsible_leader or "—")

    @admin.display(description=_("annual plan (亿元)"), ordering="investment_target__target_value")
    def planned_column(self, obj: KeyProject) -> str:
        return f"{obj.investment_target.target_value.normalize():f}"

    @admin.display(description=_("completed (亿元)"), ordering="investment_target__current_value")
    def completed_column(self, obj: KeyProject) -> str:
        value = obj.investment_target.current_value
        return "—" if value is None else f"{value.normalize():f}"

    @admin.display(description=_("stage (形象进度)"), ordering="stage_key")
    def stage_column(self, obj: KeyProject) -> str:
        return str(ProjectStage(getattr(obj, "stage_key", None) or ProjectStage.PRELIMINARY).label)

    @admin.display(description=_("tracked as"))
    def tracked_as(self, obj: KeyProject) -> str:
        url = reverse("admin:commitments_commitment_change", args=[obj.commitment_id])
        return format_html(
            '<a href="{}">{}</a> · {}', url, obj.commitment, gettext("its monthly reports are its progress updates")
        )

    @admin.display(description=_("stage (形象进度)"))
    def stage_now(self, obj: KeyProject) -> str:
        return self.stage_column(obj)

    @admin.display(description=_("completed this year (亿元)"))
    def completed_now(self, obj: KeyProject) -> str:
        return self.completed_column(obj)

    @admin.action(description=_("Promote the selected reserve projects to formal (预备转正)"))
    def promote(self, request, queryset):
        promoted, refused = 0, []
        for project in queryset.filter(is_reserve=True):
            try:
                services.key_project_promote(user=request.user, project=project, on=timezone.localdate())
                promoted += 1
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"{project}: {error_text(error)}")
        self.message_user(request, gettext("Promoted to formal: %(count)d.") % {"count": promoted}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    # The import page and the export ------------------------------------------------------------------

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_view)
        export_view = self.admin_site.admin_view(self.export_view)
        return [
            path("import/", import_view, name="commitments_keyproject_import"),
            path("export/<int:ledger_id>/", export_view, name="commitments_keyproject_export"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        ledgers = Commitment.objects.filter(pk__in=KeyProject.objects.values("ledger_id")).order_by(
            "report_id", "sort_key"
        )
        extra_context = {
            "ledgers": ledgers,
            "can_import": can_manage_key_projects(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not can_manage_key_projects(request.user):
            raise PermissionDenied
        result = None
        form = LedgerImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = key_project_import(
                    user=request.user,
                    ledger=form.cleaned_data["ledger"],
                    file=form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except TaskTableError as exc:
                form.add_error("file", str(exc))
            else:
                if result.ok and not result.dry_run:
                    self.message_user(
                        request,
                        gettext(
                            "Imported %(rows)d projects: %(created)d new, %(updated)d changed, %(unchanged)d unchanged."
                        )
                        % {
                            "rows": len(result.rows),
                            "created": len(result.created),
                            "updated": len(result.updated),
                            "unchanged": len(result.unchanged),
                        },
                        messages.SUCCESS,
                    )
                    return redirect("admin:commitments_keyproject_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "result": result,
            "title": _("Import a key-project plan"),
        }
        return TemplateResponse(request, "admin/commitments/keyproject/import.html", context)

    def export_view(self, request, ledger_id: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        ledger = get_object_or_404(Commitment.objects.select_related("report"), pk=ledger_id)
        try:
            on = datetime.date.fromisoformat(request.GET.get("as_of", ""))
        except ValueError:
            on = min(timezone.localdate(), ledger.due_date)
        content = ledger_xlsx(ledger_figures(ledger, on=on))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        filename = f"key-projects-{ledger.report.year}-{ledger.code}-{on:%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
