"""Synthetic data at scale, for benchmarks: many reports, commitments and progress updates.

Deterministic for a seed. Rows are generated in Python and written by COPY on PostgreSQL (bulk_create in
batches elsewhere); the stored progress, status and RAG come from the engine's pure rules
(selectors.rules) applied to the generated history, so `recompute_progress` finds no drift; so do the
progress snapshots (one before the history and one per approved update that changes something), which
the as-of summary reads.

Shape: reports come in runs of five years per government (the last year is the current one, so some work
is still under way and some is overdue); each government has its own departments; each report has seven
chapters. Commitments are 35% quantitative (one or two targets), 10% milestones (two or three), the rest
ongoing. Each commitment gets monthly updates from January on: most approved, the last ones sometimes
still draft, submitted or returned.
"""

from __future__ import annotations

import datetime
import functools
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone

from commitments.choices import CommitmentKind, Comparator, DepartmentKind, Firmness, UpdateState
from commitments.models import (
    Chapter,
    Commitment,
    CoResponsibility,
    Department,
    Milestone,
    ProgressSnapshot,
    ProgressUpdate,
    Report,
    ReportedValue,
    Target,
    code_sort_key,
)
from commitments.selectors import rules
from commitments.services.tracking import figures_changed

DEPARTMENT_NAMES = [
    ("发展和改革局", DepartmentKind.BUREAU),
    ("工业和信息化局", DepartmentKind.BUREAU),
    ("教育局", DepartmentKind.BUREAU),
    ("卫生健康局", DepartmentKind.BUREAU),
    ("住房和城乡建设局", DepartmentKind.BUREAU),
    ("交通运输局", DepartmentKind.BUREAU),
    ("农业农村局", DepartmentKind.BUREAU),
    ("自然资源局", DepartmentKind.BUREAU),
    ("生态环境分局", DepartmentKind.BUREAU),
    ("水利局", DepartmentKind.BUREAU),
    ("商务局", DepartmentKind.BUREAU),
    ("民政局", DepartmentKind.BUREAU),
    ("人力资源和社会保障局", DepartmentKind.BUREAU),
    ("财政局", DepartmentKind.BUREAU),
    ("市场监督管理局", DepartmentKind.BUREAU),
    ("应急管理局", DepartmentKind.BUREAU),
    ("文化广电旅游体育局", DepartmentKind.BUREAU),
    ("公安分局", DepartmentKind.BUREAU),
    ("城东街道", DepartmentKind.TOWN),
    ("城西街道", DepartmentKind.TOWN),
    ("城南街道", DepartmentKind.TOWN),
    ("城北街道", DepartmentKind.TOWN),
    ("第一镇", DepartmentKind.TOWN),
    ("第二镇", DepartmentKind.TOWN),
    ("产业园管委会", DepartmentKind.PARK),
]
CHAPTER_TITLES = [
    "统筹推进疫情防控和经济社会发展",
    "聚焦产业发展强实力",
    "着力提高城市首位度",
    "大力实施乡村振兴战略",
    "坚持改革开放不停步",
    "保障更加殷实的民生",
    "切实加强自身建设",
]
WORK = ["推进", "加快", "完成", "建设", "实施", "落实", "深化", "推动"]
OBJECTS = [
    "重点项目建设",
    "农村公路",
    "污水管网",
    "学校扩容",
    "医院建设",
    "村庄整治",
    "招商引资",
    "产业园区配套",
    "高标准农田",
    "旧城改造",
    "养老服务",
    "就业帮扶",
    "垃圾分类",
    "河湖治理",
    "数字政府",
    "营商环境",
]
METRICS = [
    ("项目数", "个", 5, 80),
    ("投资额", "亿元", 2, 60),
    ("里程", "公里", 5, 120),
    ("比例", "%", 30, 95),
    ("面积", "亩", 500, 5000),
    ("人数", "人", 100, 9000),
]
BATCH = 5000


@dataclass
class SeedCounts:
    reports: int = 0
    departments: int = 0
    commitments: int = 0
    targets: int = 0
    milestones: int = 0
    updates: int = 0
    values: int = 0


