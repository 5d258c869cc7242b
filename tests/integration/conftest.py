"""A real server on loopback (threaded WSGI server) over a SQLite file in WAL mode: the same
seeded app and server as the browser tests."""

import pytest

from tests.browser.conftest import live_app, live_server  # noqa: F401


@pytest.fixture
def server_url(live_server):  # noqa: F811
    return live_server
