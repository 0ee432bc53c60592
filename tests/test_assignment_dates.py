"""A task's clock starts when it is assigned (rules.clock_start): the report's delivery by default, the day
the office sets (the lead department's acceptance, 签收) otherwise; 序时进度, RAG, the summaries and the pace
count from it. Quarterly nodes (季度节点) are milestones the office adds in one step."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commitments import services
from commitments.choices import AcceptanceRole, AcceptanceState, Rag
from commitments.models import Commitment, Milestone, Target
from commitments.selectors import commitment_evaluation, evaluate_commitments, progress_summary, rules
from commitments.supervision.models import Acceptance
from commitments.supervision.pace import elapsed_share
from commitments.supervision.periods import quarter_ends

from .api_helpers import client_for
from .base import approved, day, make_user
from .factories import ChapterFactory, CommitmentFactory, MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db

DELIVERED = datetime.date(2020, 6, 16)


# --- The rule --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "assigned", "delivered", "clock"),
    [
        (day(1, 1), None, DELIVERED, DELIVERED),  # by default the report's delivery
        (day(1, 1), day(7, 1), DELIVERED, day(7, 1)),  # the day the office set
        (day(1, 1), day(3, 1), DELIVERED, day(3, 1)),  # even an earlier one (handed out before the congress)
        (day(9, 1), None, DELIVERED, day(9, 1)),  # never before the task's own start
        (day(9, 1), day(7, 1), DELIVERED, day(9, 1)),
        (day(1, 1), None, None, day(1, 1)),  # no delivery date known: the start date
    ],
)
def test_clock_start(start, assigned, delivered, clock):
    assert rules.clock_start(start=start, assigned=assigned, delivered=delivered) == clock


def test_the_query_expression_is_the_same_rule():
    chapter = ChapterFactory(report__delivered_on=DELIVERED)
    cases = [
        CommitmentFactory(chapter=chapter, start_date=day(1, 1)),
        CommitmentFactory(chapter=chapter, start_date=day(1, 1), assigned_on=day(7, 1)),
        CommitmentFactory(chapter=chapter, start_date=day(1, 1), assigned_on=day(3, 1)),
        CommitmentFactory(chapter=chapter, start_date=day(9, 1), assigned_on=day(7, 1)),
        CommitmentFactory(chapter__report__delivered_on=None, start_date=day(2, 1)),
    ]
    annotated = dict(Commitment.objects.with_clock_start().values_list("pk", "clock_start"))
    for commitment in cases:
        fresh = Commitment.objects.get(pk=commitment.pk)
        assert annotated[commitment.pk] == fresh.clock_start_day()


def test_quarter_ends_from_the_clock_to_the_due_date():
    assert quarter_ends(DELIVERED, day(12, 31)) == [day(6, 30), day(9, 30), day(12, 31)]
    assert quarter_ends(day(6, 30), day(11, 15)) == [day(9, 30), day(11, 15)]
    assert quarter_ends(day(12, 31), day(12, 31)) == []


# --- The 2020 report: delivered on 16 June ----------------------------------------------------------------


def test_the_2020_report_was_delivered_on_16_june(jiangcheng_2020):
    assert jiangcheng_2020.delivered_on == DELIVERED
    assert "——2020年6月16日在阳江市江城区第八届" in jiangcheng_2020.source_text


def test_as_of_the_delivery_day_nothing_is_red(jiangcheng_2020):
    office = make_user("supervisor")
    body = client_for(office).get("/api/summary/", {"report": jiangcheng_2020.pk, "as_of": "2020-06-16"}).json()
    assert body["count"] == 108
    assert body["by_rag"]["red"] == 0
    assert body["by_rag"]["amber"] == 0
    assert body["by_rag"]["green"] == 108  # the clock has just started: 0 % expected, 0 % done
    # The engine agrees commitment by commitment.
    evaluations = evaluate_commitments(Commitment.objects.filter(report=jiangcheng_2020), as_of=DELIVERED)
    assert {evaluation.rag for evaluation in evaluations.values()} == {Rag.GREEN}


def test_before_the_delivery_nothing_is_due_yet(jiangcheng_2020):
    office = make_user("supervisor")
    body = client_for(office).get("/api/summary/", {"report": jiangcheng_2020.pk, "as_of": "2020-03-31"}).json()
    assert body["by_rag"]["not_due"] == 108


def test_a_year_end_start_of_works_is_not_red_from_march(jiangcheng_2020):
    hospital = Commitment.objects.get(report=jiangcheng_2020, code="6.2.4")  # 年底动工建设区人民医院
    assert "年底动工建设区人民医院" in hospital.source_text
    for as_of in (day(3, 31), day(5, 31)):
        evaluation = commitment_evaluation(hospital, as_of=as_of)
        assert (evaluation.rag, evaluation.expected_progress) == (Rag.NOT_DUE, Decimal("0.00"))
    # From the delivery the clock runs to 31 December: 198 days.
    assert commitment_evaluation(hospital, as_of=day(7, 1)).expected_progress == Decimal("7.58")  # 15/198


def test_the_pace_counts_from_the_same_day():
    assert elapsed_share(start=DELIVERED, due=day(12, 31), on=day(9, 23)) == Decimal("0.5")  # 99 of 198 days


# --- The office sets the day ------------------------------------------------------------------------------


def test_setting_the_assigned_day_moves_the_clock_and_the_summary(jiangcheng_2020):
    office = make_user("supervisor")
    commitment = Commitment.objects.get(report=jiangcheng_2020, code="5.1.1")
    before = commitment_evaluation(commitment, as_of=day(8, 1))
    assert (before.expected_progress, before.rag) == (Decimal("23.23"), Rag.RED)  # 46/198
    updated = services.commitment_update(user=office, commitment=commitment, data={"assigned_on": day(7, 15)})
    after = commitment_evaluation(updated, as_of=day(8, 1))
    assert (after.expected_progress, after.rag) == (Decimal("10.06"), Rag.AMBER)  # 17/169
    # The summary of a past date counts by the same clock (its RAG is a query expression).
    summary = progress_summary(report=jiangcheng_2020, as_of=day(8, 1))
    evaluations = evaluate_commitments(Commitment.objects.filter(report=jiangcheng_2020), as_of=day(8, 1))
    counted = {rag: sum(1 for e in evaluations.values() if e.rag == rag) for rag in summary.by_rag}
    assert {rag: n for rag, n in summary.by_rag.items() if n} == {rag: n for rag, n in counted.items() if n}


def test_the_clock_starts_on_the_lead_departments_acceptance(jiangcheng_2020):
    office = make_user("supervisor")
    accepted, pending = Commitment.objects.filter(report=jiangcheng_2020, code__in=["5.1.1", "5.1.2"]).order_by("code")
    moment = timezone.make_aware(datetime.datetime(2020, 7, 3, 10, 0))
    for commitment, state in ((accepted, AcceptanceState.ACCEPTED), (pending, AcceptanceState.PENDING)):
        Acceptance.objects.create(
            commitment=commitment,
            department=commitment.lead_department,
            role=AcceptanceRole.LEAD,
            state=state,
            issued_by=office,
            issued_at=moment,
            responded_at=moment if state == AcceptanceState.ACCEPTED else None,
        )
    result = services.commitments_assign_on_acceptance(user=office, commitments=[accepted, pending])
    assert [c.code for c in result.assigned] == ["5.1.1"]
    assert [c.code for c in result.not_accepted] == ["5.1.2"]
    accepted.refresh_from_db()
    pending.refresh_from_db()
    assert (accepted.assigned_on, pending.assigned_on) == (day(7, 3), None)
    assert accepted.clock_start_day() == day(7, 3)


@pytest.mark.parametrize("role", ["reporter", "leader", "viewer"])
def test_only_the_office_sets_the_clock_or_adds_nodes(jiangcheng_2020, role):
    commitment = Commitment.objects.get(report=jiangcheng_2020, code="5.1.1")
    user = make_user(role, commitment.lead_department)
    with pytest.raises(PermissionDenied):
        services.commitments_assign_on_acceptance(user=user, commitments=[commitment])
    with pytest.raises(PermissionDenied):
        services.milestones_add_quarterly(user=user, commitment=commitment)
    assert not commitment.milestones.exists()


# --- Quarterly nodes -----------------------------------------------------------------------------------


def test_quarterly_nodes_count_in_progress_and_pace(jiangcheng_2020):
    office = make_user("supervisor")
    commitment = Commitment.objects.get(report=jiangcheng_2020, code="6.2.4")  # one milestone, due 31 December
    added = services.milestones_add_quarterly(user=office, commitment=commitment)
    # Q2 and Q3 get a node; Q4 already has the hospital's start of works.
    assert [(m.title, m.due_date) for m in added] == [
        ("2020年第2季度节点", day(6, 30)),
        ("2020年第3季度节点", day(9, 30)),
    ]
    assert services.milestones_add_quarterly(user=office, commitment=commitment) == []  # once
    q2, q3 = added
    approved(office, commitment, day(6, 30), milestones_completed=[q2])
    approved(office, commitment, day(9, 30), milestones_completed=[q3])
    evaluation = commitment_evaluation(commitment, as_of=day(10, 1))
    # Two of three milestones done: 66.67 %, against 107/198 = 54.04 % expected: on pace.
    assert (evaluation.progress, evaluation.expected_progress, evaluation.rag) == (
        Decimal("66.67"),
        Decimal("54.04"),
        Rag.GREEN,
    )
    commitment.refresh_from_db()
    assert commitment.progress == Decimal("66.67")  # the stored figure, re-derived


def test_quarterly_nodes_through_the_api(jiangcheng_2020):
    commitment = Commitment.objects.get(report=jiangcheng_2020, code="5.1.1")
    url = f"/api/commitments/{commitment.pk}/quarterly-nodes/"
    assert client_for(None).post(url).status_code == 401
    assert client_for(make_user("reporter", commitment.lead_department)).post(url).status_code == 403
    assert client_for(make_user("leader")).post(url).status_code == 403
    response = client_for(make_user("supervisor")).post(url)
    assert response.status_code == 201
    assert [node["due_date"] for node in response.json()] == ["2020-06-30", "2020-09-30", "2020-12-31"]
    assert Milestone.objects.filter(commitment=commitment).count() == 3


# --- A share target with a base ---------------------------------------------------------------------------


def test_a_count_of_the_base_reads_as_a_share(jiangcheng_2020):
    office = make_user("supervisor")
    commitment = Commitment.objects.get(report=jiangcheng_2020, code="4.3.3")
    clean = commitment.targets.get(target_value=80)
    approved(office, commitment, day(11, 30), values=[(clean, Decimal(52))])
    evaluation = commitment_evaluation(commitment, as_of=day(11, 30))
    assert evaluation.targets[clean.pk].current_value == Decimal(52)  # what the office reported: 52 行政村
    assert evaluation.targets[clean.pk].met  # 81.25 % ≥ 80 %
    assert evaluation.targets[clean.pk].progress == Decimal("100.00")


def test_more_than_the_base_is_refused(jiangcheng_2020):
    office = make_user("supervisor")
    commitment = Commitment.objects.get(report=jiangcheng_2020, code="4.3.3")
    clean = commitment.targets.get(target_value=80)
    with pytest.raises(ValidationError) as error:
        services.update_create(
            user=office, commitment=commitment, as_of=day(11, 30), narrative="x", values=[(clean, 65)]
        )
    assert "64" in str(error.value.message_dict["values"])


def test_a_base_must_be_positive():
    target = TargetFactory.build(commitment=CommitmentFactory(), base_quantity=Decimal(0))
    with pytest.raises(ValidationError):
        target.full_clean()


def test_without_a_base_nothing_changes():
    commitment = CommitmentFactory()
    target = TargetFactory(commitment=commitment, target_value=Decimal(80), unit="%")
    assert Target.objects.get(pk=target.pk).base_quantity is None
    assert rules.target_state("at_least", None, Decimal(80), Decimal(52)) == (Decimal(65), False)
    assert rules.target_state("at_least", None, Decimal(80), Decimal(52), Decimal(64))[1] is True
    MilestoneFactory(commitment=commitment)


# --- The admin ------------------------------------------------------------------------------------------


def post_action(client, action: str, commitments):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.contrib.messages import get_messages
    from django.urls import reverse

    data = {"action": action, ACTION_CHECKBOX_NAME: [commitment.pk for commitment in commitments]}
    response = client.post(reverse("admin:commitments_commitment_changelist"), data, follow=True)
    return [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context["messages"]
    ]


def test_the_office_adds_nodes_and_starts_clocks_from_the_admin(client, jiangcheng_2020):
    office = make_user("supervisor")
    client.force_login(office)
    first, second = Commitment.objects.filter(report=jiangcheng_2020, code__in=["5.1.1", "5.1.2"]).order_by("code")
    messages = post_action(client, "add_quarterly_nodes", [first, second])
    assert "已添加 6 个季度节点。" in messages
    assert first.milestones.count() == second.milestones.count() == 3
    messages = post_action(client, "assign_on_acceptance", [first])
    assert any("牵头单位尚未签收" in message and "5.1.1" in message for message in messages), messages


def test_the_actions_are_the_offices_only(client, jiangcheng_2020):
    from django.urls import reverse

    commitment = Commitment.objects.get(report=jiangcheng_2020, code="5.1.1")
    client.force_login(make_user("leader"))
    page = client.get(reverse("admin:commitments_commitment_changelist"))
    actions = dict(page.context["action_form"].fields["action"].choices)
    assert "add_quarterly_nodes" not in actions and "assign_on_acceptance" not in actions
    client.post(
        reverse("admin:commitments_commitment_changelist"),
        {"action": "add_quarterly_nodes", "_selected_action": [commitment.pk]},
    )
    assert not commitment.milestones.exists()


def test_the_commitment_page_shows_the_assignment_and_the_note(client, jiangcheng_2020):
    from django.urls import reverse

    client.force_login(make_user("supervisor"))
    seafood = Commitment.objects.get(report=jiangcheng_2020, code="2.2.1")
    html = client.get(reverse("admin:commitments_commitment_change", args=[seafood.pk])).content.decode()
    assert "交办日期" in html
    assert "20万吨" in html


def test_the_public_page_shows_the_count_as_a_share_and_the_clock(client, jiangcheng_2020):
    office = make_user("supervisor")
    commitment = Commitment.objects.get(report=jiangcheng_2020, code="4.3.3")
    approved(office, commitment, day(11, 30), values=[(commitment.targets.get(target_value=80), Decimal(52))])
    html = client.get(f"/commitments/{commitment.pk}/").content.decode()
    assert "52行政村（81.3%）" in html  # a percentage to one decimal (display.py)
    assert "基数64行政村" in html
    assert "起算日期" in html and "2020年6月16日" in html
    seafood = Commitment.objects.get(report=jiangcheng_2020, code="2.2.1")
    html = client.get(f"/commitments/{seafood.pk}/").content.decode()
    assert "情况说明（不计入进度）" in html and "20万吨" in html


# --- Information figures from the extraction ------------------------------------------------------------


def test_a_report_made_from_its_text_keeps_information_figures_as_notes(jiangcheng_2020):
    from commitments.extraction import extract
    from commitments.report_drafts import ChosenCandidate, report_create_from_candidates

    extraction = extract(jiangcheng_2020.source_text, year=2020)
    (seafood,) = [c for c in extraction.candidates if "20万吨" in c.source_text]
    assert any("20万吨" in figure.text for figure in seafood.figures)
    assert all(target.unit != "万吨" for target in seafood.targets)
    report = report_create_from_candidates(
        user=make_user("supervisor"),
        government="测试区人民政府",
        year=2020,
        title="报告",
        text="……",
        extraction=extraction,
        chosen=[ChosenCandidate(seafood, seafood.title, Commitment.objects.first().lead_department)],
    )
    commitment = report.commitments.get()
    assert "20万吨" in commitment.note
    assert not commitment.targets.filter(unit="万吨").exists()


def test_the_api_sets_and_shows_the_assigned_day(jiangcheng_2020):
    commitment = Commitment.objects.get(report=jiangcheng_2020, code="5.1.1")
    url = f"/api/commitments/{commitment.pk}/"
    office = client_for(make_user("supervisor"))
    version = office.get(url).json()["version"]
    response = office.patch(url, {"assigned_on": "2020-07-15", "version": version}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["assigned_on"] == "2020-07-15"
    assert commitment_evaluation(commitment, as_of=day(8, 1)).expected_progress == Decimal("10.06")
    bad = office.patch(url, {"assigned_on": "2020-02-30", "version": version + 1}, format="json")
    assert bad.status_code == 400 and "assigned_on" in bad.json()
    reporter = client_for(make_user("reporter", commitment.lead_department))
    assert reporter.patch(url, {"assigned_on": "2020-07-01", "version": version + 1}, format="json").status_code == 403
    listed = (
        client_for(make_user("viewer"))
        .get("/api/commitments/", {"report": jiangcheng_2020.pk, "q": "事业单位机构改革"})
        .json()
    )
    row = next(item for item in listed["results"] if item["id"] == commitment.pk)
    assert (row["assigned_on"], row["note"]) == ("2020-07-15", "")
    targets = client_for(make_user("viewer")).get(f"/api/commitments/{commitment.pk}/").json()["targets"]
    assert targets == []


def test_a_database_loaded_with_the_earlier_fixture_drops_the_information_targets(jiangcheng_2020):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("commitments.migrations.0023_jiangcheng_2020_information_figures")
    seafood = Commitment.objects.get(report=jiangcheng_2020, code="2.2.1")
    pool = Commitment.objects.get(report=jiangcheng_2020, code="2.3.2")
    TargetFactory(commitment=seafood, metric="海鲜交易中心年交易量", unit="万吨", target_value=Decimal(20))
    count = TargetFactory(commitment=pool, metric="“三个一批项目”数", unit="个", target_value=Decimal(64))
    total = TargetFactory(commitment=pool, metric="“三个一批项目”投资总额", unit="亿元", target_value=Decimal(350))
    approved(make_user("supervisor"), pool, day(9, 30), values=[(total, Decimal(120))])
    migration.remove_information_targets(apps, None)
    assert not seafood.targets.exists()
    assert not Target.objects.filter(pk=count.pk).exists()
    assert Target.objects.filter(pk=total.pk).exists(), "a target with reported values is the office's to decide"
