"""Signed, expiring, single-use links for invitations and password resets, bound to the
account's password and e-mail address."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from wizard.db import db
from wizard.models import User


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"account-{purpose}")


def _fingerprint(user: User) -> str:
    """Changes whenever the password changes: a used link cannot be used again."""
    return hashlib.sha256((user.password_hash or f"unset-{user.id}").encode()).hexdigest()[:16]


def _email_fingerprint(email: str | None) -> str:
    """Changes with the account's (normalized) address: a link sent to a mistyped address
    dies when an administrator corrects it."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    """A signed link token for `purpose` ('invitation' or 'reset'), bound to the account's
    password (single use) and e-mail address."""
    return _serializer(purpose).dumps(
        {"uid": user.id, "fp": _fingerprint(user), "em": _email_fingerprint(user.email)}
    )


class TokenError(Exception):
    """The link is invalid, expired or already used (French message in args[0])."""


def read_token(token: str, purpose: str) -> User:
    """The user a valid token designates. Raises TokenError otherwise."""
    max_age = current_app.config["TOKEN_MAX_AGE_HOURS"] * 3600
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError("Ce lien a expiré. Demandez-en un nouveau.") from None
    except BadSignature:
        raise TokenError("Ce lien n'est pas valide.") from None
    user = db.session.get(User, data.get("uid"))
    if (
        user is None
        or not user.active
        or data.get("fp") != _fingerprint(user)
        or data.get("em") != _email_fingerprint(user.email)
    ):
        raise TokenError("Ce lien n'est plus valide : il a déjà été utilisé ou remplacé.")
    return user
