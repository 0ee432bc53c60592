"""The task-table import refuses hostile files quickly, with an error naming the limit, never a 500 or a
hung worker (issue 16, finding 8)."""

import io
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command

from commitments import task_table_reading
from commitments.models import Commitment
from commitments.task_table_import import TaskTableError, task_table_import

from .test_task_table_import import HEADER, office, workbook_bytes, world  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

SHARED_STRINGS = "xl/sharedStrings.xml"
SHEET = "xl/worksheets/sheet1.xml"


def with_part(table: io.BytesIO, name: str, content: bytes) -> io.BytesIO:
    """The workbook with one part replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(table) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, content)
    out.seek(0)
    return out


def import_(world, office, file):  # noqa: F811
    report, _, _ = world
    return task_table_import(user=office, report=report, file=file, dry_run=False)


def test_a_file_of_blank_rows_is_refused_at_once_naming_the_limit(world, office):  # noqa: F811
    report, _, _ = world
    workbook = workbook_bytes([HEADER, ["1.1", "任务", "", "江城区发展和改革局", "", "", "2021年底"]])
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book.active.cell(row=1_000_000, column=1, value="1.2")  # a million rows, nearly all blank
    blank = io.BytesIO()
    book.save(blank)
    blank.seek(0)
    started = time.perf_counter()
    with pytest.raises(TaskTableError, match=str(task_table_reading.MAX_SCANNED_ROWS)):
        import_(world, office, blank)
    assert time.perf_counter() - started < 10
    assert not Commitment.objects.filter(report=report).exists()


def test_a_shared_strings_bomb_is_refused_before_it_is_unpacked(world, office, monkeypatch):  # noqa: F811
    monkeypatch.setattr(task_table_reading, "MAX_UNPACKED_BYTES", 1024 * 1024)
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    bomb = with_part(workbook_bytes([HEADER]), SHARED_STRINGS, strings + b"A" * (4 * 1024 * 1024) + b"</t></si></sst>")
    assert len(bomb.getvalue()) < 100 * 1024  # small on the wire
    with pytest.raises(TaskTableError, match="解压后超过上限"):
        import_(world, office, bomb)


def test_an_entity_expansion_is_refused_as_an_unreadable_file(world, office):  # noqa: F811
    entities = "".join(f'<!ENTITY e{i + 1} "{("&e" + str(i) + ";") * 10}">' for i in range(8))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "lol">{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>&e8;</t></is></c>'
        "</row></sheetData></worksheet>"
    ).encode()
    table = workbook_bytes([HEADER])
    with pytest.raises(TaskTableError, match="不是有效的 Excel"):
        import_(world, office, with_part(table, SHEET, laughs))


def test_an_oversized_upload_is_refused_naming_the_limit(world, office, monkeypatch):  # noqa: F811
    monkeypatch.setattr(task_table_reading, "MAX_FILE_BYTES", 1024)
    with pytest.raises(TaskTableError, match="文件超过上限"):
        import_(world, office, io.BytesIO(b"x" * 5000))


def test_the_command_names_the_limit_and_imports_nothing(world, office, monkeypatch, tmp_path):  # noqa: F811
    report, _, _ = world
    monkeypatch.setattr(task_table_reading, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(CommandError, match="文件超过上限"):
        call_command("import_task_table", str(path), "--report", str(report.pk), "--user", office.username)
    assert not Commitment.objects.filter(report=report).exists()
