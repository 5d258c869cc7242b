"""Configuration classes and the production guard."""

import os

import pytest

from config import ConfigurationError, DevelopmentConfig, TestConfig, load_config
from wizard import create_app


def test_development_is_the_default(monkeypatch):
    monkeypatch.delenv("WIZARD_ENV", raising=False)
    assert load_config() is DevelopmentConfig


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
