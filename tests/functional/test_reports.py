"""The year-end report (cerfa 15059) through HTTP: the lead writes the report of year 1 of a
decided dossier (actual spending and resources beside the planned ones, the indicators, the
activity), a large gap without explanation is refused next to its field and nothing typed is
lost, the lead deposits it, the mission asks for more then accepts it (mails, audit), the
prefecture of the department reads it (another department's agent gets a 404), and the PDF
shows the planned and actual totals."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.helpers import csrf_token, login, page_form, post_form
from wizard import reference
from wizard.costing.yearend import totals
from wizard.db import db
from wizard.formats import money
from wizard.models import AuditEvent, Decision, DossierState, Report, ReportState
from wizard.review import decisions, report_figures


@pytest.fixture
def decided(cast, create_dossier, complete_document):
    """A dossier of Lille with the prefecture's decision: everything requested granted,
    except FIPD year 1 (a partial grant)."""
    d = create_dossier(state=DossierState.DECIDED, document=complete_document,
                       commune=cast["lille"], parameter_set=reference.current_set())
    from wizard.db import utcnow

    for (scheme, year), amount in decisions.requested(d).items():
        granted = amount - 1000 if (scheme, year) == ("fipd", 1) else amount
        db.session.add(Decision(dossier_id=d.id, scheme=scheme, year=year, requested=amount,
                                granted=granted, decided_at=utcnow()))
    db.session.commit()
    return d


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _filled(form, figures, *, skip_explanation=None):
    """The report's form with every actual amount as planned (+10 % on the first charge,
    +40 % on the last one), the account of the year written."""
    form["worked"] = "Les tournées du soir ont bien fonctionné."
    form["difficulties"] = "Deux départs <en cours> d'année."
    form["hours"] = "3 200"
    form["interventions"] = "450"
    form["indicators-0-reached"] = "280 par mois"
    form["indicators-0-rate"] = "93"
    for i, line in enumerate(figures.charges):
        factor = {0: "1.10", len(figures.charges) - 1: "1.40"}.get(i, "1")
        from decimal import Decimal

        form[f"charges-{i}-actual"] = money(line.amount * Decimal(factor)).replace(" €", "")
        if factor == "1.40" and skip_explanation != "charges":
            form[f"charges-{i}-explanation"] = "Hausse du coût des locations."
    for i, _line in enumerate(figures.resources):
        form[f"resources-{i}-actual"] = money(_line.amount).replace(" €", "")
    return form


def test_the_report_from_writing_to_acceptance(app, cast, smtp, decided):
    did = decided.id
    lead = login(app, cast["lead"])
    tasks = lead.get(f"/dossiers/{did}").text
    assert "Rédiger le compte rendu de l'année 1" in tasks
    assert "Rédiger le compte rendu de l'année 3" in tasks
    url = f"/dossiers/{did}/comptes-rendus/1"
    page = lead.get(url).text
    figures = report_figures.planned(decided, 1)
    assert figures.charges and figures.resources
    # the resources: the State's grants, the Department as asked and the landlord as
    # already granted in the budget, the rest
    resources = {line.key: line.amount for line in figures.resources}
    assert resources["scheme:departement"] == 10000 and resources["scheme:bailleur"] == 5000
    assert [k for k in resources if k.startswith("scheme:")] == [
        "scheme:fipd", "scheme:adultes_relais", "scheme:departement", "scheme:bailleur"]
    assert "Contacts avec les habitants et usagers" in page  # the dossier's first indicator
    assert "Prévu : " + money(figures.charges[0].amount) in page

    # a gap of 40 % without explanation: the draft is kept, the error is next to the field
    form = _filled(page_form(lead, url, page), figures, skip_explanation="charges")
    last = len(figures.charges) - 1
    refused = lead.post(url, data={**form, "action": "submit"})
    assert refused.status_code == 400
    assert re.search(r'id="charges-%d-explanation-erreur"[^>]*>\s*<p[^>]*>L&#39;écart dépasse 15'
                     % last, refused.text) or "L&#39;écart dépasse 15" in refused.text
    assert "Deux départs &lt;en cours&gt; d&#39;année." in refused.text  # nothing lost
    assert "1 erreur à corriger" in refused.text  # the summary links to the field
    assert 'href="#charges-%d-explanation"' % last in refused.text
    # the summary names the line (the page shows it as the group's legend)
    assert re.search(r'href="#charges-%d-explanation"[^>]*>%s — explication de l&#39;écart : '
                     % (last, re.escape(figures.charges[last].label)), refused.text)
    report = Report.query.filter_by(dossier_id=did, year=1).one()
    assert report.state is ReportState.DRAFT
    assert report.content["worked"].startswith("Les tournées")

    # a bad amount stays on screen with its message, the draft is unchanged
    bad = lead.post(url, data={**form, "charges-0-actual": "12.500", "action": "save"})
    assert bad.status_code == 400 and "12.500" in bad.text
    assert "Écrivez 12 500 (douze mille cinq cents)" in _plain(bad.text)

    # explained: deposited, the advisers are told
    form[f"charges-{last}-explanation"] = "Hausse du coût des locations."
    done = lead.post(url, data={**form, "action": "submit"})
    assert done.status_code == 302
    db.session.expire_all()
    report = Report.query.filter_by(dossier_id=did, year=1).one()
    assert report.state is ReportState.SUBMITTED
    assert any("Compte rendu de l'année 1 déposé" in b for b in smtp.bodies_to("conseil@region.fr"))
    assert "Déposé" in lead.get(url).text

    # the adviser asks for more (a reason is required), then accepts
    adviser = login(app, cast["adviser"])
    adv_url = f"/conseiller/dossiers/{did}/comptes-rendus/1"
    assert "Compte rendu de l'année 1</a>" in adviser.get(f"/conseiller/dossiers/{did}").text
    shown = adviser.get(adv_url).text
    assert "Hausse du coût des locations." in shown
    empty = post_form(adviser, f"{adv_url}/complements", adv_url, reason=" ")
    assert empty.status_code == 400 and "Indiquez les compléments demandés" in empty.text
    post_form(adviser, f"{adv_url}/complements", adv_url, reason="Détaillez les heures.")
    db.session.expire_all()
    assert Report.query.filter_by(dossier_id=did, year=1).one().state \
        is ReportState.CHANGES_REQUESTED
    assert any("Détaillez les heures." in b for b in smtp.bodies_to("porteur@lille.fr"))
    page = lead.get(url).text
    assert "Détaillez les heures." in page and "Hausse du coût des locations." in page
    resubmit = lead.post(url, data={**page_form(lead, url, page), "action": "submit"})
    assert resubmit.status_code == 302
    post_form(adviser, f"{adv_url}/accepter", adv_url)
    db.session.expire_all()
    assert Report.query.filter_by(dossier_id=did, year=1).one().state is ReportState.ACCEPTED
    assert any("accepté" in b for b in smtp.bodies_to("agent59@prefecture.fr"))
    actions = [e.action for e in AuditEvent.query.filter_by(dossier_id=did)]
    for action in ("report_opened", "report_submitted", "report_changes_requested",
                   "report_accepted"):
        assert action in actions

    # the department's agent reads it; another department's agent gets a 404
    agent = login(app, cast["agent"])
    assert "Compte rendu de l'année 1</a>" in agent.get(f"/prefecture/dossiers/{did}").text
    assert agent.get(f"/prefecture/dossiers/{did}/comptes-rendus/1").status_code == 200
    other = login(app, cast["agent62"])
    assert other.get(f"/prefecture/dossiers/{did}/comptes-rendus/1").status_code == 404
    assert other.get(f"/prefecture/dossiers/{did}/comptes-rendus/1/compte-rendu.pdf"
                     ).status_code == 404

    # the PDF: planned and actual totals of charges and products, the annex's explanation
    pdf = agent.get(f"/prefecture/dossiers/{did}/comptes-rendus/1/compte-rendu.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _plain("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    report = Report.query.filter_by(dossier_id=did, year=1).one()
    charges, resources = report_figures.compared(report, report_figures.planned(decided, 1))
    for lines in (charges, resources):
        planned, actual = totals(lines)
        assert planned != actual or lines is resources
        assert _plain(money(planned)) in text and _plain(money(actual)) in text
    assert "Hausse du coût des locations." in text
    assert "Deux départs <en cours> d'année." in text  # user text escaped, shown as typed
    assert "Contacts avec les habitants et usagers" in text and "93 %" in text
    assert "Cerfa n° 15059" in text and "Annexe explicative" in text


def test_reports_open_only_after_the_decision(app, cast, create_dossier, complete_document):
    d = create_dossier(state=DossierState.COMMITTEE, document=complete_document,
                       commune=cast["lille"])
    lead = login(app, cast["lead"])
    assert "Rédiger le compte rendu" not in lead.get(f"/dossiers/{d.id}").text
    response = lead.get(f"/dossiers/{d.id}/comptes-rendus/1")
    assert response.status_code == 302 and response.location.endswith(f"/dossiers/{d.id}")
    token = csrf_token(lead.get(f"/dossiers/{d.id}").text)
    lead.post(f"/dossiers/{d.id}/comptes-rendus/1", data={"csrf_token": token})
    assert Report.query.count() == 0


def test_a_year_outside_the_project_is_404(app, cast, decided):
    lead = login(app, cast["lead"])
    assert lead.get(f"/dossiers/{decided.id}/comptes-rendus/4").status_code == 404
    assert lead.get(f"/dossiers/{decided.id}/comptes-rendus/0").status_code == 404


def test_the_adviser_sees_no_draft_report(app, cast, decided):
    db.session.add(Report(dossier_id=decided.id, year=2, content={"worked": "secret"}))
    db.session.commit()
    adviser = login(app, cast["adviser"])
    response = adviser.get(f"/conseiller/dossiers/{decided.id}/comptes-rendus/2")
    assert response.status_code == 302
    assert "secret" not in adviser.get(response.location).text


def test_the_report_page_draws_spending_and_indicators(app, cast, decided):
    """Two SVG charts beside their tables: one bar pair per charge line (planned, actual) and
    one per indicator with a rate (target = 100 %, reached); each value written by its bar."""
    did = decided.id
    lead = login(app, cast["lead"])
    url = f"/dossiers/{did}/comptes-rendus/1"
    figures = report_figures.planned(decided, 1)
    assert lead.post(url, data={**_filled(page_form(lead, url), figures),
                                "action": "submit"}).status_code == 302
    adviser = login(app, cast["adviser"])
    page = adviser.get(f"/conseiller/dossiers/{did}/comptes-rendus/1").text
    spending = re.search(r'<svg id="graphique-depenses".*?</svg>', page, re.S).group(0)
    assert spending.count("<g>") == len(figures.charges)
    first = figures.charges[0]
    assert _plain(money(first.amount)) in _plain(spending)  # the planned value by its bar
    bars = "".join(re.findall(r"<g>.*?</g>", spending, re.S))  # the legend's boxes left out
    widths = [float(w) for w in re.findall(r'<rect x="190" y="\d+" width="([\d.]+)"', bars)]
    assert len(widths) == 2 * len(figures.charges) and max(widths) == 340.0
    # +10 % on the first line, +40 % on the last: the actual bar that much longer
    assert abs(widths[1] / widths[0] - 1.10) < 0.02
    assert abs(widths[-1] / widths[-2] - 1.40) < 0.02
    indicators = re.search(r'<svg id="graphique-indicateurs".*?</svg>', page, re.S).group(0)
    assert indicators.count("<g>") == 1 and "93\u202f%" in indicators
    assert 'aria-labelledby="graphique-depenses-titre graphique-depenses-note"' in page
    assert "Les mêmes chiffres figurent dans le tableau" in page


def test_the_task_list_says_when_each_report_is_due(app, cast, decided, monkeypatch):
    """Each project year with its dates, the report's status and its deadline (six months
    after the year's end), from the Paris day."""
    from datetime import date

    import wizard.lead.views as lead_views

    lead = login(app, cast["lead"])
    assert decided.document["start_date"] == "2027-01-01"
    monkeypatch.setattr(lead_views, "paris_today", lambda: date(2026, 12, 2))
    page = _plain(lead.get(f"/dossiers/{decided.id}").text)
    assert "Année 1 (du 1er janvier 2027 au 31 décembre 2027)" in page
    assert "Année 3 (du 1er janvier 2029 au 31 décembre 2029)" in page
    assert page.count("À venir") == 3
    assert "À déposer au plus tard le 30 juin 2028." in page

    monkeypatch.setattr(lead_views, "paris_today", lambda: date(2028, 1, 15))
    page = _plain(lead.get(f"/dossiers/{decided.id}").text)
    assert 'fr-badge--warning">Attendu</p>' in page and page.count("À venir") == 2

    monkeypatch.setattr(lead_views, "paris_today", lambda: date(2028, 7, 1))
    page = _plain(lead.get(f"/dossiers/{decided.id}").text)
    assert 'fr-badge--error">En retard</p>' in page  # year 1: late from 1 July 2028
    assert "Attendu" not in page and page.count("À venir") == 2


