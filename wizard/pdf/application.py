"""What makes the PDF an application: the amounts requested per scheme and per year (page 1
and the budget section), the adultes-relais convention requested, and near the end the
attestation sur l'honneur as recorded at submission and the supporting documents with their
SHA-256 (the same as the transmission bundle's manifest), so that the copy transmitted to
the prefecture proves which files came with it."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import PageBreak

from wizard.document.checklist import PIECES
from wizard.formats import date_time, file_size, long_date
from wizard.pdf.budget_sections import money_table
from wizard.pdf.cells import nbsp, p
from wizard.pdf.context import Context
from wizard.pdf.tables import data_table, heading, summary_table
from wizard.steps.budget_figures import REQUESTS_TITLE, request_rows
from wizard.steps.convention import convention_rows

CONVENTION_LINES = 8  # the three conditions in full


def requests_table(ctx: Context, label: str = "Dispositif"):
    """The table of the amounts requested per scheme and year, their total, then the State's
    and the holder's shares (bold); None when the dossier cannot be costed."""
    if ctx.costing is None:
        return None
    schemes, shares = request_rows(ctx.doc, ctx.costing, short=True)
    return money_table(label, [*schemes, *shares], ctx.width, total_rows=3)


def section_requests(ctx: Context) -> list:
    """In the budget section: the amounts requested, then the adultes-relais convention."""
    out = []
    table = requests_table(ctx)
    if table is not None:
        out += heading(ctx, "montants-demandes", REQUESTS_TITLE, 1)
        out.append(table)
    rows = convention_rows(ctx.doc)
    if rows:
        out += heading(ctx, "convention-adultes-relais", "Convention adultes-relais demandée", 1)
        out.append(summary_table(rows, ctx.width, CONVENTION_LINES, ctx.empty))
    return out


def piece_names(ctx: Context) -> list[str]:
    """« Délibération (deliberation.pdf) » for each supporting document, for page 1."""
    return [f"{_kind(x.kind)} ({x.filename})" for x in ctx.inp.pieces]


def _kind(code: str) -> str:
    piece = PIECES.get(code)
    return piece.label if piece else code


def section_attestation(ctx: Context) -> list:
    """« Attestation sur l'honneur et pièces jointes »: the declaration as signed (text,
    name, quality, date, recorded when and by whom) and every file with its size and
    SHA-256. Nothing when the dossier has neither yet."""
    signed, pieces = ctx.inp.attestation, ctx.inp.pieces
    if signed is None and not pieces:
        return []
    out = heading(ctx, "attestation", "Attestation sur l'honneur et pièces jointes")
    if signed is not None:
        out += heading(ctx, "attestation-texte", "Attestation sur l'honneur", 1)
        out.append(p(signed.text, "body"))
        recorded = ", ".join(x for x in (
            date_time(signed.recorded_at) if signed.recorded_at else "",
            f"par {signed.recorded_by}" if signed.recorded_by else "") if x)
        out.append(summary_table([
            ("Signataire", signed.name), ("Qualité", signed.quality),
            ("Date de signature", _date(signed.signed_on)),
            ("Enregistrée au dépôt", recorded or None),
        ], ctx.width, 2, ctx.empty))
    if pieces:
        out += heading(ctx, "pieces-jointes", "Pièces jointes", 1)
        out.append(data_table(
            ["Pièce", "Fichier", "Taille", "Empreinte SHA-256"],
            [[_kind(x.kind), x.filename, nbsp(file_size(x.size)), x.sha256] for x in pieces],
            [0.24, 0.24, 0.1, 0.42], ctx.width, numeric=(2,), empty=ctx.empty))
        out.append(p("L'empreinte SHA-256 de chaque fichier est celle du manifeste de l'archive "
                     "transmise : elle permet de vérifier que la pièce reçue est celle du dépôt.",
                     "note"))
    return [*out, PageBreak()]  # the annex starts on its own page, as without this section


def _date(iso: str) -> str:
    try:
        return long_date(date.fromisoformat(iso))
    except (TypeError, ValueError):
        return str(iso or "")
