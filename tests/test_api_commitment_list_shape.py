"""The list is built from plain rows (selectors.listing), the detail by CommitmentSerializer: every list
row must be exactly what the detail view answers for the same commitment, nulls and nesting included."""

import datetime
from decimal import Decimal

from django.test import TestCase
from rest_framework.test import APIClient

from commitments.choices import Comparator, UpdateState
from commitments.models import Commitment

from .factories import (
    CommitmentFactory,
    CoResponsibilityFactory,
    LeaderFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    TargetFactory,
    UserFactory,
)


class ListRowsMatchTheDetail(TestCase):
    fixtures = ["jiangcheng_2020"]

    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(username="office", is_superuser=True)
        report_commitment = Commitment.objects.order_by("id").first()
        # Every optional part present on one commitment, absent on another of the same report.
        full = CommitmentFactory(
            report=report_commitment.report,
            chapter=report_commitment.chapter,
            responsible_leader=LeaderFactory(),
            parent=report_commitment,
            progress=Decimal("37.5"),
            code="99.1",
        )
        CoResponsibilityFactory(commitment=full)
        CoResponsibilityFactory(commitment=full)
        TargetFactory(
            commitment=full,
            comparator=Comparator.AT_MOST,
            baseline_value=Decimal("12.3456"),
            target_value=Decimal("3"),
            current_value=Decimal("7.1"),
        )
        TargetFactory(commitment=full, baseline_value=None, current_value=None)
        MilestoneFactory(commitment=full, completed_on=datetime.date(2020, 5, 1))
        MilestoneFactory(commitment=full, completed_on=None)
        ProgressUpdateFactory(commitment=full, state=UpdateState.APPROVED, as_of=datetime.date(2020, 3, 31))
        ProgressUpdateFactory(commitment=full, state=UpdateState.APPROVED, as_of=datetime.date(2020, 6, 30))
        ProgressUpdateFactory(commitment=full, state=UpdateState.SUBMITTED, as_of=datetime.date(2020, 9, 30))
        CommitmentFactory(report=report_commitment.report, chapter=report_commitment.chapter, code="99.2")

    def setUp(self):
        self.client = APIClient()
        self.client.force_authenticate(self.user)

    def test_every_row_equals_the_detail_of_its_commitment(self):
        rows = []
        url = "/api/commitments/?page_size=200"
        while url:
            page = self.client.get(url).json()
            rows += page["results"]
            url = page["next"]
        self.assertEqual(len(rows), Commitment.objects.count())
        for row in rows:
            with self.subTest(code=row["code"]):
                detail = self.client.get(row["url"]).json()
                # The detail adds how the progress is made up (parts for a parent); the rest is the row.
                is_parent = any(other["parent"] == row["id"] for other in rows)
                self.assertEqual(detail.pop("progress_basis")["rolled_up"], is_parent)
                self.assertEqual(row, detail)

    def test_the_full_row_carries_its_nested_parts_and_latest_approved_update(self):
        full = Commitment.objects.get(code="99.1")
        rows = self.client.get("/api/commitments/", {"report": full.report_id, "page_size": 200}).json()["results"]
        row = next(row for row in rows if row["id"] == full.pk)
        self.assertEqual(len(row["co_departments"]), 2)
        self.assertEqual([t["current_value"] for t in row["targets"]], ["7.1000", None])
        self.assertEqual(row["targets"][0]["baseline_value"], "12.3456")
        self.assertEqual(row["latest_update"]["as_of"], "2020-06-30")  # the later approved one, not the draft
        self.assertEqual([m["completed_on"] for m in row["milestones"]].count(None), 1)
        self.assertEqual(row["progress"], "37.50")


def test_decimal_short_cut_formats_as_the_serializer_field():
    from commitments.api.serializers import NestedTargetSerializer
    from commitments.api.serializers.fields import decimal_formatter

    field = NestedTargetSerializer().fields["target_value"]
    for text in ["53.0000", "53", "53.5", "0.0001", "-1.2500", "1E+3", "12345678.12345"]:
        assert decimal_formatter(field)(Decimal(text)) == field.to_representation(Decimal(text)), text
