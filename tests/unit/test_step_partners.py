"""Step « Partenaires »: form ⇄ document round trip, suggestions, missing items, summary."""

import copy

import pytest
from werkzeug.datastructures import MultiDict

from wizard.costing import Pinned
from wizard.document import validate
from wizard.document.suggestions import SUGGESTED_PARTNERS
from wizard.steps import partners
from wizard.steps.rows import form_pairs

DEFAULTS = Pinned.defaults()


@pytest.fixture
def doc(complete_document):
    return complete_document


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def flatten(prefix: str, rows: list[dict]) -> list[tuple[str, str]]:
    """Document items as a browser posts them (`prefix-i-key`, one pair per list value)."""
    pairs = []
    for i, row in enumerate(rows):
        for key, value in row.items():
            values = value if isinstance(value, list) else [value]
            pairs += [(f"{prefix}-{i}-{key}", str(one)) for one in values]
    return pairs


def posted(pairs, step=partners.STEP):
    """The step's form bound to posted `pairs` and validated, as the engine does."""
    form = step.form(formdata=MultiDict(pairs), meta={"csrf": False})
    form.validate()
    return form


def saved(form, start: dict | None = None, step=partners.STEP) -> dict:
    """A copy of `start` (or an empty document) after the step's save."""
    document = copy.deepcopy(start) if start is not None else {}
    step.save(document, form)
    return document


@pytest.mark.usefixtures("request_context")
def test_load_then_save_gives_back_the_document(doc):
    form = partners.PartnersForm(data=partners.load(doc), meta={"csrf": False})
    assert form.validate(), form.errors
    document = saved(form)
    assert document["partners"] == doc["partners"]
    assert document["governance"] == doc["governance"]


@pytest.mark.usefixtures("request_context")
def test_posted_input_round_trip_is_schema_valid(doc):
    pairs = flatten("partners", doc["partners"]) + [
        (key, str(value)) for key, value in doc["governance"].items()]
    document = saved(posted(pairs), doc | {"partners": [], "governance": {}})
    assert document["partners"] == doc["partners"]
    assert document["governance"] == doc["governance"]
    assert validate(document) == []


@pytest.mark.usefixtures("request_context")
def test_empty_rows_are_dropped_and_empty_texts_left_out():
    form = posted([("partners-0-name", "  "), ("partners-1-name", "Mission locale"),
                   ("partners-1-contact", ""), ("partners-1-roles", "orientation"),
                   ("partners-1-roles", "orientation")])
    assert saved(form)["partners"] == [{"name": "Mission locale", "roles": ["orientation"]}]


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize("typed, message", [
    ("abc", "Saisir un nombre entier, par exemple 4."),
    ("99", "Le nombre de réunions doit être compris entre 0 et 52 par an."),
    ("-1", "Le nombre de réunions doit être compris entre 0 et 52 par an."),
])
def test_invalid_meetings_keep_the_saved_value(doc, typed, message):
    form = posted([("steering_body", "Comité de pilotage"), ("meetings_per_year", typed),
                   ("operational_meetings_per_year", typed)])
    assert form.meetings_per_year.errors == [message]
    assert form.operational_meetings_per_year.errors == [message]
    document = saved(form, doc)
    assert document["governance"] == {"steering_body": "Comité de pilotage", "meetings_per_year": 2,
                                      "operational_meetings_per_year": 12}


@pytest.mark.usefixtures("request_context")
def test_invalid_values_of_a_row_are_left_out_and_an_invalid_name_drops_the_row():
    form = posted([("partners-0-name", "Bailleur"), ("partners-0-contact", "x" * 301),
                   ("partners-0-category", "inconnue"), ("partners-1-name", "n" * 201)])
    assert form.partners[0].contact.errors == ["300 caractères au maximum."]
    assert form.partners[1].form.name.errors == ["200 caractères au maximum."]
    assert saved(form)["partners"] == [{"name": "Bailleur"}]


@pytest.mark.usefixtures("request_context")
def test_a_suggestion_is_appended_filled_and_kept_as_input():
    form = posted([("partners-0-name", "Ville de Lille"), ("steering_body", "GO du CLSPD")])
    focus, notice = partners.STEP.action(form, "suggest:8")
    bailleur = SUGGESTED_PARTNERS[8]
    assert (focus, notice) == ("partners-1", f"Partenaire ajouté : {bailleur['name']}.")
    document = saved(form)
    assert document["partners"] == [{"name": "Ville de Lille"},
                                    {**bailleur, "suggestion": bailleur["name"]}]
    assert document["governance"] == {"steering_body": "GO du CLSPD"}
    pairs = form_pairs(form)  # what the pending input would keep
    assert ["partners-1-name", bailleur["name"]] in pairs
    assert ["partners-1-roles", "financier"] in pairs