def test_a_scheme_decided_before_the_state_only_rule_is_planned_once(app, decided):
    """A dossier decided when the prefecture also decided the Department's line keeps that
    decision as the plan, not the budget's amount as well."""
    from wizard.db import utcnow

    db.session.add(Decision(dossier_id=decided.id, scheme="departement", year=1,
                            requested=10000, granted=7000, decided_at=utcnow()))
    db.session.commit()
    keys = [line.key for line in report_figures.planned(decided, 1).resources]
    assert keys.count("scheme:departement") == 1
    assert {line.key: line.amount for line in report_figures.planned(decided, 1).resources}[
        "scheme:departement"] == 7000


def test_activity_per_place(app, cast, decided):
    """Optional figures per place of the diagnosis: kept, refused when their sum exceeds the
    year's total (the message at the total), shown on the report's page and in its PDF."""
    did = decided.id
    lead = login(app, cast["lead"])
    url = f"/dossiers/{did}/comptes-rendus/1"
    page = lead.get(url).text
    places = [p["name"] for p in decided.document["diagnosis"]["places"]]
    assert "Activité par lieu (facultatif)" in page
    for i, name in enumerate(places):
        assert f'id="lieu-{i + 1}">{name}</legend>' in page.replace("&#39;", "'")
    figures = report_figures.planned(decided, 1)
    form = _filled(page_form(lead, url, page), figures)  # the year: 3 200 hours
    for key, value in {"places-0-hours": "2 000", "places-0-people": "310",
                       "places-1-hours": "1 500", "places-1-interventions": "12"}.items():
        form[key] = value
    refused = lead.post(url, data={**form, "action": "submit"})
    assert refused.status_code == 400
    assert "La somme des lieux (3 500) dépasse le total de l&#39;année (3 200)." in _plain(
        refused.text)
    assert 'value="1 500"' in _plain(refused.text)  # kept as typed
    report = Report.query.filter_by(dossier_id=did, year=1).one()
    assert report.content["activity"]["places"] == [
        {"place": places[0], "hours": "2000", "interventions": None, "people": 310,
         "orientations": None},
        {"place": places[1], "hours": "1500", "interventions": 12, "people": None,
         "orientations": None}]

    form["places-1-hours"] = "1 200"
    assert lead.post(url, data={**form, "action": "submit"}).status_code == 302
    adviser = login(app, cast["adviser"])
    shown = _plain(adviser.get(f"/conseiller/dossiers/{did}/comptes-rendus/1").text)
    assert "<caption>Activité par lieu" in shown
    assert re.search(r"<td>%s</td><td[^>]*>2 000</td><td[^>]*>—</td><td[^>]*>310</td>"
                     % re.escape(places[0]), shown)
    pdf = adviser.get(f"/conseiller/dossiers/{did}/comptes-rendus/1/compte-rendu.pdf")
    text = _plain("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert "Activité par lieu" in text and "1 200" in text
