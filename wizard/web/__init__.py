"""HTTP plumbing shared by the audience blueprints: home routing, the DSFR assets, the
accessibility page, security headers and the layout's template globals.

Beside it: `errors` (French error pages), `lookups` (`get_dossier_or_404`), `inputs`
(control characters removed from every request), `transitions` (the one POST handler of
the review's transitions) and `floor` (the benchmark-only page).
"""

import logging
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user

from config import proconnect_enabled
from wizard import review, workflow
from wizard.document.labels import paths_label
from wizard.forms.render import flat_errors, prototype
from wizard.forms.review import review_form
from wizard.models import Role
from wizard.reference.departments import department_label
from wizard.web import assets, errors

bp = Blueprint("web", __name__)
log = logging.getLogger(__name__)

HOME_BY_ROLE = {
    Role.LEAD: "lead.index",
    Role.ADVISER: "adviser.index",
    Role.PREFECTURE: "prefecture.index",
    Role.ADMIN: "admin.users",
}

PUBLIC_ASSETS = {"static", "web.dsfr_asset"}  # the only responses a cache may keep

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self' data:; connect-src 'self'; form-action {form_action}; "
    "frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def content_security_policy(config) -> str:
    """The Content-Security-Policy. Forms post to the site only; with ProConnect, also to the
    provider's origin: the logout form is answered by a redirect to its end-session
    endpoint, and browsers hold the redirects of a form to `form-action` too."""
    sources = ["'self'"]
    if proconnect_enabled(config):
        parts = urlsplit(config["PROCONNECT_ISSUER"])
        sources.append(f"{parts.scheme}://{parts.netloc}")
    return CSP.format(form_action=" ".join(sources))


@bp.get("/")
def home():
    """Send each user to the home page of their role."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(HOME_BY_ROLE[current_user.role]))


def dsfr_asset(filename):
    """The DSFR distribution from node_modules (never committed), at `/dsfr/<version>/…`:
    WhiteNoise answers first (wizard.web.assets); this route serves it in development."""
    return send_from_directory(current_app.config["DSFR_DIST"], filename, max_age=86400)


@bp.get("/accessibilite")
def accessibility():
    return render_template("accessibility.html")


def init_app(app):
    from wizard.web.inputs import CleanRequest

    app.request_class = CleanRequest
    app.register_blueprint(bp)
    version = assets.dsfr_version(app.config["DSFR_DIST"])
    app.add_url_rule(f"/dsfr/{version}/<path:filename>", "web.dsfr_asset", dsfr_asset)

    errors.register(app)
    csp = content_security_policy(app.config)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", csp)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint not in PUBLIC_ASSETS and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"  # pages, exports and files of a session
        return response

    @app.context_processor
    def layout_context():
        return {"operator_name": app.config["OPERATOR_NAME"], "Role": Role}

    app.jinja_env.globals.update(
        nav_items=nav_items, flat_errors=flat_errors, prototype=prototype,
        event_label=workflow.event_label, review_form=review_form, paths_label=paths_label,
        step_title=step_title, needed_for_submission=needed_for_submission,
        scheme_label=scheme_label, comment_status=review.status_of,
        department_label=department_label,
    )


def needed_for_submission(field_id: str) -> bool:
    """Whether the step page being rendered needs this field before submission (the view
    puts the ids in `g.needed_fields`; other pages have none)."""
    from flask import g

    return field_id in g.get("needed_fields", ())


NAV = {
    Role.LEAD: [("lead.index", "Mes dossiers")],
    Role.ADVISER: [("adviser.index", "Dossiers déposés"),
                   ("adviser.parameter_sets", "Paramètres de référence"),
                   ("adviser.strategy_axes", "Stratégie de prévention")],
    Role.PREFECTURE: [("prefecture.index", "Dossiers reçus"),
                      ("prefecture.programming", "Programmation")],
    Role.ADMIN: [("admin.users", "Utilisateurs")],
}


def scheme_label(code: str) -> str:
    """A funding scheme's French name (« Convention adultes-relais (aide au poste) »)."""
    from wizard.document.vocabulary import FUNDING_SCHEMES

    return FUNDING_SCHEMES.get(code, code)


def step_title(slug: str) -> str:
    """A step's title (« Porteur et territoire ») from its slug, as recorded in history."""
    from wizard.steps import UnknownStep, get_step

    try:
        return get_step(slug).title
    except UnknownStep:
        return slug


def nav_items():
    """Main navigation entries (endpoint, label) of the current user's role."""
    if not current_user.is_authenticated:
        return []
    return NAV[current_user.role]


