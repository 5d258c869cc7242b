"""SIRET (Luhn key, La Poste's rule), SIREN, RNA: the pure checks, the form validators and the
document's cross-field rule."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField

from wizard import document
from wizard.document.identifiers import luhn_ok, rna_problem, siret_problem, spaced_siren
from wizard.forms import optional
from wizard.forms.identifiers import compacted, postal_code, rna, siret


@pytest.mark.parametrize("value", ["21590350100017", "73282932000074", "35600000000001"])
def test_valid_sirets(value):
    assert siret_problem(value) is None


@pytest.mark.parametrize(("value", "reason"), [
    ("21590350100018", "clé de contrôle est fausse"),   # last digit changed
    ("12590350100017", "clé de contrôle est fausse"),   # two digits swapped
    ("35600000000002", "clé de contrôle est fausse"),   # La Poste: digit sum not a multiple of 5
    ("2159035010001", "14 chiffres"),
    ("2159035010001A", "14 chiffres"),
    ("", "14 chiffres"),
])
def test_invalid_sirets(value, reason):
    assert reason in siret_problem(value)


def test_luhn_and_siren():
    assert luhn_ok("215903501") and not luhn_ok("215903502")
    assert spaced_siren("21590350100017") == "215 903 501"


@pytest.mark.parametrize(("value", "ok"), [
    ("W595012345", True), ("W2A1001234", True), ("W9M1000123", True),
    ("W59501234", False), ("595012345W", False), ("X595012345", False), ("W59501234A", False),
])
def test_rna(value, ok):
    assert (rna_problem(value) is None) is ok


class IdentityForm(Form):
    siret = StringField("SIRET", [optional(), siret], filters=[compacted])
    rna = StringField("RNA", [optional(), rna], filters=[compacted])
    postal_code = StringField("Code postal", [optional(), postal_code])


def test_form_validators_accept_what_people_type_and_keep_the_compact_form():
    form = IdentityForm(MultiDict({"siret": "215 903 501 00017", "rna": "w59-501-2345",
                                   "postal_code": "59000"}))
    assert form.validate(), form.errors
    assert form.siret.data == "21590350100017" and form.rna.data == "W595012345"


def test_form_validators_say_what_is_wrong_in_french():
    form = IdentityForm(MultiDict({"siret": "215 903 501 00018", "rna": "W12", "postal_code": "5900"}))
    assert not form.validate()
    assert form.siret.errors == ["Ce SIRET n'existe pas : sa clé de contrôle est fausse. Vérifiez "
                                 "chaque chiffre (avis de situation SIRENE ou "
                                 "annuaire-entreprises.data.gouv.fr)."]
    assert form.rna.errors == ["Le numéro RNA est la lettre W suivie de 9 chiffres, ex. W595012345."]
    assert form.postal_code.errors == ["Le code postal compte 5 chiffres, ex. 59000."]


def test_empty_fields_are_valid():
    form = IdentityForm(MultiDict({"siret": " ", "rna": ""}))
    assert form.validate(), form.errors


def test_the_document_checks_the_siret_key():
    doc = {"format": document.FORMAT, "version": document.VERSION,
           "holder": {"siret": "21590350100018", "rna": "W595012345"}}
    assert [(p.path, p.message) for p in document.validate(doc)] == [
        ("holder.siret", "clé de contrôle du SIRET fausse : ce SIRET n’existe pas")]
    doc["holder"]["siret"] = "2159"
    assert "14 chiffres" in document.validate(doc)[0].message
