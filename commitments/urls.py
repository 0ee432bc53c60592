from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
