"""Deadline hints and milestones.

Hints map to a date in the report's year (an explicit year such as "2021年底" wins):
- 年底 / 年底前 / 年末 / 年内 / 全年 / 今年 / 本年度 / 年度内 -> 12-31 ("明年底" -> next year's 12-31;
  "三年内", "去年底", "每年底" are not hints);
- 上半年 -> 06-30, 下半年 -> 12-31;
- 第N季度 / N季度 / 一季度 / 前三季度 (also with Arabic digits) -> the quarter's last day;
- N月底 / N月末 / N月份 / N月前 / N月 / N月中旬… -> the last day of month N; N月M日(前) -> that day;
- 秋季开学前 / 秋季开学, and 秋季 naming schools ("确保秋季…19所学校建成投用") -> 08-31, the eve of the
  autumn term.
Work without an end is not dated: 长期坚持, 持续推进, 常态化 name no deadline (and none is invented).

A milestone is a clause that holds both a deadline and a deliverable verb (开工建设, 动工建设,
开工, 动工, 建成, 竣工, 完工, 投产, 投入使用, 通车, 开业, 完成, 挂牌, 落成, 上线, 通过…复审/普查/
验收, 进入…阶段). A clause holding only the deadline ("年底前，") lends it to the next clause, and
a deadline that opens the sentence ("年底动工建设区人民医院，完成村卫生站建设") scopes every clause.
Without any deadline in the sentence, only passing an inspection (确保顺利通过国家卫生城市复审,
通过国家脱贫攻坚普查) is a milestone, due at the end of the report year; the candidate's
deadline_hint is then "（隐含年底）" so that a reviewer sees the date was not written.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from .numbers import parse_chinese_numeral
from .textutil import analysis_form, compact

_Y = r"\d{4}|[〇零一二三四五六七八九]{4}"
DEADLINE_RE = re.compile(
    r"(?:"
    rf"(?:(?P<y>{_Y})\s*|(?P<next>明)|(?P<this>今|本)|(?<![0-9〇零一二两三四五六七八九十百几多每去前明后近该当]))"
    r"年\s*(?:(?P<ye>底前|底|末)|(?P<yin>内))"
    rf"|(?:(?P<y2>{_Y})\s*年\s*)?(?P<half>上半年|下半年)"
    rf"|(?:(?P<y3>{_Y})\s*年\s*)?(?:(?P<first>前)|第\s*)?(?P<q>[一二三四1-4])\s*季度(?:末|底)?"
    rf"|(?:(?P<y4>{_Y})\s*年\s*)?(?<![0-9])(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月\s*份?"
    r"(?:\s*(?P<d>[12][0-9]|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号])?"
    r"(?:\s*(?:底前|底|末|前|中旬|上旬|下旬))?(?!\s*(?:[0-9]|个|以来|至))"
    r"|(?P<ty>全年|今年|本年度|年度内)"
    r"|(?P<autumn>秋季开学前?|秋季(?=[^，,；;。]{0,20}(?:学校|小学|中学|初中|高中|幼儿园)))"
    r")"
)
_HAS_DATE_CHAR_RE = re.compile("[年月季]")  # 秋季 holds 季 too
# 全年 etc. must not be "三年全年" ... and 今年以来 is the past.
_NOT_AFTER_THIS_YEAR = re.compile(r"\s*(?:以来|上半年已)")


@dataclass(frozen=True)
class Deadline:
    start: int
    end: int
    date: datetime.date
    hint: str


def _year(token: str | None, default: int) -> int | None:
    if not token:
        return default
    token = analysis_form(token)
    if token.isdigit():
        value = int(token)
    else:
        value = parse_chinese_numeral(token)
    if value is None or not 1900 <= value <= 2100:
        return None
    return value


def _month(token: str) -> int | None:
    token = analysis_form(token)
    value = int(token) if token.isdigit() else parse_chinese_numeral(token)
    return value if value and 1 <= value <= 12 else None


def find_deadlines(text: str, year: int) -> list[Deadline]:
    """Every deadline hint of ``text`` (offsets in ``text``), in order."""
    if not 1 <= year <= 9998:
        return []
    if not _HAS_DATE_CHAR_RE.search(text):
        return []  # cheap pre-check: every hint holds 年, 月 or 季
    norm = analysis_form(text)
    out: list[Deadline] = []
    for m in DEADLINE_RE.finditer(norm):
        hint = compact(text[m.start() : m.end()])
        date = None
        try:
            if m.group("ye") or m.group("yin"):
                y = year + 1 if m.group("next") else _year(m.group("y"), year)
                if y is not None:
                    date = datetime.date(y, 12, 31)
            elif m.group("half"):
                y = _year(m.group("y2"), year)
                if y is not None:
                    date = datetime.date(y, 6, 30) if m.group("half") == "上半年" else datetime.date(y, 12, 31)
            elif m.group("q"):
                y = _year(m.group("y3"), year)
                q = _month(m.group("q"))
                if y is not None and q and q <= 4:
                    month = 3 * q
                    date = datetime.date(y, month, calendar.monthrange(y, month)[1])
            elif m.group("m"):
                y = _year(m.group("y4"), year)
                month = _month(m.group("m"))
                if y is not None and month:
                    if m.group("d"):
                        d_tok = analysis_form(m.group("d"))
                        day = int(d_tok) if d_tok.isdigit() else parse_chinese_numeral(d_tok)
                        if day and 1 <= day <= calendar.monthrange(y, month)[1]:
                            date = datetime.date(y, month, day)
                    else:
                        date = datetime.date(y, month, calendar.monthrange(y, month)[1])
            elif m.group("autumn"):
                date = datetime.date(year, 8, 31)
            elif m.group("ty"):
                if not _NOT_AFTER_THIS_YEAR.match(norm, m.end()):
                    date = datetime.date(year, 12, 31)
        except (ValueError, OverflowError):
            date = None
        if date is not None:
            out.append(Deadline(m.start(), m.end(), date, hint))
    return out


def latest(deadlines: list[Deadline]) -> Deadline | None:
    """The latest deadline (the first one among equal dates)."""
    best = None
    for d in deadlines:
        if best is None or d.date > best.date:
            best = d
    return best


# ----------------------------------------------------------------------------- milestones

DELIVERABLE_RE = re.compile(
    r"开工建设|动工建设|建成投产|建成投用|建成使用|建成|竣工验收|竣工|完工|投产|投入使用|投入运营|通车|开业|"
    r"开工|动工|挂牌|落成|交付使用|上线|全面完成|完成|"
    r"通过[^，,；;。]{0,15}?(?:复审|普查|验收|评审|考核|认定|审核|评估|复核)|进入[^，,；;。]{0,12}?阶段"
)
IMPLICIT_RE = re.compile(r"通过[^，,；;。]{0,15}?(?:复审|普查|验收|考核|评审|评估|认定|复核)")
IMPLICIT_HINT = "（隐含年底）"
_CLAUSE_RE = re.compile(r"[^，,；;。！？!?：:]+")
_TITLE_NOISE_RE = re.compile(r"^(?:力争|确保|争取|努力|要|将|并|全面|基本|尽快|顺利|力促|于|在|前|，)+")
_OBJECT_RE = re.compile(
    r"(?:推进|加快|推动|启动|抓好|做好|实施|服务好|谋划)(?:推进|建设)?(?P<obj>[^，,；;。、]{2,24}?)(?:的)?(?:建设|工程|项目)"
)
_SUBJECT_RE = re.compile(r"^\s*(?P<subj>[^，,；;。：:]{2,12}?)(?:要|将)(?!求|素|点|件|闻|害|紧|务)")


@dataclass(frozen=True)
class FoundMilestone:
    title: str
    date: datetime.date
    start: int
    implicit: bool = False  # no deadline written: the end of the report year is assumed


def find_milestones(text: str, year: int, section: str = "") -> list[FoundMilestone]:
    """Dated deliverables of ``text`` (see the module docstring)."""
    deadlines = find_deadlines(text, year)
    if not deadlines:
        return _implicit_milestones(text, year, section)
    # A deadline that opens the sentence ("年底动工建设…，完成…") scopes all of its clauses.
    scope = deadlines[0] if not compact(text[: deadlines[0].start]) else None
    out: list[FoundMilestone] = []
    carried: Deadline | None = None
    for cm in _CLAUSE_RE.finditer(text):
        c_start, c_end = cm.span()
        own = [d for d in deadlines if c_start <= d.start < c_end]
        deadline = own[-1] if own else (carried or scope)
        rest = text[c_start:c_end]
        for d in reversed(own):
            rest = rest[: d.start - c_start] + rest[d.end - c_start :]
        rest_compact = compact(rest)
        verb = DELIVERABLE_RE.search(rest)
        if own and len(rest_compact) <= 2 and not verb:
            carried = own[-1]  # "年底前，" lends its date to the next clause
            continue
        carried = None
        if deadline is None or not verb:
            continue
        out.append(FoundMilestone(_title(text, c_start, rest_compact, verb, section), deadline.date, c_start))
    return out


def _implicit_milestones(text: str, year: int, section: str) -> list[FoundMilestone]:
    """Passing an inspection (通过…复审/普查/验收…) is a one-off event: in an annual plan it is
    due by the end of the year even when no deadline is written."""
    out = []
    for cm in _CLAUSE_RE.finditer(text):
        verb = IMPLICIT_RE.search(cm.group(0))
        if verb and 1 <= year <= 9998:
            title = _title(text, cm.start(), compact(cm.group(0)), verb, section)
            out.append(FoundMilestone(title, datetime.date(year, 12, 31), cm.start(), implicit=True))
    return out


def _title(text: str, c_start: int, rest_compact: str, verb: re.Match, section: str) -> str:
    title = _TITLE_NOISE_RE.sub("", rest_compact)
    bare_verb = compact(verb.group(0))
    if len(bare_verb) <= 4 and len(title) - len(bare_verb) <= 1:  # "开工建设" alone: name its object
        title = _with_object(text[:c_start], title, section)
    else:
        subj = _SUBJECT_RE.match(text[:c_start])
        if subj and compact(subj.group("subj")) not in title:
            title = compact(subj.group("subj")) + title
    return title[:80]


def _with_object(before: str, title: str, section: str) -> str:
    """Give a bare "开工建设" the object it refers to, from earlier in the sentence."""
    obj = _OBJECT_RE.search(before)
    if obj:
        return compact(obj.group("obj")) + title
    subj = _SUBJECT_RE.match(before)
    if subj:
        return compact(subj.group("subj")) + title
    if section:
        return f"{section}：{title}"
    return title
