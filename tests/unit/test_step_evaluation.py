"""Step « Évaluation »: form ⇄ document round trip, suggestions, missing items, summary."""

import pytest

from tests.unit import test_step_partners
from wizard.costing import Pinned
from wizard.document import validate
from wizard.document.suggestions import SUGGESTED_INDICATORS
from wizard.steps import evaluation
from wizard.steps.rows import apply_row_action, form_pairs

DEFAULTS = Pinned.defaults()


@pytest.fixture
def doc(complete_document):
    return complete_document


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def posted(pairs):
    return test_step_partners.posted(pairs, evaluation.STEP)


def saved(form, start: dict | None = None) -> dict:
    return test_step_partners.saved(form, start, evaluation.STEP)


def test_load_then_save_gives_back_the_document(doc):
    form = evaluation.EvaluationForm(data=evaluation.load(doc), meta={"csrf": False})
    assert form.validate(), form.errors
    assert saved(form)["evaluation"] == doc["evaluation"]


def test_posted_input_round_trip_is_schema_valid(doc):
    wanted = doc["evaluation"]
    pairs = test_step_partners.flatten("indicators", wanted["indicators"]) + [
        ("difficulties", wanted["difficulties"]), ("suggestions", wanted["suggestions"])]
    document = saved(posted(pairs), doc | {"evaluation": {}})
    assert document["evaluation"] == wanted
    assert validate(document) == []


def test_empty_rows_and_texts_are_left_out():
    form = posted([("indicators-0-name", ""), ("indicators-0-target", "x"),
                   ("indicators-1-name", "Contacts"), ("indicators-1-frequency", ""),
                   ("difficulties", "   ")])
    assert saved(form)["evaluation"] == {"indicators": [{"name": "Contacts"}]}


def test_texts_over_their_limit_are_refused_with_the_limit(doc):
    form = posted([("indicators-0-name", "Contacts"), ("indicators-0-source", "s" * 301),
                   ("indicators-0-kind", "impact"), ("difficulties", "d" * 5001)])
    assert form.indicators[0].source.errors == ["300 caractères au maximum."]
    assert form.indicators[0].kind.errors
    assert form.difficulties.errors == ["5\u202f000 caractères au maximum."]
    document = saved(form, doc)
    assert document["evaluation"]["indicators"] == [{"name": "Contacts"}]
    assert document["evaluation"]["difficulties"] == doc["evaluation"]["difficulties"]


def test_a_suggestion_is_appended_filled_and_kept_as_input():
    form = posted([("indicators-0-name", "Fréquentation du parc"), ("suggestions", "Un livret")])
    focus, notice = evaluation.STEP.action(form, "suggest:3")
    suggestion = SUGGESTED_INDICATORS[3]
    assert (focus, notice) == ("indicators-1", f"Indicateur ajouté : {suggestion['name']}.")
    document = saved(form)
    assert document["evaluation"] == {
        "indicators": [{"name": "Fréquentation du parc"},
                       {**suggestion, "suggestion": suggestion["name"]}],
        "suggestions": "Un livret"}
    assert ["indicators-1-kind", "resultat"] in form_pairs(form)
    assert evaluation.STEP.action(form, "suggest:3") == (
        "indicators", f"Déjà ajouté : {suggestion['name']}.")
    assert [added for _, _, added in evaluation.extra({}, form, DEFAULTS)["suggested"]][2:4] == [False, True]


def test_complete_evaluation_misses_nothing(doc):
    assert evaluation.missing(doc, DEFAULTS) == []


