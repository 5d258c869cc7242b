"""Time the dossier PDF: `python bench/pdf.py` prints a markdown table (median of 5, ms).

Cases: the complete Lille dossier (tests/data/dossier-complete.json), a big one (50 places,
40 partners, 10 rounds, 3 years; tests/samples.py) and the largest dossier the schema accepts
(tests/pdf_limits.py: every list at its maximum count, 100, every text at its maximum
length). Each is compared with a plain reportlab document of the same page count built in
the same run: paragraphs and a 3-column table in the same DejaVu fonts, one
SimpleDocTemplate, no costing, no header or watermark. `--only WORD` runs the cases whose
name contains WORD.
"""

from __future__ import annotations

import io
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import reportlab  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table  # noqa: E402

from tests.pdf_limits import maximal_document  # noqa: E402
from tests.samples import big_document, complete_document, pdf_input  # noqa: E402
from wizard.document import normalise  # noqa: E402
from wizard.pdf import render_pdf  # noqa: E402
from wizard.pdf.styles import MARGIN, PAGE, stylesheet  # noqa: E402

RUNS = 5
TEXT = ("Les médiateurs vont à la rencontre des habitants, repèrent les situations de "
        "détresse sociale et passent le relais aux services compétents. ") * 3


def plain_pdf(units: int) -> bytes:
    """A plain document: `units` times a heading, two paragraphs and a 12-row table."""
    s = stylesheet()
    story = []
    for i in range(units):
        story += [Paragraph(f"Partie {i + 1}", s["h2"]), Paragraph(TEXT, s["body"]),
                  Paragraph(TEXT, s["body"]),
                  Table([["Poste", "Année 1", "Année 2"]]
                        + [[f"Ligne {k}", f"{k * 1000},00 €", f"{k * 1020},00 €"]
                           for k in range(12)], repeatRows=1)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN).build(story)
    return buffer.getvalue()


def rl_accel_loaded() -> bool:
    """True when reportlab found its optional C accelerator (package rl-accel)."""
    from reportlab.lib import rl_accel

    return "_py_" not in rl_accel.fp_str.__name__


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def plain_units_for(target: int) -> int:
    """The number of units that gives a plain document of `target` pages."""
    units = max(1, target * 2)
    for _ in range(20):
        count = pages(plain_pdf(units))
        if count == target:
            return units
        units = max(1, units + (1 if count < target else -1) * max(1, abs(target - count)))
    return units


def median_ms(build) -> float:
    """Median CPU time of RUNS builds (process time: steadier than wall time on a shared
    machine; rendering is single-threaded and does no I/O)."""
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        build()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


CASES = (
    ("complete Lille dossier", complete_document),
    ("big (50 places, 40 partners, 10 rounds, 3 years)", big_document),
    ("largest the schema accepts (every list 100 items, every text at its maximum length)",
     lambda: normalise(maximal_document())),
)


def main() -> None:
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else ""
    accel = "with" if rl_accel_loaded() else "without"
    print(f"Median CPU time of {RUNS} runs, Python {platform.python_version()}, "
          f"{platform.machine()}, reportlab {reportlab.Version} {accel} the rl-accel C "
          "extension.\n")
    print("| case | pages | dossier PDF (ms) | plain reportlab, same pages (ms) | ratio |")
    print("|---|---:|---:|---:|---:|")
    for name, make in CASES:
        if only not in name:
            continue
        inp = pdf_input(make(), is_draft=True)
        count = pages(render_pdf(inp))
        units = plain_units_for(count)
        dossier = median_ms(lambda inp=inp: render_pdf(inp))
        plain = median_ms(lambda units=units: plain_pdf(units))
        print(f"| {name} | {count} | {dossier:.0f} | {plain:.0f} | {dossier / plain:.2f} |")


if __name__ == "__main__":
    main()
