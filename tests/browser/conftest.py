"""Real-browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium the tests are skipped, saying how to install it; with CI=true a missing browser
fails the run instead, so CI cannot go green without having run them. Playwright never downloads a
browser here (`playwright install` is not used): it drives the system's Chromium.

Every page fixture fails its test on a JavaScript console error, an uncaught exception, a failed request,
an HTTP error response or any request to another host (nothing may leave the server: intranet use).
Screenshots go to test-artifacts/screenshots/ (ignored by git) for a person to look at after a run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
INSTALL_HINT = "Chromium is needed for the browser tests: apt-get install -y chromium fonts-noto-cjk"


def require_chromium() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} not found. {INSTALL_HINT}"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed: make install (it is in the dev extra)"
    if problem:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI=true and the browser tests cannot run: {problem}", pytrace=False)
        pytest.skip(problem)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Chromium per test module."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread, so Django would refuse the ORM calls that
    # the test makes between browser steps. They are plain synchronous calls; allow them, and only while the
    # browser is up, so the rest of the suite keeps Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Problems(list):
    """What went wrong in the browser during a test; a test that expects an error status can allow it."""

    def __init__(self) -> None:
        super().__init__()
        self.allowed_statuses: set[int] = set()


@pytest.fixture
def browser_problems() -> Problems:
    return Problems()


def new_page(browser, live_server, problems: Problems, **context_options):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **context_options
    )
    context.set_default_timeout(15_000)
    page = context.new_page()

    def on_console(message) -> None:
        if message.type == "error":
            problems.append(f"console error on {page.url}: {message.text}")

    def on_response(response) -> None:
        if response.status >= 400 and response.status not in problems.allowed_statuses:
            problems.append(f"HTTP {response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught exception on {page.url}: {error}"))

    def on_request_failed(request) -> None:
        # ERR_ABORTED is a request the page itself dropped on navigating away (say, its icon): not a fault.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)

    def keep_local(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    context.route("**/*", keep_local)
    return context, page


@pytest.fixture
def open_page(browser, live_server, browser_problems: Problems) -> Iterator:
    """open_page(**context_options) opens a page in a fresh browser context: its own cookies, so its own
    login. The test fails if any of its pages saw a problem."""
    contexts = []

    def open_(**context_options):
        options = {"viewport": {"width": 1280, "height": 900}, **context_options}
        context, page = new_page(browser, live_server, browser_problems, **options)
        contexts.append(context)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not browser_problems, "The browser saw problems:\n" + "\n".join(browser_problems)


@pytest.fixture
def page(open_page):
    """A desktop-sized page (1280 × 900) on the live server."""
    return open_page()


@pytest.fixture
def phone(open_page):
    """A phone-width page (390 × 844, touch) on the live server."""
    return open_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)


def admin_login(page, username: str, password: str) -> None:
    """Logs in through the admin's login form, as a person would."""
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.fixture
def screenshot():
    """screenshot(page, "public-list") saves test-artifacts/screenshots/public-list.png (the whole page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
