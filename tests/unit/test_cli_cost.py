"""`flask dossier cost FILE`: the four worked examples of the contract to the cent, and
clear errors (JSON path, exit 2, no traceback) on bad input."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wizard.cli.dossier import dossier

EXAMPLES = json.loads((Path(__file__).parents[1] / "data/costing-examples.json")
                      .read_text(encoding="utf-8"))["examples"]
NAMES = [example["name"] for example in EXAMPLES]


def example_named(start: str) -> dict:
    return json.loads(json.dumps(next(e for e in EXAMPLES if e["name"].startswith(start))))


@pytest.fixture
def example():
    return example_named("association")


def run(*args, input=None):
    return CliRunner().invoke(dossier, ["cost", *args], input=input)


def write(tmp_path, document, name="dossier.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=NAMES)
def test_examples_print_every_figure(tmp_path, index):
    example = EXAMPLES[index]
    result = run(write(tmp_path, example["input"]))
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    expected = example["expected"]
    assert list(output) == list(expected)  # every key, in the contract's order
    for key, value in expected.items():
        if key != "years":
            assert output[key] == value, key
    for year, wanted in zip(output["years"], expected["years"], strict=True):
        assert year == wanted, year["year"]
    assert output == expected


def test_reads_stdin_and_ignores_other_dossier_keys(example):
    document = {"format": "mediation-dossier", "version": 1, "title": "Test",
                **example["input"]}
    document["diagnosis"]["places"][0]["need_slots"] = []
    result = run("-", input=json.dumps(document))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == example["expected"]


def test_warnings_are_repeated_in_french_on_stderr(tmp_path, example):
    result = run(write(tmp_path, example["input"]))
    assert json.loads(result.stdout)["warnings"] == [
        {"code": "adultes_relais_outside_qpv", "year": None}]
    assert result.stderr.startswith("attention : La part des adultes-relais")


def test_bad_input_names_every_path(tmp_path, example):
    document = example["input"]
    document["intervention"]["rounds"][0]["slots"][2]["end"] = "25:00"
    document["intervention"]["rounds"][0]["slots"][0]["day"] = "lundi"
    document["parameters"]["overhead"] = "0.1"
    result = run(write(tmp_path, document))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "intervention.rounds[0].slots[2].end: heure invalide « 25:00 », format attendu HH:MM" \
        in lines
    assert any(line.startswith("intervention.rounds[0].slots[0].day: jour invalide")
               for line in lines)
    assert "parameters.overhead: paramètre inconnu « overhead »" in lines
    assert len(lines) == 3
    assert "Traceback" not in result.output


@pytest.mark.parametrize("change, line", [
    (lambda d: d["intervention"].update(employer="commune"),
     "intervention.employer: employeur inconnu « commune », attendu l'un de regie, "
     "association, gip, prestataire"),
    (lambda d: d["intervention"].update(recruitment_months=12),
     "intervention.recruitment_months: doit être compris entre 0 et 11, reçu 12"),
    (lambda d: d["intervention"].update(recruitment_months=-1),
     "intervention.recruitment_months: doit être compris entre 0 et 11, reçu -1"),
    (lambda d: d["intervention"].update(recruitment_months="3"),
     "intervention.recruitment_months: doit être un nombre entier, reçu « 3 »"),
    (lambda d: d["funding"]["in_kind"][0].update(amounts=["4800", "4800"]),
     "funding.in_kind[0].amounts: 3 montant(s) attendu(s), un par année, 2 reçu(s)"),
    (lambda d: d["funding"]["in_kind"][0].update(amounts=["4800", "-1", "4800"]),
     "funding.in_kind[0].amounts[1]: montant « -1 » : doit être positif ou nul"),
    (lambda d: d["funding"].update(adultes_relais_posts=4),
     "funding.adultes_relais_posts: 4 postes d'adultes-relais pour seulement 3 poste(s) de "
     "médiateur : au plus 3"),
    (lambda d: d["intervention"].update(employer="prestataire"),
     "funding.adultes_relais_posts: 2 poste(s) d'adultes-relais avec un employeur "
     "« prestataire » : l'aide irait au prestataire, pas au porteur ; indiquer 0"),
    (lambda d: d["intervention"].update(weeks_per_year=53),
     "intervention.weeks_per_year: doit être compris entre 1 et 52, reçu 53"),
    (lambda d: d["parameters"].update(rgdu_power="beaucoup"),
     "parameters.rgdu_power: valeur invalide « beaucoup », attendu un nombre décimal "
     "(ex. « 4800.50 »)"),
])
def test_each_invalid_input_names_its_path(tmp_path, example, change, line):
    change(example["input"])
    result = run(write(tmp_path, example["input"]))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [line]


@pytest.mark.parametrize("text, message", [
    ("{", "JSON invalide ligne 1, colonne 2"),
    ("[1, 2]", "le document doit être un objet JSON"),
    ("{}", "years: champ obligatoire manquant"),
])
def test_invalid_documents(text, message):
    result = run("-", input=text)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unreadable_file(tmp_path):
    result = run(str(tmp_path / "absent.json"))
    assert result.exit_code == 2
    assert "fichier introuvable" in result.stderr
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert "lecture impossible" in result.stderr
    (tmp_path / "latin1.json").write_bytes('{"title": "é"}'.encode("latin-1"))
    result = run(str(tmp_path / "latin1.json"))
    assert result.exit_code == 2 and "UTF-8" in result.stderr


def test_over_funding_warns_but_succeeds(tmp_path, example):
    example["input"]["funding"]["funders"][0]["amounts"] = ["90000", "20000", "15000"]
    result = run(write(tmp_path, example["input"]))
    assert result.exit_code == 0
    output = json.loads(result.stdout)
    assert output["years"][0]["commune_contribution"].startswith("-")
    assert output["warnings"][-1] == {"code": "over_funded", "year": 1}
    assert "attention : Année 1 : les financements dépassent" in result.stderr


def test_defaults_cost_a_document_without_parameters(tmp_path, example):
    del example["input"]["parameters"]
    result = run(write(tmp_path, example["input"]))
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["employer_rate_mediator"] != "0.0000"  # derived: private rate less RGDU
    assert output["rgdu_coefficient_mediator"] != "0.0000"
