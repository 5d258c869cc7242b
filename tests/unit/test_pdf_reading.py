"""The transmitted PDF reads like an application: page 1 sums the project up, each fact is
printed once in its section (and again only in the fiche-action and on page 1), nothing
« Non renseigné », one format for times and dates, headings never end a page, the footer is
never cut, and the annex of the calculation's hypotheses keeps the mission's internal notes
for the adviser's copy."""

import io
import re
from datetime import UTC, date, datetime
from functools import cache

import pytest
from pypdf import PdfReader
from reportlab.platypus import KeepTogether, Paragraph, Table

from tests.samples import complete_document, pdf_input
from wizard.costing import DEFAULT_PARAMETERS, PARAMETER_SPECS, cost_document
from wizard.formats import hour, long_date, money
from wizard.pdf import Note, render_pdf
from wizard.pdf.escape import ZWSP, plain_text
from wizard.pdf.styles import stylesheet
from wizard.pdf.tables import keep_headings
from wizard.steps import STEPS


def norm(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f\u200b]+", " ", text).strip()


def pages_text(pdf: bytes) -> list[str]:
    return [norm(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


@cache
def copy(audience: str) -> tuple[str, ...]:
    notes = [Note("Relancer le bailleur")] if audience == "adviser" else None
    return tuple(pages_text(render_pdf(pdf_input(complete_document()), audience=audience,
                                       private_notes=notes)))


def text(audience: str) -> str:
    return " ".join(copy(audience))


@pytest.mark.parametrize("audience", ["prefecture", "adviser"])
def test_transmitted_copies_leave_empty_fields_out(audience):
    assert "non renseign" not in text(audience).lower()


def test_the_lead_draft_still_says_what_is_not_filled_in():
    doc = complete_document()
    doc["partners"][0].pop("agreement", None)
    draft = " ".join(pages_text(render_pdf(pdf_input(doc, is_draft=True))))
    assert "Non renseigné" in draft


def test_times_and_dates_have_one_format():
    prefecture = text("prefecture")
    assert not re.search(r"\d:\d\d", prefecture)  # never « 18:00 »
    assert "Vendredi et samedi 18 h – 23 h" in prefecture  # the editor's rows, one line each
    assert "Samedi 20 h – 0 h 30" in prefecture
    assert f"{hour('21:00')} " in prefecture  # the night window in the annex: « 21 h »
    assert long_date(date(2027, 1, 1)) in copy("prefecture")[0]
    assert hour("18:30") == "18 h 30" and hour("00:30") == "0 h 30" and hour("21:00") == "21 h"


def test_page_one_sums_the_project_up_on_one_page():
    first, second = copy("prefecture")[:2]
    result = cost_document(complete_document(), DEFAULT_PARAMETERS)
    assert "Sommaire" in second
    for fact in ("Médiation sociale dans les espaces publics", "Lille", "Ville de Lille",
                 "pour 3 ans", "Jeunes", "Place de la gare", "2,15 ETP de médiateurs (3 postes)",
                 "FIPD", "Commune de Lille (solde)", norm(money(result.years[0].total_costs)),
                 norm(money(result.years[0].commune_contribution)), "Coût total du projet"):
        assert fact in first, fact


# Where a name may be printed: its section, the fiche-action, page 1 (places), and the
# rounds, which name the places they serve.
BOUNDS = {
    "Parc Jean-Baptiste Lebas": 4,  # page 1, places, rounds, fiche-action
    "Rue du Faubourg des Postes": 4,
    "Ilévia": 2,  # partners, fiche-action
    "Centre social de Lille Sud": 2,
    "Contacts avec les habitants et usagers": 2,  # indicators, fiche-action
    "Taux de suivi des signalements": 2,
    "Conflits de voisinage": 2,  # problems, fiche-action
}


@pytest.mark.parametrize("audience", ["prefecture", "adviser", "lead"])
def test_each_fact_is_printed_once_in_its_section(audience):
    body = text(audience)
    for name, bound in BOUNDS.items():
        assert 1 <= body.count(name) <= bound, (name, body.count(name))
    # the funding plan: one table (plus page 1 and the cerfa's products)
    assert body.count("Plan de financement") == 1
    # a partner that funds and lends premises: partners, steering committee, page 1, plan,
    # cerfa (products, 86 and 87 in kind), fiche-action (partners, funders)
    assert body.count("Lille Métropole Habitat") <= 9


def test_the_annex_lists_every_parameter_without_internal_notes():
    prefecture, adviser = copy("prefecture"), copy("adviser")
    start = next(i for i, page in enumerate(prefecture)
                 if "Annexe — Hypothèses de calcul" in page and "Sommaire" not in page)
    annex = " ".join(prefecture[start:])  # the annex is last and may run over two pages
    assert "Annexe — Hypothèses de calcul" in annex
    for spec in PARAMETER_SPECS:  # the costing's, not the year-end report's threshold
        assert (spec.label_fr in annex) == (spec.scope == "costing"), spec.label_fr
    body = " ".join(prefecture)
    assert "Estimation" not in body and "aucun plafond" not in body.lower()
    own = complete_document().get("parameters") or {}  # the dossier's values: no note
    notes = [norm(spec.source_title)[:40] for spec in PARAMETER_SPECS
             if spec.status != "confirmed" and spec.key not in own]
    assert notes and not any(note in body for note in notes)
    reviewed = " ".join(adviser)
    assert "Estimation" in reviewed and "Statut" in reviewed
    assert all(note in reviewed for note in notes)
    assert "Estimation" not in text("lead")


def test_long_addresses_wrap_at_their_separators():
    url = "https://www.service-public.fr/particuliers/vosdroits/F1911"
    assert plain_text(url).split(ZWSP) == [
        "https://", "www.", "service-", "public.", "fr/", "particuliers/", "vosdroits/",
        "F1911"]
    assert "particuli ers" not in text("adviser")  # no longer cut every 40 characters


def test_the_operators_name_is_never_cut_in_the_footer():
    operator = ("Préfecture de la région Hauts-de-France — Secrétariat général pour les "
                "affaires régionales — Mission régionale d'appui à la médiation sociale et "
                "à la tranquillité publique")
    pages = pages_text(render_pdf(pdf_input(complete_document(), operator_name=operator),
                                  audience="prefecture"))
    for page in pages[1:]:
        assert norm(operator) in page and "…" not in page.split("Document généré le")[-1]


HEADER = "Lille — Médiation sociale dans les espaces publics — Lille Sud et quartier de la gare"


def headings_of(pages) -> list[str]:
    titles = [f"{i}. {step.title}" for i, step in enumerate(STEPS, 1)]
    return titles + ["Problèmes constatés", "Lieux d'intervention et besoins de présence",
                     "Tournées et créneaux hebdomadaires", "Renforts saisonniers",
                     "Couverture de la semaine", "Moyens humains", "Coûts par poste et par année",
                     "Plan de financement", "Coûts unitaires", "Gouvernance", "Autres dépenses",
                     "Difficultés et suggestions"]


@pytest.mark.parametrize("extra", range(0, 2400, 150))
def test_no_heading_ends_a_page(extra):
    # the diagnosis summary grows so that every later heading meets a page end somewhere
    doc = complete_document()
    doc["diagnosis"]["summary"] += " Constat complémentaire." * (extra // 24)
    pages = pages_text(render_pdf(pdf_input(doc), audience="prefecture"))
    for page in pages[2:]:
        # the running header and footer are drawn last, after the page's content
        body = page.rpartition(HEADER)[0].strip()
        for title in headings_of(pages):
            assert not body.endswith(title), (title, body[-120:])


def test_keep_headings_groups_a_heading_with_a_short_table():
    heading = Paragraph("Titre", stylesheet()["h2"])
    table = KeepTogether([Table([["a"]])])
    after = Paragraph("Texte", stylesheet()["body"])
    story = keep_headings([heading, table, after])
    assert len(story) == 2 and isinstance(story[0], KeepTogether)
    assert story[0]._content[0] is heading and isinstance(story[0]._content[1], Table)


def test_page_one_is_an_application_with_the_amounts_requested_per_scheme():
    first = copy("prefecture")[0]
    result = cost_document(complete_document(), DEFAULT_PARAMETERS)
    aid = [y.adultes_relais for y in result.years]
    for fact in ("SIRET 215 903 501 00017", "Camille Leroy, Maire", "Dominique Lefebvre",
                 "Quartiers prioritaires Lille Sud (QN05926M)",
                 "Montants demandés par dispositif et par année"):
        assert fact in first, fact
    # FIPD asked 20 000 / 20 000 / 15 000; the adultes-relais aid; the department; the
    # social landlord's line is « accordé »: not requested
    assert norm(f"FIPD {money(20000)} {money(20000)} {money(15000)} {money(55000)}") in first
    assert norm(f"Adultes-relais (aide au poste) {money(aid[0])}") in first
    state = [20000 + aid[0], 20000 + aid[1], 15000 + aid[2]]
    assert norm(f"dont part de l'État {money(state[0])} {money(state[1])}") in first
    total = norm(money(state[0] + 10000))
    assert f"Total des montants demandés {total}" in first
    holder = norm(money(result.years[0].commune_contribution))
    assert f"Part du porteur du projet {holder}" in first
    assert "Attestation sur l'honneur" not in text("prefecture")  # none signed in this input


def test_the_attestation_and_the_pieces_with_their_sha256():
    from wizard.pdf import Piece, Signed

    signed = Signed("Je soussigné(e) atteste sur l'honneur que tout est exact.",
                    "Dominique Lefebvre", "Adjointe au maire", "2026-11-20",
                    datetime(2026, 11, 20, 14, 4, tzinfo=UTC), "Claire Dubois")
    sha = "0123456789abcdef" * 4
    pdf = render_pdf(pdf_input(complete_document(), attestation=signed,
                               pieces=(Piece("deliberation", "deliberation.pdf", 2048, sha),)),
                     audience="prefecture")
    pages = pages_text(pdf)
    assert "Délibération du conseil municipal (deliberation.pdf)" in pages[0]
    start = next(i for i, page in enumerate(pages)
                 if "Attestation sur l'honneur et pièces jointes" in page
                 and "Sommaire" not in page)
    section = " ".join(pages[start:])
    for fact in ("tout est exact", "Dominique Lefebvre", "Adjointe au maire",
                 "20 novembre 2026", "20 novembre 2026 à 15 h 04, par Claire Dubois",
                 "deliberation.pdf", "2 Ko"):
        assert fact in section, fact
    assert sha in section.replace(" ", "")
    assert "Annexe — Hypothèses de calcul" not in pages[start]  # the annex on its own page
