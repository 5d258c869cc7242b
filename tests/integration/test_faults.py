"""Faults: the server killed mid-save, the database unreachable, locked or gone.

(a) A gunicorn server (1 worker, its own process group) is killed with SIGKILL while a client
thread saves a step in a loop, then restarted on the same SQLite file: the file is intact,
the dossier holds one of the documents that were sent (never half a save), every
acknowledged save survived, and version = 1 + number of `dossier_saved` events. Wherever the
kill lands (connecting, sending, before the status line, in the headers or the body), the
client ends on one of the errors in SERVER_GONE; any other error, or one before the kill,
fails the test.
(b) The database unreachable (PostgreSQL URL with nobody listening), locked by another
writer, or moved away: pages and saves answer the French 503 page, and once the database is
back nothing was lost or half-written.
"""

import ctypes
import http.client
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
from pathlib import Path

import pytest

from tests.helpers import seed_lille_and_lead
from tests.integration.http import Browser
from tests.plugins.live_server import serve
from wizard import create_app
from wizard.db import db
from wizard.document import validate
from wizard.models import AuditEvent, Dossier

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
STEP = "/dossiers/1/etapes/porteur-territoire"
UNAVAILABLE = "Service momentanément indisponible"
PR_SET_CHILD_SUBREAPER = 36
ACKNOWLEDGED_BEFORE_KILL = 25
# What an HTTP client gets when the server dies in the middle of an exchange. urllib wraps in
# URLError only the errors of connecting and sending; those of reading the response come raw:
# RemoteDisconnected (closed before the status line; also a ConnectionResetError),
# ConnectionResetError, TimeoutError (socket.timeout), and — not OSErrors — IncompleteRead
# (closed in the body) or another HTTPException (BadStatusLine, LineTooLong: closed in the
# status line). A response closed inside its headers raises nothing: it reads as complete,
# with an empty body (then Browser.token_and_version finds no CSRF token: AssertionError).
SERVER_GONE = (
    urllib.error.URLError,
    http.client.RemoteDisconnected,
    ConnectionResetError,
    BrokenPipeError,
    ConnectionRefusedError,
    TimeoutError,
    OSError,
    http.client.IncompleteRead,
    http.client.HTTPException,
)


def _seed(app):
    """Lille and one lead of Lille, in a fresh schema."""
    with app.app_context():
        seed_lille_and_lead()
        db.engine.dispose()


def _new_dossier(browser):
    token, _ = browser.token_and_version("/dossiers/nouveau")
    status, _ = browser.request("/dossiers/nouveau", {"csrf_token": token, "commune": "59350",
                                                      "title": "Pannes"})
    assert status == 302


def _save(browser, name):
    """One save of the first step with the holder's name set to `name`: (status, body)."""
    token, version = browser.token_and_version(STEP)
    return browser.request(STEP, {
        "csrf_token": token, "version": version, "action": "draft", "commune": "59350",
        "years": "3", "holder_kind": "commune", "holder_name": name,
        "contact_name": "Claire Dubois", "contact_email": "claire.dubois@lille.example.fr",
    })


