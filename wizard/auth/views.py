"""Login, logout, forgotten password, invitation and reset links."""

import logging

from flask import (
    Blueprint,
    after_this_request,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from wizard import accounts
from wizard.auth import proconnect
from wizard.auth.forms import ForgotPasswordForm, LoginForm, SetPasswordForm
from wizard.auth.redirects import safe_next
from wizard.db import db, utcnow
from wizard.models import User
from wizard.models.audit import record
from wizard.notifications import send_account_link

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

LOGIN_FAILED = "Adresse électronique ou mot de passe incorrect, ou compte désactivé."
LOCKED = (
    "Trop de tentatives de connexion échouées pour ce compte. Par sécurité, sa connexion est "
    "suspendue pendant {minutes}. Réessayez plus tard, ou choisissez un nouveau mot de passe "
    "avec « Mot de passe oublié ? » : la suspension est levée dès qu'il est enregistré."
)
ADDRESS_LOCKED = (
    "Trop de tentatives de connexion échouées depuis votre adresse réseau. Par sécurité, "
    "la connexion depuis cette adresse est suspendue pendant {minutes}. Réessayez plus tard."
)


def _minutes(count: int) -> str:
    return f"{count} minute" if count <= 1 else f"{count} minutes"


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        address_lock = accounts.address_blocked_for(request.remote_addr)
        account_lock = 0 if address_lock else accounts.start_login_attempt(form.email.data)
        if address_lock or account_lock:
            message = ADDRESS_LOCKED if address_lock else LOCKED
            form.form_errors.append(message.format(minutes=_minutes(address_lock or account_lock)))
            status = 429
        else:
            user = accounts.authenticate(form.email.data, form.password.data)
            if user is None:
                accounts.record_failure(request.remote_addr)
                form.form_errors.append(LOGIN_FAILED)
                status = 401
            else:
                accounts.clear_failures(form.email.data)
                user.last_login_at = utcnow()
                record("login", user=user)
                db.session.commit()
                login_user(user)
                return redirect(safe_next(request.args.get("next")) or url_for("web.home"))
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/deconnexion")
@login_required
def logout():
    accounts.end_sessions(current_user._get_current_object())  # copies of the cookie too
    db.session.commit()
    logout_user()
    flash("Vous êtes déconnecté.", "success")
    # a ProConnect session also ends at the provider (its end-session endpoint)
    return proconnect.logout_redirect() or redirect(url_for("auth.login"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def forgot_password():
    """Same answer after the same work whether or not the account exists: the address is
    counted (RESET_MAX_REQUESTS an hour, silently), and the mail leaves after the response."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        allowed = accounts.reset_request_allowed(form.email.data)
        user = accounts.find_user(form.email.data)
        if allowed and user is not None and user.active:
            _send_reset_link_after_response(user.id)
        flash(
            "Si un compte actif correspond à cette adresse, un courriel contenant un lien "
            "de réinitialisation va lui être envoyé. Le lien est valable "
            f"{current_app.config['TOKEN_MAX_AGE_HOURS']} heures.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 400 if form.errors else 200


def _send_reset_link_after_response(user_id: int) -> None:
    """E-mail the reset link once the response is sent (its time and failures are not the
    requester's to see); a failure is logged and recorded, never an error page."""
    app = current_app._get_current_object()

    def send():
        with app.app_context():
            user = db.session.get(User, user_id)
            if user is None or not user.active:
                return
            try:
                send_account_link(user, "reset")
            except Exception as exc:  # SMTP down, misconfiguration…: the answer is already sent
                log.exception("reset mail for user %s failed", user_id)
                db.session.rollback()
                record("mail_failed", user=user, event="reset", error=str(exc)[:200])
                db.session.commit()

    @after_this_request
    def send_on_close(response):
        response.call_on_close(send)
        return response


@bp.route("/mot-de-passe/<purpose>/<token>", methods=["GET", "POST"])
def set_password(purpose, token):
    if purpose not in ("invitation", "reset"):
        return render_template("auth/token_error.html", message="Ce lien n'est pas valide."), 404
    try:
        user = accounts.read_token(token, purpose)
    except accounts.TokenError as exc:
        return render_template("auth/token_error.html", message=exc.args[0]), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        accounts.set_password(user, form.password.data)
        record("password_set", user=user, purpose=purpose)
        db.session.commit()
        flash("Votre mot de passe est enregistré. Vous pouvez vous connecter.", "success")
        return redirect(url_for("auth.login"))
    return (
        render_template("auth/set_password.html", form=form, user=user, purpose=purpose),
        400 if form.errors else 200,
    )
