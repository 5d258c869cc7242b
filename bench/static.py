"""What a browser downloads for the login page: `python bench/static.py`.

The application (test settings: WhiteNoise in front, as in production) served on loopback by
a threaded WSGI server that counts every request and the bytes of every response body; Debian's
Chromium (Playwright) opens the login page twice in the same profile: the first visit (empty
cache) and a repeat visit (the page reloaded by navigation), then a first visit of a browser
that accepts no compression, for comparison. Prints, for each visit, the requests that reached
the server and the bytes they carried, by kind.
"""

from __future__ import annotations

import shutil
import sys
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class Counting:
    """A WSGI wrapper recording (path, status, body bytes) of each response."""

    def __init__(self, app):
        self.app, self.seen, self.lock = app, [], threading.Lock()

    def __call__(self, environ, start_response):
        status = {}

        def start(code, headers, exc_info=None):
            status["code"] = int(code.split()[0])
            return start_response(code, headers, exc_info)

        body = b"".join(self.app(environ, start))
        with self.lock:
            self.seen.append((environ["PATH_INFO"], status.get("code"), len(body)))
        return [body]


def kind(path: str) -> str:
    if path.startswith("/dsfr/"):
        return "DSFR"
    if path.startswith("/static/"):
        return "application (static)"
    return "page"


def visit(page, base, counting, label):
    counting.seen.clear()
    page.goto(f"{base}/connexion", wait_until="networkidle")
    rows = list(counting.seen)
    by_kind = Counter()
    size = Counter()
    for path, _status, length in rows:
        by_kind[kind(path)] += 1
        size[kind(path)] += length
    print(f"\n{label}: {len(rows)} requests, {sum(size.values()) / 1024:.1f} KiB of bodies")
    for name in sorted(by_kind):
        print(f"  {name:22} {by_kind[name]:3} requests {size[name] / 1024:8.1f} KiB")
    statuses = Counter(status for _, status, _ in rows)
    print("  statuses:", dict(statuses))


def main() -> None:
    import logging

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from wizard import create_app
    from wizard.db import db

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        db.create_all()
    counting = Counting(app)
    server = make_server("127.0.0.1", 0, counting, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=["--headless=new", "--no-sandbox"])
            page = browser.new_page()
            visit(page, base, counting, "First visit (empty cache)")
            visit(page, base, counting, "Repeat visit (same browser)")
            plain = browser.new_context(extra_http_headers={"Accept-Encoding": "identity"})
            visit(plain.new_page(), base, counting, "First visit without compression (comparison)")
            browser.close()
    finally:
        server.shutdown()
        thread.join(timeout=5)


if __name__ == "__main__":
    main()
