"""Importing the national QPV list: layout of the ANCT file, idempotence, bad lines, CLI."""

from pathlib import Path

from sqlalchemy import func, select

from wizard.db import db
from wizard.models import Qpv, QpvCommune
from wizard.reference import qpv as qpv_reference
from wizard.reference.qpv import QpvImportError, import_qpvs, read_qpvs

SAMPLE = Path(__file__).resolve().parents[2] / "wizard" / "reference" / "data" / "qpv-sample.csv"
HEADER = "code_qp;lib_qp;insee_reg;lib_reg;insee_dep;lib_dep;insee_com;lib_com;siren_epci;lib_epci"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def write(tmp_path, *lines, encoding="utf-8") -> Path:
    path = tmp_path / "qpv.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def test_the_sample_has_the_layout_of_the_national_list():
    assert SAMPLE.read_text(encoding="utf-8").splitlines()[0] == HEADER
    rows = read_qpvs(SAMPLE.read_text(encoding="utf-8"))
    assert rows["QN05926M"] == ("Lille Sud", ["59350"])
    assert rows["QN05940M"][1] == ["59512", "59599"]  # across two communes: ="59512;59599"


def test_import_is_idempotent_and_updates(app, tmp_path):
    first = import_qpvs(SAMPLE)
    assert (first.created, first.updated, first.unchanged) == (6, 0, 0)
    again = import_qpvs(SAMPLE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert count(Qpv) == 6 and count(QpvCommune) == 7
    renamed = write(tmp_path, HEADER,
                    'QN05926M;Lille-Sud;32;HdF;59;Nord;"=""59350;59009""";Lille;1;MEL')
    report = import_qpvs(renamed)
    assert (report.created, report.updated) == (0, 1)
    assert qpv_reference.of_commune("59009") == {"QN05926M": "Lille-Sud (QN05926M)"}
    assert count(Qpv) == 6  # QPVs absent from a file are kept


def test_lists_the_qpvs_of_a_commune_by_name(app):
    import_qpvs(SAMPLE)
    assert list(qpv_reference.of_commune("59350")) == ["QN05929M", "QN05928M", "QN05926M",
                                                       "QN05927M"]
    assert "QN05940M" in qpv_reference.of_commune("59599")
    assert qpv_reference.of_commune("75056") == {} and qpv_reference.of_commune(None) == {}


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_written(app, tmp_path):
    path = write(tmp_path, HEADER,
                 'QN05926M;Lille Sud;32;HdF;59;Nord;"=""59350""";Lille;1;MEL',
                 'QX123;Nulle part;32;HdF;59;Nord;"=""59350""";Lille;1;MEL',
                 'QN05927M;;32;HdF;59;Nord;"=""5935""";Lille;1;MEL',
                 'QN05928M;Fives')
    try:
        import_qpvs(path)
    except QpvImportError as exc:
        problems = exc.problems
    else:
        raise AssertionError("the file should be refused")
    assert problems[0].startswith("ligne 3 : code QPV invalide « QX123 »")
    assert problems[1].startswith("ligne 4 : ") and "nom du quartier" in problems[1] \
        and "« 5935 »" in problems[1]
    assert problems[2].startswith("ligne 5 : 2 colonnes")
    assert count(Qpv) == 0


def test_a_comma_separated_windows_file_is_read(app, tmp_path):
    path = write(tmp_path, "code_qp,lib_qp,insee_com", "QN05926M,Quartier à l'Ouest,59350",
                 encoding="cp1252")
    import_qpvs(path)
    assert db.session.get(Qpv, "QN05926M").name == "Quartier à l'Ouest"


def test_cli(runner, tmp_path):
    result = runner.invoke(args=["qpv", "import", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "6 quartiers créés" in result.output
    assert "6 inchangés" in runner.invoke(args=["qpv", "import", str(SAMPLE)]).output
    bad = write(tmp_path, "code;nom", "x;y")
    result = runner.invoke(args=["qpv", "import", str(bad)])
    assert result.exit_code == 1
    assert "colonne(s) absente(s) : code_qp, lib_qp, insee_com" in result.output
    missing = runner.invoke(args=["qpv", "import", str(tmp_path / "absent.csv")])
    assert missing.exit_code == 1 and "Fichier introuvable" in missing.output
