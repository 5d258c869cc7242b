"""`flask reports remind`: one mail per lead when a project year's report is expected, one
more (advisers in copy) when it is late, never twice; a deposited report is not reminded."""

import pytest

from tests.helpers import login
from wizard import reference
from wizard.db import db
from wizard.models import AuditEvent, Decision, DossierState, Report, ReportState
from wizard.review import decisions


@pytest.fixture
def decided(cast, create_dossier, complete_document):
    """Lille's dossier decided (start 1 January 2027, three years)."""
    from wizard.db import utcnow

    d = create_dossier(state=DossierState.DECIDED, document=complete_document,
                       commune=cast["lille"], parameter_set=reference.current_set())
    for (scheme, year), amount in decisions.requested(d).items():
        db.session.add(Decision(dossier_id=d.id, scheme=scheme, year=year, requested=amount,
                                granted=amount, decided_at=utcnow()))
    db.session.commit()
    return d


def remind(app, *args):
    return app.test_cli_runner().invoke(args=["reports", "remind", *args])


def test_expected_then_late_each_once(app, cast, smtp, decided):
    assert decided.document["start_date"] == "2027-01-01"
    quiet = remind(app, "--date", "2027-12-31")  # year 1 not over yet
    assert quiet.exit_code == 0 and "Aucun rappel à envoyer au 31 décembre 2027." in quiet.output
    assert not smtp.messages

    due = remind(app, "--date", "2028-01-15")
    assert due.exit_code == 0, due.output
    assert "année 1 : attendu (échéance le 30 juin 2028) : 1 courriel(s)." in due.output
    [mail] = smtp.bodies_to("porteur@lille.fr")
    assert "L'année 1 du projet « " + decided.title + " » (Lille) est terminée" in mail
    assert "à déposer au plus tard le 30 juin 2028" in mail
    assert f"/dossiers/{decided.id}/comptes-rendus/1" in mail
    assert not smtp.bodies_to("conseil@region.fr")  # the mission: only when late

    again = remind(app, "--date", "2028-03-01")  # still expected: not sent twice
    assert "Aucun rappel" in again.output and len(smtp.bodies_to("porteur@lille.fr")) == 1

    late = remind(app, "--date", "2028-07-01")
    assert "année 1 : en retard" in late.output
    assert len(smtp.bodies_to("porteur@lille.fr")) == 2
    assert any("Le délai de dépôt a expiré le 30 juin 2028" in b
               for b in smtp.bodies_to("conseil@region.fr"))
    events = AuditEvent.query.filter_by(action="report_reminder", dossier_id=decided.id).all()
    assert sorted(e.details["status"] for e in events) == ["attendu", "en_retard"]
    history = login(app, cast["adviser"]).get(f"/conseiller/dossiers/{decided.id}/historique")
    assert "Rappel d&#39;un compte rendu annuel attendu ou en retard" in history.text


def test_a_deposited_report_is_not_reminded_and_dry_run_sends_nothing(app, cast, smtp,
                                                                      decided):
    db.session.add(Report(dossier_id=decided.id, year=1, state=ReportState.SUBMITTED,
                          content={}, created_by_id=cast["lead"].id))
    db.session.commit()
    listed = remind(app, "--date", "2029-01-15", "--dry-run")  # year 2 expected
    assert listed.exit_code == 0
    assert "année 2 : attendu" in listed.output and "année 1" not in listed.output
    assert "1 rappel(s) à envoyer (rien n'a été envoyé)." in listed.output
    assert not smtp.messages and not AuditEvent.query.filter_by(action="report_reminder").all()


def test_a_bad_date_is_refused_in_french(app):
    result = remind(app, "--date", "2028-02-30")
    assert result.exit_code == 2
    assert "--date « 2028-02-30 » n'est pas une date AAAA-MM-JJ." in result.output
