"""services.reference_save / reference_delete and permissions.visible_reports."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.models import Department, Report
from commitments.permissions import visible_reports
from commitments.services import reference_delete, reference_save

from .base import make_user
from .factories import CommitmentFactory, CoResponsibilityFactory, DepartmentFactory, ReportFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["viewer", "reporter", "leader", "anonymous"])
def test_only_the_office_writes_reference_data(role):
    user = make_user(role, DepartmentFactory() if role == "reporter" else None)
    with pytest.raises(PermissionDenied):
        reference_save(user=user, instance=Department(name="江城区数据局"))
    assert not Department.objects.filter(name="江城区数据局").exists()


def test_reference_save_runs_full_validation():
    with pytest.raises(ValidationError) as excinfo:
        reference_save(user=make_user("supervisor"), instance=Report(government="江城区", year=1800, title="旧"))
    assert "__all__" in excinfo.value.message_dict
    assert not Report.objects.exists()


def test_reference_save_creates_and_changes():
    office = make_user("supervisor")
    report = reference_save(user=office, instance=Report(government="江城区", year=2021, title="报告"))
    report.title = "2021年报告"
    reference_save(user=office, instance=report)
    assert Report.objects.get().title == "2021年报告"


def test_reference_delete_refuses_what_others_depend_on():
    duty = CoResponsibilityFactory()
    with pytest.raises(ValidationError):
        reference_delete(user=make_user("supervisor"), instance=duty.department)
    assert Department.objects.filter(pk=duty.department_id).exists()


def test_reference_services_refuse_rows_that_have_their_own_service():
    with pytest.raises(TypeError):
        reference_save(user=make_user("supervisor"), instance=TargetFactory.build(commitment=CommitmentFactory()))


@pytest.mark.parametrize(
    ("role", "sees_unpublished"),
    [("anonymous", False), ("viewer", False), ("reporter", True), ("leader", True), ("supervisor", True)],
)
def test_visible_reports_draw_the_same_line_as_visible_commitments(role, sees_unpublished):
    published, unpublished = ReportFactory(published=True), ReportFactory(published=False)
    user = make_user(role, DepartmentFactory() if role == "reporter" else None)
    expected = {published, unpublished} if sees_unpublished else {published}
    assert set(visible_reports(user)) == expected
