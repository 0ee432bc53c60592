"""The app's urls and, after them, the benchmark's baselines (bench/views.py)."""

from django.urls import path

from tracker import urls as app_urls

from . import views

urlpatterns = [
    *app_urls.urlpatterns,
    path("bench/raw/commitments/", views.raw_commitment_page),
    path("bench/bare/", views.bare_json),
]

handler404 = app_urls.handler404
handler500 = app_urls.handler500
