"""The metric of a target: what is counted or measured.

For counted units (个, 家, 项 …) the noun phrase after the unit ("53个重点项目" -> 重点项目), else the
phrase before the number; for measures (亿元, %, 公里 …) the phrase before the number after its last
verb ("年度计划投资32亿元", "年交易量达20万吨", "实现扩园1平方公里"), else the phrase after. A quoted name
in the phrase after wins ("50多公里“四好农村路”建设" -> 四好农村路). "80%以上村庄达到干净整洁村标准" ->
干净整洁村比例.
"""

from __future__ import annotations

import re

from .textutil import CJK
from .units import COUNT_SET

_VERBS = (
    "推进|加快|建设|完成|实施|开展|落实|加强|深化|推动|打造|培育|引进|提升|提高|完善|健全|建立|抓好|做好|"
    "确保|力争|争取|实现|新开工|开工|动工|建成|启动|扶持|坚持|强化|优化|扩大|促进|保障|巩固|创建|整治|治理|办好|"
    "力促|新增|新建|改造|投入|安排|达到|达|超过|突破|控制在|保持在|稳定在|新引进|引导|支持|帮助|组织|服务|"
    "争创|创成|建好|办成|解决|筹集|发放|培训|招引|签约|盘活|清理|整治|改扩建|扩建|修建|铺设"
)
_VERBS_RE = re.compile(_VERBS)
_LEADING_NOISE_RE = re.compile(
    r"^(?:全区|全市|全县|全镇|全年|今年|年内|年底前|年底|年末|上半年|下半年|力争|确保|争取|努力|累计|"
    r"共|其中|各|我区|我市|全|的|要|将|并|和|及|等|前?第?[一二三四1-4]季度|\d{1,2}月(?:底|末|份)?前?)+"
)
_TRAILING_NOISE_RE = re.compile(r"(?:不低于|不少于|不超过|控制在|保持在|稳定在|超过|达到|突破|为|是|共|的)+$")
_FOLLOW_CUT_RE = re.compile(
    r"(?:加快|尽快|达产|达到|实现|落户|上马|建设|实施|投产|开工|竣工|完成|进入|纳入|改造|提升|以上|"
    r"左右|的建设|得到|获得|参与|开展|创建|建成|覆盖|任务)"
)
_STANDARD_RE = re.compile(rf"^[{CJK}]{{0,8}}?(?:达到|实现|建成|完成|符合)([^，,；;。]{{1,15}}?)标准")
_QUOTED_NAME_RE = re.compile(r"[“「《\"]([^“”「」《》\"]{2,20})[”」》\"]")
_NEW_VERBS = ("新增", "新建", "新引进", "新培育", "新开工")
_METRIC_MAX = 30


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\s+", "", phrase)
    phrase = phrase.strip('“”"‘’「」『』《》、·—-')
    return phrase


def _preceding_metric(before: str) -> str:
    before = _clean(before)
    before = _TRAILING_NOISE_RE.sub("", before)
    matches = list(_VERBS_RE.finditer(before))
    m = matches[-1] if matches else None
    if m is not None:
        rest = before[m.end() :]
        if len(_LEADING_NOISE_RE.sub("", rest)) <= 2 and m.group(0) in _NEW_VERBS:
            prefix = before[: m.start()]
            rest = m.group(0) + rest  # "新增就业", "城镇新增就业"
            if not _VERBS_RE.search(prefix):
                rest = prefix + rest
        before = rest
    before = _LEADING_NOISE_RE.sub("", before)
    before = _TRAILING_NOISE_RE.sub("", before)
    before = _clean(before)
    return before[-_METRIC_MAX:]


def _following_metric(after: str) -> str:
    after = re.sub(r"^\s*(?:以上|以下|以内|左右|上下)", "", after)
    stop = len(after)
    for d in "，,；;。！？!?：:（(":
        i = after.find(d)
        if i != -1:
            stop = min(stop, i)
    after = after[:stop]
    quoted = _QUOTED_NAME_RE.search(after)
    if quoted:
        return _clean(quoted.group(1))[:_METRIC_MAX]
    for m in _FOLLOW_CUT_RE.finditer(after):
        if m.start() >= 2:
            after = after[: m.start()]
            break
    after = re.sub(r"^的", "", after.strip())
    return _clean(after)[:_METRIC_MAX]


def metric(text: str, clause_start: int, start: int, end: int, unit: str) -> str:
    before = text[clause_start:start]
    clause_end = len(text)
    for d in "，,；;。！？!?":
        i = text.find(d, end)
        if i != -1:
            clause_end = min(clause_end, i)
    after = text[end:clause_end]
    if unit == "%":
        plain = re.sub(r"^\s*(?:以上|以下|以内|左右|上下)", "", after)
        std = _STANDARD_RE.match(_clean(plain))
        if std:
            return _clean(std.group(1))[: _METRIC_MAX - 2] + "比例"
    pre = _preceding_metric(before)
    post = _following_metric(after)
    if unit in COUNT_SET:
        name = post or pre
    else:
        name = pre or post
        if unit == "%" and not pre and post:
            name = post + "比例"
    return name or unit
