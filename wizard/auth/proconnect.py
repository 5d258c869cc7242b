"""Sign-in with ProConnect: OpenID Connect authorization code flow with PKCE, state and nonce,
through Authlib's Flask client.

`start` sends the browser to the provider (state, nonce and the PKCE verifier kept in the
signed session cookie by Authlib); `callback` checks the state, exchanges the code with the
verifier, checks the ID token (signature against the provider's JWKS, issuer, audience,
expiry, nonce, `acr` when PROCONNECT_ACR_VALUES is set), reads the userinfo — a JWT signed
by the provider, checked the same way — and opens the account `accounts.match_account`
gives (never one created from the claims). The session is an ordinary Flask-Login session
(logout, a new password and deactivation end it); the ID token is kept in it for the
provider's end-session endpoint (`logout_redirect`). Off (404) unless configured.
"""

import logging
import secrets

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from config import proconnect_enabled
from wizard import accounts
from wizard.auth.redirects import safe_next
from wizard.db import db, utcnow
from wizard.mail import external_url
from wizard.models.audit import record

bp = Blueprint("proconnect", __name__)
log = logging.getLogger(__name__)

EXTENSION = "authlib.integrations.flask_client"
ID_TOKEN_KEY = "proconnect_id_token"
NEXT_KEY = "proconnect_next"
# Signatures accepted on the ID token and the userinfo: asymmetric ones only (never "none",
# never a MAC keyed with the client secret), intersected with what the provider announces.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")

UNAVAILABLE = (
    "La connexion avec ProConnect n'a pas pu aboutir. Réessayez ; si le problème persiste, "
    "connectez-vous avec votre adresse électronique et votre mot de passe."
)
CANCELLED = "La connexion avec ProConnect a été annulée ou refusée par ProConnect."


class ProviderError(Exception):
    """The provider's answer cannot be trusted or used (logged, never shown)."""


def init_app(app):
    """Register the ProConnect client when configured; the routes 404 otherwise."""
    app.register_blueprint(bp)
    app.jinja_env.globals["proconnect_enabled"] = lambda: proconnect_enabled(app.config)
    if not proconnect_enabled(app.config):
        return
    cfg = app.config
    oauth = OAuth(app)
    oauth.register(
        "proconnect",
        client_id=cfg["PROCONNECT_CLIENT_ID"],
        client_secret=cfg["PROCONNECT_CLIENT_SECRET"],
        server_metadata_url=cfg["PROCONNECT_ISSUER"].rstrip("/")
        + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": cfg["PROCONNECT_SCOPES"],
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_post",
            "default_timeout": cfg["PROCONNECT_TIMEOUT"],
        },
    )


def _client():
    if not proconnect_enabled(current_app.config):
        abort(404)
    client = current_app.extensions[EXTENSION].proconnect
    metadata = client.load_server_metadata()
    if metadata.get("issuer") != current_app.config["PROCONNECT_ISSUER"]:
        raise ProviderError(f"discovery issuer {metadata.get('issuer')!r} is not the configured one")
    return client, metadata


def _redirect_uri() -> str:
    return current_app.config["PROCONNECT_REDIRECT_URI"] or external_url("proconnect.callback")


def _acr_values() -> list[str]:
    return (current_app.config["PROCONNECT_ACR_VALUES"] or "").split()


@bp.get("/connexion/proconnect")
def start():
    """Send the browser to ProConnect (state, nonce and PKCE challenge in the request)."""
    if not proconnect_enabled(current_app.config):
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    try:
        client, _ = _client()
    except (ProviderError, OAuthError, requests.RequestException, ValueError) as exc:
        log.warning("ProConnect discovery failed: %s", exc)
        return _refused(UNAVAILABLE, 503)
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    extra = {"acr_values": " ".join(_acr_values())} if _acr_values() else {}
    return client.authorize_redirect(_redirect_uri(), nonce=secrets.token_urlsafe(24), **extra)


