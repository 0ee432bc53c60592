"""Small things of issue 17: the status decision is never pre-selected, the admin reads in English when chosen,
and the new-report-from-text page lists the rows without a lead department with an "assign all to" picker."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.forms import StatusDecisionForm
from commitments.models import Report

from .factories import DepartmentFactory
from .test_extract_commitments import SEED

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_status_decision_form_preselects_nothing_and_requires_a_choice():
    form = StatusDecisionForm()
    html = str(form["status"])
    assert '<option value="" selected>' in html and html.count("selected") == 1, html
    bound = StatusDecisionForm({"status": "", "reason": "区政府常务会议决定"})
    assert not bound.is_valid() and "status" in bound.errors


def test_the_decision_page_offers_a_blank_decision(client, world):
    client.force_login(world.office)
    page = client.post(
        reverse("admin:commitments_commitment_changelist"),
        {"action": "decide_status", "_selected_action": [world.mine.pk]},
    ).content.decode()
    select = page[page.index('name="status"') : page.index("</select>", page.index('name="status"'))]
    assert '<option value="" selected>' in select
    assert 'value="completed" selected' not in select and 'value="cancelled" selected' not in select


def english(client, user) -> None:
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})


def header_and_nav(html: str) -> str:
    """The admin's own words on a page: its header, breadcrumbs, title and side navigation (not the data)."""
    parts = []
    for start, end in (('<header id="header"', "</header>"), ('<div class="breadcrumbs"', "</div>")):
        if start in html:
            parts.append(html[html.index(start) : html.index(end, html.index(start))])
    if '<nav class="sticky" id="nav-sidebar"' in html:
        nav = html.index('<nav class="sticky" id="nav-sidebar"')
        parts.append(html[nav : html.index("</nav>", nav)])
    return "\n".join(parts)


@pytest.mark.parametrize("role", ["office", "reporter", "leader"])
def test_english_mode_leaves_no_chinese_in_the_admin_header_home_and_nav(client, world, role):
    english(client, getattr(world, role))
    for url in (reverse("admin:index"), reverse("admin:commitments_commitment_changelist")):
        html = client.get(url).content.decode()
        words = header_and_nav(html)
        assert "Work report task supervision" in words
        assert not CJK.search(re.sub(r"<[^>]+>", "", words).replace("简体中文", "")), words
    home = client.get(reverse("admin:index")).content.decode()
    assert 'lang="en"' in home


def test_the_admin_header_switches_the_language(client, world):
    client.force_login(world.office)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'action="/i18n/setlang/"' in html and 'name="language" value="en"' in html


def extract(client):
    url = reverse("admin:commitments_report_extract_candidates")
    identity = {"government": "测试区人民政府", "year": "2021", "title": "2021年测试区政府工作报告"}
    upload = SimpleUploadedFile("report.txt", SEED.read_bytes(), content_type="text/plain")
    response = client.post(url, {"step": "extract", "file": upload, **identity})
    return url, identity, response


def test_rows_without_a_lead_are_listed_at_the_top_and_can_be_assigned_at_once(admin_client):
    dev = DepartmentFactory(name="江城区发展和改革局", short_name="区发改局")
    url, identity, response = extract(admin_client)
    rows = response.context["candidates"]
    without = [row["code"] for row in rows if row["lead_id"] is None]
    assert without and response.context["missing_lead"] == without
    page = response.content.decode()
    assert page.index('id="missing-lead"') < page.index('id="result_list"')
    assert "全部指定为" in page and without[0] in page[page.index('id="missing-lead"') :][:5000]

    picked = [without[0], without[1]]
    chosen = {"step": "import", "report_text": response.context["report_text"], **identity, "pick": picked}
    for code in picked:
        chosen[f"title_{code}"] = f"任务{code}"
    refused = admin_client.post(url, chosen)
    assert refused.status_code == 200 and not Report.objects.filter(year=2021).exists()
    (message,) = refused.context["errors"]
    assert "没有牵头单位" in message and "全部指定为" in message and all(code in message for code in picked)

    chosen["assign_missing_lead"] = str(dev.pk)
    assert admin_client.post(url, chosen).status_code == 302
    report = Report.objects.get(year=2021)
    assert set(report.commitments.values_list("lead_department", flat=True)) == {dev.pk}


def test_a_row_without_a_title_is_told_to_type_one(admin_client):
    dev = DepartmentFactory(name="江城区发展和改革局", short_name="区发改局")
    url, identity, response = extract(admin_client)
    code = response.context["candidates"][0]["code"]
    chosen = {"step": "import", "report_text": response.context["report_text"], **identity, "pick": [code]}
    chosen[f"title_{code}"], chosen[f"lead_{code}"] = "", str(dev.pk)
    (message,) = admin_client.post(url, chosen).context["errors"]
    assert "没有标题" in message and code in message
