"""Code lists, labels and suggestions; the schema's enums are the vocabulary's code lists."""

import ast
import re
from pathlib import Path

import pytest

from wizard import document
from wizard.document import checks as document_checks
from wizard.document import suggestions, vocabulary
from wizard.document.vocabulary import CODE_LISTS, label

# Where each code list appears in docs/dossier.schema.json (JSON pointers to the enum).
SCHEMA_ENUMS = {
    "/properties/holder/properties/kind": "holder_kinds",
    "/properties/holder/properties/application": "applications",
    "/properties/territory/properties/scope": "territory_scopes",
    "/properties/territory/properties/prevention_council": "prevention_councils",
    "/$defs/problem/properties/kind": "problem_kinds",
    "/properties/diagnosis/properties/target_groups/items": "target_groups",
    "/$defs/place/properties/kind": "place_kinds",
    "/properties/objectives/properties/missions/items": "missions",
    "/properties/objectives/properties/domains/items": "domains",
    "/$defs/partner/properties/category": "partner_categories",
    "/$defs/partner/properties/roles/items": "partner_roles",
    "/$defs/partner/properties/agreement": "agreements",
    "/properties/intervention/properties/employer": "employers",
    "/properties/intervention/properties/qualification/items": "qualifications",
    "/$defs/funder/properties/category": "funder_categories",
    "/$defs/funder/properties/status": "funder_statuses",
    "/$defs/funder/properties/scheme": "funding_schemes",
    "/$defs/funder/properties/request": "funding_statuses",
    "/properties/funding/properties/adultes_relais/properties/eligibility/items":
        "adultes_relais_eligibility",
    "/$defs/indicator/properties/kind": "indicator_kinds",
    "/$defs/indicator/properties/frequency": "frequencies",
    "/$defs/day": "days",
}
# Integer scales are bounded by minimum/maximum rather than an enum.
SCHEMA_SCALES = {
    "/$defs/problem/properties/severity": "severities",
    "/$defs/place/properties/priority": "priorities",
}


def resolve(pointer):
    node = document.load_schema()
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node


@pytest.mark.parametrize(("pointer", "list_name"), SCHEMA_ENUMS.items())
def test_schema_enum_is_the_vocabulary_code_list(pointer, list_name):
    assert resolve(pointer)["enum"] == list(CODE_LISTS[list_name])


@pytest.mark.parametrize(("pointer", "list_name"), SCHEMA_SCALES.items())
def test_schema_scale_matches_the_vocabulary(pointer, list_name):
    node = resolve(pointer)
    assert list(range(node["minimum"], node["maximum"] + 1)) == list(CODE_LISTS[list_name])


def test_every_enum_of_the_schema_is_a_checked_code_list():
    text = Path(document.SCHEMA_PATH).read_text(encoding="utf-8")
    assert text.count('"enum"') == len(SCHEMA_ENUMS)
    assert set(SCHEMA_ENUMS.values()) | set(SCHEMA_SCALES.values()) == set(CODE_LISTS)


@pytest.mark.parametrize("list_name", CODE_LISTS)
def test_codes_are_slugs_and_labels_are_french_text(list_name):
    for code, text in CODE_LISTS[list_name].items():
        assert isinstance(code, int) or re.fullmatch(r"[a-z][a-z_]*", code), code
        assert text and text[0].isupper() and text == text.strip(), text


def test_days_run_monday_to_sunday():
    assert list(vocabulary.DAYS) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert vocabulary.DAYS["mon"] == "Lundi" and vocabulary.DAYS["sun"] == "Dimanche"


def test_six_missions_each_with_a_help_text():
    assert len(vocabulary.MISSIONS) == 6
    assert vocabulary.MISSION_HELP.keys() == vocabulary.MISSIONS.keys()
    assert "respect des lieux publics" in vocabulary.MISSION_HELP["sentiment_insecurite"]


def test_every_partner_category_has_a_description():
    assert vocabulary.PARTNER_CATEGORY_HELP.keys() == vocabulary.PARTNER_CATEGORIES.keys()


def test_label():
    assert label("problem_kinds", "incivilites") == "Incivilités"
    assert label("DAYS", "fri") == "Vendredi"
    assert label("severities", 3) == "Forte"
    assert label("problem_kinds", "inconnu") == "inconnu"
    assert label("priorities", 7) == "7"
    with pytest.raises(KeyError):
        label("no_such_list", "x")


def test_suggestions_are_valid_document_items():
    doc = {
        "format": document.FORMAT,
        "version": document.VERSION,
        "partners": [dict(p) for p in suggestions.SUGGESTED_PARTNERS],
        "evaluation": {"indicators": [dict(i) for i in suggestions.SUGGESTED_INDICATORS]},
    }
    assert document.validate(doc) == []


def test_suggestions_cover_the_usual_partners_and_indicators():
    names = " ".join(p["name"] for p in suggestions.SUGGESTED_PARTNERS)
    for expected in ("Police nationale", "Gendarmerie nationale", "Protection judiciaire",
                     "Délégué du préfet", "Éducation nationale", "Conseil départemental",
                     "transport", "Bailleur social", "prévention spécialisée", "commerçants",
                     "culturels", "Centre social", "Mission locale", "procureur de la République",
                     "France Travail", "(CAF)"):
        assert expected in names
    indicators = suggestions.SUGGESTED_INDICATORS
    assert {i["kind"] for i in indicators} == {"activite", "resultat"}
    for indicator in indicators:
        assert indicator.keys() == {"name", "kind", "source", "frequency", "baseline", "target"}


@pytest.mark.parametrize("module", [vocabulary, suggestions, document, document_checks])
def test_pure_modules_import_no_web_or_database_code(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name and name.split(".")[0]
                in {"flask", "sqlalchemy", "flask_sqlalchemy"}}
    assert "wizard.models" not in imported
