"""Through the threaded HTTP server, a slow mail server does not delay the answer to
« Mot de passe oublié » (the mail leaves after the response): its time reveals nothing."""

import threading
import time

from tests.integration.http import Browser
from wizard import notifications

SMTP_DELAY = 1.5


def test_a_slow_mail_server_does_not_delay_the_answer(live_server, live_app, monkeypatch):
    sent = []
    done = threading.Event()

    def slow_send(to, subject, body):
        time.sleep(SMTP_DELAY)
        sent.append(to)
        done.set()

    monkeypatch.setattr(notifications, "send_mail", slow_send)
    timings = {}
    for email in ("porteur@lille.fr", "nobody@lille.fr"):
        browser = Browser(live_server)
        token, _ = browser.token_and_version("/mot-de-passe-oublie")
        start = time.monotonic()
        status, _ = browser.request("/mot-de-passe-oublie", {"email": email, "csrf_token": token})
        timings[email] = time.monotonic() - start
        assert status == 302
    assert timings["porteur@lille.fr"] < SMTP_DELAY - 0.5, timings
    assert done.wait(timeout=10)
    assert sent == ["porteur@lille.fr"]
