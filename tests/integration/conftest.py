"""A real server on loopback (threaded WSGI server) over a SQLite file in WAL mode."""

import threading

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import live_app  # noqa: F401  (same seeded app)


@pytest.fixture
def server_url(live_app):  # noqa: F811
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
