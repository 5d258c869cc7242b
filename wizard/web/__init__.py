"""Cross-cutting web concerns: home routing, error pages, security headers, DSFR assets."""

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import AnonymousUserMixin, current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from wizard.db import db
from wizard.models import Role

bp = Blueprint("web", __name__)
log = logging.getLogger(__name__)

HOME_BY_ROLE = {
    Role.LEAD: "lead.index",
    Role.ADVISER: "adviser.index",
    Role.PREFECTURE: "prefecture.index",
    Role.ADMIN: "admin.users",
}

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


@bp.get("/")
def home():
    """Send each user to the home page of their role."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(HOME_BY_ROLE[Role(current_user.role)]))


@bp.get("/dsfr/<path:filename>")
def dsfr_asset(filename):
    """The DSFR distribution, served from node_modules (never committed)."""
    return send_from_directory(current_app.config["DSFR_DIST"], filename, max_age=86400)


@bp.get("/accessibilite")
def accessibility():
    return render_template("accessibility.html")


ERRORS = {
    400: ("Requête incorrecte", "La demande n'a pas pu être traitée. Vérifiez les informations saisies."),
    401: ("Authentification requise", "Connectez-vous pour accéder à cette page."),
    403: ("Accès refusé", "Vous n'avez pas les droits nécessaires pour accéder à cette page."),
    404: ("Page non trouvée", "La page que vous cherchez est introuvable ou vous n'y avez pas accès."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible sur cette page."),
    413: ("Contenu trop volumineux", "Le contenu envoyé dépasse la taille autorisée."),
    429: ("Trop de requêtes", "Trop de tentatives. Réessayez dans quelques minutes."),
    500: ("Erreur inattendue", "Une erreur est survenue. L'équipe technique en a été informée."),
    503: (
        "Service momentanément indisponible",
        "La base de données ne répond pas. Vos données enregistrées ne sont pas perdues : "
        "réessayez dans quelques instants.",
    ),
}


def render_error(status: int, message: str | None = None):
    title, text = ERRORS.get(status, ERRORS[500])
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return {"error": message or text}, status
    return render_template("error.html", status=status, title=title, text=message or text), status


def init_app(app):
    from wizard.web.inputs import CleanRequest

    app.request_class = CleanRequest
    app.register_blueprint(bp)

    for status in (400, 401, 403, 404, 405, 413, 429):
        app.register_error_handler(status, lambda exc, s=status: render_error(s))

    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return render_error(
            400,
            "Le formulaire a expiré ou n'est pas valide (jeton de sécurité manquant). "
            "Rechargez la page et recommencez : vos données enregistrées sont conservées.",
        )

    @app.errorhandler(OperationalError)
    def database_unavailable(exc):
        log.error("database unavailable: %s", exc)
        db.session.rollback()
        # render as anonymous: loading the user would hit the database again
        g._login_user = AnonymousUserMixin()
        return render_error(503)

    @app.errorhandler(500)
    def internal_error(exc):
        db.session.rollback()
        return render_error(500)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response

    @app.context_processor
    def layout_context():
        return {"operator_name": app.config["OPERATOR_NAME"], "Role": Role}

    app.jinja_env.globals.update(
        nav_items=nav_items, flat_errors=flat_errors, prototype=prototype, event_label=event_label
    )


NAV = {
    Role.LEAD: [("lead.index", "Mes dossiers")],
    Role.ADVISER: [("adviser.index", "Dossiers déposés"),
                   ("adviser.parameter_sets", "Paramètres de référence")],
    Role.PREFECTURE: [("prefecture.index", "Dossiers reçus")],
    Role.ADMIN: [("admin.users", "Utilisateurs")],
}


EVENT_LABELS = {
    "dossier_created": "Création du dossier",
    "dossier_saved": "Enregistrement d'une étape",
    "dossier_duplicated": "Création par duplication",
    "dossier_deleted": "Suppression du brouillon",
    "state_submit": "Dépôt",
    "state_withdraw": "Retrait par la commune",
    "state_take": "Prise en relecture",
    "state_request_changes": "Demande de compléments",
    "state_approve": "Validation",
    "state_transmit": "Transmission à la préfecture",
    "state_acknowledge": "Accusé de réception de la préfecture",
    "state_close": "Classement sans suite",
    "comment_added": "Commentaire",
    "comment_resolved": "Commentaire traité",
    "transmission_downloaded": "Téléchargement par la préfecture",
    "co_editor_invited": "Invitation d'un co-rédacteur",
    "co_editor_revoked": "Retrait d'un co-rédacteur",
    "parameters_moved": "Passage au nouveau jeu de paramètres",
    "mail_failed": "Échec d'envoi d'un courriel",
    "scenario_created": "Création du scénario B",
    "scenario_saved": "Enregistrement du scénario B",
    "scenario_deleted": "Suppression du scénario B",
    "scenario_adopted": "Adoption du scénario B",
}


def event_label(action: str) -> str:
    """French label of an audit action."""
    return EVENT_LABELS.get(action, action)


def nav_items():
    """Main navigation entries (endpoint, label) of the current user's role."""
    if not current_user.is_authenticated:
        return []
    return NAV[Role(current_user.role)]


def prototype(fieldlist, placeholder="__index__"):
    """An unbound blank entry of a FieldList named with `placeholder` instead of an index,
    for the <template> that app.js clones when JavaScript adds a row."""
    sep = fieldlist._separator
    options = dict(
        name=f"{fieldlist.name}{sep}{placeholder}", id=f"{fieldlist.id}{sep}{placeholder}",
        _meta=fieldlist.meta, translations=fieldlist._translations,
    )
    entry = fieldlist.meta.bind_field(fieldlist._form, fieldlist.unbound_field, options)
    entry.short_name = placeholder
    entry.process(None)
    return entry


def flat_errors(field, prefix=""):
    """[(anchor id, « Libellé : message »)] for a field, descending into FieldList/FormField."""
    entries = getattr(field, "entries", None)
    if entries is not None:  # FieldList
        out = []
        for entry in entries:
            out.extend(flat_errors(entry, prefix))
        return out
    if hasattr(field, "form") and hasattr(field.form, "_fields"):  # FormField
        out = []
        for sub in field.form:
            if sub.type != "CSRFTokenField":
                out.extend(flat_errors(sub, prefix))
        return out
    label = field.label.text if field.label else ""
    return [(field.id, f"{label} : {message}" if label else message) for message in field.errors]


def get_dossier_or_404(dossier_id: int, check):
    """The dossier if `check(current_user, dossier)` allows it; 404 otherwise, so that another
    commune's dossier is indistinguishable from a missing one."""
    from wizard.models import Dossier

    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None or not check(current_user, dossier):
        abort(404)
    return dossier


def get_or_404(model, ident):
    """`db.session.get` or a 404."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj
