"""Numbers, units, comparators, metrics and the numbers that are not targets."""

from decimal import Decimal

import pytest

from commitments.extraction.numbers import find_targets, parse_chinese_numeral, parse_number


def one(sentence):
    targets = find_targets(sentence)
    assert len(targets) == 1, targets
    return targets[0]


# ------------------------------------------------------------------ parsing numbers


@pytest.mark.parametrize(
    "token, value",
    [
        ("53", "53"),
        ("2.7", "2.7"),
        ("301.48", "301.48"),
        ("1,500", "1500"),
        ("５３", "53"),
        ("２．５", "2.5"),
        ("两", "2"),
        ("十五", "15"),
        ("三十", "30"),
        ("一百二十", "120"),
        ("二〇二〇", "2020"),
        ("一百零五", "105"),
        ("三万五千", "35000"),
        ("十", "10"),
        ("九", "9"),
    ],
)
def test_parse_number(token, value):
    assert parse_number(token) == Decimal(value)


@pytest.mark.parametrize("token", ["十三五", "百", "千", "两两", "", "一二三十", "x"])
def test_parse_number_rejects_malformed(token):
    assert parse_number(token) is None


def test_chinese_numeral_digit_by_digit_year():
    assert parse_chinese_numeral("二〇二一") == 2021


@pytest.mark.parametrize(
    "sentence, value, unit",
    [
        ("全力推动53个重点项目建设。", "53", "个"),
        ("建设５３个站点。", "53", "个"),
        ("建设两个产业园。", "2", "个"),
        ("建设十五个公园。", "15", "个"),
        ("改造三十所学校。", "30", "所"),
        ("新增一百二十名教师。", "120", "名"),
        ("年度计划投资32亿元。", "32", "亿元"),
        ("建成2.7公里排污管。", "2.7", "公里"),
        ("投入5000多万元改造校舍。", "5000", "万元"),
        ("新增就业3.5万个岗位。", "35000", "个"),
        ("新增城镇就业三万五千人。", "35000", "人"),
    ],
)
def test_number_forms(sentence, value, unit):
    t = one(sentence)
    assert (t.value, t.unit) == (Decimal(value), unit)


# ------------------------------------------------------------------ units


@pytest.mark.parametrize(
    "unit",
    [
        "个",
        "家",
        "项",
        "所",
        "座",
        "条",
        "间",
        "宗",
        "户",
        "人",
        "万人",
        "名",
        "亿元",
        "万元",
        "元",
        "%",
        "公里",
        "千米",
        "米",
        "平方公里",
        "平方米",
        "万平方米",
        "亩",
        "万吨",
        "吨",
        "万株",
        "件",
    ],
)
def test_every_unit(unit):
    t = one(f"今年完成12{unit}建设任务。")
    assert t.unit == unit
    assert t.value == Decimal(12)


def test_longest_unit_wins():
    assert one("新增绿地3万平方米。").unit == "万平方米"
    assert one("扩园1平方公里。").unit == "平方公里"
    assert one("降低0.5个百分点。").unit == "个百分点"


def test_words_starting_with_a_unit_character_are_not_units():
    assert find_targets("完成3项目标，服务100人民群众。") == []


# ------------------------------------------------------------------ ranges and comparators


@pytest.mark.parametrize(
    "sentence", ["引进3-5个项目。", "引进3至5个项目。", "引进３～５个项目。", "引进三至五个项目。"]
)
def test_ranges(sentence):
    t = one(sentence)
    assert (t.value, t.value_high, t.unit) == (Decimal(3), Decimal(5), "个")


def test_percent_range():
    t = one("经济增长3%-5%。")
    assert (t.value, t.value_high, t.unit) == (Decimal(3), Decimal(5), "%")


@pytest.mark.parametrize(
    "sentence, comparator",
    [
        ("年底全区80%以上村庄达到干净整洁村标准。", "at_least"),
        ("森林覆盖率不低于60%。", "at_least"),
        ("全年投资超过30亿元。", "at_least"),
        ("固定资产投资超30亿元。", "at_least"),
        ("完成50多公里道路建设。", "at_least"),
        ("新建100余家便民店。", "at_least"),
        ("年交易量达到20万吨。", "at_least"),
        ("力争实现税收8亿元。", "at_least"),
        ("城镇登记失业率控制在3.5%。", "at_most"),
        ("城镇登记失业率3.5%以内。", "at_most"),
        ("单位能耗不超过0.5吨。", "at_most"),
        ("发生率5%以下。", "at_most"),
        ("完成投资约28.8亿元。", "about"),
        ("盘活土地近100万平方米。", "about"),
        ("地区生产总值增长6%左右。", "about"),
        ("年度计划投资32亿元。", "at_least"),
        ("全力推动53个重点项目建设。", "at_least"),
    ],
)
def test_comparators(sentence, comparator):
    assert one(sentence).comparator == comparator


