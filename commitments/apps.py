from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Work report commitments")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
