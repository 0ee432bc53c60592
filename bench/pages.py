"""The pages people open, as the benchmark measures them: their address, who opens them (a role logged in
by session, an API token, or the public) and their target. Shared by bench/run.py, which measures them
under load at both sizes, and tests/test_bench_smoke.py, which pins each one's query count in CI.
"""

from __future__ import annotations

import datetime
import urllib.parse
from dataclasses import dataclass

QUERY = urllib.parse.quote("学校扩容")  # 3+ characters: what a trigram index can serve
PAGE_TARGET = "p50 < 150 ms"
SLOW_PAGE_TARGET = "p50 < 300 ms"  # the dashboard and the bulletin (issue 15)
ROLES = ("supervisor", "reporter", "leader")


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    role: str | None  # a role of ROLES, logged in by session; None: the public, no login
    target: str = PAGE_TARGET


def pages(p: dict) -> list[Page]:
    """The pages of issue 15 for the benchmark's report, department, commitment and past date (`p`, as
    bench/run.py picks them)."""
    report, department, commitment = p["report"], p["department"], p["commitment"]
    as_of = p["past"].isoformat() if isinstance(p["past"], datetime.date) else p["past"]
    admin = "/admin/commitments"
    return [
        Page("admin: commitment list", f"{admin}/commitment/", "supervisor"),
        Page("admin: commitment list, one report", f"{admin}/commitment/?report__id__exact={report}", "supervisor"),
        Page("admin: commitment list, one department", f"{admin}/commitment/?department={department}", "supervisor"),
        Page("admin: commitment list, search", f"{admin}/commitment/?q={QUERY}", "supervisor"),
        Page("admin: commitment list, as a reporter", f"{admin}/commitment/", "reporter"),
        Page("admin: commitment page", f"{admin}/commitment/{commitment}/change/", "supervisor"),
        Page("admin: new progress update, as the office", f"{admin}/progressupdate/add/", "supervisor"),
        Page("admin: new progress update, as a reporter", f"{admin}/progressupdate/add/", "reporter"),
        Page("admin: progress-update list", f"{admin}/progressupdate/", "supervisor"),
        Page("admin: progress-update list, as a reporter", f"{admin}/progressupdate/", "reporter"),
        Page("admin: acceptances", f"{admin}/acceptance/", "supervisor"),
        Page("admin: reporting completeness", f"{admin}/reportingcompleteness/", "supervisor"),
        Page("public: newest report", "/", None),
        Page("public: one report, one department", f"/?report={report}&department={department}", None),
        Page("public: commitment page", f"/commitments/{commitment}/", None),
        Page("public: report feed", f"/feeds/reports/{report}/", None),
        Page("public: department feed", f"/feeds/departments/{department}/", None),
        Page("dashboard, as a leader", f"/dashboard/?report={report}&as_of={as_of}", "leader", SLOW_PAGE_TARGET),
        Page("dashboard, as the office", f"/dashboard/?report={report}&as_of={as_of}", "supervisor", SLOW_PAGE_TARGET),
        Page("bulletin.docx", f"/dashboard/bulletin.docx?report={report}&as_of={as_of}", "leader", SLOW_PAGE_TARGET),
        Page("Excel export of one report (API)", f"/api/commitments/export.xlsx?report={report}", None),
    ]  # fmt: skip


def bench_users(department_id: int) -> dict:
    """A user of each role (the reporter of the benchmark's department), made once and kept."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from commitments.models import StaffProfile

    users = {}
    for role in ROLES:
        user, _ = get_user_model().objects.get_or_create(username=f"bench-{role}")
        if not user.is_staff:  # bench_user_token() may have made the supervisor for the API alone
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    StaffProfile.objects.update_or_create(user=users["reporter"], defaults={"department_id": department_id})
    return users


def session_cookies(users: dict) -> dict[str, str]:
    """A logged-in session of each user, as the Cookie header a browser would send."""
    from django.conf import settings
    from django.test import Client

    cookies = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies
