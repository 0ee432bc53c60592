"""The import flow on real reports: `extract_commitments` writes a draft that `loaddata` loads.

All six reports of other governments (tests/extraction_labels/reports/) are drafted and loaded; every
commitment quotes its report verbatim (whitespace removed) and the targets keep their values, units,
comparators and baselines.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from commitments.models import Report, Target

from .factories import DepartmentFactory

REPORTS = Path(__file__).resolve().parent / "extraction_labels" / "reports"
SIX = {
    "foshan-city-2021.txt": ("佛山市人民政府", 2021),
    "guangdong-province-2021.txt": ("广东省人民政府", 2021),
    "suqian-city-2020.txt": ("宿迁市人民政府", 2020),
    "suqian-city-2021.txt": ("宿迁市人民政府", 2021),
    "yangjiang-city-2022.txt": ("阳江市人民政府", 2022),
    "zhaoqing-city-2021.txt": ("肇庆市人民政府", 2021),
}
pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(("name", "government", "year"), [(n, g, y) for n, (g, y) in SIX.items()])
def test_a_draft_of_each_report_loads_and_quotes_it(tmp_path, capsys, name, government, year):
    lead = DepartmentFactory(name=f"{government}办公室")
    out = tmp_path / "draft.json"
    call_command(
        "extract_commitments",
        str(REPORTS / name),
        "--year",
        str(year),
        "--government",
        government,
        "--out",
        str(out),
        "--default-lead",
        lead.name,
    )
    draft = json.loads(out.read_text(encoding="utf-8"))
    call_command("loaddata", str(out), verbosity=0)

    report = Report.objects.get(government=government, year=year)
    text = squeeze(report.source_text)
    commitments = list(report.commitments.all())
    assert len(commitments) == sum(1 for o in draft if o["model"] == "commitments.commitment") > 50
    assert all(squeeze(c.source_text) in text for c in commitments)
    drafted = sum(1 for o in draft if o["model"] == "commitments.target")
    assert Target.objects.filter(commitment__report=report).count() == drafted > 30


def test_the_loaded_annex_keeps_baselines_and_information_is_only_noted(tmp_path, capsys):
    lead = DepartmentFactory(name="广东省人民政府办公厅")
    out = tmp_path / "draft.json"
    call_command(
        "extract_commitments",
        str(REPORTS / "guangdong-province-2021.txt"),
        "--year",
        "2021",
        "--government",
        "广东省人民政府",
        "--out",
        str(out),
        "--default-lead",
        lead.name,
    )
    notes = capsys.readouterr().err
    call_command("loaddata", str(out), verbosity=0)
    report = Report.objects.get(government="广东省人民政府", year=2021)
    assert report.chapters.filter(title="2021年省十件民生实事").exists()
    orphans = Target.objects.get(commitment__report=report, target_value=Decimal(1883))
    assert (orphans.unit, orphans.comparator, orphans.baseline_value) == ("元", "at_least", Decimal(1820))
    assert "part of a total already counted: 136座" in notes
    assert not Target.objects.filter(commitment__report=report, target_value=Decimal(136), unit="座").exists()
