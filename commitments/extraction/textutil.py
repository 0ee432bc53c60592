"""Small text helpers shared by the modules of the package."""

from __future__ import annotations

import re

# One-to-one translation (keeps every offset valid): full-width digits and signs to ASCII.
_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update(
    {
        ord("．"): ".",
        ord("％"): "%",
        ord("－"): "-",
        ord("～"): "~",
        ord("＋"): "+",
        ord("﹪"): "%",
        ord("〜"): "~",
        ord("∼"): "~",
    }
)
_FULLWIDTH = {k: (ord(v) if isinstance(v, str) else v) for k, v in _FULLWIDTH.items()}

_WS_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")

SENTENCE_END = "。；！？!?;"
CLAUSE_SPLIT_RE = re.compile(r"[，,；;。！？!?：:]")


def analysis_form(text: str) -> str:
    """Same length as ``text``; full-width digits and signs become ASCII."""
    return text.translate(_FULLWIDTH)


def compact(text: str) -> str:
    """Remove all whitespace and zero-width characters."""
    return _INVISIBLE_RE.sub("", text)


def strip_ws(text: str) -> str:
    return _WS_RE.sub("", text)


def shorten(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of short quoted names and slogans: “…”, ‘…’, 「…」, 『…』, 《…》, "…"."""
    return [m.span() for m in _QUOTED_RE.finditer(text)]


_QUOTED_RE = re.compile(
    r"“[^“”\n]{0,40}”|‘[^‘’\n]{0,40}’|「[^「」\n]{0,40}」|『[^『』\n]{0,40}』|《[^《》\n]{0,60}》"
    r"|\"[^\"\n]{0,40}\"|〈[^〈〉\n]{0,40}〉"
)


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    for a, b in spans:
        if a <= pos < b:
            return True
    return False