def _integrity(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


# --- (a) kill -9 during a save loop ---------------------------------------------------------


def _subreaper(on: bool) -> None:
    """Become (or stop being) the reaper of orphaned descendants, so that the killed master's
    worker is reaped here and its group can be checked empty."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


class _Server:
    """gunicorn --workers 1 in its own process group (start_new_session), listening on a
    socket bound here and handed over (fd://): no other process can take the port between
    choosing it and gunicorn's start, and connections wait in the backlog until it serves.
    Only gunicorn keeps the socket open, so its death closes the port."""

    def __init__(self, env, log):
        self.log = log
        with socket.create_server(("127.0.0.1", 0)) as listener, log.open("ab") as stderr:
            self.url = f"http://127.0.0.1:{listener.getsockname()[1]}"
            self.proc = subprocess.Popen(
                [str(GUNICORN), "--workers", "1", "--bind", f"fd://{listener.fileno()}",
                 "--log-level", "warning", "wizard:create_app()"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr,
                pass_fds=[listener.fileno()], start_new_session=True)
        self.pgid = self.proc.pid

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-2000:]
            try:
                if Browser(self.url).request("/healthz")[0] == 200:
                    return
            except SERVER_GONE:  # not up yet, or died starting (seen by poll() above)
                pass
            time.sleep(0.1)
        raise AssertionError("gunicorn did not answer in time")

    def kill(self):
        """SIGKILL to the whole group, then reap every member and check the group is empty."""
        try:
            os.killpg(self.pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                pid, _ = os.waitpid(-self.pgid, os.WNOHANG)  # the orphaned worker, if ours
            except ChildProcessError:
                pid = None
            try:
                os.killpg(self.pgid, 0)
            except ProcessLookupError:
                return  # no member left, zombies included
            if not pid:
                time.sleep(0.05)
        raise AssertionError(f"process group {self.pgid} still has members")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl and process groups")
def test_kill_9_during_saves_leaves_a_whole_document(tmp_path):
    if not GUNICORN.exists():
        pytest.skip(f"gunicorn absent ({GUNICORN})")
    path = tmp_path / "faults.sqlite"
    _seed(create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "WIZARD_"))}
    env.update(WIZARD_ENV="development", DATABASE_URL=f"sqlite:///{path}",
               SECRET_KEY="faults-secret", MAIL_BACKEND="memory", PYTHONPATH=str(ROOT))

    sent, acknowledged, outcomes, failures = [], [], [], []
    enough = threading.Event()  # enough saves acknowledged, the next one about to go (or over)
    killing = threading.Event()  # set just before the SIGKILL: losing the server is expected
    stop = threading.Event()
    servers = []
    _subreaper(True)
    try:
        server = _Server(env, tmp_path / "gunicorn.log")
        servers.append(server)
        server.wait_ready()
        browser = Browser(server.url).login()
        _new_dossier(browser)
        assert _save(browser, "Nom de référence")[0] == 302

        def save_loop():
            """Save until the server is gone; record any error it should not have met."""
            try:
                for i in range(5000):  # bounded; the kill ends it long before
                    if stop.is_set():
                        return
                    name = f"Ville de Lille {i}"
                    try:
                        token, version = browser.token_and_version(STEP)
                    except AssertionError:  # the page, cut inside its headers, reads empty
                        if killing.is_set():
                            return
                        raise
                    if len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL:
                        enough.set()  # the kill lands on this save or on one of the next
                    sent.append(name)
                    status, _ = browser.request(STEP, {
                        "csrf_token": token, "version": version, "action": "draft",
                        "commune": "59350", "years": "3", "holder_kind": "commune",
                        "holder_name": name, "contact_name": "Claire Dubois",
                        "contact_email": "claire.dubois@lille.example.fr"})
                    outcomes.append(status)
                    if status != 302:
                        return
                    acknowledged.append(name)
            except SERVER_GONE as error:
                if not killing.is_set():  # the server failed on its own
                    failures.append(error)
            except BaseException as error:  # noqa: BLE001  (reported by the test, not lost)
                failures.append(error)
            finally:
                enough.set()

        thread = threading.Thread(target=save_loop, name="save-loop", daemon=True)
        thread.start()
        assert enough.wait(timeout=60), "the save loop is stuck"
        assert not failures and len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL, (
            failures, outcomes[-5:])
        killing.set()
        server.kill()  # SIGKILL, most likely in the middle of a save
        thread.join(timeout=40)  # the loop ends on the first request that meets no server
        assert not thread.is_alive()
        assert failures == [], failures
        assert set(outcomes) == {302}, outcomes  # nothing but saves until the kill

        # restarted on the same file, the server serves the dossier again
        server = _Server(env, tmp_path / "gunicorn.log")
        servers.append(server)
        server.wait_ready()
        browser.base = server.url
        assert browser.request(STEP)[0] == 200
        server.kill()
    finally:
        stop.set()
        for s in servers:
            if s.proc.poll() is None or _group_alive(s.pgid):
                s.kill()
        _subreaper(False)

    assert _integrity(path) == "ok"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        dossier = db.session.get(Dossier, 1)
        saves = AuditEvent.query.filter_by(dossier_id=1, action="dossier_saved").count()
        name = dossier.document["holder"]["name"]
        assert validate(dossier.document) == []
        assert dossier.version == 1 + saves
        # one of the documents sent, and no acknowledged save lost: the last acknowledged one
        # or the one in flight when the server died
        assert name in sent
        assert name in (acknowledged[-1], *sent[sent.index(acknowledged[-1]) + 1:])
        assert saves == 1 + len(acknowledged) + (name != acknowledged[-1])
        assert dossier.document["holder"]["contact_name"] == "Claire Dubois"
        db.engine.dispose()


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


# --- (b) the database unavailable ------------------------------------------------------------


def test_step_page_and_save_answer_a_french_503_without_the_database():
    down = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x@127.0.0.1:1/none",
                       "WTF_CSRF_ENABLED": False})
    client = down.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1"
    response = client.get(STEP)
    assert response.status_code == 503
    assert UNAVAILABLE in response.text and 'lang="fr"' in response.text
    response = client.post(STEP, data={"version": "1", "holder_name": "X", "years": "3"})
    assert response.status_code == 503
    assert UNAVAILABLE in response.text


@pytest.fixture
def faulty(tmp_path):
    """A threaded server on loopback over a SQLite file, a short busy timeout."""
    path = tmp_path / "faulty.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                      "SQLITE_BUSY_TIMEOUT_MS": 300})
    _seed(app)
    try:
        with serve(app) as base:
            browser = Browser(base).login()
            _new_dossier(browser)
            assert _save(browser, "Ville de Lille")[0] == 302
            yield app, path, browser
    finally:
        with app.app_context():
            db.engine.dispose()


def _state(app):
    with app.app_context():
        dossier = db.session.get(Dossier, 1)
        events = AuditEvent.query.filter_by(dossier_id=1).count()
        state = dossier.version, dossier.document, events
        db.session.remove()
        return state


def _assert_intact_then_saves(app, path, browser, before, token, version):
    assert _integrity(path) == "ok"
    assert _state(app) == before  # the refused save left no trace, not even half of one
    status, html = browser.request(STEP)
    assert status == 200 and "Ville de Lille" in html
    # the form that got the 503 can be sent again as it was: same version, now saved
    status, _ = browser.request(STEP, {
        "csrf_token": token, "version": version, "action": "draft", "commune": "59350",
        "years": "3", "holder_kind": "commune", "holder_name": "Après la panne"})
    assert status == 302
    version_after, document, _ = _state(app)
    assert version_after == before[0] + 1 and document["holder"]["name"] == "Après la panne"


def test_save_against_a_locked_database_answers_503_and_loses_nothing(faulty):
    app, path, browser = faulty
    before = _state(app)
    token, version = browser.token_and_version(STEP)
    writer = sqlite3.connect(path, timeout=5, isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")  # another writer holds the lock past the busy timeout
        status, html = browser.request(STEP, {
            "csrf_token": token, "version": version, "action": "draft", "commune": "59350",
            "years": "3", "holder_kind": "commune", "holder_name": "Pendant le verrou"})
        assert status == 503, html[:500]
        assert UNAVAILABLE in html
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    _assert_intact_then_saves(app, path, browser, before, token, version)


def test_save_against_a_vanished_database_answers_503_and_loses_nothing(faulty, tmp_path):
    app, path, browser = faulty
    before = _state(app)
    token, version = browser.token_and_version(STEP)
    aside = tmp_path / "aside"
    aside.mkdir()
    with app.app_context():
        db.engine.dispose()  # no pooled connection keeps the old file open
    files = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    for p in files:
        shutil.move(p, aside / p.name)
    try:
        status, html = browser.request(STEP, {
            "csrf_token": token, "version": version, "action": "draft", "commune": "59350",
            "years": "3", "holder_kind": "commune", "holder_name": "Fichier disparu"})
        assert status == 503, html[:500]
        assert UNAVAILABLE in html
    finally:
        with app.app_context():
            db.engine.dispose()
        for suffix in ("", "-wal", "-shm"):  # the empty database the failed request created
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        for p in files:
            shutil.move(aside / p.name, p)
    _assert_intact_then_saves(app, path, browser, before, token, version)
