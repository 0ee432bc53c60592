from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from commitments.dashboard import BulletinAPIView

# Translated like the rest of the admin (Chinese by default, English when chosen).
admin.site.site_header = admin.site.site_title = _("Work report task supervision")
admin.site.index_title = _("Supervision office workspace")

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
