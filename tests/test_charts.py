"""Server-side SVG charts: well-formed, accessible, escaped, with the same figures as a table."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from commitments import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: charts.Chart) -> ET.Element:
    root = ET.fromstring(str(chart.svg))
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [el.text for el in root.iter(f"{SVG}text") if el.text]


def test_bar_chart_is_valid_svg_with_title_desc_and_a_label_per_bar():
    chart = charts.bar_chart(
        [charts.Bar("经济发展", Decimal("45.5")), charts.Bar("民生保障", 80)],
        title="各章节平均进度",
        description="每章任务的平均完成进度",
        label_header="章节",
        value_header="平均进度",
    )
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "各章节平均进度"
    assert root.find(f"{SVG}desc").text == "每章任务的平均完成进度"
    assert root.get("aria-labelledby").split() == [
        root.find(f"{SVG}title").get("id"),
        root.find(f"{SVG}desc").get("id"),
    ]
    assert {"经济发展", "民生保障", "45.5%", "80%"} <= set(texts(root))
    assert chart.headers == ("章节", "平均进度")
    assert chart.rows == (("经济发展", "45.5%"), ("民生保障", "80%"))


def test_bar_lengths_are_proportional_and_clamped():
    chart = charts.bar_chart(
        [charts.Bar("a", 50), charts.Bar("b", 100), charts.Bar("c", 150), charts.Bar("d", -5)],
        title="t",
        description="d",
        label_header="l",
        value_header="v",
    )
    widths = [float(rect.get("width")) for rect in parse(chart).iter(f"{SVG}rect")]
    assert widths[1] == 2 * widths[0]
    assert widths[2] == widths[1], "over the maximum is drawn at the maximum"
    assert widths[3] == 0


def test_count_bars_scale_to_the_largest_value():
    chart = charts.bar_chart(
        [charts.Bar("已完成", 3), charts.Bar("推进中", 6)],
        title="t",
        description="d",
        label_header="状态",
        value_header="任务数",
        unit="",
        max_value=None,
    )
    widths = [float(rect.get("width")) for rect in parse(chart).iter(f"{SVG}rect")]
    assert widths[0] * 2 == widths[1]
    assert chart.rows == (("已完成", "3"), ("推进中", "6"))


def test_bars_can_link_and_long_labels_are_cut_but_kept_whole_in_the_table():
    label = "江城区银岭科技产业园管理委员会和江城区发展和改革局"
    chart = charts.bar_chart(
        [charts.Bar(label, 10, href="/commitments/?department=3")],
        title="t",
        description="d",
        label_header="l",
        value_header="v",
    )
    root = parse(chart)
    assert root.find(f"{SVG}a").get("href") == "/commitments/?department=3"
    assert any(text.endswith("…") for text in texts(root))
    assert chart.rows[0][0] == label


def test_labels_are_escaped():
    chart = charts.bar_chart(
        [charts.Bar('<script>alert("x")</script>', 1)], title="<b>", description="&", label_header="", value_header=""
    )
    assert "<script>" not in str(chart.svg)
    assert parse(chart).find(f"{SVG}title").text == "<b>"


def test_empty_bar_chart_is_still_valid():
    parse(charts.bar_chart([], title="t", description="d", label_header="l", value_header="v"))


def test_line_chart_draws_each_series_and_leaves_gaps_for_missing_values():
    chart = charts.line_chart(
        ["1月", "2月", "3月"],
        [charts.Series("总体进度", [10, None, 30]), charts.Series("计划进度", [8, 17, 25], dashed=True)],
        title="各月总体进度",
        description="每月末的平均进度",
        label_header="月份",
    )
    root = parse(chart)
    polylines = list(root.iter(f"{SVG}polyline"))
    assert len(polylines) == 2
    assert len(polylines[0].get("points").split()) == 2, "the missing month is left out"
    assert polylines[1].get("stroke-dasharray")
    assert {"1月", "3月", "总体进度", "计划进度"} <= set(texts(root))
    assert chart.headers == ("月份", "总体进度", "计划进度")
    assert chart.rows[1] == ("2月", "—", "17%")


def test_line_chart_with_one_point_is_valid():
    parse(
        charts.line_chart(["2020-06-30"], [charts.Series("进度", [40])], title="t", description="d", label_header="l")
    )


def test_burn_up_shows_completed_against_all():
    chart = charts.burn_up(
        ["1月", "2月"],
        completed=[1, 4],
        total=[10, 12],
        title="完成情况",
        description="已完成任务数与任务总数",
        label_header="月份",
        completed_name="已完成",
        total_name="任务总数",
    )
    root = parse(chart)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert root.find(f"{SVG}polygon") is not None, "the completed area is filled"
    assert chart.headers == ("月份", "任务总数", "已完成")
    assert chart.rows == (("1月", "10", "1"), ("2月", "12", "4"))
    # The scale runs to the total, so the last total point sits at the top of the plot.
    totals = [float(pair.split(",")[1]) for pair in next(root.iter(f"{SVG}polyline")).get("points").split()]
    assert totals[1] < totals[0]


def test_each_chart_has_its_own_ids():
    first = parse(charts.bar_chart([], title="a", description="b", label_header="", value_header=""))
    second = parse(charts.bar_chart([], title="a", description="b", label_header="", value_header=""))
    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")
