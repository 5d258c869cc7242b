"""The holder of step 1: what submission needs from it, and how the recap shows it."""

from wizard.costing import Pinned
from wizard.steps import territory
from wizard.steps.holder import holder_rows, missing_holder

COMPLETE = {
    "kind": "commune", "name": "Ville de Lille", "siret": "21590350100017",
    "address": "Place Augustin Laurent", "postal_code": "59000", "city": "Lille",
    "representative": {"name": "Camille Leroy", "quality": "Maire"},
    "contact_name": "Claire Dubois", "contact_email": "prevention@lille.example.fr",
    "application": "premiere",
}


def anchors(holder) -> list[str]:
    return [m.anchor for m in missing_holder(holder)]


def test_a_complete_holder_misses_nothing(complete_document):
    assert missing_holder(COMPLETE) == []
    assert territory.missing(complete_document, Pinned.defaults()) == []


def test_an_empty_holder_misses_its_identity_address_representative_and_contact():
    assert anchors({}) == ["holder_kind", "holder_name", "siret", "address",
                           "representative_name", "contact_name"]


def test_an_association_needs_its_rna_number():
    assert anchors({**COMPLETE, "kind": "association"}) == ["rna"]
    assert anchors({**COMPLETE, "kind": "association", "rna": "W595012345"}) == []


def test_a_delegation_needs_the_signatory_and_the_act():
    assert anchors({**COMPLETE, "signatory": {"name": "Dominique Lefebvre"}}) == ["signatory_name"]
    signatory = {"name": "Dominique Lefebvre", "quality": "Adjointe", "delegation": "Arrêté 12"}
    assert anchors({**COMPLETE, "signatory": signatory}) == []


def test_a_renewal_names_the_renewed_project():
    assert anchors({**COMPLETE, "application": "renouvellement"}) == ["previous_dossier"]
    assert anchors({**COMPLETE, "application": "renouvellement",
                    "previous_dossier": {"title": "Médiation 2025"}}) == []


def test_rows_show_the_siren_the_address_and_the_renewed_dossier():
    rows = dict(holder_rows({**COMPLETE, "application": "renouvellement",
                             "previous_dossier": {"id": 12, "title": "Médiation 2025"},
                             "signatory": {"name": "D. Lefebvre", "quality": "Adjointe",
                                           "delegation": "Arrêté 12"}}))
    assert rows["Porteur"] == "Commune — Ville de Lille"
    assert rows["SIRET"] == "215 903 501 00017 (SIREN 215 903 501)"
    assert rows["Adresse du siège"] == "Place Augustin Laurent, 59000 Lille"
    assert rows["Représentant légal"] == "Camille Leroy, Maire"
    assert rows["Signataire par délégation"] == "D. Lefebvre, Adjointe, Arrêté 12"
    assert rows["Demande"] == ("Renouvellement d’un projet déjà financé : Médiation 2025 "
                               "(dossier n° 12)")
    assert "Numéro RNA" not in rows and "Numéro RNA" in dict(holder_rows({"kind": "association"}))
