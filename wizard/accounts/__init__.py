"""Accounts: password hashing and login, throttling, the end of sessions; signed single-use
links (`links`), the administration of accounts (`profiles`) and the ProConnect linking rules
(`oidc`), re-exported here."""

import math
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, func, literal, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.security import check_password_hash, generate_password_hash

from wizard.db import UTCDateTime, db, utcnow
from wizard.models import LoginFailure, User

MIN_PASSWORD_LENGTH = 12

# A constant hash to compare against when the account does not exist, so that
# "unknown e-mail" costs the same time as "wrong password".
_DUMMY_HASH = None


def hash_password(password: str) -> str:
    """Hash with werkzeug's scrypt (or the config's method, cheaper in tests)."""
    method = "scrypt"
    try:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    except RuntimeError:  # outside an app context (e.g. a script)
        pass
    return generate_password_hash(password, method=method)


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("not-a-real-password")
    return _DUMMY_HASH


def find_user(email: str) -> User | None:
    """The account with this e-mail (case-insensitive), or None."""
    email = (email or "").strip().lower()
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


def authenticate(email: str, password: str) -> User | None:
    """The active account matching e-mail and password, or None (same cost either way)."""
    user = find_user(email)
    stored = user.password_hash if user and user.password_hash else _dummy_hash()
    ok = check_password_hash(stored, password or "")
    if user is None or not user.password_hash or not ok or not user.active:
        return None
    return user


# --- throttling -----------------------------------------------------------------
#
# One counter row per key (LoginFailure): "email:<address>" for an account (known or not, so
# a lock does not reveal which accounts exist), "ip:<address>" for a client address (only
# when TRUSTED_PROXY_HOPS says where the client address comes from), "reset:<address>" for
# password-reset requests. A window opens at the first hit; the hit that reaches the limit
# restarts it, so a lock lasts the whole window from then. Each hit is one INSERT … ON
# CONFLICT DO UPDATE … RETURNING statement: atomic on SQLite and PostgreSQL, so concurrent
# attempts cannot all read "not locked" before any of them is counted.


def account_key(email: str | None) -> str:
    return f"email:{(email or '').strip().lower()}"


def address_key(remote_addr: str | None) -> str | None:
    """The per-address throttling key, or None when per-address limits are off (the client
    address is only trusted once TRUSTED_PROXY_HOPS describes the proxies in front)."""
    if current_app.config.get("TRUSTED_PROXY_HOPS") is None:
        return None
    return f"ip:{remote_addr or 'unknown'}"


def reset_key(email: str | None) -> str:
    return f"reset:{(email or '').strip().lower()}"


def hit(key: str, limit: int, window_minutes: int) -> tuple[int, datetime]:
    """Count one attempt under `key`, atomically; (attempts in the window, window start).

    Commits at once: the count must be visible to concurrent requests (and SQLite's write
    lock released) before the caller does anything slow."""
    dialect = db.session.get_bind().dialect.name
    statement = hit_statement(dialect, key, limit, window_minutes, utcnow())
    failures, window_start = db.session.execute(statement).one()
    db.session.commit()
    return failures, window_start


def hit_statement(dialect: str, key: str, limit: int, window_minutes: int, now: datetime):
    """INSERT … ON CONFLICT (key) DO UPDATE … RETURNING for `dialect` (postgresql or sqlite):
    the window restarts when it expired and when this hit reaches the limit."""
    table = LoginFailure.__table__
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stamp = literal(now, UTCDateTime())
    expired = table.c.window_start < literal(now - timedelta(minutes=window_minutes), UTCDateTime())
    return (
        insert(table)
        .values(key=key, failures=1, window_start=now)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": case((expired, 1), else_=table.c.failures + 1),
                "window_start": case(
                    (expired | (table.c.failures + 1 == limit), stamp),
                    else_=table.c.window_start,
                ),
            },
        )
        .returning(table.c.failures, table.c.window_start)
    )


def blocked_for(key: str | None, limit: int, window_minutes: int) -> int:
    """Minutes left (rounded up) while `key` has reached `limit` in its window, else 0."""
    if key is None:
        return 0
    row = db.session.get(LoginFailure, key)
    if row is None or row.failures < limit:
        return 0
    return _minutes_left(row.window_start, window_minutes)


