"""Fixture loading (raw saves) must not erase what was tracked since the fixture was written.

`loaddata` saves rows with raw=True and bypasses Model.save(), so the derived fields are handled here:
an existing row keeps its status, progress, RAG and version, a target its current value and a
milestone its completion date.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import Commitment, Milestone, Target, code_sort_key

COMMITMENT_TRACKED_FIELDS = ("status", "progress", "rag", "version")


@receiver(pre_save, sender=Commitment)
def keep_commitment_tracking_on_fixture_load(sender, instance: Commitment, raw: bool, **kwargs) -> None:
    instance.sort_key = code_sort_key(instance.code)
    if not raw or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values(*COMMITMENT_TRACKED_FIELDS).first()
    if stored:
        for field, value in stored.items():
            setattr(instance, field, value)


@receiver(pre_save, sender=Target)
def keep_target_current_value_on_fixture_load(sender, instance: Target, raw: bool, **kwargs) -> None:
    if not raw or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("current_value", flat=True).first()
    if stored is not None:
        instance.current_value = stored


@receiver(pre_save, sender=Milestone)
def keep_milestone_completion_on_fixture_load(sender, instance: Milestone, raw: bool, **kwargs) -> None:
    if not raw or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("completed_on", flat=True).first()
    if stored is not None:
        instance.completed_on = stored
