"""Run against a restored database (DATABASE_URL): prints, as JSON, what /api/summary/ answers the office and
the same figures counted straight from the commitments table, plus the evidence files the database names
that are missing under MEDIA_ROOT. tests/test_restore.py compares them."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from commitments.choices import CLOSED_STATUSES  # noqa: E402
from commitments.models import Commitment, Evidence  # noqa: E402

office = get_user_model().objects.get(username=sys.argv[1])
client = Client(HTTP_HOST="localhost")
client.force_login(office)
answer = client.get("/api/summary/")
counted = {
    "count": Commitment.objects.count(),
    "by_status": dict(Commitment.objects.values_list("status").annotate(n=Count("pk")).order_by()),
    "by_rag": dict(Commitment.objects.values_list("rag").annotate(n=Count("pk")).order_by()),
    "overdue": Commitment.objects.filter(due_date__lt=timezone.localdate()).exclude(status__in=CLOSED_STATUSES).count(),
}
missing = [
    item.file.name
    for item in Evidence.objects.exclude(file="")
    if not (Path(settings.MEDIA_ROOT) / item.file.name).is_file()
]
print(json.dumps({"status": answer.status_code, "summary": answer.json(), "counted": counted, "missing": missing}))
