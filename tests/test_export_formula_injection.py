"""Formula injection (issue 16, finding 2): text that starts like a formula leaves every export as the text
it is: a string cell in the workbooks (API and admin), an apostrophe-prefixed field in the CSV, and the
same after a round trip through the task-table import."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from commitments.models import Commitment
from commitments.task_table_import import task_table_import

from .base import make_user
from .factories import ChapterFactory, CommitmentFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/","点此")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


@pytest.fixture
def hostile_rows():
    chapter = ChapterFactory(report__published=True)
    for number, text in enumerate(HOSTILE, start=1):
        CommitmentFactory(chapter=chapter, code=f"1.{number}", title=text, source_text=text)
    return chapter.report


def titles_in(workbook_bytes: bytes) -> list:
    sheet = load_workbook(io.BytesIO(workbook_bytes)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells), [(cell.value, cell.data_type) for cell in cells]
    return [cell.value for cell in cells]


def test_the_api_workbook_holds_the_text_not_a_formula_even_for_the_public(hostile_rows):
    response = APIClient().get("/api/commitments/export.xlsx", {"report": hostile_rows.pk})
    assert response.status_code == 200
    assert titles_in(response.content) == HOSTILE


def test_the_csv_prefixes_formula_text_with_an_apostrophe(hostile_rows):
    response = APIClient().get("/api/commitments/export.csv", {"report": hostile_rows.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["'" + text for text in HOSTILE]
    assert rows[1][0] == "1.1"  # ordinary text is left alone


def test_the_admin_workbook_holds_the_text(client, hostile_rows):
    client.force_login(make_user("supervisor"))
    response = client.post(
        reverse("admin:commitments_commitment_changelist"),
        {"action": "export_task_table", "_selected_action": list(Commitment.objects.values_list("pk", flat=True))},
    )
    assert response.status_code == 200, response.content[:300]
    assert sorted(titles_in(response.content)) == sorted(HOSTILE)


def test_imported_formula_text_is_exported_as_text():
    chapter = ChapterFactory(number=1)
    DepartmentFactory(name="江城区发展和改革局")
    book = Workbook()
    book.active.append(["序号", "工作任务", "原文", "牵头单位", "配合单位", "目标", "完成时限"])
    book.active.append(["1.1", "x", "y", "江城区发展和改革局", "", "", f"{chapter.report.year}年底"])
    book.active["B2"].value, book.active["B2"].data_type = HOSTILE[0], "s"  # text in the office's file
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    result = task_table_import(user=make_user("supervisor"), report=chapter.report, file=upload, dry_run=False)
    assert result.ok, result.problem_lines()
    assert Commitment.objects.get(code="1.1").title == HOSTILE[0]
    client = APIClient()
    client.force_authenticate(make_user("supervisor"))
    exported = client.get("/api/commitments/export.xlsx", {"report": chapter.report.pk})
    assert titles_in(exported.content) == [HOSTILE[0]]
