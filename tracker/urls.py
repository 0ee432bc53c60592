from django.contrib import admin
from django.urls import include, path

from commitments.dashboard import BulletinAPIView

admin.site.site_header = admin.site.site_title = "政府工作报告任务督办系统"
admin.site.index_title = "督查室工作台"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # The bulletin for API clients; the rest of /api/ is the API's own urls.
    path("api/bulletin.docx", BulletinAPIView.as_view(), name="bulletin_api"),
    path("api/", include("commitments.api.urls")),
    path("", include("commitments.urls")),
    path("", include("commitments.urls_pages")),
]

handler404 = "commitments.api.views.not_found"
handler500 = "commitments.outage.server_error"
