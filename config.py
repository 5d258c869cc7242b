"""Application settings: one class per environment, every value overridable by the environment.

`create_app()` picks the class named by ``WIZARD_ENV`` (development, test, production).
Without it the production rules apply (fail closed): SECRET_KEY, DATABASE_URL and PUBLIC_URL
must be set; development must be asked for (``make run`` does). ``DATABASE_URL`` overrides the
database in every class.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("WIZARD_INSTANCE_PATH", BASE_DIR / "instance"))

DEFAULT_OPERATOR = (
    "Préfecture de la région Hauts-de-France — "
    "Mission régionale d'appui à la médiation sociale"
)


def _env(name, default=None):
    return os.environ.get(name, default)


def _env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def _env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = _env_int("SQLITE_BUSY_TIMEOUT_MS", 5000)
    OPERATOR_NAME = _env("OPERATOR_NAME", DEFAULT_OPERATOR)
    WTF_I18N_ENABLED = False  # WTForms' own French messages (BaseForm.Meta.locales)
    WTF_CSRF_TIME_LIMIT = None  # a dossier is filled over hours: the session bounds the token
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    LOGIN_MAX_FAILURES = _env_int("LOGIN_MAX_FAILURES", 5)  # per account, then locked
    LOGIN_LOCK_MINUTES = _env_int("LOGIN_LOCK_MINUTES", 15)
    # Proxies in front whose X-Forwarded-For is trusted (werkzeug's ProxyFix); unset: the socket
    # address, and no per-address limit (behind a load balancer it would be everybody's).
    TRUSTED_PROXY_HOPS = _env_int("TRUSTED_PROXY_HOPS", None)
    LOGIN_IP_MAX_FAILURES = _env_int("LOGIN_IP_MAX_FAILURES", 50)  # per client address
    RESET_MAX_REQUESTS = _env_int("RESET_MAX_REQUESTS", 3)  # reset mails per address…
    RESET_WINDOW_MINUTES = _env_int("RESET_WINDOW_MINUTES", 60)  # …in this window
    TOKEN_MAX_AGE_HOURS = _env_int("TOKEN_MAX_AGE_HOURS", 72)
    # Request size: the body as a whole, the form values held in memory, the number of fields
    # (the largest step form of the largest dossier the schema accepts stays well below).
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    MAX_FORM_MEMORY_SIZE = _env_int("MAX_FORM_MEMORY_SIZE", 1024 * 1024)
    MAX_FORM_PARTS = _env_int("MAX_FORM_PARTS", 20_000)
    # Supporting documents (pièces justificatives): per file and per dossier. Only the upload
    # routes accept a body of one file plus UPLOAD_OVERHEAD (wizard.web.uploads); every other
    # request keeps MAX_CONTENT_LENGTH, and form values keep MAX_FORM_MEMORY_SIZE everywhere.
    ATTACHMENT_MAX_SIZE = _env_int("ATTACHMENT_MAX_SIZE", 5 * 1024 * 1024)
    ATTACHMENT_MAX_TOTAL = _env_int("ATTACHMENT_MAX_TOTAL", 25 * 1024 * 1024)
    MAIL_BACKEND = _env("MAIL_BACKEND", "smtp")  # smtp | console | memory
    MAIL_SERVER = _env("MAIL_SERVER", "localhost")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)  # STARTTLS
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_SENDER = _env("MAIL_SENDER", "mediation-sociale@prefecture.gouv.fr")
    # Base of every link in e-mails (never the request's Host header, which a client forges).
    # Required outside development and test (checked by check_config).
    PUBLIC_URL = _env("PUBLIC_URL")
    DSFR_DIST = Path(_env("DSFR_DIST", BASE_DIR / "node_modules/@gouvfr/dsfr/dist"))
    COMMUNES_FILE = Path(
        _env(
            "COMMUNES_FILE",
            BASE_DIR / "node_modules/@etalab/decoupage-administratif/data/communes.json",
        )
    )
    EPCI_FILE = Path(
        _env("EPCI_FILE", BASE_DIR / "node_modules/@etalab/decoupage-administratif/data/epci.json")
    )
    # A few QPVs in the layout of the national list, loaded by `flask demo seed`.
    QPV_SAMPLE_FILE = Path(_env("QPV_SAMPLE_FILE", BASE_DIR / "wizard/reference/data/qpv-sample.csv"))
    # The compressed copies of the app's static files (wizard.web.assets); any writable folder.
    ASSETS_DIR = Path(_env("ASSETS_DIR", INSTANCE_DIR / "assets"))
    DEMO_ALLOWED = True
    BENCH_FLOOR = _env_bool("BENCH_FLOOR", False)  # GET /plancher, for bench/load.py only
    # ProConnect (OpenID Connect, wizard.auth.proconnect): on when the issuer, the client id and
    # the secret are all set; off (no button, its routes 404) when none is.
    PROCONNECT_ISSUER = _env("PROCONNECT_ISSUER")  # discovery at ISSUER/.well-known/openid-configuration
    PROCONNECT_CLIENT_ID = _env("PROCONNECT_CLIENT_ID")
    PROCONNECT_CLIENT_SECRET = _env("PROCONNECT_CLIENT_SECRET")
    PROCONNECT_REDIRECT_URI = _env("PROCONNECT_REDIRECT_URI")  # default PUBLIC_URL + /connexion/proconnect/retour
    PROCONNECT_POST_LOGOUT_REDIRECT_URI = _env("PROCONNECT_POST_LOGOUT_REDIRECT_URI")  # default PUBLIC_URL + /connexion
    PROCONNECT_SCOPES = _env("PROCONNECT_SCOPES", "openid email given_name usual_name siret uid")
    PROCONNECT_ACR_VALUES = _env("PROCONNECT_ACR_VALUES")  # e.g. "eidas1"; the ID token's acr must be one
    PROCONNECT_CLOCK_LEEWAY = _env_int("PROCONNECT_CLOCK_LEEWAY", 60)  # seconds, ID token times
    PROCONNECT_TIMEOUT = _env_int("PROCONNECT_TIMEOUT", 10)  # seconds, each call to the provider


class DevelopmentConfig(Config):
    """Local development: SQLite file under instance/, mails printed to the console."""

    ENV_NAME = "development"
    SECRET_KEY = _env("SECRET_KEY", "dev-only-secret-key-not-for-production")
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'wizard.sqlite'}")
    MAIL_BACKEND = _env("MAIL_BACKEND", "console")
    PUBLIC_URL = _env("PUBLIC_URL", "http://127.0.0.1:5000")


class TestConfig(Config):
    """The test suite: in-memory mail, CSRF on (tests fetch real tokens), fast hashing."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = _env("TEST_DATABASE_URL", "sqlite://")
    MAIL_BACKEND = "memory"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    ASSETS_DIR = Path(tempfile.gettempdir()) / "mediation-wizard-test-assets"
    PUBLIC_URL = "http://localhost"


