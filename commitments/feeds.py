"""Atom feeds of approved progress updates, per published report and per department.

Only `selectors.approved_updates()` feeds them: drafts, submitted and returned updates and anything of an
unpublished report never appear.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import display
from .models import Department, ProgressUpdate, Report, department_commitment_ids
from .selectors import approved_updates

FEED_LENGTH = 50


class UpdatesFeed(Feed):
    feed_type = Atom1Feed

    def updates(self, obj) -> QuerySet[ProgressUpdate]:
        raise NotImplementedError

    def items(self, obj) -> list[ProgressUpdate]:
        return list(
            self.updates(obj)
            .select_related("commitment", "commitment__lead_department")
            # NULLS LAST on every database: SQLite and PostgreSQL disagree on where NULLs sort by default.
            .order_by(F("reviewed_at").desc(nulls_last=True), "-as_of", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item: ProgressUpdate) -> str:
        return _("%(code)s %(title)s — as of %(as_of)s") % {
            "code": item.commitment.code,
            "title": item.commitment.title,
            "as_of": item.as_of.isoformat(),
        }

    def item_description(self, item: ProgressUpdate) -> str:
        """Atom's summary is `type="html"`: everything in it is escaped text (a reporter's `<script>` or
        `<img onerror>` shows as the characters it is), its line breaks kept as <br>."""
        parts = []
        if item.percent is not None:
            parts.append(_("Progress: %(percent)s%%") % {"percent": display.percent(item.percent, sign=False)})
        parts.append(_("Lead department: %(department)s") % {"department": item.commitment.lead_department.name})
        if item.narrative:
            parts.append(item.narrative)
        return linebreaksbr("\n".join(parts), autoescape=True)

    def item_link(self, item: ProgressUpdate) -> str:
        return reverse("pages:commitment_detail", args=[item.commitment_id]) + f"#update-{item.pk}"

    def item_guid(self, item: ProgressUpdate) -> str:
        return f"urn:tracker:progress-update:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: ProgressUpdate) -> datetime.datetime:
        # An approval time is when the update became public; older data may only have its as-of date.
        if item.reviewed_at:
            return item.reviewed_at
        return timezone.make_aware(datetime.datetime.combine(item.as_of, datetime.time()))

    def item_updateddate(self, item: ProgressUpdate) -> datetime.datetime:
        return self.item_pubdate(item)

    def item_author_name(self, item: ProgressUpdate) -> str:
        return item.commitment.lead_department.name


class ReportUpdatesFeed(UpdatesFeed):
    """`/feeds/reports/<id>/`: every approved update of a published report."""

    def get_object(self, request, pk: int) -> Report:
        return get_object_or_404(Report, pk=pk, published=True)

    def title(self, obj: Report) -> str:
        return _("%(report)s: progress updates") % {"report": obj.title}

    def subtitle(self, obj: Report) -> str:
        return _("Approved progress updates of the commitments of %(report)s.") % {"report": obj.title}

    def link(self, obj: Report) -> str:
        return reverse("pages:commitment_list") + f"?report={obj.pk}"

    def updates(self, obj: Report) -> QuerySet[ProgressUpdate]:
        return approved_updates().filter(commitment__report=obj)


class DepartmentUpdatesFeed(UpdatesFeed):
    """`/feeds/departments/<id>/`: approved updates of the published commitments a department leads or shares."""

    def get_object(self, request, pk: int) -> Department:
        return get_object_or_404(Department, pk=pk)

    def title(self, obj: Department) -> str:
        return _("%(department)s: progress updates") % {"department": obj.name}

    def subtitle(self, obj: Department) -> str:
        return _("Approved progress updates of the commitments that %(department)s leads or shares.") % {
            "department": obj.name
        }

    def link(self, obj: Department) -> str:
        return reverse("pages:commitment_list") + f"?department={obj.pk}"

    def updates(self, obj: Department) -> QuerySet[ProgressUpdate]:
        return approved_updates().filter(commitment_id__in=department_commitment_ids(obj))
