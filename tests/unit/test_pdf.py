"""The dossier PDF without the database: sections, fiche-action, French figures, page
numbers, draft stamp, PDF validity (qpdf), hostile text, big dossiers, audiences."""

import io
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.samples import HOSTILE, big_document, complete_document, hostile_document, pdf_input
from wizard.costing import DEFAULT_PARAMETERS, cost_document
from wizard.document import new_document
from wizard.formats import money
from wizard.pdf import Note, parameter_rows, render_pdf
from wizard.pdf.escape import ZWSP, para_text, plain_text
from wizard.pdf.fiche import COLUMNS, chunks
from wizard.steps import STEPS


def pages_text(pdf: bytes) -> list[str]:
    """Text of each page, whitespace (incl. U+202F, U+00A0, U+200B) collapsed to one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return [norm(page.extract_text() or "") for page in reader.pages]


def norm(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f\u200b]+", " ", text).strip()


@pytest.fixture(scope="module")
def complete_pdf():
    return render_pdf(pdf_input(complete_document()), audience="prefecture")


@pytest.fixture(scope="module")
def complete_text(complete_pdf):
    return pages_text(complete_pdf)


def qpdf_check(pdf: bytes, tmp_path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        if os.environ.get("CI"):
            pytest.fail("qpdf manque en CI (.ci/run installe le paquet qpdf)")
        print("qpdf absent : vérification de structure du PDF ignorée")
        pytest.skip("qpdf absent (apt-get install qpdf)")
    path = tmp_path / "dossier.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_section_and_the_fiche_action_headings(complete_text):
    text = " ".join(complete_text)
    for i, step in enumerate(STEPS, 1):
        assert f"{i}. {step.title}" in text
    for title in ("Sommaire", "Problèmes constatés", "Lieux d'intervention et besoins de présence",
                  "Partenaire Catégorie Rôles Convention", "Tournées et créneaux hebdomadaires",
                  "Couverture de la semaine", "Moyens humains", "Plan de financement",
                  "Coûts unitaires", "Budget au format du cerfa 12156*06",
                  "Indicateur Type Situation de départ Cible Source Fréquence",
                  "Fiche-action (format CLSPD)", "Annexe — Hypothèses de calcul"):
        assert title in text, title
    fiche = next(page for page in complete_text if "Fiche-action (format CLSPD)" in page
                 and "Suggestions" in page)
    for heading, _ in COLUMNS:
        assert norm(heading) in fiche, heading
    assert "Créer un livret de bonne conduite" in fiche


def test_cover_figures_and_dates_are_french(complete_text):
    cover = complete_text[0]
    assert "Médiation sociale dans les espaces publics" in cover
    assert "Lille" in cover and "Ville de Lille" in cover
    assert "à partir du 1er janvier 2027, pour 3 ans (jusqu'au 31 décembre 2029)" in cover
    assert "21 novembre 2026" in cover and "Validé" in cover and "Version" not in cover
    result = cost_document(complete_document(), DEFAULT_PARAMETERS)
    year1 = norm(money(result.years[0].total_costs))
    assert re.fullmatch(r"\d{1,3}( \d{3})*,\d\d €", year1)
    budget = " ".join(complete_text)
    assert year1 in budget
    assert norm(money(sum(y.total_costs for y in result.years))) in budget


def test_page_numbers_header_and_outline(complete_pdf, complete_text):
    total = len(complete_text)
    assert total >= 10
    for number, page in enumerate(complete_text, 1):
        assert f"Page {number} / {total}" in page
    assert "Lille — Médiation sociale" in complete_text[1]
    assert not any("version" in page.lower() for page in complete_text)  # no internal counter
    outline = [item.title for item in PdfReader(io.BytesIO(complete_pdf)).outline
               if not isinstance(item, list)]
    assert outline[0] == f"1. {STEPS[0].title}" and "Fiche-action (format CLSPD)" in outline[-2]
    assert "Annexe — Hypothèses de calcul" in outline[-1]
    # the table of contents knows on which page each section starts
    toc = complete_text[1]
    fiche_page = next(i for i, page in enumerate(complete_text, 1)
                      if "8. Fiche-action (format CLSPD) Thématique" in page)
    assert re.search(rf"\b{fiche_page}\b", toc)


def test_draft_stamp_only_on_drafts(complete_text):
    assert not any("BROUILLON" in page for page in complete_text)
    draft = pages_text(render_pdf(pdf_input(complete_document(), is_draft=True)))
    assert all("BROUILLON" in page for page in draft)


def test_qpdf_check_passes(complete_pdf, tmp_path):
    qpdf_check(complete_pdf, tmp_path)


def test_private_notes_only_in_the_adviser_copy():
    notes = [Note("Vérifier le <b>loyer</b> & la convention", "Conseillère", None, "Budget"),
             "Relancer le bailleur"]
    doc = complete_document()
    adviser = " ".join(pages_text(render_pdf(pdf_input(doc), audience="adviser",
                                             private_notes=notes)))
    assert "Notes internes de la mission régionale" in adviser
    assert "Vérifier le <b>loyer</b> & la convention" in adviser
    assert "Relancer le bailleur" in adviser
    for audience in ("lead", "prefecture"):
        other = " ".join(pages_text(render_pdf(pdf_input(doc), audience=audience,
                                               private_notes=notes)))
        assert "Relancer le bailleur" not in other and "Notes internes" not in other
    with pytest.raises(ValueError, match="audience inconnue"):
        render_pdf(pdf_input(doc), audience="public")


def test_para_text_escapes_cleans_and_breaks():
    assert para_text("<b>x</b> & </para><para>") == \
        "&lt;b&gt;x&lt;/b&gt; &amp; &lt;/para&gt;&lt;para&gt;"
    assert para_text("a\x00b\x07c\x1bd\te\r\nf") == "abcd e<br/>f"
    assert para_text(None) == "" and para_text(12) == "12"
    word = plain_text("x" * 10_000)
    assert word.replace(ZWSP, "") == "x" * 10_000
    assert max(len(run) for run in word.split(ZWSP)) == 40
    assert plain_text("Fête 🎉 réussie") == "Fête \ufffd réussie"
    assert plain_text("👨‍👩‍👧") == "\ufffd"  # joined emoji: one replacement, joiners dropped
    assert plain_text("שלום مرحبا") == "שלום مرحبا"  # kept in logical order
    assert plain_text("\u202edroite").endswith("droite")  # no bidi algorithm: harmless


def test_hostile_text_never_fails_and_gives_a_valid_pdf(tmp_path):
    doc = hostile_document()
    pdf = render_pdf(pdf_input(doc, is_draft=True, commune_name=HOSTILE[0]),
                     audience="adviser", private_notes=HOSTILE)
    assert pdf.startswith(b"%PDF")
    text = " ".join(pages_text(pdf))
    assert "<b>gras</b> <para>para</para> &" in text  # markup shows as text
    assert "\ufffd" in text and "contrôle" in text
    assert "Mot" + "x" * 30 in text.replace(" ", "")
    qpdf_check(pdf, tmp_path)


def test_empty_and_uncostable_dossiers_render(tmp_path):
    empty = render_pdf(pdf_input(new_document("59350"), is_draft=True,
                                 commune_population=None, parameter_rows=[]))
    text = " ".join(pages_text(empty))
    assert "Non renseigné" in text and "Fiche-action" in text
    doc = complete_document()
    doc["funding"]["adultes_relais_posts"] = 40  # more posts than mediators: cannot be costed
    text = " ".join(pages_text(render_pdf(pdf_input(doc))))
    assert "Le budget ne peut pas encore être calculé" in text
    assert "funding.adultes_relais_posts" in text
    qpdf_check(empty, tmp_path)


def test_big_dossier_splits_tables_with_repeated_headers(complete_text, tmp_path):
    pdf = render_pdf(pdf_input(big_document()))
    text = pages_text(pdf)
    assert len(text) > len(complete_text) + 5
    places_header = "Lieu Type QPV Priorité Besoins de présence"
    partners_header = "Partenaire Catégorie Rôles Convention"
    assert sum(places_header in page for page in text) >= 2
    assert sum(partners_header in page for page in text) >= 2
    assert "Lieu n° 50" in " ".join(text) and "Partenaire n° 40" in " ".join(text)
    qpdf_check(pdf, tmp_path)


def test_parameter_rows_show_overrides_and_sources():
    rows = {row.label: row for row in parameter_rows(complete_document(), DEFAULT_PARAMETERS)}
    salary = rows["Salaire brut annuel d'un médiateur (ETP)"]
    assert (norm(salary.value), salary.status) == ("24 000,00 €", "Propre au dossier")
    hours = rows["Heures travaillées d'un temps plein par an"]
    assert norm(hours.value) == "1 607 h"
    assert "service-public.fr" in hours.source and hours.status == "Confirmé par la source"
    assert norm(rows["Heures payées d'un temps plein par an"].value) == "1 820 h"
    assert norm(rows["Frais de structure (part des coûts directs)"].value) == "12 %"
    assert rows["RGDU : puissance (P)"].status == "Source secondaire"
    rate = next(row for label, row in rows.items() if label.startswith("Taux de charges imposé "
                                                                          "d'un médiateur"))
    assert rate.value == "Selon l'employeur"
    # a set published before costing v2 lacks its parameters: no row for them
    v1 = {k: v for k, v in DEFAULT_PARAMETERS.items() if k != "paid_hours_annual"}
    labels = {row.label for row in parameter_rows(complete_document(), v1)}
    assert "Heures payées d'un temps plein par an" not in labels


def test_chunks_cut_long_text_at_spaces():
    text = "mot " * 300
    pieces = chunks(text, 400)
    assert all(len(piece) <= 400 for piece in pieces)
    assert " ".join(pieces).split() == text.split()
    assert [len(p) for p in chunks("x" * 1000, 400)] == [400, 400, 200]


def test_a_non_default_parameter_set_gives_the_same_totals_in_every_section():
    """The steps' summaries and the budget sections are fed the same parameters: with a set
    other than the defaults, every total printed is that set's, never the defaults'."""
    document = complete_document()
    document.pop("parameters", None)
    values = {**DEFAULT_PARAMETERS, "mediator_gross_annual": "26000", "overhead_rate": "0.15"}
    pinned = cost_document(document, values)
    defaults = cost_document(document, DEFAULT_PARAMETERS)
    text = " ".join(pages_text(render_pdf(
        pdf_input(document, reference_defaults=values, parameter_set_name="2027-v1"),
        audience="prefecture")))
    for year, other in zip(pinned.years, defaults.years):
        total = norm(money(year.total_costs))
        assert text.count(total) >= 2, (year.year, total)  # step summary and budget table
        assert norm(money(other.total_costs)) not in text
    assert "2027-v1" in text