def _minutes_left(window_start: datetime, window_minutes: int) -> int:
    if window_start.tzinfo is None:  # SQLite through RETURNING: naive UTC
        window_start = window_start.replace(tzinfo=UTC)
    left = window_start + timedelta(minutes=window_minutes) - utcnow()
    return max(0, math.ceil(left.total_seconds() / 60))


def start_login_attempt(email: str) -> int:
    """Count a login attempt on this account *before* the password is checked.

    Returns 0 when the attempt may proceed, else the minutes left of the lock (the account
    had LOGIN_MAX_FAILURES attempts without success in its window). Counting first bounds
    the guesses to LOGIN_MAX_FAILURES even for concurrent attempts; a success clears it."""
    cfg = current_app.config
    limit, minutes = cfg["LOGIN_MAX_FAILURES"], cfg["LOGIN_LOCK_MINUTES"]
    failures, window_start = hit(account_key(email), limit, minutes)
    if failures <= limit:
        return 0
    return max(1, _minutes_left(window_start, minutes))


def address_blocked_for(remote_addr: str | None) -> int:
    """Minutes left of the lock of this client address (0: not locked, or limit off)."""
    cfg = current_app.config
    return blocked_for(
        address_key(remote_addr), cfg["LOGIN_IP_MAX_FAILURES"], cfg["LOGIN_LOCK_MINUTES"]
    )


def record_failure(remote_addr: str | None) -> None:
    """After a wrong password: count it against the client address (when that limit is on),
    and forget counters older than a day."""
    cfg = current_app.config
    key = address_key(remote_addr)
    if key is not None:
        hit(key, cfg["LOGIN_IP_MAX_FAILURES"], cfg["LOGIN_LOCK_MINUTES"])
    db.session.execute(
        delete(LoginFailure).where(LoginFailure.window_start < utcnow() - timedelta(days=1))
    )
    db.session.commit()


def reset_request_allowed(email: str) -> bool:
    """Count a password-reset request for this address (whether or not an account has it):
    False beyond RESET_MAX_REQUESTS within RESET_WINDOW_MINUTES."""
    cfg = current_app.config
    limit = cfg["RESET_MAX_REQUESTS"]
    failures, _ = hit(reset_key(email), limit, cfg["RESET_WINDOW_MINUTES"])
    return failures <= limit


def clear_failures(email: str) -> None:
    """Lift the account's lock (successful login, new password). The caller commits."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == account_key(email)))


def set_password(user: User, password: str) -> None:
    """A new password ends every session of the account and lifts its login lock.
    The caller commits."""
    user.password_hash = hash_password(password)
    end_sessions(user)
    clear_failures(user.email)


def end_sessions(user: User) -> None:
    """Invalidate every session and "remember me" cookie of `user` (the session user id
    carries `session_version`). Atomic in SQL; the caller commits."""
    if sa_inspect(user).has_identity:  # a new account has no session yet
        user.session_version = User.session_version + 1
        db.session.flush()  # UPDATE now; the attribute then reloads as a number


def set_active(user: User, active: bool) -> None:
    """Activate or deactivate an account; deactivation ends its sessions (reactivating the
    account later does not bring them back). The caller commits."""
    if user.active and not active:
        end_sessions(user)
    user.active = active


from wizard.accounts.links import TokenError, make_token, read_token  # noqa: E402
from wizard.accounts.oidc import SignInRefused, match_account  # noqa: E402
from wizard.accounts.oidc import unlink as unlink_proconnect  # noqa: E402
from wizard.accounts.profiles import (  # noqa: E402
    DEPARTMENT_CODES,
    AccountError,
    check_departments,
    resolve_communes,
    save_user,
)

__all__ = [
    "DEPARTMENT_CODES", "MIN_PASSWORD_LENGTH", "AccountError", "SignInRefused", "TokenError",
    "address_blocked_for", "authenticate", "check_departments", "clear_failures",
    "end_sessions", "find_user", "hash_password", "hit", "hit_statement", "make_token",
    "match_account", "unlink_proconnect",
    "read_token", "record_failure", "reset_request_allowed", "resolve_communes", "save_user",
    "set_active", "set_password", "start_login_attempt",
]
