"""`flask users` and `flask demo seed`."""

from wizard.db import db
from wizard.models import User
from wizard.reference import qpv as qpv_reference


def test_users_create_with_password_from_stdin(runner, create_commune):
    create_commune()
    result = runner.invoke(
        args=["users", "create", "--email", "Cheffe@Lille.fr", "--name", "Cheffe de projet",
              "--role", "lead", "--commune", "59350", "--password-stdin"],
        input="Un-mot-de-passe-solide\n",
    )
    assert result.exit_code == 0, result.output
    user = User.query.filter_by(email="cheffe@lille.fr").one()
    assert user.password_hash and user.commune_ids


def test_users_create_errors_name_the_option(runner, create_commune):
    create_commune()
    result = runner.invoke(
        args=["users", "create", "--email", "a@b.fr", "--name", "A", "--role", "lead",
              "--commune", "00000"]
    )
    assert result.exit_code == 1
    assert "--commune" in result.output and "00000" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(
        args=["users", "create", "--email", "p@b.fr", "--name", "P", "--role", "prefecture"]
    )
    assert result.exit_code == 1 and "--department" in result.output
    assert User.query.count() == 0


def test_users_list_and_deactivate(runner, create_user):
    user = create_user("adviser", email="conseil@region.fr")
    listing = runner.invoke(args=["users", "list"])
    assert "conseil@region.fr\tadviser\tactif" in listing.output
    result = runner.invoke(args=["users", "deactivate", "conseil@region.fr"])
    assert result.exit_code == 0
    db.session.refresh(user)
    assert user.active is False
    missing = runner.invoke(args=["users", "deactivate", "nobody@region.fr"])
    assert missing.exit_code == 1 and "aucun compte" in missing.output


def test_demo_seed_creates_one_account_per_role(runner, create_commune):
    create_commune()
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert {u.role for u in User.query.all()} == {"lead", "adviser", "prefecture", "admin"}
    again = runner.invoke(args=["demo", "seed"])  # idempotent
    assert again.exit_code == 0 and User.query.count() == 4
    assert "porteur@demo.fr" in result.output
    # the sample QPV list (tests/data/qpv-sample.csv) feeds the pick-lists of the demo
    assert "Quartiers prioritaires d'exemple : 6 créés" in result.output
    assert "QN05926M" in qpv_reference.of_commune("59350")
    # the prevention strategy's pick-list is saved too
    from wizard.models import StrategyAxis
    from wizard.reference.strategy_defaults import DEFAULTS

    assert StrategyAxis.query.count() == len(DEFAULTS)


def test_demo_seed_is_refused_in_production(app, runner, create_commune):
    create_commune()
    app.config["DEMO_ALLOWED"] = False
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 1 and "production" in result.output
    assert User.query.count() == 0
