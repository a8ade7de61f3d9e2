import shutil
from pathlib import Path

import pytest
from django.db import connections

from tests.helpers import ARTIFACTS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser(monkeypatch):
    # Sync Playwright runs an event loop in this thread; for this test only (the deploy check refuses it).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make test installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,  # Debian's chromium; `playwright install` cannot download here
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        # The test's database connection was opened while Playwright's event loop ran in this thread: Django does
        # not close it at teardown, and the suite then could not drop its test database ("being accessed by
        # other users"). Close it here.
        connections.close_all()
        browser.close()


@pytest.fixture
def live_server(settings, transactional_db):
    """A live server started for this test, after the suite's settings (plain HTTP) are in place.

    pytest-django's own is session-wide and builds its middleware before the per-test settings,
    so it would redirect the browser to HTTPS.
    """
    from pytest_django.live_server_helper import LiveServer

    settings.SECURE_SSL_REDIRECT = False
    server = LiveServer("localhost")
    yield server
    server.stop()
