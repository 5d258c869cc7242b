"""Downloads of the dossier (recap links, PDF, JSON) and the `flask dossier export|import`
commands."""

import io
import json

import pytest
from pypdf import PdfReader

from tests.samples import COMPLETE
from wizard.db import db
from wizard.document import normalise
from wizard.models import Dossier
from wizard.operations.exchange import import_json


@pytest.fixture
def lille(create_commune):
    return create_commune()


@pytest.fixture
def own_dossier(client, login_as, lille):
    """A logged-in lead of Lille and the complete dossier, imported as a draft."""
    user = login_as("lead", communes=[lille], email="cheffe@lille.fr")
    dossier = import_json(COMPLETE.read_text(encoding="utf-8"), user.email)
    db.session.commit()
    return dossier


def test_recap_links_to_both_downloads(client, own_dossier):
    page = client.get(f"/dossiers/{own_dossier.id}/recapitulatif")
    assert page.status_code == 200
    assert f'href="/dossiers/{own_dossier.id}/dossier.pdf"' in page.text
    assert f'href="/dossiers/{own_dossier.id}/dossier.json"' in page.text
    assert "Télécharger le dossier (PDF)" in page.text
    assert "Télécharger les données (JSON)" in page.text


def test_pdf_download(client, own_dossier):
    response = client.get(f"/dossiers/{own_dossier.id}/dossier.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="dossier-59350-{own_dossier.id}.pdf"'
    reader = PdfReader(io.BytesIO(response.data))
    first = reader.pages[0].extract_text()
    assert "Lille" in first and "BROUILLON" in first  # a draft is stamped
    assert f"Page 1 / {len(reader.pages)}" in first


def test_json_download(client, own_dossier, complete_document):
    response = client.get(f"/dossiers/{own_dossier.id}/dossier.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="dossier-59350-{own_dossier.id}.json"'
    assert json.loads(response.data) == normalise(complete_document)


def test_another_communes_dossier_is_not_found(client, login_as, create_commune,
                                               create_user, lille):
    owner = create_user("lead", email="cheffe@lille.fr", communes=[lille])
    dossier = import_json(COMPLETE.read_text(encoding="utf-8"), owner.email)
    db.session.commit()
    login_as("lead", communes=[create_commune("59512", "Roubaix")])
    for kind in ("pdf", "json"):
        assert client.get(f"/dossiers/{dossier.id}/dossier.{kind}").status_code == 404
    assert client.get("/dossiers/999999/dossier.pdf").status_code == 404


def test_downloads_need_a_login(client):
    response = client.get("/dossiers/1/dossier.pdf")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_cli_import_export_round_trip(runner, create_user, lille, tmp_path, complete_document):
    create_user("lead", email="cheffe@lille.fr", communes=[lille])
    result = runner.invoke(args=["dossier", "import", str(COMPLETE), "--owner",
                                 "cheffe@lille.fr"])
    assert result.exit_code == 0, result.output
    dossier_id = int(result.stdout.strip())
    exported = runner.invoke(args=["dossier", "export", str(dossier_id), "--format", "json"])
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.stdout) == normalise(complete_document)
    target = tmp_path / "dossier.json"
    runner.invoke(args=["dossier", "export", str(dossier_id), "-o", str(target)])
    again = runner.invoke(args=["dossier", "import", str(target), "--owner", "cheffe@lille.fr"])
    assert again.exit_code == 0 and Dossier.query.count() == 2
    second = int(again.stdout.strip())
    assert db.session.get(Dossier, second).document == db.session.get(Dossier,
                                                                        dossier_id).document


def test_cli_pdf_export(runner, create_user, lille, tmp_path):
    owner = create_user("lead", email="cheffe@lille.fr", communes=[lille])
    dossier = import_json(COMPLETE.read_text(encoding="utf-8"), owner.email)
    db.session.commit()
    target = tmp_path / "dossier.pdf"
    result = runner.invoke(args=["dossier", "export", str(dossier.id), "--format", "pdf",
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    piped = runner.invoke(args=["dossier", "export", str(dossier.id), "--format", "pdf"])
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(piped.stdout_bytes)).pages[0].extract_text()
    assert "préfecture" in text  # the CLI's default audience


def test_cli_errors_exit_2_with_one_line_per_problem(runner, create_user, lille, tmp_path,
                                                     complete_document):
    create_user("lead", email="cheffe@lille.fr", communes=[lille])
    doc = complete_document
    doc["years"] = 7
    doc["holder"]["contact_email"] = "pas-une-adresse"
    bad = tmp_path / "mauvais.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(args=["dossier", "import", str(bad), "--owner", "cheffe@lille.fr"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(line.startswith("years : ") for line in lines)
    assert any(line.startswith("holder.contact_email : ") for line in lines)
    assert "Traceback" not in result.output and Dossier.query.count() == 0
    refused = runner.invoke(args=["dossier", "import", str(COMPLETE), "--owner", "x@y.fr"])
    assert refused.exit_code == 2
    assert refused.stderr.strip() == "--owner : aucun compte n'a l'adresse « x@y.fr »"
    missing = runner.invoke(args=["dossier", "import", str(tmp_path / "absent.json"),
                                  "--owner", "cheffe@lille.fr"])
    assert missing.exit_code == 2 and "fichier introuvable" in missing.stderr
    garbage = tmp_path / "texte.json"
    garbage.write_text("pas du json", encoding="utf-8")
    broken = runner.invoke(args=["dossier", "import", str(garbage), "--owner", "cheffe@lille.fr"])
    assert broken.exit_code == 2 and "JSON invalide ligne 1" in broken.stderr
    unknown = runner.invoke(args=["dossier", "export", "424242"])
    assert unknown.exit_code == 2 and "dossier 424242 : introuvable" in unknown.stderr
