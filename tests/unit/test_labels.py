"""Document paths in the words of the pages (wizard/document/labels.py)."""

import pytest

from wizard.document.labels import path_label, paths_label


@pytest.mark.parametrize("path, label", [
    ("intervention.other_costs[0].account", "Autres coûts, ligne 1 : compte"),
    ("funding.funders[0].amounts[0]", "Financeur 1, montant de l'année 1"),
    ("evaluation.indicators[1].suggestion", "Indicateur 2 : suggestion d'origine"),
    ("intervention.rounds[1].slots[2].start", "Tournée 2, créneau 3 : début"),
    ("diagnosis.places[0].need_slots[1].day", "Lieu 1, créneau 2 : jour"),
    ("intervention.rounds[0].slots", "Tournée 1 : créneaux"),
    ("intervention.weeks_per_year", "Semaines d'intervention par an"),
    ("funding.adultes_relais_posts", "Postes d'adultes-relais"),
    ("parameters.employer_rate_mediator", "Charges patronales d'un médiateur"),
    ("commune.insee_code", "Commune"),
    ("intervention", "Modalités"),
    ("", "Dossier"),
    ("something.unknown_key", "Unknown key"),
])
def test_a_path_reads_as_the_page_names_it(path, label):
    assert path_label(path) == label


def test_several_paths_are_listed_once_and_cut():
    paths = ["title", "title", *[f"diagnosis.places[{i}].name" for i in range(7)]]
    assert paths_label(paths) == ("Titre du projet ; Lieu 1 : nom ; Lieu 2 : nom ; Lieu 3 : nom ; "
                                  "Lieu 4 : nom et 3 autres")
