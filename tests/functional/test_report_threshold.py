"""The year-end report's gap threshold is a parameter of the advisers' sets: a dossier's
report follows the threshold of the set it is pinned to (« au-delà de 5 % » when its set
says 5 %), and a set published before the parameter keeps the default 15 %."""

import pytest

from tests.functional.test_reports import _filled
from tests.helpers import login, page_form
from wizard import reference
from wizard.costing import PARAMETER_SPECS
from wizard.costing.yearend import THRESHOLD_KEY
from wizard.db import db, utcnow
from wizard.models import Decision, DossierState, ReferenceParameter, Report, ReportState
from wizard.review import decisions, report_figures


def _set_with(adviser, label, threshold):
    entries = {spec.key: {"value": spec.value, "status": spec.status}
               for spec in PARAMETER_SPECS}
    entries[THRESHOLD_KEY]["value"] = threshold
    return reference.publish(entries, adviser, label)


@pytest.fixture
def decided_on(cast, create_dossier, complete_document):
    """decided_on(parameter_set): a decided dossier of Lille pinned to `parameter_set`,
    everything requested granted."""

    def factory(parameter_set):
        d = create_dossier(state=DossierState.DECIDED, document=complete_document,
                           commune=cast["lille"], parameter_set=parameter_set)
        for (scheme, year), amount in decisions.requested(d).items():
            db.session.add(Decision(dossier_id=d.id, scheme=scheme, year=year,
                                    requested=amount, granted=amount, decided_at=utcnow()))
        db.session.commit()
        return d

    return factory


def test_a_stricter_set_asks_to_explain_a_gap_the_default_tolerates(app, cast, decided_on):
    default = reference.ensure_default_set()
    strict = _set_with(cast["adviser"], "2026-v2", "0.05")
    db.session.commit()
    usual, tight = decided_on(default), decided_on(strict)
    assert report_figures.planned(usual, 1).threshold_text == "15\u202f%"
    assert report_figures.planned(tight, 1).threshold_text == "5\u202f%"
    lead = login(app, cast["lead"])

    # the dossier of the strict set: its page states 5 %, a 10 % gap must be explained
    url = f"/dossiers/{tight.id}/comptes-rendus/1"
    page = lead.get(url).text.replace("&#39;", "'")
    assert "Au-delà de 5\u202f% d'écart avec le montant prévu" in page
    form = _filled(page_form(lead, url, page), report_figures.planned(tight, 1))
    refused = lead.post(url, data={**form, "action": "submit"})
    assert refused.status_code == 400
    text = refused.text.replace("&#39;", "'")
    assert 'id="charges-0-explanation' in text and "L'écart dépasse 5\u202f% du montant" in text
    assert Report.query.filter_by(dossier_id=tight.id).one().state is ReportState.DRAFT

    # the same figures on the default set (15 %): deposited as they are
    url = f"/dossiers/{usual.id}/comptes-rendus/1"
    page = lead.get(url).text.replace("&#39;", "'")
    assert "Au-delà de 15\u202f% d'écart avec le montant prévu" in page
    form = _filled(page_form(lead, url, page), report_figures.planned(usual, 1))
    assert lead.post(url, data={**form, "action": "submit"}).status_code == 302
    assert Report.query.filter_by(dossier_id=usual.id).one().state is ReportState.SUBMITTED


def test_a_set_published_before_the_threshold_keeps_15_percent(app, cast, decided_on):
    old = reference.ensure_default_set()
    db.session.delete(next(p for p in old.parameters if p.key == THRESHOLD_KEY))
    db.session.commit()
    db.session.expire_all()
    assert THRESHOLD_KEY not in reference.values(old)
    dossier = decided_on(old)
    figures = report_figures.planned(dossier, 1)
    assert str(figures.threshold) == "0.15"
    lead = login(app, cast["lead"])
    page = lead.get(f"/dossiers/{dossier.id}/comptes-rendus/1").text.replace("&#39;", "'")
    assert "Au-delà de 15\u202f% d'écart" in page
    # the advisers see which threshold the old set's dossiers follow
    adviser = login(app, cast["adviser"])
    shown = adviser.get(f"/conseiller/parametres/{old.id}").text.replace("&#39;", "'")
    assert "Compte rendu de fin d'année" in shown and "15\u202f%" in shown
    assert "Valeur par défaut : ce jeu a été publié avant ce paramètre." in shown
    assert not db.session.query(ReferenceParameter).filter_by(key=THRESHOLD_KEY).count()
