"""20 threads × 50 saves on one dossier through the HTTP server: every save is either applied
or refused as a conflict, the final document is the last applied save, and SQLite never
answers "database is locked"."""

import threading

from tests.integration.http import Browser
from wizard.db import db
from wizard.models import AuditEvent, Dossier

THREADS, SAVES = 20, 50
STEP = "/dossiers/1/etapes/porteur-territoire"


def test_concurrent_saves_are_applied_or_refused(live_server, live_app):
    creator = Browser(live_server).login()
    token, _ = creator.token_and_version("/dossiers/nouveau")
    assert creator.request("/dossiers/nouveau", {"csrf_token": token, "commune": "59350",
                                                 "title": "Concurrence"})[0] == 302
    outcomes, errors = [], []
    lock = threading.Lock()

    # signed in one after the other: twenty simultaneous sign-ins to one account are what
    # the login throttle refuses (it counts attempts before checking the password)
    browsers = [Browser(live_server).login() for _ in range(THREADS)]

    def worker(n):
        browser = browsers[n]
        for i in range(SAVES):
            token, version = browser.token_and_version(STEP)
            status, body = browser.request(STEP, {
                "csrf_token": token, "version": version, "action": "draft",
                "holder_name": f"Porteur {n}-{i}", "years": "3", "commune": "59350"})
            with lock:
                outcomes.append(status)
                if status not in (302, 409) or "locked" in body:
                    errors.append((status, body[:300]))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    applied = outcomes.count(302)
    assert applied + outcomes.count(409) == THREADS * SAVES
    assert applied >= 1
    with live_app.app_context():
        dossier = db.session.get(Dossier, 1)
        saves = AuditEvent.query.filter_by(dossier_id=1, action="dossier_saved").order_by(AuditEvent.id).all()
        # every applied save bumped the version once and left one audit event
        assert len(saves) == applied
        assert dossier.version == 1 + applied
        last = saves[-1]
        assert "holder.name" in last.details["changed"]
        assert dossier.document["holder"]["name"].startswith("Porteur ")
        integrity = db.session.execute(db.text("PRAGMA integrity_check")).scalar()
        assert integrity == "ok"