def test_missing_names_each_requirement_with_its_anchor():
    assert [m.anchor for m in evaluation.missing({}, DEFAULTS)] == ["indicators"] * 3
    doc = {"evaluation": {"indicators": [
        {"name": "Contacts", "kind": "activite", "target": "300"},
        {"name": "Heures", "kind": "activite", "source": "Plannings"},
    ]}}
    assert [(m.message, m.anchor) for m in evaluation.missing(doc, DEFAULTS)] == [
        ("Définir au moins un indicateur de résultat (conflits résolus, satisfaction, sentiment "
         "d'insécurité…).", "indicators"),
        ("Indiquer la source des données de l'indicateur « Contacts ».", "indicators-0-source"),
        ("Indiquer la valeur cible de l'indicateur « Heures ».", "indicators-1-target"),
    ]
    doc["evaluation"]["indicators"] = [{"name": "Satisfaction", "kind": "resultat",
                                        "target": "70 %", "source": "Enquête"}]
    assert [m.message for m in evaluation.missing(doc, DEFAULTS)] == [
        "Définir au moins deux indicateurs.",
        "Définir au moins un indicateur d'activité (contacts, heures de présence, conflits "
        "traités…).",
    ]


def test_summary_has_one_section_per_indicator_then_difficulties(doc):
    sections = evaluation.summarize(doc, DEFAULTS)
    names = [i["name"] for i in doc["evaluation"]["indicators"]]
    assert [s.title for s in sections] == names + ["Difficultés et suggestions"]
    assert sections[3].rows == [
        ("Type", "Indicateur de résultat"),
        ("Situation de départ", "À établir"),
        ("Valeur cible", "80 % traités dans le mois"),
        ("Source des données", "Services techniques et bailleur"),
        ("Fréquence de mesure", "Trimestrielle"),
    ]
    assert sections[-1].rows == [
        ("Difficultés identifiées dans la mise en œuvre de l'action",
         doc["evaluation"]["difficulties"]),
        ("Suggestions", doc["evaluation"]["suggestions"]),
    ]


def test_summary_of_an_empty_step_says_nothing_is_filled():
    sections = evaluation.summarize({}, DEFAULTS)
    assert sections[0].rows == [("Indicateurs", None)]
    assert [value for _, value in sections[1].rows] == [None, None]


def test_a_renamed_suggested_indicator_keeps_its_origin_and_is_not_offered_again():
    form = posted([("indicators-0-name", "Fréquentation du parc")])
    evaluation.STEP.action(form, "suggest:7")
    satisfaction = SUGGESTED_INDICATORS[7]
    document = saved(form)
    assert document["evaluation"]["indicators"][1]["suggestion"] == satisfaction["name"]
    document["evaluation"]["indicators"][1]["name"] = "Satisfaction des riverains du parc"
    assert validate({"format": "mediation-dossier", "version": 2, **document}) == []
    again = evaluation.EvaluationForm(data=evaluation.load(document), meta={"csrf": False})
    assert again.validate(), again.errors
    assert again.indicators[1].suggestion.data == satisfaction["name"]
    offered = [added for _, _, added in evaluation.extra(document, again, DEFAULTS)["suggested"]]
    assert offered[7] and not offered[8]  # the renamed one only
    assert evaluation.STEP.action(again, "suggest:7") == (
        "indicators", f"Déjà ajouté : {satisfaction['name']}.")
    assert len(again.indicators.entries) == 2
    resaved = saved(again)["evaluation"]["indicators"]
    assert resaved == document["evaluation"]["indicators"]  # the origin survives a save
    # removed, the row takes its origin with it: the suggestion is offered again
    apply_row_action(again, "remove:indicators-1", evaluation.STEP.action)
    assert saved(again)["evaluation"]["indicators"] == [{"name": "Fréquentation du parc"}]
    assert not evaluation.extra(document, again, DEFAULTS)["suggested"][7][2]


def test_a_row_typed_by_hand_has_no_origin_and_a_tampered_one_is_not_saved():
    form = posted([("indicators-0-name", "Contacts"),
                   ("indicators-1-name", "Autre"), ("indicators-1-suggestion", "x" * 201)])
    assert form.indicators[1].suggestion.errors == ["200 caractères au maximum."]
    assert saved(form)["evaluation"]["indicators"] == [{"name": "Contacts"}, {"name": "Autre"}]
