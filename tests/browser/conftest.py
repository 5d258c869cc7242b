"""Browser tests: marked `browser`; the live server and Chromium come from
tests/plugins/live_server.py (registered by the root conftest)."""

import pytest

from tests.browser.fixtures import seed_cast


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def cast(live_app):
    """`live_app` with the whole cast of the review path (see `seed_cast`)."""
    seed_cast(live_app)
    return live_app
