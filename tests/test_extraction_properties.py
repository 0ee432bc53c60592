"""Property tests: extract() never raises and its results stay consistent, whatever the text."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.extraction import ExtractionError, extract, read_report_text
from commitments.extraction.extractor import _extract
from commitments.extraction.numbers import find_targets, parse_chinese_numeral

from ._extraction_helpers import SAMPLE_PATH, check_invariants

SAMPLE = open(SAMPLE_PATH, encoding="utf-8").read()
PLAN_START = SAMPLE.index("2020 年工作安排")

CHINESE_PUNCT = list("。，、；：？！“”‘’（）《》【】…—～·「」『』〇")
PIECES = CHINESE_PUNCT + [
    "\n",
    "\n\n",
    " ",
    "\u3000",
    "一、",
    "二、",
    "（一）",
    "（二）",
    "1.",
    "2020年工作安排",
    "今年重点做好以下工作：",
    "二〇二〇年",
    "年底",
    "下半年",
    "3月底",
    "第三季度",
    "力争",
    "确保",
    "推进",
    "建设",
    "完成",
    "开工建设",
    "引进",
    "53",
    "５３",
    "3-5",
    "3至5",
    "50多",
    "两",
    "十五",
    "一百二十",
    "个",
    "亿元",
    "%",
    "公里",
    "万平方米",
    "以上",
    "以内",
    "左右",
    "约",
    "近",
    "不低于",
    "控制在",
    "第",
    "每",
    "含",
    "+",
    "各位代表！",
    "附件",
    "重点项目",
    "学校",
    "夯实园区“主战场”。",
    "\u200b",
    "\ufeff",
    "\x00",
    "\r\n",
]

settings.register_profile("extraction", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("extraction")


@given(st.text(max_size=400), st.integers(min_value=1900, max_value=2100))
def test_arbitrary_text_never_raises(text, year):
    ex = _extract(text, year=year)
    check_invariants(ex, text)


@given(st.lists(st.sampled_from(PIECES), max_size=120), st.sampled_from([2019, 2020, 2021]))
def test_report_like_noise_never_raises(pieces, year):
    text = "".join(pieces)
    ex = _extract(text, year=year)
    check_invariants(ex, text)


@given(st.lists(st.tuples(st.integers(0, len(SAMPLE)), st.integers(1, 400)), max_size=12))
@settings(max_examples=60)
def test_sample_with_random_deletions(cuts):
    text = SAMPLE
    for start, length in cuts:
        text = text[:start] + text[start + length :]
    ex = _extract(text, year=2020)
    check_invariants(ex, text)


@given(
    st.lists(
        st.tuples(st.integers(PLAN_START, len(SAMPLE) - 1), st.sampled_from(CHINESE_PUNCT + ["\n\n"])), max_size=25
    )
)
@settings(max_examples=60)
def test_sample_with_random_punctuation(inserts):
    text = SAMPLE
    for pos, mark in sorted(inserts, reverse=True):
        text = text[:pos] + mark + text[pos:]
    ex = _extract(text, year=2020)
    check_invariants(ex, text)


@given(st.one_of(st.text(), st.none(), st.integers(), st.binary()), st.one_of(st.integers(), st.none(), st.text()))
def test_public_extract_never_raises_on_any_argument(text, year):
    ex = extract(text, year=year)
    assert ex.warnings or ex.plan_found or ex.candidates == []


@given(st.binary(max_size=600))
def test_read_report_text_raises_only_extraction_error(data):
    try:
        result = read_report_text(data)
    except ExtractionError:
        return
    assert isinstance(result, str) and result.strip()


@given(st.text(max_size=300))
def test_read_report_text_round_trips_text(text):
    if not text.strip() or "\x00" in text:
        return
    try:
        assert read_report_text(text.encode("utf-8")).replace("\n", "") == text.replace("\r\n", "\n").replace(
            "\r", "\n"
        ).replace("\n", "").lstrip("\ufeff")
    except ExtractionError:
        pass  # control characters may make it "binary"; the contract is only "ExtractionError or text"


# ------------------------------------------------------------------ numbers

_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """A reference writer of Chinese numerals for 1 <= n <= 99999."""
    if n < 10:
        return _DIGITS[n]
    out = ""
    zero = False
    for value, name in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += "零"
                zero = False
            out += ("" if (d == 1 and value == 10 and not out) else _DIGITS[d]) + name
        elif out:
            zero = True
    return out


@given(st.integers(min_value=1, max_value=99999))
def test_chinese_numerals_round_trip(n):
    assert parse_chinese_numeral(to_chinese(n)) == n


@given(st.integers(min_value=2, max_value=99999))
def test_fullwidth_arabic_and_chinese_counts_agree(n):
    ascii_ = find_targets(f"新建{n}个站点。")
    fullwidth = find_targets(f"新建{str(n).translate({ord(c): 0xFF10 + int(c) for c in '0123456789'})}个站点。")
    chinese = find_targets(f"新建{to_chinese(n)}个站点。")
    assert [t.value for t in ascii_] == [t.value for t in fullwidth] == [t.value for t in chinese] == [Decimal(n)]
    assert ascii_[0].comparator == "at_least" and ascii_[0].metric == "站点"
