"""The change history of a record as people read it (the admin's history page): who, when in local time to
the minute, and which field changed from what to what, by the field's name and its choices' labels.

django-simple-history keeps the rows; this reads them. Values are written by the display rules
(`display.py`) except decimals, which keep every digit (a history shows exactly what was stored); an empty
value is written 空, never None. The related rows named by changed foreign keys are read in one query per
related model for the whole page, the users in one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import display

# Moved by every save, never typed: their changes are noise on a history page.
UNSHOWN_FIELDS = frozenset({"id", "version", "updated_at", "created_at"})
HISTORY_ONLY_FIELDS = frozenset({"history_id", "history_date", "history_change_reason", "history_type", "history_user"})


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def sentence(self) -> str:
        return _("%(field)s: from %(old)s to %(new)s") % {"field": self.label, "old": self.old, "new": self.new}


@dataclass
class HistoryEntry:
    record: object
    when: str
    who: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def headline(self) -> str:
        """What happened in a word; a save that changed no shown field says so instead of listing nothing."""
        if self.changes or self.record.history_type != "~":
            return self.action
        return _("saved, no shown field changed")


def action_text(history_type: str) -> str:
    actions = {
        "+": pgettext("history action", "created"),
        "~": pgettext("history action", "changed"),
        "-": pgettext("history action", "deleted"),
    }
    return actions.get(history_type, history_type)


def empty_text() -> str:
    return _("(empty)")


def user_label(user) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def _tracked_fields(record) -> list[models.Field]:
    """The original model's concrete fields that the history keeps, in the model's order."""
    kept = {f.attname for f in record._meta.concrete_fields}
    return [
        f
        for f in record.instance_type._meta.concrete_fields
        if f.attname in kept and f.name not in UNSHOWN_FIELDS and f.attname not in HISTORY_ONLY_FIELDS
    ]


def _raw_changes(newer, older) -> list[tuple[models.Field, object, object]]:
    if older is None:
        return []
    return [
        (f, getattr(older, f.attname), getattr(newer, f.attname))
        for f in _tracked_fields(newer)
        if getattr(older, f.attname) != getattr(newer, f.attname)
    ]


class _Labels:
    """Labels of the related rows the page's changes name: one query per related model."""

    def __init__(self, wanted: dict[type[models.Model], set]):
        self.rows: dict[type[models.Model], dict] = {
            model: model._base_manager.in_bulk([pk for pk in ids if pk is not None]) for model, ids in wanted.items()
        }

    def label(self, model: type[models.Model], pk) -> str:
        if pk is None:
            return empty_text()
        row = self.rows.get(model, {}).get(pk)
        if row is None:
            return _("deleted %(model)s (no. %(pk)s)") % {"model": model._meta.verbose_name, "pk": pk}
        if model is get_user_model():
            return user_label(row)
        return str(row)


def value_text(model_field: models.Field, value, labels: _Labels) -> str:
    """A stored value as a person reads it: a choice's label, a related row's name, a Chinese date."""
    if value is None or value == "":
        return empty_text()
    if model_field.is_relation:
        return labels.label(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return display.datetime_text(value)
    if isinstance(value, datetime.date):
        return display.date_text(value)
    if isinstance(value, Decimal):
        return display.plain(value)
    return str(value)


def history_entries(records: Sequence) -> list[HistoryEntry]:
    """The entries of a page of historical records (newest first, as the admin lists them), each with its
    changes against the record before it (read for the page's oldest record in one more query)."""
    records = list(records)
    if not records:
        return []
    older_than_page = records[-1].prev_record
    pairs = [(record, records[i + 1] if i + 1 < len(records) else older_than_page) for i, record in enumerate(records)]
    raw = [(record, _raw_changes(record, older)) for record, older in pairs]
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for _record, changes in raw:
        for model_field, old, new in changes:
            if model_field.is_relation:
                wanted[model_field.related_model].update({old, new})
    user_model = get_user_model()
    wanted[user_model].update(record.history_user_id for record in records)
    labels = _Labels(wanted)
    entries = []
    for record, changes in raw:
        who = labels.rows[user_model].get(record.history_user_id) if record.history_user_id else None
        entries.append(
            HistoryEntry(
                record=record,
                when=display.datetime_text(record.history_date),
                who=user_label(who),
                action=action_text(record.history_type),
                reason=record.history_change_reason or "",
                changes=[
                    FieldChange(
                        label=str(model_field.verbose_name),
                        old=value_text(model_field, old, labels),
                        new=value_text(model_field, new, labels),
                    )
                    for model_field, old, new in changes
                ],
            )
        )
    return entries
