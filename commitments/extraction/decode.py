"""Turning the bytes of an uploaded report into text.

Order of attempts:
1. empty input (or only whitespace after decoding) -> ExtractionError;
2. a known binary container (PDF, Word/Excel/zip, old OLE Office, images) -> ExtractionError;
3. a UTF-16 byte order mark -> UTF-16 (Notepad's "Unicode"), the only case where NUL bytes are fine;
4. any NUL byte -> ExtractionError (binary data);
5. strict UTF-8 (a UTF-8 BOM is dropped); UTF-8 with at most 0.1 % damaged sequences (at least 2
   allowed, e.g. a file cut inside its last character) is still read as UTF-8, with U+FFFD;
6. GB18030 (a superset of GBK/GB2312); undecodable sequences are replaced and counted;
7. the decoded text must be mostly text: at most 2 % replacement characters and at most
   1 % control characters, else ExtractionError.
Line ends are normalised to "\\n".
"""

from __future__ import annotations

import codecs

from .models import ExtractionError

_MAGIC = (
    (b"%PDF-", "PDF 文件 / a PDF file"),
    (b"PK\x03\x04", "Word/Excel（docx/xlsx）或压缩文件 / a docx, xlsx or zip file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Word/Excel（doc/xls）文件 / a doc or xls file"),
    (b"\x89PNG", "PNG 图片 / a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片 / a JPEG image"),
    (b"GIF8", "GIF 图片 / a GIF image"),
    (b"{\\rtf", "RTF 文件 / an RTF file"),
)

_MAX_REPLACEMENT_RATIO = 0.02
_MAX_CONTROL_RATIO = 0.01
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def _error(zh: str, en: str) -> ExtractionError:
    return ExtractionError(f"{zh} / {en}")


def _check_text(text: str, replaced: int = 0) -> str:
    if not text.strip():
        raise _error(
            "报告内容为空，请上传含有报告正文的纯文本文件。",
            "The report is empty: upload a plain-text file with the report's text.",
        )
    total = len(text)
    controls = sum(1 for ch in text if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in _ALLOWED_CONTROLS)
    if replaced / total > _MAX_REPLACEMENT_RATIO or controls / total > _MAX_CONTROL_RATIO:
        raise _error(
            "无法识别的文件编码或二进制文件，请另存为 UTF-8 或 GB18030 编码的纯文本（.txt）后再上传。",
            "Unrecognised encoding or binary data: save the report as plain text (.txt) "
            "in UTF-8 or GB18030 and upload it again.",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_report_text(data: bytes) -> str:
    """Decode an uploaded report: UTF-8 (with or without BOM), else GB18030.

    Raises ExtractionError (and nothing else) with a bilingual message for empty input,
    binary data and input that is not bytes.
    """
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise _error("输入必须是文件的字节内容。", f"Expected the file's bytes, got {type(data).__name__}.")
    if not data.strip():
        raise _error("报告文件为空。", "The report file is empty.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _error(
                f"这是{what.split(' / ')[0]}，不是纯文本，请先转换为 .txt 纯文本。",
                f"This is {what.split(' / ')[1]}, not plain text: convert it to .txt first.",
            )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        return _check_text(text, text.count("\ufffd"))
    if b"\x00" in data:
        raise _error(
            "文件含有空字节（NUL），是二进制文件而不是纯文本。",
            "The file contains NUL bytes: it is binary data, not plain text.",
        )
    try:
        return _check_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a few damaged bytes (e.g. cut in the middle of a character) stays UTF-8:
    # GB18030 text read as UTF-8 fails on nearly every Chinese character instead.
    utf8 = data.decode("utf-8-sig", errors="replace")
    damaged = utf8.count("\ufffd")
    if damaged <= max(2, len(utf8) // 1000):
        return _check_text(utf8, damaged)
    text = data.decode("gb18030", errors="replace")
    return _check_text(text, text.count("\ufffd"))
