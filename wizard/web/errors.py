"""The French error pages (HTML, or JSON for the API) and their handlers."""

import logging

from flask import current_app, g, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from wizard.db import db

log = logging.getLogger(__name__)

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


def register(app) -> None:
    """Install the handlers: every HTTP error, CSRF failures, an unreachable database."""
    for status in (400, 401, 403, 404, 405, 429):
        app.register_error_handler(status, lambda exc, s=status: render_error(s))

    @app.errorhandler(413)
    def too_large(exc):
        """A view that receives a file (wizard.web.uploads.accepts_file) answers on its own
        page, the message next to the file field; any other request gets the 413 page."""
        view = current_app.view_functions.get(request.endpoint or "")
        answer = getattr(view, "too_large", None)
        response = answer(**(request.view_args or {})) if answer is not None else None
        return response if response is not None else render_error(413)

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
