"""Supervision (督办): reporting completeness, 序时 pace and forecasts, acceptances (签收) and their actions."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...choices import AcceptanceRole, AcceptanceState, Colour, Comparator, ContestReason, Rag
from ...models import Acceptance, Department, Report
from ...supervision.periods import period_of
from .common import BriefCommitmentSerializer, BriefDepartmentSerializer, BriefReportSerializer
from .fields import IdRelatedField

PERCENT = {"max_digits": 5, "decimal_places": 2}
# Shares and projections are not clamped (over-achievement, a line projected far out): no digit limit.
UNBOUNDED = {"max_digits": None, "decimal_places": 2}
VALUE = {"max_digits": None, "decimal_places": 4}

# Dates the supervision figures answer for; anything outside is a typing mistake, and the period arithmetic
# (a year back, the quarter's start) must not run off the calendar.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)
# The longest range a completeness query may span: it walks every period of every commitment in it.
MAX_RANGE_DAYS = 3 * 366


class BoundedDateField(serializers.DateField):
    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST <= day <= LATEST:
            raise serializers.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.") % {"earliest": EARLIEST, "latest": LATEST}
            )
        return day


# --- Query parameters ---------------------------------------------------------------------------


class FiguresQuerySerializer(serializers.Serializer):
    as_of = BoundedDateField(required=False, help_text=_("Figures as of this date (default: today)."))

    def evaluation_day(self) -> datetime.date:
        return self.validated_data.get("as_of") or timezone.localdate()


class CompletenessQuerySerializer(FiguresQuerySerializer):
    """`as_of` is the day the reports are seen on (what is late or missing by then); `start` and `end` bound
    the due dates counted (default: from 1 January of the as-of year to the end of the as-of month)."""

    report = IdRelatedField(queryset=Report.objects.all(), required=False)
    department = IdRelatedField(
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Lead department; a department's staff may name only their own."),
    )
    start = BoundedDateField(required=False, help_text=_("Count reports due on or after this date."))
    end = BoundedDateField(required=False, help_text=_("Count reports due on or before this date."))
    by_period = serializers.BooleanField(
        required=False, default=False, help_text=_("One row per department and reporting month (of the due date).")
    )

    def validate(self, data: dict) -> dict:
        on = data.get("as_of") or timezone.localdate()
        data["end"] = data.get("end") or period_of(on).end
        data["start"] = data.get("start") or data["end"].replace(month=1, day=1)
        if data["start"] > data["end"]:
            raise serializers.ValidationError({"start": [_("The start is after the end.")]})
        if (data["end"] - data["start"]).days > MAX_RANGE_DAYS:
            raise serializers.ValidationError({"end": [_("Ask for at most three years at a time.")]})
        return data


class BehindPaceQuerySerializer(FiguresQuerySerializer):
    report = IdRelatedField(queryset=Report.objects.all(), required=False, help_text=_("Default: the newest."))
    department = IdRelatedField(
        queryset=Department.objects.all(), required=False, help_text=_("Led or co-owned by this department.")
    )


# --- Completeness -------------------------------------------------------------------------------


class CompletenessCountsSerializer(serializers.Serializer):
    period = serializers.CharField(help_text=_("The reporting month (YYYY-MM) with `by_period`, else blank."))
    expected = serializers.IntegerField(help_text=_("Reports due in the range."))
    submitted = serializers.IntegerField(help_text=_("Submitted on time or late."))
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField(help_text=_("Due by the as-of date and not submitted."))
    pending = serializers.IntegerField(help_text=_("Not yet due on the as-of date."))
    approved = serializers.IntegerField()
    rate = serializers.DecimalField(
        allow_null=True, help_text=_("Submitted ÷ reports already due, in percent; null if none was due."), **PERCENT
    )


class CompletenessRowSerializer(CompletenessCountsSerializer):
    department = BriefDepartmentSerializer()


class CompletenessSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    start = serializers.DateField()
    end = serializers.DateField()
    by_period = serializers.BooleanField()
    rows = CompletenessRowSerializer(many=True, help_text=_("By lead department (and month), in name order."))
    total = CompletenessCountsSerializer()


# --- Pace and forecast --------------------------------------------------------------------------


class PaceSerializer(serializers.Serializer):
    """序时进度: the share achieved against the share of the time elapsed, both in percent."""

    achieved = serializers.DecimalField(source="achieved_percent", **UNBOUNDED)
    expected = serializers.DecimalField(source="expected_percent", **PERCENT)
    gap_points = serializers.DecimalField(
        help_text=_("Achieved − expected, in percentage points (negative: behind)."), **UNBOUNDED
    )
    behind = serializers.BooleanField(help_text=_("Trails by more than the RAG tolerance."))


class ForecastSerializer(serializers.Serializer):
    """The least-squares projection of the approved values at the due date (at least three as-of dates)."""

    projected = serializers.DecimalField(**VALUE)
    due_date = serializers.DateField()
    slope_per_day = serializers.DecimalField(**VALUE)
    points = serializers.IntegerField()
    shortfall = serializers.BooleanField(help_text=_("The projection misses the target value."))


class TargetFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="target.pk")
    metric = serializers.CharField(source="target.metric")
    unit = serializers.CharField(source="target.unit")
    comparator = serializers.ChoiceField(choices=Comparator.choices, source="target.comparator")
    baseline_value = serializers.DecimalField(source="target.baseline_value", allow_null=True, **VALUE)
    target_value = serializers.DecimalField(source="target.target_value", **VALUE)
    current_value = serializers.DecimalField(allow_null=True, **VALUE)
    computed = serializers.BooleanField(help_text=_("Computed from the sub-items, not reported."))
    pace = PaceSerializer(allow_null=True, help_text=_("Null without a current value."))
    forecast = ForecastSerializer(allow_null=True, help_text=_("Null with fewer than three approved values."))


class CommitmentFiguresSerializer(serializers.Serializer):
    """Everything the office reads beside RAG for one commitment as of a date."""

    commitment = BriefCommitmentSerializer()
    as_of = serializers.DateField()
    rag = serializers.ChoiceField(choices=Rag.choices, allow_blank=True)
    progress = serializers.DecimalField(**PERCENT)
    pace = PaceSerializer()
    colour = serializers.ChoiceField(choices=Colour.choices)
    red_days = serializers.IntegerField(help_text=_("Days red (past the due date while open)."))
    missing_reports = serializers.IntegerField(help_text=_("Periodic reports missing over the last year."))
    overdue_milestones = serializers.IntegerField()
    overdue_replies = serializers.IntegerField(
        help_text=_("Supervision notices whose reply is overdue (they turn the commitment red).")
    )
    nearest_deadline = serializers.DateField(allow_null=True)
    shortfall = serializers.BooleanField(help_text=_("Some target's forecast misses its target value."))
    targets = TargetFiguresSerializer(many=True)


class BehindPaceRowSerializer(serializers.Serializer):
    commitment = BriefCommitmentSerializer()
    lead_department = BriefDepartmentSerializer(source="commitment.lead_department")
    rag = serializers.ChoiceField(choices=Rag.choices, allow_blank=True, source="figures.rag")
    target = TargetFiguresSerializer()
    forecast_gap = serializers.DecimalField(
        allow_null=True, help_text=_("How far the forecast falls short of the target value."), **VALUE
    )


class BehindPaceSerializer(serializers.Serializer):
    report = BriefReportSerializer(allow_null=True, help_text=_("Null when there is no report to show."))
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    targets = BehindPaceRowSerializer(many=True, help_text=_("Furthest behind first."))


# --- Acceptance (签收) --------------------------------------------------------------------------


class AcceptanceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:acceptance-detail")
    commitment = BriefCommitmentSerializer(read_only=True)
    department = BriefDepartmentSerializer(read_only=True)
    role = serializers.ChoiceField(choices=AcceptanceRole.choices, read_only=True)
    state = serializers.ChoiceField(choices=AcceptanceState.choices, read_only=True)
    reason_kind = serializers.ChoiceField(choices=ContestReason.choices, allow_blank=True, read_only=True)
    issued_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    responded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    resolved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Acceptance
        fields = [
            "id",
            "url",
            "commitment",
            "department",
            "role",
            "state",
            "reason_kind",
            "reason",
            "office_note",
            "issued_by",
            "issued_at",
            "responded_by",
            "responded_at",
            "resolved_by",
            "resolved_at",
        ]
        read_only_fields = fields


class AcceptanceContestSerializer(serializers.Serializer):
    reason_kind = serializers.ChoiceField(choices=ContestReason.choices)
    reason = serializers.CharField(max_length=2000, help_text=_("Why the department contests the task."))


class AcceptanceClarifySerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text=_("The office's answer; the department answers again."))


class AcceptanceReassignSerializer(serializers.Serializer):
    department = IdRelatedField(
        queryset=Department.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "A contested lead task: the new lead department (required). A contested co-assignment: the new "
            "co-responsible department, or null to release the contesting department."
        ),
    )
    note = serializers.CharField(max_length=2000, help_text=_("The reason for the reassignment."))
    keep_previous_as_co = serializers.BooleanField(
        required=False, default=False, help_text=_("A lead task only: the contesting department stays co-responsible.")
    )


class AcceptanceReassignedSerializer(serializers.Serializer):
    contested = AcceptanceSerializer(help_text=_("The contested task, now closed as reassigned."))
    opened = AcceptanceSerializer(
        allow_null=True, help_text=_("The new department's task; null when a co-department was released.")
    )