class ProductionConfig(Config):
    """Production: secrets and database must come from the environment."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = True
    DEMO_ALLOWED = False
    BENCH_FLOOR = False


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


DEFAULT_IS_PRODUCTION = (
    ". WIZARD_ENV n'est pas défini : la configuration de production s'applique par défaut ; "
    "pour travailler en local, définir WIZARD_ENV=development (c'est ce que fait « make run »)"
)
PRODUCTION_REQUIRED = ("SECRET_KEY", "DATABASE_URL", "PUBLIC_URL")


class ConfigurationError(RuntimeError):
    """Raised when the chosen configuration cannot run (e.g. production without secrets)."""


def load_config(name=None):
    """Return the config class for `name` (or ``WIZARD_ENV``, else production), checking
    production secrets."""
    chosen = name or os.environ.get("WIZARD_ENV") or None
    name = chosen or "production"
    try:
        cls = CONFIGS[name]
    except KeyError:
        raise ConfigurationError(f"WIZARD_ENV inconnu : {name!r} ({', '.join(CONFIGS)})") from None
    if cls is ProductionConfig:
        missing = [key for key in PRODUCTION_REQUIRED if not os.environ.get(key)]
        if missing:
            raise ConfigurationError(
                "Configuration de production incomplète : définir " + ", ".join(missing)
                + " (variables d'environnement ; PUBLIC_URL est l'adresse publique du site, "
                "base des liens envoyés par courriel, "
                "par exemple https://mediation.exemple.gouv.fr)"
                + ("" if chosen else DEFAULT_IS_PRODUCTION)
            )
        # read at call time, not import time, so a server started later sees today's secrets
        return type(
            "ProductionConfig",
            (cls,),
            {
                "SECRET_KEY": os.environ["SECRET_KEY"],
                "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"],
                "PUBLIC_URL": os.environ["PUBLIC_URL"],
            },
        )
    return cls


def check_config(config) -> None:
    """Refuse settings the application cannot run safely with (ConfigurationError, in French)."""
    if not config.get("SECRET_KEY"):
        raise ConfigurationError("SECRET_KEY manquant")
    check_public_url(config.get("PUBLIC_URL"))
    check_proconnect(config)
    hops = config.get("TRUSTED_PROXY_HOPS")
    if hops is not None and (not isinstance(hops, int) or hops < 0):
        raise ConfigurationError(
            f"TRUSTED_PROXY_HOPS invalide : {hops!r} (nombre de mandataires devant "
            "l'application, 0 si les clients s'y connectent directement)"
        )


def check_public_url(url) -> str:
    """PUBLIC_URL must be an absolute http(s) address without query or fragment."""
    if not url:
        raise ConfigurationError(
            "PUBLIC_URL manquant : définir l'adresse publique du site (base des liens envoyés "
            "par courriel), par exemple https://mediation.exemple.gouv.fr"
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigurationError(
            f"PUBLIC_URL invalide : {url!r} (attendu : une adresse absolue "
            "http:// ou https://, sans paramètres, par exemple https://mediation.exemple.gouv.fr)"
        )
    return url


PROCONNECT_REQUIRED = ("PROCONNECT_ISSUER", "PROCONNECT_CLIENT_ID", "PROCONNECT_CLIENT_SECRET")


def proconnect_enabled(config) -> bool:
    return all(config.get(key) for key in PROCONNECT_REQUIRED)


def check_proconnect(config) -> None:
    """ProConnect is all or nothing, and its issuer is an https address (plain http only on
    the loopback interface, for the tests' local provider)."""
    present = [key for key in PROCONNECT_REQUIRED if config.get(key)]
    if not present:
        return
    if len(present) < len(PROCONNECT_REQUIRED):
        missing = [key for key in PROCONNECT_REQUIRED if key not in present]
        raise ConfigurationError(
            "Configuration ProConnect incomplète : définir " + ", ".join(missing)
            + " (ou aucune des variables PROCONNECT_ pour désactiver ProConnect)"
        )
    parts = urlsplit(config["PROCONNECT_ISSUER"])
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and loopback)):
        raise ConfigurationError(
            f"PROCONNECT_ISSUER invalide : {config['PROCONNECT_ISSUER']!r} (attendu : l'adresse "
            "https:// de l'émetteur, par exemple https://auth.agentconnect.gouv.fr/api/v2)"
        )
