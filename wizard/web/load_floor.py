"""`GET /plancher`: the cheapest page of the application, for load measurements only.

It goes through everything every page pays (the WSGI server, Flask's routing, the signed
session cookie, one database round trip, Jinja, the security headers) and nothing else:
it reads one row (the logged-in user's, as every authenticated page does, or one commune
for an anonymous visitor) and renders a two-line template. `bench/load.py` divides the
throughput of a step page by this one's (« plancher ») to tell the cost of the wizard
itself from the cost of the stack.

The route exists only when the setting ``BENCH_FLOOR`` is true (``BENCH_FLOOR=1`` in the
environment when the configuration does not set it): in production, and by default
everywhere, ``/plancher`` is a 404.
"""

import os

from flask import Blueprint, render_template_string
from flask_login import current_user
from sqlalchemy import text

from wizard.db import db

bp = Blueprint("floor", __name__)

TEMPLATE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Plancher</title></head>
<body><p>Plancher : {{ name }}</p></body></html>
"""

_TRUE = {"1", "true", "yes", "on", "oui"}


def enabled(app) -> bool:
    """The ``BENCH_FLOOR`` setting, or the environment variable when the config lacks it."""
    value = app.config.get("BENCH_FLOOR")
    if value is None:
        value = os.environ.get("BENCH_FLOOR", "")
    if isinstance(value, str):
        return value.strip().lower() in _TRUE
    return bool(value)


@bp.get("/plancher")
def floor():
    if current_user.is_authenticated:  # the user loader's SELECT on users
        name = current_user.name
    else:
        name = db.session.execute(text("SELECT name FROM communes LIMIT 1")).scalar()
    return render_template_string(TEMPLATE, name=name or "—")


def init_app(app) -> None:
    """Register the floor page when ``BENCH_FLOOR`` is true; do nothing otherwise."""
    if enabled(app):
        app.register_blueprint(bp)
