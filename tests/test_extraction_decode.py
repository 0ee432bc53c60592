"""read_report_text(): decoding uploads."""

import codecs

import pytest

from commitments.extraction import ExtractionError, read_report_text

from ._extraction_helpers import SAMPLE_PATH

TEXT = "2020 年工作安排\n一、聚焦产业发展\n全力推动53个重点项目建设，年度计划投资32亿元。\n"


def test_utf8():
    assert read_report_text(TEXT.encode("utf-8")) == TEXT


def test_utf8_with_bom():
    assert read_report_text(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


def test_gb18030():
    assert read_report_text(TEXT.encode("gb18030")) == TEXT


def test_gbk_is_read_as_gb18030():
    assert read_report_text(TEXT.encode("gbk")) == TEXT


def test_utf16_with_bom():
    assert read_report_text(TEXT.encode("utf-16")) == TEXT


def test_utf8_cut_inside_the_last_character_stays_utf8():
    data = (TEXT * 3).encode("utf-8") + "年".encode()[:2]
    text = read_report_text(data)
    assert text.startswith(TEXT) and text.endswith("\ufffd")


def test_crlf_line_ends_are_normalised():
    assert read_report_text(TEXT.replace("\n", "\r\n").encode("utf-8")) == TEXT


def test_bytearray_and_memoryview():
    assert read_report_text(bytearray(TEXT.encode())) == TEXT
    assert read_report_text(memoryview(TEXT.encode())) == TEXT


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", codecs.BOM_UTF8, "\u3000\n".encode("utf-8")])
def test_empty_input_is_an_error(data):
    with pytest.raises(ExtractionError) as err:
        read_report_text(data)
    assert "空" in str(err.value) and "empty" in str(err.value)


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03" * 100,
        TEXT.encode("utf-8") + b"\x00" + TEXT.encode("utf-8"),
        bytes(range(256)) * 4,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml" * 10,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 30,
        b"\x81\x30" * 200,  # undecodable in UTF-8 and GB18030 alike
    ],
)
def test_binary_input_is_an_error(data):
    with pytest.raises(ExtractionError) as err:
        read_report_text(data)
    message = str(err.value)
    assert any(word in message for word in ("二进制", "不是纯文本", "无法识别")), message


@pytest.mark.parametrize("data", ["text", None, 42, ["a"]])
def test_non_bytes_is_an_error(data):
    with pytest.raises(ExtractionError):
        read_report_text(data)


def test_the_sample_decodes():
    with open(SAMPLE_PATH, "rb") as f:
        text = read_report_text(f.read())
    assert "2020 年工作安排" in text
