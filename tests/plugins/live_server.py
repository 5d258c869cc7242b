"""The live application, for the browser and integration tests (a pytest plugin, registered by
the root conftest with `pytest_plugins`): the app served on loopback by a thread, and Debian's
Chromium driven by Playwright.

`serve(app)` is the one way the tests start a threaded server (fixtures of their own use it
too); `live_app` is the application on a SQLite file with Lille and a lead of Lille,
`live_server` its base URL; `chromium_path`, `browser` and `page` launch the browser.

The browser is never downloaded by the test tool: Playwright drives /usr/bin/chromium
(installed by .ci/run). Outside CI, without Chromium, the browser tests are skipped with the
reason; in CI they must run. A failing test leaves a screenshot in test-artifacts/.
"""

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.helpers import seed_lille_and_lead
from wizard import create_app
from wizard.db import db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


ASSETS = ("/dsfr/", "/static/")


def _buffered(app):
    """`app` with the assets' responses (files) read whole and closed before they are sent.
    Werkzeug's test server drops the response of a connection the browser closes (a page
    left while its icons load) without closing it, leaving the served file open (a
    ResourceWarning, an error under `filterwarnings = error`). Pages stay as they are: their
    close runs after the response (mail sent after the answer, for instance)."""
    def wsgi(environ, start_response):
        iterable = app(environ, start_response)
        if not environ.get("PATH_INFO", "").startswith(ASSETS):
            return iterable
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()

    return wsgi


@contextmanager
def serve(app):
    """`app` served by a threaded WSGI server on a free loopback port, in a thread: yields the
    base URL; on exit the server is shut down (its socket closed) and the thread joined."""
    server = make_server("127.0.0.1", 0, _buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def launch_chromium(playwright, executable_path):
    """Chromium at `executable_path`, headless, through a started Playwright."""
    return playwright.chromium.launch(executable_path=executable_path, args=CHROMIUM_ARGS)


@pytest.fixture
def live_app(tmp_path):
    """The application on a SQLite file, with Lille and a lead of Lille."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite'}"})
    with app.app_context():
        seed_lille_and_lead()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    """The base URL of `live_app` served on loopback."""
    with serve(live_app) as base:
        yield base


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI (expected at {CHROMIUM})")
        pytest.skip(f"no Chromium at {CHROMIUM}: browser tests skipped outside CI")
    return CHROMIUM


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw, chromium_path)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (`rep_call` tells `page` the test failed)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
