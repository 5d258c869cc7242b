"""Layered fixtures: app → db → client → login_as(role); factories return callables."""

import pytest

from tests.helpers import TEST_PASSWORD, add_dossier, app_with_schema, log_in
from wizard.db import db as _db

# the live server (browser and integration tests) and the browser launch
# and the local OpenID Connect provider of the ProConnect tests
pytest_plugins = ["tests.plugins.live_server", "tests.plugins.oidc_provider"]


@pytest.fixture(scope="session", autouse=True)
def _clean_server_database():
    """On a database server (TEST_DATABASE_URL), start from an empty schema: a run interrupted
    during a test's teardown leaves its tables and rows behind, and the next run would
    otherwise begin with another test's data (a duplicate commune on the first insert)."""
    import sqlalchemy as sa

    from config import TestConfig

    url = TestConfig.SQLALCHEMY_DATABASE_URI
    if url.startswith("sqlite"):
        return
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        leftovers = sa.MetaData()
        leftovers.reflect(connection)
        leftovers.drop_all(connection)
    engine.dispose()


@pytest.fixture
def app():
    with app_with_schema() as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def create_commune(app):
    from wizard.models import Commune

    def factory(insee_code="59350", name="Lille", department="59", population=238246, **kw):
        from wizard.reference.communes import search_key

        commune = Commune(
            insee_code=insee_code,
            kind=kw.pop("kind", "commune-actuelle"),
            name=name,
            search_name=search_key(name),
            department=department,
            region=kw.pop("region", "32"),
            population=population,
            **kw,
        )
        _db.session.add(commune)
        _db.session.commit()
        return commune

    return factory


@pytest.fixture
def create_user(app):
    from wizard.accounts import hash_password
    from wizard.models import Role, User, UserCommune, UserDepartment

    def factory(role="lead", email=None, communes=(), departments=(), active=True, name=None):
        email = email or f"{role}-{_db.session.query(User).count() + 1}@example.fr"
        user = User(
            email=email,
            name=name or f"Utilisateur {role}",
            role=Role(role),
            active=active,
            password_hash=hash_password(TEST_PASSWORD),
        )
        user.communes = [UserCommune(commune_id=c.id) for c in communes]
        user.departments = [UserDepartment(department=d) for d in departments]
        _db.session.add(user)
        _db.session.commit()
        return user

    return factory


@pytest.fixture
def create_dossier(request):
    """create_dossier(state=..., document=..., commune=..., **kw): a committed dossier (see
    tests.helpers.add_dossier for the columns and keywords), in the current app context.
    Without `commune`, Lille (59350) — the one already created, or a new one."""

    def factory(state=None, document=None, commune=None, **kw):
        if commune is None:
            from wizard.models import Commune

            create_commune = request.getfixturevalue("create_commune")
            commune = _db.session.scalar(
                _db.select(Commune).filter_by(insee_code="59350", kind="commune-actuelle")
            ) or create_commune()
        return add_dossier(commune, state=state, document=document, **kw)

    return factory


@pytest.fixture
def complete_document():
    """A deep copy of tests/data/dossier-complete.json as stored (not normalised): the file is
    read once per session and every use gets its own copy, free to change."""
    from tests.samples import complete_raw

    return complete_raw()


@pytest.fixture
def login_as(client, create_user):
    """Log a user of `role` in through the real login form; returns the user."""

    def login(role="lead", **kw):
        return log_in(client, kw.pop("user", None) or create_user(role, **kw))

    return login


class Inbox:
    """The mails a local SMTP server received: (recipients, raw message)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"

    def bodies_to(self, address: str) -> list[str]:
        """The decoded text of every mail sent to `address`."""
        import email
        import email.policy

        return [email.message_from_string(raw, policy=email.policy.default).get_content()
                for rcpt, raw in self.messages if address in rcpt]


@pytest.fixture
def smtp(app):
    """A real SMTP server on a free loopback port, the app configured to send through it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield inbox
    controller.stop()


@pytest.fixture
def cast(app, create_commune, create_user):
    """Lille and Arras, a lead of Lille, an adviser, an agent of the Nord and one of the
    Pas-de-Calais (the review tests' people)."""
    lille = create_commune()
    arras = create_commune("62041", "Arras", department="62")
    return {
        "lille": lille,
        "lead": create_user("lead", email="porteur@lille.fr", communes=[lille]),
        "adviser": create_user("adviser", email="conseil@region.fr"),
        "agent": create_user("prefecture", email="agent59@prefecture.fr", departments=["59"]),
        "agent62": create_user("prefecture", email="agent62@prefecture.fr", departments=["62"]),
        "arras": arras,
    }
