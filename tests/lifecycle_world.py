"""One row of each end-of-cycle model (extension request, close-out application, supervision notice) for
tests that only need them to exist, such as every admin page rendering."""

import datetime

from django.utils import timezone

from commitments.models import CloseoutApplication, ExtensionRequest, SupervisionNotice


def lifecycle_rows(commitment) -> None:
    now = timezone.now()
    ExtensionRequest.objects.create(
        commitment=commitment,
        department=commitment.lead_department,
        current_due_date=commitment.due_date,
        requested_due_date=commitment.due_date + datetime.timedelta(days=90),
        reason="征地手续未完成",
        evidence_url="https://www.jiangcheng.gov.cn/2",
        requested_at=now,
    )
    CloseoutApplication.objects.create(
        commitment=commitment,
        department=commitment.lead_department,
        summary="已完成",
        evidence_url="https://www.jiangcheng.gov.cn/3",
        applied_at=now,
    )
    SupervisionNotice.objects.create(
        commitment=commitment,
        department=commitment.lead_department,
        prefix="江督",
        year=2020,
        sequence=1,
        number="江督〔2020〕1号",
        issued_on=datetime.date(2020, 9, 30),
        required_actions="加快进度",
        reply_due=datetime.date(2020, 10, 15),
        issued_at=now,
    )
