"""to_fixture(): a draft fixture with natural keys."""

import datetime as dt
import json
from decimal import Decimal

from commitments.extraction import (
    Candidate,
    ChapterCandidate,
    Extraction,
    MilestoneCandidate,
    TargetCandidate,
    extract,
    to_fixture,
)

GOV = "阳江市江城区人民政府"


def _extraction():
    return Extraction(
        plan_found=True,
        chapters=[ChapterCandidate(2, "聚焦产业发展强实力")],
        candidates=[
            Candidate(
                code="2.3.1",
                chapter=2,
                section="抓好项目“牛鼻子”",
                title="推动53个重点项目建设",
                source_text="全力推动今年安排的53个重点项目建设，年度计划投资32亿元。",
                kind="quantitative",
                firmness="binding",
                targets=[
                    TargetCandidate("重点项目", Decimal("53"), "个", "exactly", None, "53个"),
                    TargetCandidate("年度计划投资", Decimal("32.50"), "亿元", "at_least", None, "32.50亿元"),
                ],
                due_date=dt.date(2020, 12, 31),
                deadline_hint="今年",
                milestones=[MilestoneCandidate("动工建设区人民医院", dt.date(2020, 12, 31))],
                suggested_lead="区发展和改革局",
            )
        ],
        warnings=[],
    )


def test_fixture_records():
    fx = to_fixture(_extraction(), government=GOV, year=2020, title="2020年政府工作报告", report_text="全文")
    assert fx[0] == {
        "model": "commitments.report",
        "fields": {"government": GOV, "year": 2020, "title": "2020年政府工作报告", "source_text": "全文"},
    }
    assert fx[1] == {
        "model": "commitments.chapter",
        "fields": {"report": [GOV, 2020], "number": 2, "title": "聚焦产业发展强实力"},
    }
    commitment = fx[2]
    assert commitment["model"] == "commitments.commitment"
    assert commitment["fields"] == {
        "report": [GOV, 2020],
        "chapter": [GOV, 2020, 2],
        "code": "2.3.1",
        "section": "抓好项目“牛鼻子”",
        "title": "推动53个重点项目建设",
        "source_text": "全力推动今年安排的53个重点项目建设，年度计划投资32亿元。",
        "kind": "quantitative",
        "firmness": "binding",
        "due_date": "2020-12-31",
        "start_date": "2020-01-01",
        "lead_department": None,
        "status": "not_started",
        "progress": 0,
    }
    assert "suggested_lead" not in commitment["fields"]
    assert fx[3]["fields"] == {
        "commitment": [GOV, 2020, "2.3.1"],
        "metric": "重点项目",
        "unit": "个",
        "comparator": "exactly",
        "target_value": "53",
        "baseline_value": None,
    }
    assert fx[4]["fields"]["target_value"] == "32.5"
    assert fx[5] == {
        "model": "commitments.milestone",
        "fields": {"commitment": [GOV, 2020, "2.3.1"], "title": "动工建设区人民医院", "due_date": "2020-12-31"},
    }
    assert all("pk" not in record for record in fx)
    json.dumps(fx, ensure_ascii=False)


def test_null_due_date():
    ex = extract("2020年工作安排\n一、抓改革\n深化改革攻坚。加快商事制度改革，推进证照分离改革。\n", year=2020)
    fx = to_fixture(ex, government=GOV, year=2020, title="t", report_text="x")
    commitment = next(r for r in fx if r["model"] == "commitments.commitment")
    assert commitment["fields"]["due_date"] is None


def test_empty_extraction_gives_only_the_report():
    fx = to_fixture(Extraction(False, [], [], ["no plan"]), government=GOV, year=2020, title="t", report_text="")
    assert [r["model"] for r in fx] == ["commitments.report"]
