"""Login throttling by client address: only behind a declared number of trusted proxies,
with its own (larger) threshold; the counter statement is atomic on both databases."""

import re

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from tests.helpers import TEST_PASSWORD, app_with_schema, csrf_token
from wizard import create_app
from wizard.db import db


@pytest.fixture
def proxied_app():
    """One trusted proxy in front (X-Forwarded-For's last address is the client)."""
    with app_with_schema({"TRUSTED_PROXY_HOPS": 1, "LOGIN_IP_MAX_FAILURES": 8}) as app:
        yield app


def make_user(email):
    from wizard.accounts import hash_password
    from wizard.models import Role, User

    user = User(email=email, name="Camille", role=Role.ADVISER, active=True,
                password_hash=hash_password(TEST_PASSWORD))
    db.session.add(user)
    db.session.commit()
    return user


def login(app, email, password, forwarded_for):
    client = app.test_client()
    headers = {"X-Forwarded-For": forwarded_for}
    page = client.get("/connexion", headers=headers)
    return client.post("/connexion", headers=headers, data={
        "email": email, "password": password, "csrf_token": csrf_token(page.text)})


def test_an_address_is_locked_after_its_own_threshold_only(proxied_app):
    user = make_user("conseil@region.fr")
    attacker, colleague = "203.0.113.7", "198.51.100.2"
    for i in range(8):  # below the per-account limit on each account
        assert login(proxied_app, f"guess{i % 2}@region.fr", "bad", attacker).status_code == 401
    locked = login(proxied_app, user.email, TEST_PASSWORD, attacker)
    assert locked.status_code == 429
    assert "depuis votre adresse réseau" in locked.text
    assert "suspension est levée" not in locked.text  # a new password would not lift this one
    # a forged X-Forwarded-For in front of the proxy's own entry changes nothing
    forged = login(proxied_app, user.email, TEST_PASSWORD, f"198.51.100.9, {attacker}")
    assert forged.status_code == 429
    # the rest of the office (another address) is not locked
    assert login(proxied_app, user.email, TEST_PASSWORD, colleague).status_code == 302


def test_remote_addr_comes_from_the_trusted_proxy(proxied_app):
    from flask import request

    seen = []
    proxied_app.before_request(lambda: seen.append(request.remote_addr))
    proxied_app.test_client().get("/connexion", headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.7"})
    assert seen == ["203.0.113.7"]


def test_without_trusted_proxies_x_forwarded_for_is_ignored(app):
    from flask import request

    seen = []
    app.before_request(lambda: seen.append(request.remote_addr))
    app.test_client().get("/connexion", headers={"X-Forwarded-For": "203.0.113.7"})
    assert seen == ["127.0.0.1"]
    assert app.config["TRUSTED_PROXY_HOPS"] is None


def test_proxy_hops_must_be_a_count():
    from config import ConfigurationError

    with pytest.raises(ConfigurationError, match="TRUSTED_PROXY_HOPS"):
        create_app({"TRUSTED_PROXY_HOPS": -1})


def test_the_counter_counts_in_one_atomic_statement(app):
    from wizard import accounts
    from wizard.models import LoginFailure

    assert [accounts.hit("email:x@example.fr", 3, 15)[0] for _ in range(5)] == [1, 2, 3, 4, 5]
    assert db.session.get(LoginFailure, "email:x@example.fr").failures == 5


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_the_counter_statement_is_an_upsert_returning_the_count(app, dialect):
    """INSERT … ON CONFLICT DO UPDATE … RETURNING on both databases (PostgreSQL compiled only)."""
    from wizard import accounts
    from wizard.db import utcnow

    statement = accounts.hit_statement(dialect.name, "email:x@example.fr", 5, 15, utcnow())
    sql = " ".join(str(statement.compile(dialect=dialect)).split()).replace('"', "")
    assert sql.startswith("INSERT INTO login_failures (key, failures, window_start) VALUES")
    assert "ON CONFLICT (key) DO UPDATE SET" in sql
    assert "DO UPDATE SET failures = CASE WHEN (login_failures.window_start" in sql
    assert "ELSE login_failures.failures + " in sql
    assert re.search(r"RETURNING (login_failures\.)?failures, (login_failures\.)?window_start$",
                     sql)
