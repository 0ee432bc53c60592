"""The browser tests' guard: skipped with an install hint on a newcomer's machine, failing in CI."""

from pathlib import Path

import pytest

from tests.browser import conftest as browser


def test_missing_chromium_skips_with_the_install_command(monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        browser.require_chromium()


def test_missing_chromium_fails_in_ci(monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        browser.require_chromium()
