"""The dossier PDF at the limits of the schema (docs/dossier.schema.json): every chart and
table fits or splits whatever the counts, the largest dossier renders, fast, and what the
PDF abridges says so."""

import io
import os
import re
import shutil
import subprocess
from functools import cache

import pytest
from pypdf import PdfReader
from reportlab.platypus import Table

from tests.pdf_limits import limit, many_funders_document, maximal_document, text
from tests.samples import complete_document, pdf_input
from wizard.document import normalise, validate
from wizard.pdf import AUDIENCES, render_pdf
from wizard.pdf.cells import ITEM_RUN, SUMMARY_CELL_LINES, broken_lines, fair_share
from wizard.pdf.lines import string_width, wrap_lines
from wizard.pdf.styles import FONT, MARGIN, PAGE, register_fonts
from wizard.pdf.tables import column_shares, summary_story
from wizard.steps.base import Section

WIDTH = PAGE[0] - 2 * MARGIN


def norm(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f\u200b]+", " ", text).strip()


def pages_text(pdf: bytes) -> list[str]:
    return [norm(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def check_pdf(pdf: bytes, tmp_path) -> int:
    """The page count of a PDF that pypdf reads and `qpdf --check` accepts (qpdf is
    required in CI, skipped elsewhere when missing)."""
    assert pdf.startswith(b"%PDF")
    count = len(PdfReader(io.BytesIO(pdf)).pages)
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        if os.environ.get("CI"):
            pytest.fail("qpdf manque en CI (.ci/run installe le paquet qpdf)")
        return count
    path = tmp_path / "dossier.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return count


@cache
def valid(make, *args, **kwargs) -> dict:
    """The normalised document `make(*args, **kwargs)`, checked once: the schema and the
    cross-field rules accept it (a few seconds for the largest ones)."""
    doc = make(*args, **kwargs)
    assert validate(doc) == []
    return normalise(doc)


def render(doc: dict, audience: str = "lead") -> bytes:
    return render_pdf(pdf_input(doc), audience=audience,
                      private_notes=["Note de relecture", "\n" * 5000, "W" * 5000])


def landscape_pages(pdf: bytes) -> int:
    """The pages of the fiche-action (the only landscape ones)."""
    return sum(page.mediabox.width > page.mediabox.height
               for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_hundred_funders_render_for_every_audience(audience, tmp_path):
    # 16 funders or more used to make a funding chart taller than a page (LayoutError);
    # 100: the schema's maximum when this was written, and the most the application reads
    pdf = render(normalise(many_funders_document(100)), audience)
    check_pdf(pdf, tmp_path)
    pages = pages_text(pdf)
    text = " ".join(pages)
    assert "Financeur n° 1 — fondation d'entreprise" in text  # in the funding plan table
    assert "Financeur n° 100 — fondation d'entreprise" in text
    # page 1 keeps to one page: the 5 largest funders, then the rest in one row
    assert "Autres financeurs (95)" in pages[0] and "Coût total du projet" in pages[0]
    assert "Sommaire" in pages[1]
    assert ("Notes internes" in text) == (audience == "adviser")


@pytest.mark.parametrize("count", [16, 30])
def test_funders_around_the_former_chart_limit_render(count, tmp_path):
    pdf = render(valid(many_funders_document, count))
    check_pdf(pdf, tmp_path)
    assert f"Financeur n° {count} — fondation d'entreprise" in " ".join(pages_text(pdf))


def test_every_list_at_its_maximum_count_renders(tmp_path):
    # 100 problems, places (100 need slots each), partners, rounds (100 places and 100
    # slots each), reinforcements, other costs, funders, indicators… with short texts;
    # with the two next tests, each audience renders a dossier at the maximum counts
    pdf = render(valid(maximal_document, long_texts=False), "lead")
    assert check_pdf(pdf, tmp_path) > 20


def test_the_largest_dossier_renders_and_says_what_it_abridges(tmp_path):
    # 67 s of CPU then a LayoutError before; its time is measured by bench/pdf.py
    doc = valid(maximal_document)  # every list at its maximum count, every text at its most
    pdf = render(doc, "adviser")
    assert check_pdf(pdf, tmp_path) < 300
    reader = PdfReader(io.BytesIO(pdf))
    start = " ".join(norm(page.extract_text() or "") for page in reader.pages[2:8])
    assert re.search(r"… et \d+ autres?", start)  # lists: the items that fit, and the rest
    assert re.search(r"\[\d[\d ]* caractères de plus\]", start)  # long texts: their start
    assert 1 <= landscape_pages(pdf) <= 8  # the fiche-action stays a synthesis
    end = " ".join(norm(page.extract_text() or "") for page in reader.pages[-4:])
    assert "Notes internes de la mission régionale" in end


def test_texts_hardest_to_lay_out_never_make_a_cell_taller_than_a_page(tmp_path):
    # every text at its maximum length made of line breaks, of « W », or of one unbroken
    # run (the structure of the largest dossier, schema-valid: only the fillers differ)
    doc = normalise(maximal_document(kind="mixed"))
    pdf = render(doc, "prefecture")
    assert check_pdf(pdf, tmp_path) < 300 and landscape_pages(pdf) <= 8


def test_a_usual_dossier_shows_its_long_texts_whole(tmp_path):
    doc = complete_document()
    summary = text(limit("long_text"), "Synthèse")  # 5 000 characters: taller than a page
    doc["diagnosis"]["summary"] = summary
    pdf = render(doc)
    check_pdf(pdf, tmp_path)
    text_ = " ".join(pages_text(pdf))
    assert norm(summary)[-60:] in text_  # nothing abridged in a dossier of this size
    assert "caractères de plus" not in text_ and not re.search(r"… et \d+ autres?", text_)


def test_wrap_lines_keeps_every_line_within_the_width():
    register_fonts()
    sample = ("Constats partagés avec le bailleur " * 20 + "x" * 300 + " \u00a0fin\n"
              + "W" * 120 + "\u200b" + "i" * 80)
    for room in (30, 75.5, 160, 300):
        lines = wrap_lines(sample, room, FONT, 8.5)
        assert all(string_width(line, FONT, 8.5) <= room + 0.01 for line in lines)
        joined = "".join(lines).replace(" ", "")
        assert joined == sample.replace(" ", "").replace("\n", "").replace("\u200b", "")


def test_broken_lines_say_what_is_left_out():
    register_fonts()
    items = [f"Créneau n° {i}" for i in range(100)]
    lines = broken_lines(items, 200, "cell", 6)
    assert len(lines) == 6 and lines[0] == "• Créneau n° 0" and lines[-1] == "… et 95 autres"
    long = text(5000, "Constat")
    lines = broken_lines([long], 200, "cell", 8)
    assert len(lines) <= 9 and lines[6].endswith(" …")
    assert re.fullmatch(r"\[4 \d{3} caractères de plus\]", lines[-1].replace("\u00a0", " "))
    assert broken_lines(items[:3], 200, "cell", 6) == [f"• Créneau n° {i}" for i in range(3)]


def test_fair_share_gives_small_cells_what_they_need_and_shares_the_rest():
    assert fair_share([1, 2, 3], 100) == 3  # everything fits: the largest need
    assert fair_share([1] * 10 + [50, 80], 70, floor=3) == 30  # the two large share 60
    assert fair_share([500] * 100, 300, floor=3) == 3
    assert fair_share([200, 200], 1000, cap=SUMMARY_CELL_LINES) == SUMMARY_CELL_LINES


def test_column_shares_fit_lists_and_short_values():
    register_fonts()
    rows = [[f"Lieu {i} — rue de la République", "Oui", ["Lundi 14:00–19:30"] * 3]
            for i in range(50)]
    shares = column_shares(["Intitulé", "QPV", "Besoins de présence"], rows, WIDTH)
    assert abs(sum(shares) - 1) < 1e-9
    # a slot fits on one line of its column, « Oui » needs hardly any room
    assert shares[2] * WIDTH - 8 > string_width("• Lundi 14:00–19:30", FONT, 8.5)
    assert shares[1] < shares[0] and shares[1] < shares[2]


def test_a_long_run_of_item_sections_becomes_one_table():
    register_fonts()
    items = [Section(f"Indicateur {i}", [("Type", "Activité"), ("Cible", f"{i} par mois")])
             for i in range(20)]
    story = summary_story([Section("Synthèse", [("Résumé", "Texte")]), *items], WIDTH)
    tables = [f for f in story if isinstance(f, Table)]
    assert len(tables) == 2 and tables[1]._cellvalues[0] == ["Intitulé", "Type", "Cible"]
    assert len(tables[1]._cellvalues) == 21  # the header and a row per item
    few = summary_story(items[:ITEM_RUN], WIDTH)  # a short run keeps a section per item
    assert sum(isinstance(f, Table) for f in few) == ITEM_RUN