class Writer:
    """Buffers rows per model and writes them by COPY (PostgreSQL) or bulk_create (elsewhere)."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def write(self, model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        # Columns the generator does not set take the model's defaults (COPY does not know them): the declared
        # default, or the empty string of a text field that may be blank but not null.
        extra = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            and f.name not in columns
            and (f.has_default() or (not f.null and f.empty_strings_allowed))
        ]
        if extra:
            columns = [*columns, *(f.name for f in extra)]
            defaults = tuple(f.get_default() for f in extra)
            rows = [(*row, *defaults) for row in rows]
        if self.postgres:
            table = model._meta.db_table
            names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
            with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        names = [model._meta.get_field(column).attname for column in columns]
        objects = [model(**dict(zip(names, row, strict=True))) for row in rows]
        for start in range(0, len(objects), BATCH):
            model.objects.bulk_create(objects[start : start + BATCH])


def _next_ids(model: type[models.Model], count: int) -> Iterable[int]:
    """Primary keys for rows written with explicit ids (COPY returns none)."""
    start = (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
    return range(start, start + count)


@functools.cache
def _month_ends(year: int, until: datetime.date) -> list[datetime.date]:
    days = []
    for month in range(1, 13):
        end = datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        if end > until:
            break
        days.append(end)
    return days


def _reset_sequences(models_: list[type[models.Model]]) -> None:
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
        # Fresh statistics: without them the planner guesses on the bulk-loaded tables and scans them whole.
        for model in models_:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _pause_triggers() -> None:
    """For this transaction, on PostgreSQL as a superuser: copies as `pg_restore --disable-triggers` does,
    no foreign-key check queued per copied row (a large share of the seeding time, measured in
    docs/performance.md); the generator's ids are consistent, and tests look for orphans."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _resume_triggers() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = origin")


def vacuum_seeded_tables() -> bool:
    """VACUUM (ANALYZE) the bulk-loaded tables on PostgreSQL, as autovacuum would soon after: it sets the
    visibility map, so counts over an index (a filtered list's total) skip the table. VACUUM cannot run
    inside a transaction, so it is skipped there (False)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    from commitments.models import Commitment, ProgressSnapshot, ProgressUpdate, Target

    with connection.cursor() as cursor:
        for model in (Commitment, Target, ProgressUpdate, ProgressSnapshot):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
    return True


def standing(
    kind: str,
    targets: list[tuple[int, Decimal]],
    milestones: list[int],
    values: dict[int, Decimal],
    done: dict[int, datetime.date],
    percent: Decimal | None,
    has_approved: bool,
) -> tuple[str, Decimal]:
    """(status, progress) of a generated commitment (no parent, no decision) from its approved history so far,
    by the engine's rules."""
    states = [
        rules.target_state(Comparator.AT_LEAST, None, value, values.get(target_pk)) for target_pk, value in targets
    ]
    exact = rules.leaf_progress(
        kind=kind,
        target_progress=[(p, Decimal(1)) for p, _ in states],
        milestones_done=len(done),
        milestones_total=len(milestones),
        percent=percent,
    )
    complete = (
        all(met for _, met in states)
        and len(done) == len(milestones)
        and (
            not rules.uses_percent(kind=kind, has_targets=bool(targets), has_milestones=bool(milestones))
            or percent == rules.HUNDRED
        )
    )
    return rules.derived_status(has_update=has_approved, complete=complete), rules.round_percent(exact)


@transaction.atomic
def seed_synthetic(
    *,
    reports: int,
    commitments: int,
    updates: int,
    seed: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedCounts:
    """Adds `reports` reports with `commitments` commitments and about `updates` updates in all."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    say = progress or (lambda message: None)
    writer, counts, now = Writer(), SeedCounts(), timezone.now()
    tolerance = Decimal(10)
    tag = f"S{seed}-{rng.randrange(16**6):06x}"  # keeps names unique across runs
    if Department.objects.filter(name__startswith=f"合成{tag}").exists():
        raise ValueError(
            f"This database already holds the data of seed {seed}; use another --seed or a fresh database."
        )
    _pause_triggers()

    governments = max(1, (reports + 4) // 5)
    department_ids = list(_next_ids(Department, governments * len(DEPARTMENT_NAMES)))
    department_rows, departments_of = [], []
    for g in range(governments):
        own = []
        for d, (name, kind) in enumerate(DEPARTMENT_NAMES):
            pk = department_ids[g * len(DEPARTMENT_NAMES) + d]
            department_rows.append((pk, f"合成{tag}区{g + 1}{name}", name, kind, f"d{pk}@example.gov.cn", True))
            own.append(pk)
        departments_of.append(own)
    writer.write(Department, ["id", "name", "short_name", "kind", "contact_email", "is_active"], department_rows)
    counts.departments = len(department_rows)

    report_rows, chapter_rows, report_plan = [], [], []
    report_ids = list(_next_ids(Report, reports))
    chapter_ids = iter(_next_ids(Chapter, reports * len(CHAPTER_TITLES)))
    for r, pk in enumerate(report_ids):
        g, year = r // 5, today.year - 4 + r % 5
        government = f"合成{tag}区{g + 1}人民政府"
        report_rows.append(
            (pk, government, year, f"{year}年{government}工作报告", datetime.date(year, 3, 1), "", True, now, now)
        )
        chapters = []
        for number, title in enumerate(CHAPTER_TITLES, start=1):
            chapter_pk = next(chapter_ids)
            chapter_rows.append((chapter_pk, pk, number, title))
            chapters.append(chapter_pk)
        report_plan.append((pk, year, g, chapters))
    writer.write(
        Report,
        ["id", "government", "year", "title", "delivered_on", "source_text", "published", "created_at", "updated_at"],
        report_rows,
    )
    writer.write(Chapter, ["id", "report", "number", "title"], chapter_rows)
    counts.reports = len(report_rows)
    say(f"{counts.reports} reports, {counts.departments} departments")

    per_report = [commitments // reports + (1 if r < commitments % reports else 0) for r in range(reports)]
    updates_per_commitment = updates / max(commitments, 1)
    commitment_ids = iter(_next_ids(Commitment, commitments))
    target_ids = iter(_next_ids(Target, commitments * 2))
    milestone_ids = iter(_next_ids(Milestone, commitments * 3))
    update_ids = iter(_next_ids(ProgressUpdate, int(updates * 1.2) + commitments * 13))
    buffers: dict[str, list[tuple]] = {k: [] for k in ("c", "co", "t", "m", "u", "v", "mc", "s")}
    stamps: dict[datetime.date, datetime.datetime] = {}

    def flush(force: bool = False) -> None:
        if not force and len(buffers["u"]) < 50000:
            return
        writer.write(
            Commitment,
            [
                "id",
                "report",
                "chapter",
                "code",
                "sort_key",
                "section",
                "title",
                "source_text",
                "kind",
                "firmness",
                "lead_department",
                "start_date",
                "due_date",
                "status",
                "progress",
                "rag",
                "version",
                "created_at",
                "updated_at",
            ],
            buffers["c"],
        )
        writer.write(CoResponsibility, ["commitment", "department"], buffers["co"])
        writer.write(
            Target,
            [
                "id",
                "commitment",
                "metric",
                "unit",
                "comparator",
                "baseline_value",
                "target_value",
                "current_value",
                "weight",
            ],
            buffers["t"],
        )
        writer.write(Milestone, ["id", "commitment", "title", "due_date", "completed_on"], buffers["m"])
        writer.write(
            ProgressUpdate,
            [
                "id",
                "commitment",
                "as_of",
                "narrative",
                "percent",
                "state",
                "created_at",
                "updated_at",
                "submitted_at",
                "reviewed_at",
                "review_note",
            ],
            buffers["u"],
        )
        writer.write(ReportedValue, ["update", "target", "value"], buffers["v"])
        through = ProgressUpdate.milestones_completed.through
        writer.write(through, ["progressupdate", "milestone"], buffers["mc"])
        writer.write(
            ProgressSnapshot, ["commitment", "effective_on", "progress", "status", "effective_until"], buffers["s"]
        )
        for rows in buffers.values():
            rows.clear()

    for (report_pk, year, g, chapters), count in zip(report_plan, per_report, strict=True):
        start = datetime.date(year, 1, 1)
        for index in range(count):
            pk = next(commitment_ids)
            chapter_no = index * len(chapters) // max(count, 1)
            code = f"{chapter_no + 1}.{index // 10 + 1}.{index % 10 + 1}"
            roll = rng.random()
            kind = (
                CommitmentKind.QUANTITATIVE
                if roll < 0.35
                else CommitmentKind.MILESTONE
                if roll < 0.45
                else CommitmentKind.ONGOING
            )
            due = datetime.date(year, 12, 31) if rng.random() < 0.8 else datetime.date(year, rng.randint(3, 11), 28)
            thing = rng.choice(OBJECTS)
            title = f"{rng.choice(WORK)}{thing}"
            lead = rng.choice(departments_of[g])
            # The history: month ends from January to today (or the year's end), the last ones maybe pending.
            dates = list(_month_ends(year, min(today, datetime.date(year, 12, 31))))
            n_updates = min(len(dates), max(0, round(rng.gauss(updates_per_commitment, 1))))
            dates = dates[:n_updates]
            pace = rng.uniform(0.4, 1.3)  # how far this commitment gets by its due date
            targets, milestones = [], []
            if kind == CommitmentKind.QUANTITATIVE:
                for metric, unit, low, high in rng.sample(METRICS, rng.randint(1, 2)):
                    target_pk = next(target_ids)
                    value = Decimal(rng.randint(low, high))
                    targets.append((target_pk, value))
                    buffers["t"].append(
                        [target_pk, pk, f"{thing}{metric}", unit, Comparator.AT_LEAST, None, value, None, Decimal(1)]
                    )
            elif kind == CommitmentKind.MILESTONE:
                for m in range(rng.randint(2, 3)):
                    milestone_pk = next(milestone_ids)
                    milestones.append(milestone_pk)
                    buffers["m"].append([milestone_pk, pk, f"节点{m + 1}", due, None])
            latest_values: dict[int, Decimal] = {}
            done: dict[int, datetime.date] = {}
            percent_now: Decimal | None = None
            has_approved = False
            snapshots: list[tuple] = []

            def snapshot(
                day,
                values,
                done,
                percent,
                has_approved=True,
                pk=pk,
                kind=kind,
                targets=targets,
                milestones=milestones,
                snapshots=snapshots,
            ):
                row = (pk, day, *reversed(standing(kind, targets, milestones, values, done, percent, has_approved)))
                if not snapshots or snapshots[-1][2:] != row[2:]:
                    snapshots.append(row)

            snapshot(datetime.date.min, {}, {}, None, has_approved=False)
            for u, as_of in enumerate(dates):
                update_pk = next(update_ids)
                last = u == len(dates) - 1
                state = UpdateState.APPROVED
                if last and rng.random() < 0.15:
                    state = rng.choice([UpdateState.DRAFT, UpdateState.SUBMITTED, UpdateState.RETURNED])
                share = min(
                    Decimal(1), Decimal(str(round(pace * (as_of - start).days / max((due - start).days, 1), 4)))
                )
                percent = None
                if kind == CommitmentKind.ONGOING:
                    percent = (share * 100).quantize(Decimal("0.01"))
                stamp = stamps.get(as_of)
                if stamp is None:
                    stamp = stamps[as_of] = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time(12)))
                buffers["u"].append(
                    (
                        update_pk,
                        pk,
                        as_of,
                        f"{title}：截至{as_of:%m月%d日}按计划推进。",
                        percent,
                        state,
                        stamp,
                        stamp,
                        stamp,
                        stamp if state != UpdateState.DRAFT else None,
                        "",
                    )
                )
                for target_pk, value in targets:
                    reported = (value * share).quantize(Decimal("0.01"))
                    buffers["v"].append((update_pk, target_pk, reported))
                    if state == UpdateState.APPROVED:
                        latest_values[target_pk] = reported
                for position, milestone_pk in enumerate(milestones):
                    if milestone_pk not in done and share >= Decimal(position + 1) / len(milestones):
                        buffers["mc"].append((update_pk, milestone_pk))
                        if state == UpdateState.APPROVED:
                            done[milestone_pk] = as_of
                if state == UpdateState.APPROVED:
                    has_approved = True
                    if percent is not None:
                        percent_now = percent
                    snapshot(as_of, latest_values, done, percent_now)
            counts.updates += len(dates)
            # Stored fields, from the same rules the engine applies to this history.
            status, stored = standing(kind, targets, milestones, latest_values, done, percent_now, has_approved)
            expected = rules.expected_progress(start, due, today)
            rag = rules.rag(
                status=status, progress=stored, expected=expected, start=start, due=due, on=today, tolerance=tolerance
            )
            for row in buffers["t"][len(buffers["t"]) - len(targets) :]:
                row[7] = latest_values.get(row[0])
            for row in buffers["m"][len(buffers["m"]) - len(milestones) :]:
                row[4] = done.get(row[0])
            firmness = rng.choice([Firmness.BINDING, Firmness.ASPIRATIONAL, Firmness.DIRECTIONAL])
            buffers["c"].append(
                (
                    pk,
                    report_pk,
                    chapters[chapter_no],
                    code,
                    code_sort_key(code),
                    thing,
                    title,
                    f"{title}，确保年内见效。",
                    kind,
                    firmness,
                    lead,
                    start,
                    due,
                    status,
                    stored,
                    rag,
                    1,
                    now,
                    now,
                )
            )
            # Each row runs until the next one's day (the last is open): ProgressSnapshot.effective_until.
            buffers["s"].extend(
                (*row, snapshots[index + 1][1] if index + 1 < len(snapshots) else None)
                for index, row in enumerate(snapshots)
            )
            for co in rng.sample(departments_of[g], rng.randint(0, 2)):
                if co != lead:
                    buffers["co"].append((pk, co))
            counts.commitments += 1
            counts.targets += len(targets)
            counts.milestones += len(milestones)
        flush()
        if counts.commitments % 20000 < count:
            say(f"{counts.commitments} commitments, {counts.updates} updates")
    flush(force=True)
    _resume_triggers()
    counts.values = ReportedValue.objects.count()
    _reset_sequences(
        [
            Department,
            Report,
            Chapter,
            Commitment,
            CoResponsibility,
            Target,
            Milestone,
            ProgressUpdate,
            ReportedValue,
            ProgressUpdate.milestones_completed.through,
        ]
    )
    # COPY bypasses the services, so the seeder retires remembered summaries itself; without a generation
    # token nothing would be remembered at all and the bench would measure every summary counted afresh.
    figures_changed()
    return counts
