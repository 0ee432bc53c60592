import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from commitments.choices import CommitmentStatus
from commitments.models import Commitment, Department, Report, Target, code_sort_key

from .factories import (
    ChapterFactory,
    CommitmentFactory,
    CoResponsibilityFactory,
    DepartmentFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ReportedValueFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_commitment_code_is_unique_within_a_report():
    first = CommitmentFactory(code="2.3.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(code="2.3.1", chapter=first.chapter)


def test_same_code_is_allowed_in_another_report():
    CommitmentFactory(code="2.3.1")
    CommitmentFactory(code="2.3.1")  # its own report
    assert Commitment.objects.filter(code="2.3.1").count() == 2


def test_unique_code_error_is_readable_in_validation():
    first = CommitmentFactory(code="2.3.1")
    duplicate = Commitment(
        report=first.report,
        chapter=first.chapter,
        code="2.3.1",
        title="重复",
        source_text="重复。",
        kind="ongoing",
        lead_department=first.lead_department,
        start_date=first.start_date,
        due_date=first.due_date,
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "该报告已有此编号的任务。" in str(excinfo.value)


@pytest.mark.parametrize("progress", [Decimal("-1"), Decimal("100.01")])
def test_progress_outside_0_to_100_is_refused_by_the_database(progress):
    commitment = CommitmentFactory()
    commitment.progress = progress
    with pytest.raises(IntegrityError), transaction.atomic():
        commitment.save()


def test_progress_at_bounds_is_accepted():
    commitment = CommitmentFactory(progress=Decimal("100"))
    commitment.progress = Decimal("0")
    commitment.save()


def test_due_date_before_start_date_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(start_date=datetime.date(2020, 6, 1), due_date=datetime.date(2020, 5, 31))


def test_due_date_equal_to_start_date_is_accepted():
    day = datetime.date(2020, 6, 1)
    assert CommitmentFactory(start_date=day, due_date=day).pk


def test_update_percent_outside_0_to_100_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdateFactory(percent=Decimal("101"))


def test_target_weight_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(weight=Decimal("0"))


def test_chapter_must_belong_to_the_commitments_report():
    commitment = CommitmentFactory()
    commitment.chapter = ChapterFactory()  # another report
    with pytest.raises(ValidationError) as excinfo:
        commitment.full_clean()
    assert "chapter" in excinfo.value.message_dict


def test_parent_cycle_is_refused():
    parent = CommitmentFactory()
    child = CommitmentFactory(chapter=parent.chapter, parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as excinfo:
        parent.full_clean()
    assert "形成循环" in str(excinfo.value)


def test_reported_value_for_another_commitments_target_is_refused():
    value = ReportedValueFactory()
    value.target = TargetFactory()  # belongs to another commitment
    with pytest.raises(ValidationError) as excinfo:
        value.full_clean()
    assert "属于其他任务" in str(excinfo.value)


def test_department_leading_commitments_cannot_be_deleted():
    commitment = CommitmentFactory()
    with pytest.raises(ProtectedError):
        commitment.lead_department.delete()
    assert Department.objects.filter(pk=commitment.lead_department_id).exists()


def test_department_co_responsible_for_commitments_cannot_be_deleted():
    duty = CoResponsibilityFactory()
    with pytest.raises(ProtectedError):
        duty.department.delete()
    assert duty.commitment.co_departments.get() == duty.department


def test_department_without_duties_can_be_deleted():
    department = DepartmentFactory()
    department.delete()
    assert not Department.objects.filter(pk=department.pk).exists()


def test_commitment_with_progress_updates_cannot_be_deleted():
    update = ProgressUpdateFactory()
    with pytest.raises(ProtectedError):
        update.commitment.delete()
    assert Commitment.objects.filter(pk=update.commitment_id).exists()


def test_report_whose_commitments_have_updates_cannot_be_deleted():
    update = ProgressUpdateFactory()
    with pytest.raises(ProtectedError):
        update.commitment.report.delete()
    assert Report.objects.filter(pk=update.commitment.report_id).exists()


def test_report_without_history_is_deleted_with_its_chapters_and_commitments():
    commitment = CommitmentFactory()
    TargetFactory(commitment=commitment)
    MilestoneFactory(commitment=commitment)
    commitment.report.delete()
    assert not Commitment.objects.exists()
    assert not Target.objects.exists()


def test_chapter_with_commitments_cannot_be_deleted_alone():
    commitment = CommitmentFactory()
    with pytest.raises(RestrictedError):
        commitment.chapter.delete()


def test_parent_with_children_cannot_be_deleted_alone():
    parent = CommitmentFactory()
    CommitmentFactory(chapter=parent.chapter, parent=parent)
    with pytest.raises(RestrictedError):
        parent.delete()


def test_codes_sort_numerically_not_alphabetically():
    chapter = ChapterFactory()
    for code in ["2.10.1", "2.9.3", "2.1.1", "10.1.1", "2.9.3.1"]:
        CommitmentFactory(chapter=chapter, code=code)
    codes = list(Commitment.objects.filter(report=chapter.report).values_list("code", flat=True))
    assert codes == ["2.1.1", "2.9.3", "2.9.3.1", "2.10.1", "10.1.1"]
    assert code_sort_key("2.10.1") > code_sort_key("2.9.3")


def test_overdue_excludes_completed_and_cancelled():
    past = datetime.date(2020, 3, 1)
    late = CommitmentFactory(due_date=past, start_date=datetime.date(2020, 1, 1))
    CommitmentFactory(due_date=past, start_date=datetime.date(2020, 1, 1), status=CommitmentStatus.COMPLETED)
    CommitmentFactory(due_date=past, start_date=datetime.date(2020, 1, 1), status=CommitmentStatus.CANCELLED)
    CommitmentFactory(due_date=datetime.date(2020, 12, 31))
    on = datetime.date(2020, 6, 30)
    assert list(Commitment.objects.overdue(on)) == [late]
    assert late.is_overdue(on)
    assert not late.is_overdue(past)


def test_for_department_covers_lead_and_co_responsible():
    department = DepartmentFactory()
    led = CommitmentFactory(lead_department=department)
    co = CoResponsibilityFactory(department=department).commitment
    CommitmentFactory()
    assert set(Commitment.objects.for_department(department)) == {led, co}


def test_every_model_has_a_readable_str():
    value = ReportedValueFactory(value=Decimal("12.5"))
    assert str(value) == f"{value.target.metric}: 13个"  # a count, rounded (display.py)
    assert str(value.target) == f"{value.target.metric} ≥53个"
    assert str(value.update).startswith(value.update.commitment.code)
