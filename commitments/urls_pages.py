"""The public site's URLs. Named urls_pages.py so that the engine's urls.py can live beside it."""

from django.urls import path

from . import dashboard, feeds, pages

app_name = "pages"

urlpatterns = [
    path("", pages.commitment_list, name="commitment_list"),
    path("commitments/<int:pk>/", pages.commitment_detail, name="commitment_detail"),
    path("feeds/reports/<int:pk>/", feeds.ReportUpdatesFeed(), name="report_feed"),
    path("feeds/departments/<int:pk>/", feeds.DepartmentUpdatesFeed(), name="department_feed"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/bulletin.docx", dashboard.dashboard_bulletin, name="dashboard_bulletin"),
]