@bp.get("/connexion/proconnect/retour")
def callback():
    """The provider's answer: check everything, then open the matching account."""
    if not proconnect_enabled(current_app.config):
        abort(404)
    if request.args.get("error"):
        log.info("ProConnect answered %s", request.args.get("error"))
        return _refused(CANCELLED, 400)
    try:
        client, metadata = _client()
        token = client.authorize_access_token(
            leeway=current_app.config["PROCONNECT_CLOCK_LEEWAY"],
            claims_options=_id_token_checks(metadata),
        )
        id_claims = token.get("userinfo")
        if not id_claims or not token.get("id_token"):
            raise ProviderError("no ID token in the token response")
        claims = signed_userinfo(client, metadata, token, id_claims["sub"])
    except (ProviderError, OAuthError, JoseError, requests.RequestException, ValueError) as exc:
        log.warning("ProConnect sign-in refused: %r", exc)
        db.session.rollback()
        return _refused(UNAVAILABLE, 400)
    try:
        user = accounts.match_account(id_claims["sub"], claims.get("email"))
    except accounts.SignInRefused as exc:
        db.session.rollback()
        record("proconnect_refused", reason=exc.reason, email=(claims.get("email") or "")[:254])
        db.session.commit()
        return _refused(exc.message, 403)
    user.last_login_at = utcnow()
    record("login", user=user, method="proconnect")
    db.session.commit()
    next_url = session.pop(NEXT_KEY, None)
    login_user(user)
    session[ID_TOKEN_KEY] = token["id_token"]
    return redirect(next_url or url_for("web.home"))


def _id_token_checks(metadata) -> dict:
    """Claims options for Authlib's ID token check: the issuer, and the acr when asked."""
    options = {"iss": {"essential": True, "values": [metadata["issuer"]]}}
    if _acr_values():
        options["acr"] = {"essential": True, "values": _acr_values()}
    return options


def signed_userinfo(client, metadata, token, subject: str) -> dict:
    """The userinfo claims, from the JWT the provider signs (ProConnect answers
    `application/jwt`): signature against its JWKS, issuer, audience, and the ID token's
    subject. An unsigned answer is refused."""
    response = client.get(metadata["userinfo_endpoint"], token=token)
    response.raise_for_status()
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/jwt":
        raise ProviderError(f"userinfo is not a signed JWT ({content_type or 'no type'})")
    allowed = [alg for alg in ALGORITHMS if alg in metadata.get(
        "userinfo_signing_alg_values_supported", ALGORITHMS)]
    value = response.text.strip()
    try:
        decoded = jwt.decode(value, KeySet.import_key_set(client.fetch_jwk_set()), algorithms=allowed)
    except InvalidKeyIdError:  # the provider rotated its keys
        keys = KeySet.import_key_set(client.fetch_jwk_set(force=True))
        decoded = jwt.decode(value, keys, algorithms=allowed)
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": metadata["issuer"]},
        aud={"essential": True, "value": current_app.config["PROCONNECT_CLIENT_ID"]},
        sub={"essential": True, "value": subject},
    ).validate(decoded.claims)
    return decoded.claims


def logout_redirect():
    """After the local logout of a ProConnect session: the redirect to the provider's
    end-session endpoint (with the ID token as hint), else None."""
    id_token = session.pop(ID_TOKEN_KEY, None)
    if not id_token or not proconnect_enabled(current_app.config):
        return None
    try:
        client, _ = _client()
        return client.logout_redirect(
            post_logout_redirect_uri=current_app.config["PROCONNECT_POST_LOGOUT_REDIRECT_URI"]
            or external_url("auth.login"),
            id_token_hint=id_token,
        )
    except (ProviderError, OAuthError, requests.RequestException, ValueError, RuntimeError) as exc:
        log.warning("ProConnect end-session unavailable: %s", exc)
        return None


def _refused(message: str, status: int):
    return render_template("auth/proconnect_refused.html", message=message), status
