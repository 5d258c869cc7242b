"""« Mot de passe oublié » gives the same answer, after the same work, whether or not the
account exists: the mail leaves after the response, a mail failure is logged and recorded
(never a 500), and each address gets at most RESET_MAX_REQUESTS mails an hour."""

import logging
import socket

import pytest
from sqlalchemy import event

from tests.helpers import csrf_token
from wizard import mail
from wizard.db import db
from wizard.models import AuditEvent

ANSWER = "Si un compte actif correspond à cette adresse"


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox.clear()
    yield
    mail.outbox.clear()


def ask(client, email):
    """POST the form; the response is left open (its close() runs after-response work)."""
    page = client.get("/mot-de-passe-oublie")
    return client.post("/mot-de-passe-oublie",
                       data={"email": email, "csrf_token": csrf_token(page.text)})


def flashed(client):
    with client.session_transaction() as session:
        messages = session.pop("_flashes", [])
    return messages


@pytest.fixture
def smtp_down(app):
    with socket.socket() as s:  # a port nobody listens on: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)


def test_smtp_down_gives_the_same_answer_and_is_recorded(client, create_user, smtp_down, caplog):
    user = create_user("lead")
    answers = []
    with caplog.at_level(logging.ERROR):
        for email in (user.email, "nobody@example.fr"):
            response = ask(client, email)
            response.close()
            answers.append((response.status_code, response.headers["Location"], flashed(client)))
    assert answers[0] == answers[1]
    assert answers[0][0] == 302 and ANSWER in answers[0][2][0][1]
    failures = AuditEvent.query.filter_by(action="mail_failed").all()
    assert [(e.user_id, e.details["event"]) for e in failures] == [(user.id, "reset")]
    assert any("reset" in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)


def test_the_mail_leaves_after_the_response(client, create_user):
    user = create_user("lead")
    response = ask(client, user.email)
    assert response.status_code == 302
    assert mail.outbox == []  # the answer is complete before any mail work
    response.close()
    assert [m["To"] for m in mail.outbox] == [user.email]


def test_the_request_does_the_same_database_work_either_way(app, client, create_user):
    user = create_user("lead")
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement.split()[0])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        works = []
        for email in (user.email, "nobody@example.fr"):
            page = client.get("/mot-de-passe-oublie")
            statements.clear()
            response = client.post("/mot-de-passe-oublie",
                                   data={"email": email, "csrf_token": csrf_token(page.text)})
            works.append(list(statements))
            response.close()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert works[0] == works[1]


def test_reset_requests_are_limited_per_address_silently(client, create_user):
    user = create_user("lead", email="camille@lille.fr")
    answers = []
    for email in ("camille@lille.fr", "Camille@Lille.fr", "camille@lille.fr", "camille@lille.fr"):
        response = ask(client, email)
        response.close()
        answers.append((response.status_code, response.headers["Location"], flashed(client)))
    assert len(set(map(repr, answers))) == 1  # four identical answers
    assert [m["To"] for m in mail.outbox] == [user.email] * 3
    other = create_user("lead", email="dominique@lille.fr")
    ask(client, other.email).close()
    assert mail.outbox[-1]["To"] == other.email


def test_an_invalid_address_is_still_a_form_error(client):
    response = ask(client, "pas-une-adresse")
    assert response.status_code == 400
    assert "Adresse électronique invalide" in response.text
