"""Configuration classes and the production guard."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from config import (
    ConfigurationError,
    DevelopmentConfig,
    ProductionConfig,
    TestConfig,
    load_config,
)
from wizard import create_app


@pytest.mark.parametrize("value", [None, ""])
def test_production_is_the_default(monkeypatch, value):
    """Fail closed: without WIZARD_ENV the production rules apply (no public secret key)."""
    for key in ("SECRET_KEY", "DATABASE_URL", "PUBLIC_URL"):
        monkeypatch.delenv(key, raising=False)
    if value is None:
        monkeypatch.delenv("WIZARD_ENV", raising=False)
    else:
        monkeypatch.setenv("WIZARD_ENV", value)
    with pytest.raises(ConfigurationError) as error:
        create_app()
    message = str(error.value)
    assert "SECRET_KEY, DATABASE_URL, PUBLIC_URL" in message
    assert "WIZARD_ENV=development" in message
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PUBLIC_URL", "https://mediation.example.gouv.fr")
    assert issubclass(load_config(), ProductionConfig)
    app = create_app()
    assert app.config["ENV_NAME"] == "production" and app.config["DEMO_ALLOWED"] is False


def test_development_must_be_asked_for(monkeypatch):
    monkeypatch.setenv("WIZARD_ENV", "development")
    assert load_config() is DevelopmentConfig


def test_make_run_asks_for_development():
    """`make run` (and the flask commands of its prerequisites) run with WIZARD_ENV=development."""
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    assert "run: export WIZARD_ENV := development" in makefile.splitlines()
    if shutil.which("make") is None:
        pytest.skip("make absent")
    dry_run = subprocess.run(  # -n: nothing is executed; -p prints the target's variables
        ["make", "-n", "-p", "run"], cwd=Path(__file__).resolve().parents[2],
        capture_output=True, text=True, timeout=60,
    )
    assert "run: WIZARD_ENV := development" in dry_run.stdout.splitlines()


def test_unknown_environment_is_refused():
    with pytest.raises(ConfigurationError, match="WIZARD_ENV inconnu"):
        load_config("staging")


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "PUBLIC_URL"])
def test_production_refuses_to_start_without_secrets(monkeypatch, missing):
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PUBLIC_URL", "https://mediation.example.gouv.fr")
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigurationError, match=missing):
        create_app("production")


def test_production_reads_secrets_at_start(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PUBLIC_URL", "https://mediation.example.gouv.fr")
    app = create_app("production")
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"
    assert app.config["PUBLIC_URL"] == "https://mediation.example.gouv.fr"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["DEMO_ALLOWED"] is False
    assert not app.debug


def test_test_config_uses_memory_mail_and_keeps_csrf():
    assert TestConfig.MAIL_BACKEND == "memory"
    assert getattr(TestConfig, "WTF_CSRF_ENABLED", True) is True


@pytest.mark.parametrize("url", [None, "", "mediation.example.gouv.fr", "ftp://example.fr",
                                 "https://example.fr/?next=x", "https:///chemin"])
def test_app_refuses_to_start_without_a_valid_public_url(url):
    with pytest.raises(ConfigurationError, match="PUBLIC_URL"):
        create_app({"PUBLIC_URL": url})


def test_development_links_point_to_the_local_server():
    expected = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    assert DevelopmentConfig.PUBLIC_URL == expected
    assert TestConfig.PUBLIC_URL == "http://localhost"


PROCONNECT = {"PROCONNECT_ISSUER": "https://fca.integ01.dev-agentconnect.fr/api/v2",
              "PROCONNECT_CLIENT_ID": "client", "PROCONNECT_CLIENT_SECRET": "secret"}


@pytest.mark.parametrize("missing", sorted(PROCONNECT))
def test_proconnect_is_all_or_nothing(missing):
    settings = {key: value for key, value in PROCONNECT.items() if key != missing}
    with pytest.raises(ConfigurationError, match=f"Configuration ProConnect incomplète.*{missing}"):
        create_app(settings)


@pytest.mark.parametrize("issuer", ["http://proconnect.example.fr/api/v2", "ftp://x", "nimporte"])
def test_the_proconnect_issuer_is_an_https_address(issuer):
    with pytest.raises(ConfigurationError, match="PROCONNECT_ISSUER invalide"):
        create_app({**PROCONNECT, "PROCONNECT_ISSUER": issuer})


def test_proconnect_configured_is_on_and_off_by_default():
    from config import proconnect_enabled

    assert proconnect_enabled(create_app(PROCONNECT).config)
    assert not proconnect_enabled(create_app("test").config)
