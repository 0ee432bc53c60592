from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views
from .views.schema import SchemaView
from .views.token import TokenRotateView, TokenView

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("reports", views.ReportViewSet, basename="report")
router.register("chapters", views.ChapterViewSet, basename="chapter")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("leaders", views.LeaderViewSet, basename="leader")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("targets", views.TargetViewSet, basename="target")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("updates", views.ProgressUpdateViewSet, basename="update")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("acceptances", views.AcceptanceViewSet, basename="acceptance")
router.register("extension-requests", views.ExtensionRequestViewSet, basename="extension-request")
router.register("closeouts", views.CloseoutApplicationViewSet, basename="closeout")
router.register("notices", views.SupervisionNoticeViewSet, basename="notice")
router.register("contributions", views.ContributionViewSet, basename="contribution")
router.register("assessment-schemes", views.AssessmentSchemeViewSet, basename="assessment-scheme")
router.register("notifications", views.NotificationViewSet, basename="notification")
router.register("key-projects", views.KeyProjectViewSet, basename="key-project")

urlpatterns = [
    # Files rather than resources: the suffix names the format, so no trailing slash.
    path("commitments/export.xlsx", views.TaskTableXlsxView.as_view(), name="commitment-export-xlsx"),
    path("commitments/export.csv", views.TaskTableCsvView.as_view(), name="commitment-export-csv"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("todo/", views.TodoView.as_view(), name="todo"),
    path("supervision/completeness/", views.CompletenessView.as_view(), name="supervision-completeness"),
    path("supervision/behind-pace/", views.BehindPaceView.as_view(), name="supervision-behind-pace"),
    path("assessment/", views.AssessmentView.as_view(), name="assessment"),
    path("assessment/export.xlsx", views.AssessmentXlsxView.as_view(), name="assessment-export-xlsx"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("auth/token/rotate/", TokenRotateView.as_view(), name="token-rotate"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
