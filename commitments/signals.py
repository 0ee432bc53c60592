"""Model signals. Fixture loading (raw saves) must not erase what was tracked since the fixture was written;
any write of what a summary counts retires the remembered summaries.

`loaddata` saves rows with raw=True, bypassing Model.save() and the fields' auto_now handling, so:
an existing row keeps its tracked fields (a commitment its status, progress, RAG and version, a target
its current value, a milestone its completion date) and its creation time; timestamps are filled in.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import (
    Acceptance,
    Chapter,
    Commitment,
    CoResponsibility,
    Department,
    Indicator,
    Leader,
    Milestone,
    ProgressUpdate,
    Report,
    ReportedValue,
    ReportingPlan,
    StaffProfile,
    StatusOverride,
    Target,
    code_sort_key,
)
from .services.tokens import token_revoke
from .services.tracking import figures_changed

KEPT_ON_FIXTURE_LOAD = {
    Report: ("created_at", "version"),
    Chapter: ("version",),
    Indicator: ("version",),
    Department: ("version",),
    Leader: ("version",),
    Commitment: ("status", "progress", "rag", "version", "created_at"),
    Target: ("current_value",),
    Milestone: ("completed_on",),
}


@receiver(pre_save, sender=Commitment)
def set_commitment_sort_key(sender, instance: Commitment, **kwargs) -> None:
    instance.sort_key = code_sort_key(instance.code)


def keep_tracked_fields_on_fixture_load(sender, instance, raw: bool, **kwargs) -> None:
    if not raw:
        return
    fields = KEPT_ON_FIXTURE_LOAD[sender]
    if instance.pk is not None:
        stored = sender.objects.filter(pk=instance.pk).values(*fields).first()
        for field, value in (stored or {}).items():
            setattr(instance, field, value)
    now = timezone.now()
    for field in ("created_at", "updated_at"):
        if hasattr(instance, field):
            if field == "updated_at" or getattr(instance, field) is None:
                setattr(instance, field, now)


for model in KEPT_ON_FIXTURE_LOAD:
    pre_save.connect(keep_tracked_fields_on_fixture_load, sender=model, dispatch_uid=f"keep-tracked-{model.__name__}")


def retire_remembered_summaries(sender, **kwargs) -> None:
    """A commitment written or deleted (by any path: services, admin, fixtures, cascades), or a chapter or
    department renamed, changes what a summary shows."""
    figures_changed()


def retire_remembered_pages(sender, **kwargs) -> None:
    """An update written (a draft saved, a report submitted, returned or approved), a target or milestone
    edited, a reporting plan or an acceptance changed: the pages remembered beside the summaries (the
    dashboard's sections, reporting completeness, the supervision columns, the exports) count these, even
    where no stored figure moves (a submission changes completeness, not progress)."""
    figures_changed()


for model in (Commitment, Chapter, Department):
    for signal in (post_save, post_delete):
        signal.connect(retire_remembered_summaries, sender=model, dispatch_uid=f"figures-{model.__name__}")

REMEMBERED_PAGES_READ = (
    ProgressUpdate,
    ReportedValue,
    StatusOverride,
    Target,
    Milestone,
    Acceptance,
    ReportingPlan,
    CoResponsibility,
    Report,
    Leader,
    StaffProfile,  # a user's department: their to-do counts (selectors/todo.py)
)
for model in REMEMBERED_PAGES_READ:
    for signal in (post_save, post_delete):
        signal.connect(retire_remembered_pages, sender=model, dispatch_uid=f"pages-{model.__name__}")


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="tokens-die-with-the-password")
def revoke_api_token_on_password_change(sender, instance, raw: bool, update_fields=None, **kwargs) -> None:
    """A changed password logs the user's API clients out too: whoever had the old one may hold the token."""
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        token_revoke(user=instance)
