"""Authentication: Flask-Login wiring and role guards for the audience blueprints."""


from flask import abort, flash, redirect, request, url_for
from flask_login import LoginManager, current_user

from wizard.db import db
from wizard.models import Role, User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Connectez-vous pour accéder à cette page."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@login_manager.user_loader
def _load_user(user_id: str):
    """The account of a session whose "id:version" is current (see User.get_id), else None."""
    uid, sep, version = (user_id or "").partition(":")
    try:
        user = db.session.get(User, int(uid))
    except ValueError:
        return None
    if user is None or not sep or version != str(user.session_version or 0):
        return None  # a stale version, or none (a session from before versions): log in again
    return user


def init_app(app):
    from wizard.auth import proconnect

    login_manager.init_app(app)
    proconnect.init_app(app)


def require_role(*roles: Role):
    """A `before_request` hook for a blueprint: only these roles get in (else 403).

    Registering it on the blueprint means a new view cannot forget the check.
    """

    def check():
        if not current_user.is_authenticated:
            flash(login_manager.login_message, "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if current_user.role not in roles:
            abort(403)
        return None

    return check