@pytest.mark.parametrize("verb", ["引进", "新增", "建设", "完成"])
def test_counts_to_achieve_default_to_at_least(verb):
    assert one(f"全年{verb}15个项目。").comparator == "at_least"


def test_fifty_odd_kilometres():
    t = one("完成50多公里“四好农村路”建设任务。")
    assert (t.value, t.unit, t.comparator, t.text) == (Decimal(50), "公里", "at_least", "50多公里")
    assert t.metric == "四好农村路"


def test_fragment_text_includes_modifiers():
    assert one("城镇登记失业率控制在3.5%以内。").text == "控制在3.5%以内"


# ------------------------------------------------------------------ metrics


@pytest.mark.parametrize(
    "sentence, metric",
    [
        ("全力推动今年安排的53个重点项目建设。", "重点项目"),
        ("年度计划投资32亿元。", "年度计划投资"),
        ("年底全区80%以上村庄达到干净整洁村标准。", "干净整洁村比例"),
        ("实现海鲜年交易量达20万吨。", "海鲜年交易量"),
        ("力争全年实现扩园1平方公里以上。", "扩园"),
        ("城镇登记失业率控制在3.5%以内。", "城镇登记失业率"),
        ("力争年内引进15个投资超亿元中高端制造产业项目落户。", "投资超亿元中高端制造产业项目"),
        ("力促万洋众创城等30个新动工项目尽快建设。", "新动工项目"),
        ("城镇新增就业5000人。", "城镇新增就业"),
    ],
)
def test_metrics(sentence, metric):
    assert one(sentence).metric == metric


def test_metrics_are_unique_within_a_sentence():
    targets = find_targets("建设3个站点，再建设5个站点。")
    assert len({t.metric for t in targets}) == 2


def test_every_year_is_a_frequency_not_a_ratio():
    t = one("每年培训500人。")
    assert (t.value, t.unit) == (Decimal(500), "人")
    assert find_targets("每村配备1名村医。") == []


def test_subcount_in_parentheses_is_not_a_target():
    targets = find_targets("全力推动今年安排的53个重点项目（含11个预备项目）建设，年度计划投资32亿元。")
    assert [(t.value, t.unit) for t in targets] == [(Decimal(53), "个"), (Decimal(32), "亿元")]


# ------------------------------------------------------------------ not targets


@pytest.mark.parametrize(
    "sentence",
    [
        "坚决打好三大攻坚战。",
        "全面做好“六稳”“六保”工作。",
        "全面做好六稳六保工作。",
        "重点聚焦“两不愁三保障”。",
        "重点聚焦两不愁三保障。",
        "坚持“一村一品、一镇一业”。",
        "坚持一村一品、一镇一业。",
        "全面贯彻党的十九届四中全会精神。",
        "确保“十三五”规划圆满收官。",
        "科学谋划十四五规划工作。",
        "认真贯彻落实省委“1+1+9”工作部署。",
        "认真贯彻落实省委1+1+9工作部署。",
        "进一步增强“四个意识”，做到“两个维护”。",
        "进一步增强四个意识，做到两个维护。",
        "坚持把招商引资作为推动经济发展“一号工程”。",
        "落实“省促进就业九条”。",
        "落实省促进就业九条。",
        "2020年，全力推进重点项目建设。",
        "二〇二〇年，全力推进重点项目建设。",
        "加快江城第十五小学、阳江市第九中学的建设进度。",
        "建成第3个服务中心。",
        "迅速启动一级响应。",
        "推进对岸国家一级渔港功能区建设。",
        "举全区之力服务好万洋众创城一期工程建设。",
        "6月30日前完成整改。",
        "全面推进“三清理三拆除三整治”。",
        "全面推进三清理三拆除三整治。",
        "严格落实中央八项规定。",
        "力促64个“三个一批项目”上马。",
        "逐步实现每个镇街一所公办幼儿园。",
        "千方百计帮助千家万户。",
        "培育百亿元级产业集群。",
        "打造一批龙头企业，建立一条龙服务。",
        "推广5G应用。",
    ],
)
def test_not_targets(sentence):
    targets = [t for t in find_targets(sentence) if t.metric not in ("三个一批项目",)]
    assert targets == [], targets


def test_quoted_count_inside_target_sentence_keeps_the_real_target():
    targets = find_targets("力促投资总额350亿元共64个“三个一批项目”上马建设。")
    assert [(t.value, t.unit, t.metric) for t in targets] == [(Decimal(64), "个", "三个一批项目")]
