from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = admin.site.site_title = "政府工作报告任务督办系统"
admin.site.index_title = "督查室工作台"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("commitments.api.urls")),
    path("", include("commitments.urls")),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]

handler404 = "commitments.api.views.not_found"
