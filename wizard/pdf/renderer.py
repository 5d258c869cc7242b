"""The dossier PDF: a BaseDocTemplate with a first-page template, portrait pages and a
landscape page for the fiche-action. Page 1 is the project on one page (`summary`), then
the table of contents, a section per step (`step_sections`: the steps' `summarize()` blocks
and the detailed tables of `sections` and `budget_sections`), the fiche-action (`fiche`),
the attestation sur l'honneur and the supporting documents with their SHA-256
(`application`), the annex of the calculation's hypotheses (`annex`) and, in the adviser's copy only, the
private notes.

`render_pdf(PdfInput(...))` needs no database and no Flask application.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from wizard.costing import CostingInputError, compute, parse_costing_input
from wizard.formats import long_date
from wizard.pdf.annex import section_annex
from wizard.pdf.application import section_attestation
from wizard.pdf.context import AUDIENCES, Context, PdfInput
from wizard.pdf.escape import para_text, plain_text
from wizard.pdf.fiche import section_fiche
from wizard.pdf.flowables import TableOfContents, make_canvas
from wizard.pdf.sections import section_notes
from wizard.pdf.step_sections import step_story
from wizard.pdf.styles import (
    BLUE_FRANCE,
    BOTTOM_MARGIN,
    FONT,
    FONT_BOLD,
    GREY_DARK,
    GREY_RULE,
    MARGIN,
    PAGE,
    PAGE_LANDSCAPE,
    RED_MARIANNE,
    TOP_MARGIN,
    register_fonts,
    stylesheet,
)
from wizard.pdf.summary import section_summary
from wizard.pdf.tables import keep_headings
from wizard.steps import STEPS


def _frame(pagesize, name: str) -> Frame:
    width, height = pagesize
    return Frame(MARGIN, BOTTOM_MARGIN, width - 2 * MARGIN, height - TOP_MARGIN - BOTTOM_MARGIN,
                 id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


def _cover_decorations(inp: PdfInput):
    """onPage of the cover: the State's bloc-marque, the operator's name, a closing band."""
    operator = Paragraph(para_text(inp.operator_name), stylesheet()["cover_line"])

    def draw(canvas, doc):
        width, height = canvas._pagesize
        top = height - 18 * mm
        canvas.saveState()
        canvas.setFillColor(GREY_DARK)
        canvas.setFont(FONT_BOLD, 10.5)
        canvas.drawString(MARGIN, top, "RÉPUBLIQUE")
        canvas.drawString(MARGIN, top - 12, "FRANÇAISE")
        canvas.setFont(FONT, 7.5)
        for i, word in enumerate(("Liberté", "Égalité", "Fraternité")):
            canvas.drawString(MARGIN, top - 28 - 9 * i, word)
        canvas.setFillColor(BLUE_FRANCE)
        canvas.rect(MARGIN + 52 * mm, top - 48, 1.2, 60, stroke=0, fill=1)
        _, h = operator.wrap(width - 2 * MARGIN - 58 * mm, 60)
        operator.drawOn(canvas, MARGIN + 56 * mm, top + 10 - h)
        canvas.setStrokeColor(GREY_RULE)
        canvas.line(MARGIN, top - 60, width - MARGIN, top - 60)
        canvas.setFillColor(BLUE_FRANCE)
        canvas.rect(0, 0, width * 0.6, 6 * mm, stroke=0, fill=1)
        canvas.setFillColor(RED_MARIANNE)
        canvas.rect(width * 0.6, 0, width * 0.4, 6 * mm, stroke=0, fill=1)
        canvas.restoreState()

    return draw


def _cost(ctx: Context) -> None:
    """Parse and cost the document once; on invalid input keep the reasons instead."""
    try:
        ctx.costing_input = parse_costing_input(ctx.doc, ctx.params)
        ctx.costing = compute(ctx.costing_input)
    except CostingInputError as error:
        ctx.costing_input = ctx.costing = None
        ctx.costing_problems = error.lines()


def render_pdf(inp: PdfInput, *, audience: str = "lead", private_notes=None) -> bytes:
    """The dossier as PDF bytes, in French: the one-page summary, table of contents, one
    section per step (each fact once: blocks or a table), the fiche-action page, the annex
    « Hypothèses de calcul » and, for audience "adviser" only, the `private_notes` (strings
    or Note objects). Empty optional fields read « Non renseigné » in the lead's draft and
    are left out of the transmitted copies.

    Raises ValueError on an unknown audience. Documents that cannot be costed yet still
    render (the budget section says why).
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience inconnue : {audience!r} ({', '.join(AUDIENCES)})")
    register_fonts()
    doc_title = plain_text(inp.document.get("title") or "Dossier")
    buffer = BytesIO()
    template = BaseDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN, title=doc_title, author=plain_text(inp.operator_name),
        subject=f"Dossier de médiation sociale — {plain_text(inp.commune_name)}",
        creator="Assistant de montage des projets de médiation sociale", lang="fr-FR",
    )
    template.addPageTemplates([
        PageTemplate("cover", [_frame(PAGE, "cover")],
                     onPage=_cover_decorations(inp), pagesize=PAGE),
        PageTemplate("portrait", [_frame(PAGE, "portrait")], pagesize=PAGE),
        PageTemplate("landscape", [_frame(PAGE_LANDSCAPE, "landscape")],
                     pagesize=PAGE_LANDSCAPE),
    ])
    ctx = Context(inp, audience, PAGE[0] - 2 * MARGIN, PAGE_LANDSCAPE[0] - 2 * MARGIN)
    _cost(ctx)
    story = [*section_summary(ctx), NextPageTemplate("portrait"), PageBreak(),
             Paragraph("Sommaire", stylesheet()["h1"]), Spacer(1, 6),
             TableOfContents(ctx.toc), PageBreak()]
    for step in STEPS:
        story += step_story(ctx, step)
    story += [NextPageTemplate("landscape"), PageBreak(), *section_fiche(ctx),
              NextPageTemplate("portrait"), PageBreak(), *section_attestation(ctx),
              *section_annex(ctx)]
    if audience == "adviser" and private_notes:
        notes = [private_notes] if isinstance(private_notes, str) else list(private_notes)
        story += [NextPageTemplate("portrait"), PageBreak(), *section_notes(ctx, notes)]
    header = f"{inp.commune_name} — {doc_title}"
    footer = f"Document généré le {long_date(inp.generated_at)} — {inp.operator_name}"
    template.build(keep_headings(story), canvasmaker=make_canvas(header, footer, inp.is_draft))
    return buffer.getvalue()
