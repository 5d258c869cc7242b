"""20 simultaneous wrong passwords on one account through the threaded HTTP server: the
password is checked at most LOGIN_MAX_FAILURES times (each attempt is counted before the
slow hash check, in one atomic statement), the others are refused as locked."""

import threading
import time

from tests.helpers import TEST_PASSWORD
from tests.integration.http import Browser
from wizard import accounts

THREADS = 20


def test_concurrent_guesses_are_bounded(live_server, live_app, monkeypatch):
    real_check = accounts.check_password_hash
    checked, statuses = [], []
    lock = threading.Lock()

    def slow_check(stored, password):
        with lock:
            checked.append(password)
        time.sleep(0.3)  # the hash's cost, exaggerated: every attempt is in flight at once
        return real_check(stored, password)

    monkeypatch.setattr(accounts, "check_password_hash", slow_check)
    browsers = [Browser(live_server) for _ in range(THREADS)]
    tokens = [browser.token_and_version("/connexion")[0] for browser in browsers]
    barrier = threading.Barrier(THREADS)

    def attempt(n):
        barrier.wait()
        status, _ = browsers[n].request("/connexion", {
            "email": "porteur@lille.fr", "password": f"guess-{n}", "csrf_token": tokens[n]})
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    limit = live_app.config["LOGIN_MAX_FAILURES"]
    assert sorted(statuses) == [401] * limit + [429] * (THREADS - limit)
    assert len(checked) == limit
    # and the right password is refused too until the lock ends
    browser = Browser(live_server)
    token, _ = browser.token_and_version("/connexion")
    status, body = browser.request("/connexion", {
        "email": "porteur@lille.fr", "password": TEST_PASSWORD, "csrf_token": token})
    assert status == 429 and "suspendue pendant 15 minutes" in body
