"""Keyword table that suggests a lead department for a candidate.

Score of a department = sum over its keywords of len(keyword) x occurrences in the sentence (a
longer keyword is more specific; keywords are matched longest first without overlap, so
"重点项目" counts once, not also as "项目"). The highest score wins; the same score computed on the section's
lead phrase breaks ties and decides when the sentence has no keyword; a remaining tie goes to the
department listed first. No keyword at all -> "" (to be assigned by hand).
Names are generic district bureau names ("区…局"); the engineer who loads them maps them to the
real Department rows (for example by suffix), and may pass another table to ``extract``.
"""

from __future__ import annotations

import re

DEPARTMENT_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("园区管理委员会", ("园区", "工业园", "产业园区", "开发区", "高新区", "产城融合", "园要")),
    ("区投资促进局", ("招商", "招引", "签约", "落户", "引资")),
    (
        "区发展和改革局",
        (
            "重点项目",
            "项目建设",
            "投资",
            "固定资产",
            "新动工项目",
            "在建项目",
            "新投产项目",
            "项目",
            "专项债",
            "发展改革",
        ),
    ),
    ("区商务局", ("外贸", "进出口", "消费", "电子商务", "商贸", "物流", "外资", "服务业")),
    ("区工业和信息化局", ("工业", "企业", "技术改造", "技改", "制造", "达产", "产业链", "小微企业")),
    ("区科学技术局", ("科技", "高新技术", "创新", "研发", "专利", "双创", "科研")),
    ("区教育局", ("学校", "教育", "幼儿园", "学前", "小学", "中学", "教师", "学生", "复学", "大学")),
    (
        "区卫生健康局",
        ("医院", "卫生站", "卫生院", "医疗卫生", "医生", "疫情防控", "传染病", "妇幼", "健康", "疫情", "医护"),
    ),
    ("区医疗保障局", ("医保", "医疗保障", "医疗救助")),
    ("区民政局", ("养老", "低保", "孤儿", "特困", "社会救助", "殡葬", "社区", "老龄", "困难群众")),
    ("区残疾人联合会", ("残疾人",)),
    (
        "区农业农村局",
        (
            "农业",
            "乡村",
            "农村",
            "农民",
            "养殖",
            "种植",
            "动物疫病",
            "菜篮子",
            "渔业",
            "村级",
            "村庄",
            "美丽宜居村",
            "厕所",
            "农产品",
            "一村一品",
            "渔港",
        ),
    ),
    ("区扶贫开发办公室", ("扶贫", "脱贫", "贫困", "返贫", "防贫")),
    ("区交通运输局", ("道路", "公路", "交通", "高铁", "轨道", "高速", "农村路", "桥梁", "路网", "大道")),
    (
        "生态环境分局",
        ("污水", "生态环境", "污染", "蓝天", "治污", "排污", "固废", "黑臭水体", "环保", "净土", "水环境", "环境质量"),
    ),
    ("区水利局", ("河长", "湖长", "水利", "河流", "碧道", "防汛", "水库", "堤围", "河湖")),
    (
        "区人力资源和社会保障局",
        ("就业", "社保", "社会保险", "劳资", "欠薪", "讨薪", "人才", "技能培训", "创业", "农民工", "高校毕业生"),
    ),
    (
        "区住房和城乡建设局",
        ("城市建设", "住房", "城中村", "建筑", "燃气", "物业", "房地产", "扩容提质", "城市品质", "留用地"),
    ),
    (
        "区城市管理和综合执法局",
        ("市容", "环境卫生", "垃圾", "创卫", "卫生城市", "两违", "城市管理", "违建", "创文", "文明城市", "农贸市场"),
    ),
    ("区自然资源局", ("土地", "用地", "征地", "收地", "国土", "林业", "森林", "造林", "创森", "规划")),
    ("区市场监督管理局", ("食品药品", "商事", "营业执照", "市场主体", "证照分离", "商标", "质量", "舌尖")),
    ("区政务服务数据管理局", ("数字政府", "政务服务", "放管服", "粤省事", "一网通办", "审批", "最多跑一次", "大数据")),
    ("区财政局", ("财政", "预算", "债券", "债务", "减税降费", "资金", "金融风险")),
    (
        "区文化广电旅游体育局",
        ("旅游", "文化", "图书馆", "文化馆", "博物馆", "体育", "全民健身", "非遗", "传统文化", "故居"),
    ),
    ("区应急管理局", ("安全生产", "应急", "防灾减灾", "事故", "突发公共事件")),
    ("区消防救援大队", ("消防",)),
    ("区公安分局", ("扫黑除恶", "违法犯罪", "电信诈骗", "禁毒", "黄赌毒", "治安", "流动人口", "出租屋", "平安")),
    ("区司法局", ("法治", "普法", "法律援助", "法律顾问", "合法性审查", "行政复议", "法律意识")),
    ("区退役军人事务局", ("退役军人", "双拥", "优抚", "国防")),
    ("区信访局", ("信访", "维稳", "矛盾纠纷")),
    ("区审计局", ("审计",)),
    ("区统计局", ("统计",)),
    ("区机构编制委员会办公室", ("机构改革", "事业单位")),
    (
        "区人民政府办公室",
        (
            "政府系统",
            "督查",
            "政务公开",
            "作风",
            "廉洁",
            "从严治党",
            "形式主义",
            "精文简会",
            "议案",
            "提案",
            "政治",
            "意识形态",
            "党组织",
            "民主集中制",
            "庸政懒政",
            "容错纠错",
            "主题教育",
            "八项规定",
            "腐败",
        ),
    ),
)


_COMPILED: dict[int, tuple] = {}


def _compiled(table):
    key = id(table)
    hit = _COMPILED.get(key)
    if hit is not None and hit[0] is table:
        return hit[1], hit[2]
    owners: dict[str, list[int]] = {}
    for i, (_name, keywords) in enumerate(table):
        for kw in keywords:
            if kw:
                owners.setdefault(kw, []).append(i)
    alternation = "|".join(re.escape(kw) for kw in sorted(owners, key=len, reverse=True))
    regex = re.compile(alternation) if alternation else None
    _COMPILED[key] = (table, regex, owners)
    return regex, owners


def _scores(regex, owners, text: str, n: int) -> list[int]:
    scores = [0] * n
    if regex is None or not text:
        return scores
    for m in regex.finditer(text):
        kw = m.group(0)
        for i in owners[kw]:
            scores[i] += len(kw)
    return scores


def suggest_lead(text: str, section: str = "", table: tuple[tuple[str, tuple[str, ...]], ...] | None = None) -> str:
    """The department with the best keyword score for ``text`` (see the module docstring)."""
    table = table if table is not None else DEPARTMENT_KEYWORDS
    try:
        regex, owners = _compiled(table)
    except (TypeError, ValueError, re.error):
        return ""
    in_text = _scores(regex, owners, text, len(table))
    in_section = _scores(regex, owners, section, len(table))
    best, best_score = "", (0, 0)
    for i, (name, _keywords) in enumerate(table):
        score = (in_text[i], in_section[i])
        if score > best_score:
            best, best_score = name, score
    return best
