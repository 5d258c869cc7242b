"""`flask dossier cost FILE`: the spec example, and clear errors on bad input."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wizard.cli.dossier import dossier

EXAMPLE = Path(__file__).parents[1] / "data/costing-example.json"


@pytest.fixture
def example():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def run(*args, input=None):
    return CliRunner().invoke(dossier, ["cost", *args], input=input)


def write(tmp_path, document, name="dossier.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_example_prints_expected(tmp_path, example):
    result = run(write(tmp_path, example["input"]))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == example["expected"]
    assert result.stderr == ""


def test_reads_stdin_and_ignores_other_dossier_keys(example):
    document = {"format": "mediation-dossier", "version": 1, "title": "Test",
                "intervention": {**example["input"]["intervention"], "employer": "regie"},
                **{k: v for k, v in example["input"].items() if k != "intervention"}}
    result = run("-", input=json.dumps(document))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == example["expected"]


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


def test_too_many_adultes_relais_posts(tmp_path, example):
    example["input"]["funding"]["adultes_relais_posts"] = 4
    result = run(write(tmp_path, example["input"]))
    assert result.exit_code == 2
    assert result.stderr.startswith("funding.adultes_relais_posts: ")


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
    assert output["warnings"][0].startswith("Année 1 :")
    assert "Année 1" in result.stderr
