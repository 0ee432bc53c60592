"""The admin list's search-box filters in a browser: picking a department reloads the list filtered, and
clearing it shows everything again."""

from urllib.parse import parse_qs, urlparse

from django.core.management import call_command

from commitments.models import Commitment, Department

from ..factories import UserFactory
from .conftest import admin_login


def test_the_department_filter_is_picked_in_a_search_box(open_page, screenshot):
    call_command("loaddata", "jiangcheng_2020", verbosity=0)
    # A superuser: the role groups (a data migration's) are gone once an earlier live-server test flushed.
    office = UserFactory(username="office", is_staff=True, is_superuser=True)
    office.set_password("office-password")
    office.save()
    department = Department.objects.filter(led_commitments__isnull=False).order_by("name").first()
    page = open_page()
    admin_login(page, "office", "office-password")
    page.goto("/admin/commitments/commitment/?status=not_started")
    page.click("#filter_department + .select2")
    page.fill(".select2-search__field", department.name)
    page.locator(".select2-results__option", has_text=department.name).first.click()
    page.wait_for_url("**department=*")
    query = parse_qs(urlparse(page.url).query)
    # The other filters stay; the page goes back to the first.
    assert query == {"status": ["not_started"], "department": [str(department.pk)]}
    expected = Commitment.objects.for_department(department.pk).filter(status="not_started").count()
    assert page.locator("#result_list tbody tr").count() == min(expected, 50)
    screenshot(page, "admin-commitment-list-filtered")
    # Clearing the box lifts the filter and keeps the others.
    page.click("#filter_department + .select2 .select2-selection__clear")
    page.wait_for_url(lambda url: "department=" not in url)
    assert parse_qs(urlparse(page.url).query) == {"status": ["not_started"]}
