"""Synthetic data for benchmarks: the requested size, deterministic, consistent with the engine."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command

from bench import seed as seed_script
from bench.synthetic import seed_synthetic
from commitments.models import Commitment, ProgressUpdate, Report
from commitments.services import recompute_all

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


def snapshot():
    return list(
        Commitment.objects.order_by("report__year", "sort_key").values_list("title", "kind", "status", "progress")
    )


def test_seeds_the_requested_size_with_a_realistic_mix():
    counts = seed_synthetic(reports=5, commitments=200, updates=1500, seed=7, today=TODAY)
    assert (counts.reports, counts.commitments) == (5, 200)
    assert Report.objects.count() == 5 and Commitment.objects.count() == 200
    assert 1000 <= ProgressUpdate.objects.count() <= 1600
    states = set(ProgressUpdate.objects.values_list("state", flat=True))
    assert {"approved", "draft"} <= states
    assert set(Commitment.objects.values_list("kind", flat=True)) == {"quantitative", "milestone", "ongoing"}
    assert Commitment.objects.overdue(TODAY).exists()
    assert Commitment.objects.filter(status="in_progress").exists()


def test_stored_figures_agree_with_the_engine():
    seed_synthetic(reports=5, commitments=150, updates=1200, seed=3, today=datetime.date.today())
    assert recompute_all(dry_run=True) == []


@pytest.mark.django_db(transaction=True)  # flush between the runs needs committed rows on PostgreSQL
def test_same_seed_gives_the_same_data():
    seed_synthetic(reports=2, commitments=40, updates=300, seed=11, today=TODAY)
    first = snapshot()
    call_command("flush", "--no-input", verbosity=0)
    seed_synthetic(reports=2, commitments=40, updates=300, seed=11, today=TODAY)
    assert snapshot() == first


def test_seed_script_reports_what_it_seeded(capsys):
    seed_script.main(["--reports", "2", "--commitments", "20", "--updates", "100", "--seed", "2"])
    assert "Seeded 2 reports" in capsys.readouterr().out


def test_seeding_the_same_seed_twice_is_a_clear_error():
    seed_script.main(["--reports", "1", "--commitments", "5", "--updates", "10", "--seed", "4"])
    with pytest.raises(SystemExit, match="already holds"):
        seed_script.main(["--reports", "1", "--commitments", "5", "--updates", "10", "--seed", "4"])
    assert Report.objects.count() == 1


def test_seed_script_refuses_sizes_that_make_no_data():
    with pytest.raises(SystemExit, match="at least one commitment per report"):
        seed_script.main(["--reports", "3", "--commitments", "2"])
    assert not Report.objects.exists()


def test_seeded_rows_point_only_at_rows_that_exist():
    """On PostgreSQL a superuser seeds without a foreign-key check per copied row: no row may point nowhere."""
    seed_synthetic(reports=3, commitments=90, updates=700, seed=13, today=TODAY)
    checked = 0
    for model in apps.get_app_config("commitments").get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not (field.is_relation and field.db_constraint):
                continue
            targets = field.related_model._base_manager.values(field.target_field.attname)
            orphans = model._base_manager.exclude(**{f"{field.attname}__isnull": True}).exclude(
                **{f"{field.attname}__in": targets}
            )
            assert not orphans.exists(), f"{model.__name__}.{field.name} points at rows that do not exist"
            checked += 1
    assert checked > 20  # every seeded table's references, not a vacuous loop
