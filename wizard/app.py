"""Application factory: configuration, extensions, blueprints, error pages, CLI."""

import logging

from flask import Flask, jsonify
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import text
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from config import check_config, load_config
from wizard.db import configure_sqlite, db

csrf = CSRFProtect()
migrate = Migrate()
log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1  # ids are Integer columns (32-bit signed on PostgreSQL)


class IdConverter(IntegerConverter):
    """Replaces `<int:…>` in every route: a value no Integer column can hold is a 404 at
    routing, instead of an integer overflow (a 500) in the database."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def create_app(config=None):
    """Create the application.

    `config` is a config class, an environment name (development, test, production)
    or a mapping of settings applied over the test config. Raises ConfigurationError
    when production secrets are missing.
    """
    from wizard.web import assets

    static_hash = assets.static_version()
    # the app's own files at a versioned URL (see wizard.web.assets), served by WhiteNoise
    app = Flask(__name__, instance_relative_config=False, static_url_path=f"/static/{static_hash}")
    app.url_map.converters["int"] = IdConverter  # before any route is added
    if isinstance(config, dict):
        app.config.from_object(load_config("test"))
        app.config.update(config)
    elif isinstance(config, type):
        app.config.from_object(config)
    else:
        app.config.from_object(load_config(config))
    check_config(app.config)
    hops = app.config.get("TRUSTED_PROXY_HOPS")
    if hops:  # the client address is the one the last `hops` proxies saw
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=0, x_host=0)

    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        from pathlib import Path

        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    configure_sqlite(app.config["SQLITE_BUSY_TIMEOUT_MS"])

    import wizard.models  # noqa: F401  (registers the mappers)

    db.init_app(app)
    from wizard.models import aggregates  # dossier_totals kept exact on every flush
    aggregates.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()), compare_server_default=True)
    csrf.init_app(app)

    from wizard import auth, formats, web

    auth.init_app(app)
    formats.init_app(app)
    web.init_app(app)
    _register_blueprints(app)
    _register_health(app)
    from wizard.web import (
        load_floor,  # GET /plancher for bench/load.py, only when BENCH_FLOOR is true
    )
    load_floor.init_app(app)
    assets.install(app, static_hash)  # WhiteNoise in front, for the versioned assets

    from wizard.cli import register_commands

    register_commands(app)
    return app


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


def _register_blueprints(app):
    from wizard.admin import bp as admin_bp
    from wizard.adviser import bp as adviser_bp
    from wizard.api import bp as api_bp
    from wizard.auth.views import bp as auth_bp
    from wizard.lead import bp as lead_bp
    from wizard.prefecture import bp as prefecture_bp

    for blueprint in (auth_bp, lead_bp, adviser_bp, prefecture_bp, admin_bp, api_bp):
        app.register_blueprint(blueprint)


def _register_health(app):
    @app.get("/healthz")
    def healthz():
        """Liveness and database reachability, for the load balancer."""
        try:
            db.session.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means "not ready"
            db.session.rollback()
            log.warning("healthz: database unavailable: %s", exc)
            return jsonify(status="error", database="indisponible"), 503
        return jsonify(status="ok", database="ok")
