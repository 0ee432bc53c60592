"""Summaries remembered until a figure they count may have changed.

Each process keeps its own copies (Django's cache; local memory unless CACHES says otherwise) under the
database's figure generation, a token the tracking service replaces after every change that commits
(services.tracking.figures_changed): one small query tells every process whether its copy still holds.
Nothing is remembered inside a transaction, which may see writes of its own that are not committed, nor
before the first change has set a token.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from ..models import FigureGeneration

T = TypeVar("T")

# A remembered summary outlives its generation by at most this long (seconds) without being read again.
KEEP_SECONDS = 3600


def remembered(key: tuple, compute: Callable[[], T]) -> T:
    """compute(), or its value remembered under `key` (which must name everything the value depends on
    besides the stored figures) for the current generation."""
    if connection.in_atomic_block:
        return compute()
    token = FigureGeneration.objects.values_list("token", flat=True).first()
    if token is None:
        return compute()
    digest = hashlib.sha256(repr((connection.settings_dict["NAME"], token, key)).encode()).hexdigest()
    name = f"figures:{digest}"
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, KEEP_SECONDS)
    return value


def queryset_key(queryset: QuerySet) -> tuple:
    """A queryset's rows named for a key: its statement and parameters (an empty one, `.none()`, has none)."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return ("none",)
    return (sql, tuple(params))
