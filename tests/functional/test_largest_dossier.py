"""The largest dossier the schema accepts (every list at its bound) renders on every page a
lead or an adviser opens, and its PDF is produced: nothing a form accepts can make a page or
the transmission fail. Timings are measured by bench/largest.py (docs/benchmarks.md)."""

import io

from pypdf import PdfReader

from tests.helpers import page_form, submit
from tests.pdf_limits import maximal_document
from wizard.db import db
from wizard.models import DossierState
from wizard.steps import STEPS


def test_every_page_of_the_largest_dossier_renders(client, login_as, create_dossier,
                                                   create_commune):
    lille = create_commune()
    login_as("lead", communes=[lille])
    dossier = create_dossier(document=maximal_document(), commune=lille, sync=True)
    assert dossier.total_cost and dossier.mediator_fte > 20
    urls = [f"/dossiers/{dossier.id}/etapes/{step.slug}" for step in STEPS]
    urls += [f"/dossiers/{dossier.id}", f"/dossiers/{dossier.id}/recapitulatif",
             f"/dossiers/{dossier.id}/scenarios"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Lieu 30" in client.get(urls[1]).text  # the diagnosis shows every place
    assert "Tournée 10" in client.get(urls[4]).text  # the intervention every round


def test_the_schedules_of_the_largest_dossier_save_back_unchanged(client, login_as,
                                                                  create_dossier, create_commune):
    """Every list of slots at its bound, in an order the rows cannot keep: the schedule editor
    groups them into rows and saves them back exactly."""
    lille = create_commune()
    login_as("lead", communes=[lille])
    document = maximal_document()
    dossier = create_dossier(document=document, commune=lille, sync=True)
    for slug in ("diagnostic", "modalites"):
        url = f"/dossiers/{dossier.id}/etapes/{slug}"
        response = submit(client, url, page_form(client, url), action="draft")
        assert response.status_code == 302, slug
    db.session.refresh(dossier)
    assert dossier.document["diagnosis"] == document["diagnosis"]
    saved, expected = dossier.document["intervention"], document["intervention"]
    assert saved["rounds"] == expected["rounds"]
    assert saved["reinforcements"] == expected["reinforcements"]


def test_the_largest_dossier_has_a_pdf(client, login_as, create_dossier, create_commune):
    lille = create_commune()
    login_as("adviser")
    dossier = create_dossier(document=maximal_document(), commune=lille, sync=True,
                             state=DossierState.IN_REVIEW)
    page = client.get(f"/conseiller/dossiers/{dossier.id}")
    assert page.status_code == 200 and "Tournée 10" in page.text
    response = client.get(f"/conseiller/dossiers/{dossier.id}/dossier-conseiller.pdf")
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.data)).pages
    assert len(pages) > 10
