"""The dossier document: schema, French problems, cross-field rules, normalise, upgrade."""

import copy
import json
from datetime import date

import pytest
from jsonschema import Draft202012Validator

from tests.samples import COMPLETE
from wizard import document
from wizard.document import DocumentError, Problem
from wizard.document.checks import PATTERN_HINTS


@pytest.fixture
def doc(complete_document):
    return complete_document


DELETE = object()


def with_change(doc, path, value):
    """A copy of `doc` with `value` set at `path` (a list of keys/indexes); DELETE removes."""
    doc = copy.deepcopy(doc)
    target = doc
    for part in path[:-1]:
        target = target[part]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


def test_complete_example_is_valid(doc):
    assert document.validate(doc) == []
    assert len(doc["diagnosis"]["places"]) == 3
    assert len(doc["partners"]) == 6
    assert len(doc["evaluation"]["indicators"]) == 5


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(document.load_schema())
    assert document.load_schema() is document.load_schema()


def _walk(node, pointer=""):
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from _walk(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{i}")


def test_schema_bounds_every_object_list_and_text():
    for pointer, node in _walk(document.load_schema()):
        if node.get("type") == "object" and pointer != "/properties/parameters":
            assert node.get("additionalProperties") is False, pointer
        if node.get("type") == "array":
            assert 1 <= node.get("maxItems", 0) <= 100, pointer
        if node.get("type") == "string" and "enum" not in node and "pattern" not in node:
            assert "maxLength" in node, pointer
        if "pattern" in node and not pointer.endswith("propertyNames"):
            assert node["pattern"] in PATTERN_HINTS, pointer


def test_text_limits_come_from_the_schema():
    limits = document.text_limits()
    assert (limits["title_text"], limits["short_text"], limits["long_text"]) == (200, 300, 5000)


def test_new_document_is_a_valid_draft():
    doc = document.new_document("59350", start_date=date(2027, 1, 1))
    assert document.validate(doc) == []
    assert doc["format"] == "mediation-dossier" and doc["version"] == 2
    assert doc["intervention"]["recruitment_months"] == 0 and doc["funding"]["in_kind"] == []
    assert doc["intervention"]["weeks_per_year"] == 47
    assert doc["years"] == 3 and doc["start_date"] == "2027-01-01"
    assert doc["title"] == "Médiation sociale dans les espaces publics"


def test_new_document_refuses_a_bad_insee_code():
    with pytest.raises(DocumentError) as raised:
        document.new_document("5935")
    assert raised.value.problems[0].path == "commune.insee_code"


def test_minimal_draft_is_valid():
    assert document.validate({"format": "mediation-dossier", "version": 2}) == []
    [problem] = document.validate({"format": "mediation-dossier", "version": 1})
    assert problem == Problem("version", "doit valoir « 2 »")


ERRORS = [
    (["years"], "3", "years", "doit être un nombre entier"),
    (["years"], 4, "years", "inférieur ou égal à 3"),
    (["title"], "x" * 201, "title", "200 caractères au maximum"),
    (["diagnosis", "summary"], "x" * 5001, "diagnosis.summary", "5000 caractères au maximum"),
    (["partners", 0, "contact"], "x" * 301, "partners[0].contact", "300 caractères au maximum"),
    (["diagnosis", "places", 2, "need_slots", 0, "end"], "25:00",
     "diagnosis.places[2].need_slots[0].end", "format attendu HH:MM"),
    (["diagnosis", "problems", 1, "kind"], "bruit", "diagnosis.problems[1].kind",
     "valeur inconnue : « bruit »"),
    (["diagnosis", "problems", 1, "severity"], 0, "diagnosis.problems[1].severity",
     "supérieur ou égal à 1"),
    (["intervention", "rounds", 0, "slots", 0, "day"], "lundi",
     "intervention.rounds[0].slots[0].day", "mon (Lundi)"),
    (["intervention", "rounds", 0, "slots", 1, "mediators"], 21,
     "intervention.rounds[0].slots[1].mediators", "inférieur ou égal à 20"),
    (["intervention", "team_leader_fte"], -1, "intervention.team_leader_fte", "supérieur ou égal"),
    (["intervention", "team_leader_fte"], "1", "intervention.team_leader_fte", "un nombre ou vide"),
    (["intervention", "other_costs", 0, "amount"], "12,50",
     "intervention.other_costs[0].amount", "montant attendu en euros"),
    (["funding", "funders", 0, "amounts", 1], -5, "funding.funders[0].amounts[1]", "montant"),
    (["commune", "insee_code"], "5935", "commune.insee_code", "code INSEE"),
    (["territory", "neighbourhoods", 0, "qpv_code"], "QP059001",
     "territory.neighbourhoods[0].qpv_code", "code QPV"),
    (["start_date"], "2027-02-30", "start_date", "AAAA-MM-JJ"),
    (["start_date"], "01/01/2027", "start_date", "AAAA-MM-JJ"),
    (["format"], "autre", "format", "doit valoir « mediation-dossier »"),
    (["format"], DELETE, "format", "obligatoire"),
    (["diagnosis", "target_groups"], ["jeunes", "jeunes"], "diagnosis.target_groups", "double"),
    (["objectives", "specific"], ["x"] * 21, "objectives.specific", "20 éléments au maximum"),
    (["diagnosis", "places", 0, "qpv"], "oui", "diagnosis.places[0].qpv", "vrai ou faux"),
    (["partners", 3, "name"], "", "partners[3].name", "ne doit pas être vide"),
    (["partners", 0, "category"], "police", "partners[0].category", "valeur inconnue"),
    (["holder", "contact_email"], "mairie", "holder.contact_email", "adresse électronique"),
    (["intervention", "other_costs", 0, "account"], "7", "intervention.other_costs[0].account",
     "compte de charges"),
    (["parameters", "Loyer"], "1", "parameters.Loyer",
     "nom de paramètre invalide"),
    (["evaluation", "indicators", 0, "frequency"], "hebdomadaire",
     "evaluation.indicators[0].frequency", "mensuelle (Mensuelle)"),
]


@pytest.mark.parametrize(("path", "value", "expected_path", "expected_text"), ERRORS)
def test_each_error_gives_its_path_and_a_french_message(doc, path, value, expected_path,
                                                        expected_text):
    problems = document.validate(with_change(doc, path, value))
    assert [p.path for p in problems] == [expected_path], problems
    assert expected_text in problems[0].message


@pytest.mark.parametrize(("path", "key"), [
    ([], "colour"),
    (["diagnosis", "places", 0], "colour"),
    (["intervention", "rounds", 1, "slots", 0], "team"),
    (["funding", "funders", 2], "iban"),
])
def test_unknown_keys_are_refused(doc, path, key):
    problems = document.validate(with_change(doc, [*path, key], "x"))
    expected = document.json_path([*path, key])
    assert problems == [Problem(expected, f"clé inconnue : {key}")]


def test_every_problem_is_reported_once(doc):
    bad = with_change(doc, ["years"], 2)
    bad = with_change(bad, ["intervention", "vehicles"], "1")
    bad = with_change(bad, ["intervention", "zzz"], 1)
    bad = with_change(bad, ["intervention", "yyy"], 1)
    bad = with_change(bad, ["diagnosis", "places", 0, "need_slots", 0, "start"], "23:00")
    paths = [p.path for p in document.validate(bad)]
    assert sorted(paths) == sorted([
        "intervention.vehicles", "intervention.zzz", "intervention.yyy",
        "diagnosis.places[0].need_slots[0].end", "funding.funders[0].amounts",
        "funding.funders[1].amounts", "funding.funders[2].amounts",
        "funding.in_kind[0].amounts",
    ])
    assert len(paths) == len(set(paths))


def test_bad_input_of_any_shape_never_raises():
    assert document.validate([]) == [Problem("", "doit être un objet")]
    assert document.validate({"format": "mediation-dossier", "version": 2,
                              "diagnosis": {"places": [1, None]},
                              "intervention": {"rounds": ["x"]}, "funding": []})


# Cross-field rules


def test_place_names_are_unique_ignoring_case(doc):
    bad = with_change(doc, ["diagnosis", "places", 1, "name"], " place de la GARE")
    problems = document.validate(bad)
    assert problems[0].path == "diagnosis.places[1].name"
    assert "déjà déclaré" in problems[0].message


def test_rounds_name_places_of_the_diagnosis(doc):
    bad = with_change(doc, ["intervention", "rounds", 1, "places"], ["Rue Inconnue"])
    assert document.validate(bad) == [Problem(
        "intervention.rounds[1].places[0]",
        "lieu inconnu : « Rue Inconnue » ; il doit figurer parmi les lieux du diagnostic")]
    bad = with_change(doc, ["intervention", "rounds", 0, "places", 0], "place de la gare")
    [problem] = document.validate(bad)
    assert "« Place de la gare »" in problem.message


def test_funders_have_one_amount_per_year(doc):
    bad = with_change(doc, ["funding", "funders", 1, "amounts"], ["10000", "10000"])
    assert document.validate(bad) == [Problem(
        "funding.funders[1].amounts",
        "2 montants pour un projet de 3 ans : il faut un montant par année")]
    assert document.validate(with_change(doc, ["years"], 2))[0].message.startswith("3 montants")


def test_contributions_in_kind_have_one_amount_per_year_and_name_a_partner(doc):
    bad = with_change(doc, ["funding", "in_kind", 0, "amounts"], ["4800"])
    assert document.validate(bad) == [Problem(
        "funding.in_kind[0].amounts",
        "1 montant pour un projet de 3 ans : il faut un montant par année")]
    bad = with_change(doc, ["funding", "in_kind", 0, "partner"], "Vilogia")
    assert document.validate(bad) == [Problem(
        "funding.in_kind[0].partner",
        "partenaire inconnu : « Vilogia » ; il doit figurer parmi les partenaires du projet")]
    bad = with_change(doc, ["funding", "in_kind", 0, "partner"], "lille métropole habitat")
    assert "« Lille Métropole Habitat »" in document.validate(bad)[0].message
    assert document.validate(with_change(doc, ["funding", "in_kind", 0, "partner"], DELETE)) == []


@pytest.mark.parametrize(("path", "value", "where", "text"), [
    (["intervention", "recruitment_months"], 12, "intervention.recruitment_months",
     "inférieur ou égal à 11"),
    (["intervention", "recruitment_months"], -1, "intervention.recruitment_months",
     "supérieur ou égal à 0"),
    (["funding", "funders", 2, "status"], "oph", "funding.funders[2].status",
     "valeurs possibles : public (Organisme public"),
    (["funding", "in_kind", 0, "amounts", 0], "-4", "funding.in_kind[0].amounts[0]", "montant"),
    (["funding", "in_kind", 0, "kind"], "x", "funding.in_kind[0].kind", "clé inconnue"),
])
def test_version_2_fields_are_checked(doc, path, value, where, text):
    [problem] = document.validate(with_change(doc, path, value))
    assert problem.path == where and text in problem.message


@pytest.mark.parametrize("path", [
    ["diagnosis", "places", 1, "need_slots", 0],
    ["intervention", "rounds", 0, "slots", 2],
    ["intervention", "reinforcements", 0, "slots", 0],
])
def test_slot_start_and_end_differ(doc, path):
    bad = with_change(doc, [*path, "end"], "14:00")
    bad = with_change(bad, [*path, "start"], "14:00")
    [problem] = document.validate(bad)
    assert problem.path == document.json_path([*path, "end"])
    assert problem.message == "l’heure de fin doit différer de l’heure de début"


def test_slot_may_end_after_midnight(doc):
    assert document.validate(with_change(
        doc, ["intervention", "rounds", 1, "slots", 1, "end"], "02:00")) == []


# Normalise, round trip


def test_normalise_sorts_keys_and_formats_money(doc):
    normal = document.normalise(doc)
    assert list(normal) == sorted(normal)
    assert list(normal["intervention"]) == sorted(normal["intervention"])
    costs = normal["intervention"]["other_costs"]
    assert [c["amount"] for c in costs] == ["4800.00", "2500.50"]
    assert normal["funding"]["funders"][0]["amounts"] == ["20000.00", "20000.00", "15000.00"]
    assert normal["funding"]["funders"][2]["amounts"] == ["5000.00"] * 3
    assert normal["funding"]["in_kind"][0]["amounts"] == ["4800.00"] * 3
    assert normal["parameters"] == {"mediator_gross_annual": "24000.00", "overhead_rate": "0.12"}
    assert doc["intervention"]["other_costs"][1]["amount"] == 2500.5  # input untouched
    assert document.validate(normal) == []


def test_normalise_is_idempotent(doc):
    once = document.normalise(doc)
    assert document.normalise(once) == once
    assert document.dumps(once) == document.dumps(doc)


def test_export_of_import_equals_normalised_file(doc):
    text = COMPLETE.read_text(encoding="utf-8")
    exported = document.dumps(document.accept(json.loads(text)))
    assert json.loads(exported) == document.normalise(json.loads(text))
    assert document.dumps(document.accept(json.loads(exported))) == exported


def test_normalise_leaves_bad_amounts_for_validate(doc):
    bad = with_change(doc, ["intervention", "other_costs", 0, "amount"], "1e3")
    assert document.normalise(bad)["intervention"]["other_costs"][0]["amount"] == "1e3"


@pytest.mark.parametrize(("value", "expected"), [
    ("4800", "4800.00"), (4800, "4800.00"), (0.1 + 0.2, "0.30"), ("12.345", "12.35"),
    ("0", "0.00"),
])
def test_money(value, expected):
    assert document.amount_text(value) == expected


@pytest.mark.parametrize("value", ["abc", None, True, "NaN", [1]])
def test_money_refuses_what_is_not_an_amount(value):
    with pytest.raises(ValueError):
        document.amount_text(value)


# Upgrade and accept


def test_upgrade_of_current_version_is_an_equal_copy(doc):
    upgraded = document.upgrade(doc)
    assert upgraded == doc and upgraded is not doc


@pytest.mark.parametrize(("data", "text"), [
    ({"format": "autre", "version": 1}, "Format inconnu"),
    ({"version": 1}, "Format inconnu"),
    ({"format": "mediation-dossier", "version": 3}, "plus récent"),
    ({"format": "mediation-dossier", "version": "1"}, "Version du format invalide"),
    ({"format": "mediation-dossier"}, "Version du format invalide"),
    ([], "objet JSON attendu"),
])
def test_upgrade_refuses_unknown_formats_and_future_versions(data, text):
    with pytest.raises(DocumentError) as raised:
        document.upgrade(data)
    assert text in raised.value.message


def test_upgrade_applies_registered_functions_in_turn(monkeypatch):
    monkeypatch.setattr(document, "VERSION", 3)
    monkeypatch.setattr(document, "UPGRADES", {
        1: lambda d: {**d, "a": 1},
        2: lambda d: {**d, "b": d["a"] + 1},
    })
    upgraded = document.upgrade({"format": "mediation-dossier", "version": 1})
    assert upgraded == {"format": "mediation-dossier", "version": 3, "a": 1, "b": 2}


def test_a_version_1_document_is_upgraded_to_version_2(doc):
    old = with_change(doc, ["version"], 1)
    for path in (["intervention", "recruitment_months"], ["funding", "in_kind"],
                 ["funding", "funders", 2, "status"]):
        old = with_change(old, path, DELETE)
    upgraded = document.upgrade(old)
    assert upgraded["version"] == 2 and old["version"] == 1
    assert document.validate(upgraded) == []
    assert upgraded["partners"] == doc["partners"]  # the free text in kind stays
    assert json.loads(document.dumps(document.accept(old)))["version"] == 2


def test_accept_lists_every_problem(doc):
    bad = with_change(with_change(doc, ["years"], "9"), ["title"], 5)
    with pytest.raises(DocumentError) as raised:
        document.accept(bad)
    assert [p.path for p in raised.value.problems] == ["title", "years"]
    assert "2 erreurs" in str(raised.value)
