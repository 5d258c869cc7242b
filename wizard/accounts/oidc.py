"""Which account a ProConnect sign-in opens: the linking rules.

An account is found by the provider's stable subject (`sub`) once linked. The first sign-in
links an *existing, active* account with the same e-mail (ProConnect verifies the
addresses it sends); nothing is ever created from the provider's claims. A deactivated
account is refused whichever way it is found. An administrator may unlink an account
(`unlink`): its next ProConnect sign-in links it again by e-mail.
"""

from sqlalchemy import select

from wizard.db import db, utcnow
from wizard.models import User
from wizard.models.audit import record

UNKNOWN = (
    "Votre compte n'est pas encore ouvert : contactez la mission régionale. "
    "Aucun compte de l'application ne correspond à l'adresse électronique {email} "
    "transmise par ProConnect."
)
DEACTIVATED = "Ce compte est désactivé : contactez la mission régionale."
LINKED_ELSEWHERE = (
    "Le compte de l'adresse {email} est déjà relié à une autre identité ProConnect : "
    "contactez la mission régionale."
)


class SignInRefused(Exception):
    """The provider authenticated someone this application does not let in; `message` is
    the French sentence to show, `reason` a short code for the audit log."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def find_linked(subject: str) -> User | None:
    return db.session.scalar(select(User).where(User.oidc_subject == subject))


def match_account(subject: str, email: str | None) -> User:
    """The account this ProConnect identity opens, linking it on its first sign-in.

    Raises SignInRefused (unknown e-mail, deactivated account, an account already linked to
    another subject). The caller commits."""
    from wizard.accounts import find_user

    if not subject:
        raise SignInRefused("no_subject", UNKNOWN.format(email=email or "(aucune)"))
    user = find_linked(subject)
    if user is None:
        user = find_user(email or "") if email else None
        if user is None:
            raise SignInRefused("unknown_email", UNKNOWN.format(email=email or "(aucune)"))
        if user.active and user.oidc_subject and user.oidc_subject != subject:
            raise SignInRefused("linked_elsewhere", LINKED_ELSEWHERE.format(email=user.email))
    if not user.active:
        raise SignInRefused("deactivated", DEACTIVATED)
    if user.oidc_subject is None:
        user.oidc_subject = subject
        user.linked_at = utcnow()
        record("proconnect_linked", user=user)
    return user


def unlink(user: User, by: User) -> None:
    """Forget the account's ProConnect identity and end its sessions (a wrong link must not
    keep its way in). Audited; the caller commits."""
    from wizard.accounts import end_sessions

    if user.oidc_subject is None:
        return
    user.oidc_subject = None
    user.linked_at = None
    end_sessions(user)
    record("proconnect_unlinked", user=by, account=user.email)
