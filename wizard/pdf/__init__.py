"""The dossier PDF (reportlab). The renderer needs no database: `render_pdf(PdfInput(...))`;
`pdf_input(dossier)` builds that input from a Dossier model and `render_dossier_pdf(dossier)`
does both, with the reference parameters the dossier is pinned to.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import InvalidOperation

from wizard.costing.defaults import COSTING_SPECS
from wizard.formats import hour
from wizard.pdf.context import AUDIENCES, Note, ParameterRow, PdfInput, Piece, Signed
from wizard.pdf.renderer import render_pdf
from wizard.reference.fields import display

STATUS_LABELS = {"confirmed": "Confirmé par la source",
                 "second-hand": "Source secondaire", "estimate": "Estimation"}
DERIVED = "Selon l'employeur"
OWN_VALUE = "Propre au dossier"
OWN_SOURCE = "Valeur saisie dans le dossier"
REFERENCE = "Valeur de référence régionale"  # the source of a value not confirmed


def _display(spec, value) -> str:
    """The value as the adviser pages show it (« 24 000,00 € », « 12 % », « 1 607 h »), a
    time of day as the PDF writes every time (« 21 h »)."""
    if spec.kind == "time":
        return hour(value)
    try:
        return display(spec, value)
    except (InvalidOperation, ValueError):
        return str(value)


def parameter_rows(document: dict, values: dict[str, str],
                   sources: dict[str, tuple[str, str, str]] | None = None) -> list[ParameterRow]:
    """The PDF rows of every reference parameter: the dossier's own override when it has one,
    else `values` (the pinned set). `sources` maps a key to (title, url, status) and
    overrides the built-in provenance of COSTING_SPECS. A key the set does not have is
    left out (a set published before costing v2 lacks its parameters), except an optional
    employer rate, which then reads « Selon l'employeur ». The title of a source that does
    not confirm the value is the mission's working (« Estimation : … »): the row's
    `reference`, for the copies other than the adviser's, gives only its address."""
    overrides = document.get("parameters") or {}
    rows = []
    for spec in COSTING_SPECS:  # the report's rules are no assumption of the costing
        year = str(getattr(spec, "year", "") or "")
        if spec.key in overrides:
            value, source, status = overrides[spec.key], OWN_SOURCE, OWN_VALUE
            year, reference = "", source
        else:
            value = values.get(spec.key)
            if value in (None, "") and not spec.optional:
                continue
            title, url, status = (sources or {}).get(
                spec.key, (spec.source_title, spec.source_url, spec.status))
            source = f"{title} ({url})" if url else title
            reference = source if status == "confirmed" else \
                f"{REFERENCE} ({url})" if url else REFERENCE
            status = STATUS_LABELS.get(status, status)
        shown = _display(spec, value) if value not in (None, "") else DERIVED
        rows.append(ParameterRow(spec.label_fr, shown, "", source, status, year, reference))
    return rows


def pdf_input(dossier, *, operator_name: str | None = None,
              generated_at: datetime | None = None, final: bool = False) -> PdfInput:
    """The renderer's input for a Dossier model (needs an application context for the
    operator's name and the dossier's pinned reference parameters). The « BROUILLON » stamp
    goes on dossiers that can still change, unless `final` (the copy transmitted). The steps'
    summaries and the budget sections see the same parameters (those of `pdf_input`)."""
    from flask import current_app

    from wizard import reference

    pinned = reference.pinned(dossier)
    parameter_set = getattr(dossier, "parameter_set", None)
    sources = None
    if parameter_set is not None:
        sources = {p.key: (p.source_title, p.source_url, str(p.status))
                   for p in parameter_set.parameters}
    label = f"« {pinned.label} »" if pinned.label else pinned.name
    return PdfInput(
        document=reference.named(dossier.document, dossier.commune),
        commune_name=dossier.commune.name,
        commune_population=dossier.commune.population,
        state_label=dossier.state_label,
        version=dossier.version,
        is_draft=dossier.is_editable and not final,
        operator_name=operator_name or current_app.config["OPERATOR_NAME"],
        generated_at=generated_at or datetime.now(UTC),
        parameter_rows=parameter_rows(dossier.document, pinned.values, sources),
        parameter_set_label=label,
        parameter_set_name=pinned.label,
        reference_defaults=pinned.values,
        costing_version=pinned.costing_version,
        dossier_id=dossier.id,
        attestation=_attestation(dossier),
        pieces=_pieces(dossier),
    )


def _attestation(dossier) -> Signed | None:
    """The last attestation sur l'honneur signed for the dossier, as recorded (or None)."""
    from wizard.operations import latest_attestation

    event = latest_attestation(dossier)
    if event is None:
        return None
    details = event.details or {}
    return Signed(str(details.get("text") or ""), str(details.get("name") or ""),
                  str(details.get("quality") or ""), str(details.get("signed_on") or ""),
                  event.at, event.user.name if event.user is not None else "")


def _pieces(dossier) -> tuple[Piece, ...]:
    """The dossier's supporting documents (their bytes not loaded), in the checklist's order,
    as the transmission bundle lists them."""
    from sqlalchemy import select

    from wizard.db import db
    from wizard.document.checklist import PIECES
    from wizard.models import Attachment

    if dossier.id is None:
        return ()
    order = list(PIECES)
    found = db.session.scalars(select(Attachment).where(Attachment.dossier_id == dossier.id))
    rows = sorted(found, key=lambda a: (order.index(a.kind) if a.kind in order else len(order),
                                        a.id))
    return tuple(Piece(a.kind, a.filename, a.size, a.sha256) for a in rows)


def as_note(item) -> Note:
    """A Note from a string, a Note, or a review comment (body, author, created_at, step,
    item)."""
    if isinstance(item, Note):
        return item
    if isinstance(item, str):
        return Note(item)
    from wizard.steps import UnknownStep, get_step

    author, step = getattr(item, "author", None), getattr(item, "step", None)
    try:
        step = f"Étape « {get_step(step).title} »" if step else None
    except UnknownStep:
        pass
    about = " — ".join(str(x) for x in (step, getattr(item, "item", None)) if x)
    return Note(str(getattr(item, "body", "") or ""), getattr(author, "name", "") or "",
                getattr(item, "created_at", None), about)


def render_dossier_pdf(dossier, *, audience: str = "lead", private_notes=None,
                       final: bool = False) -> bytes:
    """The PDF of a Dossier model for `audience` ("lead", "adviser", "prefecture"); the
    sections all see its pinned parameters. `private_notes` (strings, Notes or review
    comments) appear only in the adviser's copy; `final` drops the draft stamp."""
    notes = [as_note(n) for n in private_notes or []]
    return render_pdf(pdf_input(dossier, final=final), audience=audience, private_notes=notes)


def file_name(dossier, extension: str) -> str:
    """A safe ASCII download name: « dossier-59350-12.pdf »."""
    insee = "".join(ch for ch in str(dossier.commune.insee_code) if ch.isascii() and ch.isalnum())
    return f"dossier-{insee or 'commune'}-{int(dossier.id)}.{extension}"


__all__ = ["AUDIENCES", "Note", "ParameterRow", "PdfInput", "Piece", "Signed", "as_note", "file_name",
           "parameter_rows", "pdf_input", "render_dossier_pdf", "render_pdf"]
