"""`flask users` and `flask demo seed`."""

import hashlib
import io
import json
import zipfile
from decimal import Decimal

from tests.helpers import csrf_token
from wizard import workflow
from wizard.cli.demo import DEMO_PASSWORD
from wizard.costing.yearend import totals
from wizard.db import db
from wizard.models import (
    AuditEvent,
    Comment,
    Decision,
    Dossier,
    DossierState,
    Report,
    ReportState,
    Snapshot,
    Transmission,
    User,
)
from wizard.reference import qpv as qpv_reference
from wizard.review import decisions, report_figures


def demo_communes(create_commune):
    """The three communes of the demo dossiers."""
    create_commune()
    create_commune("59512", "Roubaix", population=98828)
    create_commune("62041", "Arras", department="62", population=41555)


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
    demo_communes(create_commune)
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert {u.role for u in User.query.all()} == {"lead", "adviser", "prefecture", "admin"}
    again = runner.invoke(args=["demo", "seed"])  # idempotent
    assert again.exit_code == 0 and User.query.count() == 4
    assert "porteur@demo.fr" in result.output
    # the sample QPV list (wizard/reference/data/qpv-sample.csv) feeds the pick-lists of the demo
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


def test_demo_seed_needs_its_three_communes(runner, create_commune):
    create_commune()
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 1
    assert "Roubaix (59512)" in result.output and "Arras (62041)" in result.output
    assert "communes import" in result.output and "Traceback" not in result.output
    # the benchmarks' commune sample has Lille only: the accounts without the dossiers
    result = runner.invoke(args=["demo", "seed", "--accounts-only"])
    assert result.exit_code == 0, result.output
    assert User.query.count() == 4 and Dossier.query.count() == 0
    assert len(User.query.filter_by(email="porteur@demo.fr").one().commune_ids) == 1


def by_state():
    return {d.state: d for d in Dossier.query.all()}


def test_demo_seed_creates_dossiers_in_every_review_state(runner, create_commune):
    demo_communes(create_commune)
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    lead = User.query.filter_by(email="porteur@demo.fr").one()
    agent = User.query.filter_by(email="prefecture@demo.fr").one()
    assert len(lead.commune_ids) == 3 and agent.department_codes == {"59", "62"}
    dossiers = by_state()
    assert {s: d.commune.insee_code for s, d in dossiers.items()} == {
        DossierState.RECEIVED: "59350", DossierState.CHANGES_REQUESTED: "59512",
        DossierState.SUBMITTED: "62041", DossierState.DRAFT: "59350",
        DossierState.TRANSMITTED: "59512", DossierState.AGREED: "62041"}
    assert all(d.created_by_id == lead.id for d in dossiers.values())
    assert "Lille" in result.output and "Reçu" in result.output

    # through the real operations: one audited save per step, the submissions attested
    def actions(dossier):
        return [e.action for e in AuditEvent.query.filter_by(dossier_id=dossier.id)]
    draft = dossiers[DossierState.DRAFT]
    assert actions(draft).count("dossier_saved") == 2 and not draft.total_cost
    received = dossiers[DossierState.RECEIVED]
    assert actions(received).count("state_submit") == 2
    assert actions(received).count("attestation_signed") == 2
    assert Snapshot.query.filter_by(dossier_id=received.id).count() == 2
    assert "state_acknowledge" in actions(received)
    for dossier in dossiers.values():
        if dossier.state is not DossierState.DRAFT:
            assert dossier.total_cost > 0 and dossier.document["holder"]["siret"]

    # the change request: a general message, step comments, one treated, a private note
    sent_back = dossiers[DossierState.CHANGES_REQUESTED]
    comments = Comment.query.filter_by(dossier_id=sent_back.id, parent_id=None).all()
    steps = {c.step for c in comments}
    assert {"general", "modalites", "budget", "piece:comptes"} <= steps
    assert [c.step for c in comments if c.treated_at is not None] == ["modalites"]
    assert any(c.private for c in comments)
    assert Comment.query.filter(Comment.dossier_id == sent_back.id,
                                Comment.parent_id.isnot(None)).count() == 1


