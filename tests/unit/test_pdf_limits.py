"""The dossier PDF at the limits of the schema (docs/dossier.schema.json): every chart and
table fits or splits whatever the counts, and the largest dossier renders, fast."""

import io
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.pdf_limits import many_funders_document
from tests.samples import pdf_input
from wizard.document import normalise, validate
from wizard.dossier import AUDIENCES, render_pdf


def norm(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f\u200b]+", " ", text).strip()


def pages_text(pdf: bytes) -> list[str]:
    return [norm(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def check_pdf(pdf: bytes, tmp_path) -> list[str]:
    """The text of each page of a PDF that pypdf reads and `qpdf --check` accepts (qpdf is
    required in CI, skipped elsewhere when missing)."""
    assert pdf.startswith(b"%PDF")
    text = pages_text(pdf)
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        if os.environ.get("CI"):
            pytest.fail("qpdf manque en CI (.ci/run installe le paquet qpdf)")
        return text
    path = tmp_path / "dossier.pdf"
    path.write_bytes(pdf)
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return text


def render(doc: dict, audience: str) -> bytes:
    assert validate(doc) == []  # the schema (and the cross-field rules) accept it
    return render_pdf(pdf_input(normalise(doc)), audience=audience,
                      private_notes=["Note de relecture"])


@pytest.mark.parametrize("audience", AUDIENCES)
def test_a_hundred_funders_render_for_every_audience(audience, tmp_path):
    # 16 funders or more used to make the funding chart taller than a page (LayoutError)
    text = " ".join(check_pdf(render(many_funders_document(), audience), tmp_path))
    assert "Financeur n° 1 — fondation d'entreprise" in text  # in the funding plan table
    assert "Financeur n° 100 — fondation d'entreprise" in text
    assert "Autres financeurs (89)" in text  # the chart: 11 largest funders, then the rest
    assert ("Notes internes" in text) == (audience == "adviser")


@pytest.mark.parametrize("count", [16, 30])
def test_the_funding_chart_fits_around_its_former_limit(count, tmp_path):
    text = " ".join(check_pdf(render(many_funders_document(count), "lead"), tmp_path))
    assert f"Financeur n° {count} — fondation d'entreprise" in text