@pytest.mark.usefixtures("request_context")
def test_a_renamed_suggestion_is_neither_offered_nor_added_again():
    form = posted([("steering_body", "GO du CLSPD")])
    partners.STEP.action(form, "suggest:0")
    document = saved(form)
    document["partners"][0]["name"] = "Commissariat central de Lille"  # renamed, then saved
    assert validate({"format": "mediation-dossier", "version": 2, **document}) == []
    again = partners.PartnersForm(data=partners.load(document), meta={"csrf": False})
    again.validate()
    assert [added for _, _, added in partners.extra(document, again, DEFAULTS)["suggested"]][0]
    assert partners.STEP.action(again, "suggest:0") == (
        "partners", "Déjà ajouté : Police nationale — commissariat.")
    assert len(again.partners.entries) == 1
    assert saved(again)["partners"][0]["suggestion"] == SUGGESTED_PARTNERS[0]["name"]


@pytest.mark.usefixtures("request_context")
def test_a_suggestion_already_listed_is_not_added_twice():
    form = posted([("partners-0-name", " police NATIONALE — commissariat ")])
    assert partners.STEP.action(form, "suggest:0") == (
        "partners", "Déjà ajouté : Police nationale — commissariat.")
    assert len(form.partners.entries) == 1
    assert [added for _, _, added in partners.extra({}, form, DEFAULTS)["suggested"]][:2] == [True, False]


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize("action", ["draft", "suggest:", "suggest:99", "suggest:-1", "suggest:x",
                                    "suggest:\u00b2", "add:partners"])
def test_other_actions_are_not_the_hooks(action):
    form = posted([])
    assert partners.STEP.action(form, action) == (None, None)
    assert form.partners.entries == []


@pytest.mark.usefixtures("request_context")
def test_a_suggestion_is_refused_when_the_list_is_full():
    form = posted([(f"partners-{i}-name", f"Partenaire {i}") for i in range(60)])
    assert partners.STEP.action(form, "suggest:0") == (
        "partners", "Cette liste est limitée à 60 éléments.")
    assert len(form.partners.entries) == 60


def test_complete_partners_miss_nothing(doc):
    assert partners.missing(doc, DEFAULTS) == []


def test_missing_names_each_requirement_with_its_anchor(doc):
    assert [(m.message, m.anchor) for m in partners.missing({}, DEFAULTS)] == [
        ("Ajouter au moins un partenaire.", "partners"),
        ("Indiquer le comité de pilotage du projet.", "steering_body"),
    ]
    doc["partners"] = [{"name": "Mission locale", "category": "association"},
                       {"name": "Bailleur", "roles": ["operationnel"]}]
    doc["governance"] = {"meetings_per_year": 4}
    assert [(m.message, m.anchor) for m in partners.missing(doc, DEFAULTS)] == [
        ("Préciser le rôle du partenaire « Mission locale ».", "partners-0-roles"),
        ("Préciser la catégorie du partenaire « Bailleur ».", "partners-1-category"),
        ("Associer au moins un service de l'État (police, gendarmerie, parquet, PJJ, délégué du "
         "préfet, Éducation nationale).", "partners"),
        ("Indiquer le comité de pilotage du projet.", "steering_body"),
    ]


def test_summary_has_one_section_per_partner_and_the_governance(doc):
    sections = partners.summarize(doc, DEFAULTS)
    assert [s.title for s in sections] == [p["name"] for p in doc["partners"]] + ["Gouvernance"]
    assert sections[0].rows == [
        ("Catégorie", "État — Police nationale"),
        ("Rôle dans le projet", ["Partenaire opérationnel", "Destinataire des signalements"]),
        ("Contact", "Commissaire, chef de circonscription"),
        ("Contribution en nature", None),
        ("Contributions en nature valorisées", None),
        ("Convention", "Convention envisagée"),
    ]
    lmh = next(x for x in sections if x.title == "Lille Métropole Habitat")
    assert ("Contributions en nature valorisées", [
        "Local en pied d'immeuble : 4\u202f800,00\u00a0€ (année 1), 4\u202f800,00\u00a0€ "
        "(année 2), 4\u202f800,00\u00a0€ (année 3)"]) in lmh.rows
    assert sections[-1].rows == [
        ("Comité de pilotage", "Comité de pilotage de la médiation sociale"),
        ("Membres du comité de pilotage", "Délégué du préfet, Ville de Lille, Conseil "
         "départemental du Nord, Lille Métropole Habitat"),
        ("Réunions du comité par an", "2"),
        ("Groupe opérationnel", "Groupe opérationnel du CLSPD"),
        ("Réunions du groupe opérationnel par an", "12"),
    ]


def test_a_contribution_in_kind_without_its_yearly_values_is_missing(doc):
    doc["funding"]["in_kind"][0]["amounts"] = []
    assert [m.message for m in partners.missing(doc, DEFAULTS)] == [
        "Indiquer la valeur de la contribution en nature « Local en pied d'immeuble » de "
        "« Lille Métropole Habitat » pour chaque année."]


def test_summary_of_an_empty_step_says_nothing_is_filled():
    sections = partners.summarize({"governance": {"meetings_per_year": 0}}, DEFAULTS)
    assert sections[0].rows == [("Partenaires", None)]
    assert sections[1].rows[:3] == [("Comité de pilotage", None),
                                    ("Membres du comité de pilotage", None),
                                    ("Réunions du comité par an", "0")]
