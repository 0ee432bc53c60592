"""factory_boy factories for a small, readable world."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from commitments.choices import CommitmentKind, Comparator, DepartmentKind
from commitments.models import (
    Chapter,
    Commitment,
    CoResponsibility,
    Department,
    Indicator,
    Leader,
    Milestone,
    ProgressUpdate,
    Report,
    ReportedValue,
    StaffProfile,
    Target,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.cn")
    password = factory.django.Password("pass-for-tests-123")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"江城区测试局{n}")
    short_name = factory.Sequence(lambda n: f"测试局{n}")
    kind = DepartmentKind.BUREAU
    contact_email = factory.Sequence(lambda n: f"dept{n}@jiangcheng.example.gov.cn")


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"领导{n}")
    position = "副区长"
    email = factory.Sequence(lambda n: f"leader{n}@jiangcheng.example.gov.cn")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    government = factory.Sequence(lambda n: f"测试区人民政府{n}")
    year = 2020
    title = factory.LazyAttribute(lambda r: f"{r.year}年{r.government}政府工作报告")
    delivered_on = datetime.date(2020, 6, 16)
    source_text = "今年重点做好以下工作：确保完成53个重点项目建设。"
    published = True


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter

    report = factory.SubFactory(ReportFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"第{n + 1}章")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    chapter = factory.SubFactory(ChapterFactory)
    report = factory.SelfAttribute("chapter.report")
    code = factory.Sequence(lambda n: f"1.1.{n + 1}")
    section = "抓好项目"
    title = factory.Sequence(lambda n: f"推进第{n + 1}项工作")
    source_text = "确保完成53个重点项目建设。"
    kind = CommitmentKind.QUANTITATIVE
    lead_department = factory.SubFactory(DepartmentFactory)
    start_date = datetime.date(2020, 1, 1)
    due_date = datetime.date(2020, 12, 31)


class CoResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoResponsibility

    commitment = factory.SubFactory(CommitmentFactory)
    department = factory.SubFactory(DepartmentFactory)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    commitment = factory.SubFactory(CommitmentFactory)
    metric = factory.Sequence(lambda n: f"指标{n}")
    unit = "个"
    comparator = Comparator.AT_LEAST
    target_value = Decimal("53")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    title = factory.Sequence(lambda n: f"节点{n}")
    due_date = datetime.date(2020, 12, 31)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    as_of = datetime.date(2020, 9, 30)
    narrative = "按计划推进。"


class ReportedValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportedValue

    update = factory.SubFactory(ProgressUpdateFactory)
    target = factory.SubFactory(TargetFactory, commitment=factory.SelfAttribute("..update.commitment"))
    value = Decimal("10")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    report = factory.SubFactory(ReportFactory)
    name = factory.Sequence(lambda n: f"指标{n}")
    value = Decimal("301.48")
    unit = "亿元"
    growth_percent = Decimal("4.3")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory, is_staff=True)
    department = factory.SubFactory(DepartmentFactory)
