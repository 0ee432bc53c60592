"""Evidence: links and files are checked, stored under unguessable names and served only to readers."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments import services
from commitments.models import Evidence

from .base import checker, day

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 24
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32


def office_package(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("进展报告.pdf", PDF, "application/pdf"),
        ("现场.PNG", PNG, "image/png"),
        ("现场.jpg", JPEG, "image/jpeg"),
        ("现场.jpeg", JPEG, "image/jpeg"),
        ("现场.webp", WEBP, "image/webp"),
        ("台账.doc", OLE2, "application/msword"),
        ("台账.xls", OLE2, "application/vnd.ms-excel"),
        (
            "台账.docx",
            office_package("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "台账.xlsx",
            office_package("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_accepted_file_types_are_stored_with_their_sniffed_type(world, name, content, content_type):
    update = services.update_create(
        user=world.reporter, commitment=world.mine, as_of=day(6, 30), files=[upload(name, content)]
    )
    evidence = update.evidence.get()
    assert (evidence.content_type, evidence.original_name, evidence.size) == (content_type, name, len(content))
    assert evidence.title == name
    assert Path(evidence.file.path).read_bytes() == content


def test_stored_name_is_unguessable_and_keeps_nothing_of_the_upload(world):
    update = services.update_create(
        user=world.reporter, commitment=world.mine, as_of=day(6, 30), files=[upload("进展报告.pdf", PDF)]
    )
    stored = update.evidence.get().file.name
    assert stored.startswith("evidence/") and stored.endswith(".pdf")
    assert "进展报告" not in stored
    assert len(Path(stored).stem) >= 32


@pytest.mark.parametrize(
    "name, content",
    [
        ("程序.exe", b"MZ\x90\x00" + b"\x00" * 32),  # extension not on the list
        ("伪装.pdf", b"MZ\x90\x00" + b"\x00" * 32),  # right extension, wrong bytes
        ("伪装.png", PDF),  # a real PDF renamed as a picture
        ("伪装.docx", b"PK\x03\x04" + b"\x00" * 32),  # a zip, but not a Word document
        ("伪装.xlsx", office_package("word/document.xml")),  # a Word document named as a workbook
        ("伪装.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 24),
        ("空.pdf", b""),
        ("无扩展名", PDF),
    ],
)
def test_wrong_type_evidence_is_refused(world, name, content):
    with pytest.raises(ValidationError) as excinfo:
        services.update_create(
            user=world.reporter, commitment=world.mine, as_of=day(6, 30), files=[upload(name, content)]
        )
    assert set(excinfo.value.message_dict) == {"files"}
    assert not Evidence.objects.exists()


def test_oversized_evidence_is_refused(world, settings):
    settings.TRACKER_EVIDENCE_MAX_BYTES = 1024
    big = upload("大文件.pdf", PDF + b"0" * 1024)
    with pytest.raises(ValidationError) as excinfo:
        services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), files=[big])
    assert set(excinfo.value.message_dict) == {"files"}
    services.update_create(
        user=world.reporter, commitment=world.mine, as_of=day(6, 30), files=[upload("小文件.pdf", PDF)]
    )


def test_default_size_limit_is_10_mb(settings):
    assert settings.TRACKER_EVIDENCE_MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.gov.cn/a", "not a url", "http://"])
def test_bad_links_are_refused(world, url):
    with pytest.raises(ValidationError) as excinfo:
        services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), links=[url])
    assert set(excinfo.value.message_dict) == {"links"}


def test_links_and_titled_evidence_are_attached(world):
    update = services.update_create(
        user=world.reporter,
        commitment=world.mine,
        as_of=day(6, 30),
        links=["https://www.jiangcheng.gov.cn/news/1", ("现场照片报道", "https://www.jiangcheng.gov.cn/news/2")],
        files=[("验收报告", upload("a.pdf", PDF))],
    )
    assert sorted(update.evidence.values_list("title", flat=True)) == [
        "https://www.jiangcheng.gov.cn/news/1",
        "现场照片报道",
        "验收报告",
    ]


def test_edit_adds_evidence_and_evidence_delete_removes_it_with_its_file(world):
    update = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="x")
    services.update_edit(user=world.reporter, update=update, files=[upload("a.pdf", PDF)])
    evidence = update.evidence.get()
    path = Path(evidence.file.path)
    assert path.exists()
    with pytest.raises(PermissionDenied):
        services.evidence_delete(user=world.outsider, evidence=evidence)
    # Files are removed once the transaction commits; the test transaction never does, so run the hooks.
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.evidence_delete(user=world.reporter, evidence=evidence)
    assert not Evidence.objects.exists()
    assert not path.exists()


def test_evidence_of_an_approved_update_cannot_be_removed(world):
    update = services.update_create(
        user=world.office, commitment=world.mine, as_of=day(6, 30), links=["https://example.gov.cn/a"]
    )
    services.update_submit(user=world.office, update=update)
    services.update_approve(user=checker(), update=update)
    with pytest.raises(PermissionDenied):
        services.evidence_delete(user=world.office, evidence=update.evidence.get())


def test_deleting_a_draft_deletes_its_evidence_files(world):
    from django.test import TestCase

    update = services.update_create(
        user=world.reporter, commitment=world.mine, as_of=day(6, 30), files=[upload("a.pdf", PDF)]
    )
    path = Path(update.evidence.get().file.path)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.update_delete(user=world.reporter, update=update)
    assert not path.exists()