def test_demo_seed_transmits_a_bundle_whose_manifest_matches(runner, create_commune):
    demo_communes(create_commune)
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    lille = by_state()[DossierState.RECEIVED]
    transmission = Transmission.query.filter_by(dossier_id=lille.id).one()
    assert transmission.acknowledged_at is not None
    assert hashlib.sha256(transmission.bundle).hexdigest() == transmission.bundle_sha256
    with zipfile.ZipFile(io.BytesIO(transmission.bundle)) as bundle:
        manifest = json.loads(bundle.read("manifeste.json"))
        assert manifest["format"] == "mediation-bundle"
        assert manifest["files"] == transmission.manifest
        for entry in manifest["files"]:
            data = bundle.read(entry["name"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
            assert len(data) == entry["size"]
            if entry["name"].startswith("pieces/"):
                assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    kinds = {e.get("kind") for e in manifest["files"]}
    assert {"deliberation", "rib", "fiches_poste"} <= kinds
    assert any("Délibération du conseil municipal du" in e["name"] for e in manifest["files"])


def test_demo_seed_twice_resets_only_the_demo_dossiers(runner, create_commune,
                                                       create_dossier, create_user):
    demo_communes(create_commune)
    other_lead = create_user("lead", email="cheffe@lille.fr")
    other = create_dossier(state=DossierState.SUBMITTED, created_by=other_lead)
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 0, again.output
    assert "précédents supprimés : 6" in again.output
    assert Dossier.query.count() == 7 and db.session.get(Dossier, other.id) is not None
    assert len(by_state()) == 6 and Transmission.query.count() == 3
    assert Snapshot.query.count() == 6  # 2 + 1 + 1 + 1 + 1: none left from the first run
    # the decisions: FIPD over 3 years (the préfet decides the State's schemes only)
    assert Report.query.count() == 1 and Decision.query.count() == 3
    assert User.query.count() == 5


def test_demo_seed_leaves_one_dossier_to_acknowledge_and_one_report_to_read(
        app, runner, create_commune):
    demo_communes(create_commune)
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "Transmis" in result.output and "Conventionné" in result.output
    agent = User.query.filter_by(email="prefecture@demo.fr").one()
    dossiers = by_state()

    # transmitted by the mission, the prefecture's « Accuser réception » still to do
    waiting = dossiers[DossierState.TRANSMITTED]
    assert Transmission.query.filter_by(dossier_id=waiting.id).one().acknowledged_at is None
    assert "acknowledge" in {t.name for t in workflow.available(agent, waiting)}
    assert "state_transmit" in {e.action for e in AuditEvent.query.filter_by(
        dossier_id=waiting.id)}

    # decided (FIPD year 1 partly granted, the rest in full), then conventionné
    agreed = dossiers[DossierState.AGREED]
    actions = [e.action for e in AuditEvent.query.filter_by(dossier_id=agreed.id)]
    for action in ("state_acknowledge", "state_instruct", "state_admit", "state_committee",
                   "state_decide", "state_agree", "report_opened", "report_submitted"):
        assert action in actions, action
    lines = {(line.scheme, line.year): line for line in decisions.lines_of(agreed)}
    assert lines[("fipd", 1)].gap == Decimal(5000) and lines[("fipd", 1)].granted > 0
    assert all(line.decided and line.gap == 0 for key, line in lines.items()
               if key != ("fipd", 1))
    assert decisions.instruction_of(agreed).convention_attachment_id is not None

    # its report of year 1 deposited, complete, waiting for the mission
    report = Report.query.filter_by(dossier_id=agreed.id).one()
    assert report.year == 1 and report.state is ReportState.SUBMITTED
    figures = report_figures.planned(agreed, 1)
    assert report_figures.problems(report, figures) == []
    charges, resources = report_figures.compared(report, figures)
    assert all(line.actual is not None for line in charges + resources)
    assert any(line.needs_explanation and line.explanation for line in charges)
    spent, received = totals(charges)[1], totals(resources)[1]
    assert spent == received > 0  # the account balances
    fipd = next(line for line in resources if line.key == "scheme:fipd")
    assert fipd.planned == fipd.actual == lines[("fipd", 1)].granted  # as decided
    planned_total = totals(charges)[0]
    assert abs(spent - planned_total) < planned_total * Decimal("0.25")  # near its budget
    adviser = app.test_client()  # the demo adviser, with the demo password
    assert adviser.post("/connexion", data={
        "email": "conseiller@demo.fr", "password": DEMO_PASSWORD,
        "csrf_token": csrf_token(adviser.get("/connexion").text)}).status_code == 302
    page = adviser.get(f"/conseiller/dossiers/{agreed.id}/comptes-rendus/1")
    assert page.status_code == 200 and "Un poste de médiateur est resté vacant" in page.text
