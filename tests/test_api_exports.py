"""GET /api/commitments/export.xlsx and .csv: the task table of the commitments the list filters select."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from commitments.choices import CommitmentStatus
from commitments.models import Commitment
from commitments.selectors import TASK_TABLE_HEADERS

from .factories import ChapterFactory, CommitmentFactory, CoResponsibilityFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db

XLSX = "/api/commitments/export.xlsx"
CSV = "/api/commitments/export.csv"


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(UserFactory(username="office", is_superuser=True))
    return client


@pytest.fixture
def rows():
    chapter = ChapterFactory()
    done = CommitmentFactory(chapter=chapter, code="2.10.1", status=CommitmentStatus.COMPLETED, progress=100)
    CoResponsibilityFactory(commitment=done)
    TargetFactory(commitment=done, metric="重点项目数")
    late = CommitmentFactory(chapter=chapter, code="2.9.1", status=CommitmentStatus.IN_PROGRESS)
    return done, late


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response) -> list[tuple]:
    """The header and the data rows, under the title row."""
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))


def test_csv_has_the_task_table_in_code_order(api, rows):
    done, late = rows
    response = api.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="task-table.csv"' in response["Content-Disposition"]
    table = read_csv(response)
    assert tuple(table[0]) == TASK_TABLE_HEADERS
    assert [row[0] for row in table[1:]] == ["2.9.1", "2.10.1"]
    done_row = table[2]
    assert done_row[1] == done.title
    assert done_row[3] == done.lead_department.name
    assert done_row[4] == done.co_departments.get().name
    assert done_row[5] == "重点项目数 不少于 53个"
    assert done_row[8] == "100%"


def test_xlsx_has_the_same_rows(api, rows):
    response = api.get(XLSX)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    table = read_xlsx(response)
    assert table[0] == TASK_TABLE_HEADERS
    assert [row[0] for row in table[1:]] == ["2.9.1", "2.10.1"]


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_export_applies_the_list_filters(api, rows, url):
    response = api.get(url, {"status": "completed"})
    table = read_csv(response) if url == CSV else read_xlsx(response)
    assert [row[0] for row in table[1:]] == ["2.10.1"]


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_export_with_an_invalid_filter_answers_400_in_json(api, rows, url):
    response = api.get(url, {"status": "bogus", "due_before": "never"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"status", "due_before"}


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_export_answers_its_file_type_whatever_the_accept_header(api, rows, url):
    response = api.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert not response["Content-Type"].startswith("application/json")


def test_anonymous_export_holds_published_commitments_only(rows):
    hidden = CommitmentFactory(chapter__report__published=False, code="9.9.9")
    table = read_csv(APIClient().get(CSV))
    assert hidden.code not in [row[0] for row in table[1:]]
    assert [row[0] for row in table[1:]] == ["2.9.1", "2.10.1"]


def data_codes(sheet) -> list[str]:
    return [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_xlsx_keeps_its_layout(api, rows):
    """A title row, bold centred headers with filters, wrapped top-aligned cells, the column widths, the
    frozen header, the deadline a date and the progress a percentage (issue 17: values, not text)."""
    import datetime

    sheet = load_workbook(io.BytesIO(api.get(XLSX).content)).active
    assert sheet.title == "任务分解表"
    # The title row names the report (the rows are of one report) and the date the figures are of.
    report = Commitment.objects.get(code=data_codes(sheet)[0]).report
    today = timezone.localdate()
    assert sheet["A1"].value == f"{report.title}任务分解表（截至{today.year}年{today.month}月{today.day}日）"
    assert sheet["A1"].font.b and "A1:I1" in sheet.merged_cells
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:I4"
    assert sheet.print_title_rows == "$2:$2"
    assert [sheet.column_dimensions[column].width for column in "ABCDEFGHI"] == [10, 36, 60, 22, 30, 36, 12, 10, 8]
    _, header, *data = list(sheet.iter_rows())
    assert all(cell.font.b and cell.alignment.horizontal == "center" for cell in header)
    assert len(data) == 2
    for cell in (cell for row in data for cell in row):
        assert (cell.alignment.wrap_text, cell.alignment.vertical, cell.font.b) == (True, "top", False)
    done = data[1]
    assert isinstance(done[6].value, datetime.datetime) and done[6].number_format == 'yyyy"年"m"月"d"日"'
    assert done[8].value == 1 and done[8].number_format == "0%"
    assert isinstance(data[0][8].value, int | float)  # a number, not the text "50%"
    # Printed as an office files it: landscape A4, one page wide, the header repeated, numbered pages.
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
