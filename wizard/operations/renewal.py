"""Renewal: the next year's dossier created from one the prefecture has decided on.

The commune's lead (not a co-editor) renews a dossier in « Décision rendue » or
« Conventionné »: a new draft of the same commune, its document carried over
(`document.renewal.renewal_document`: a renewal naming the renewed dossier, the start date
one year on), pinned to the current parameter set (`reference.current_set`, not the renewed
dossier's), without scenario B nor pending input. The supporting documents that stay valid
from one year to the next are copied: the statutes and the RIB (`KEPT_PIECES`); the
délibération, the accounts and the job descriptions are the new year's. Last year's report is
attached by the view (`review.report_figures.attach_to_renewal`: the cerfa 15059 PDF of the
renewed dossier's accepted report, a layer above this one).
A dossier is renewed once: while its renewal exists, a second one is refused.

Both dossiers record it: « dossier_renewed » on the new one (its source), « renewal_created »
on the renewed one (the new id, read back by `renewal_of`).
"""

from sqlalchemy import select
from sqlalchemy.orm import undefer

from wizard import reference
from wizard.db import db
from wizard.document.renewal import renewal_document
from wizard.models import Attachment, AuditEvent, Dossier, DossierState
from wizard.models.audit import record
from wizard.operations.dossiers import sync_columns
from wizard.operations.errors import OperationError

RENEWABLE_STATES = frozenset({DossierState.DECIDED, DossierState.AGREED})
KEPT_PIECES = ("statuts", "rib")  # valid from one year to the next (see the docstring)


def renewal_of(dossier: Dossier) -> Dossier | None:
    """The dossier renewing `dossier`, if one was created and has not been deleted."""
    ids = [e.details.get("renewal") for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.dossier_id == dossier.id,
                                 AuditEvent.action == "renewal_created"))]
    ids = [i for i in ids if isinstance(i, int)]
    if not ids:
        return None
    return db.session.scalar(select(Dossier).where(Dossier.id.in_(ids))
                             .order_by(Dossier.id.desc()).limit(1))


def renew_dossier(dossier: Dossier, user) -> Dossier:
    """The next year's draft renewing `dossier` (see the module's docstring); OperationError
    when the dossier is not decided yet or already renewed."""
    if dossier.state not in RENEWABLE_STATES:
        raise OperationError(
            f"Le dossier est à l'état « {dossier.state_label} » : il ne peut être renouvelé "
            "qu'une fois la décision de la préfecture rendue.")
    existing = renewal_of(dossier)
    if existing is not None:
        raise OperationError(
            f"Ce dossier a déjà été renouvelé : dossier n° {existing.id} « {existing.title} ».")
    doc = renewal_document(dossier.document, dossier.id, dossier.title)
    renewal = Dossier(
        commune=dossier.commune, state=DossierState.DRAFT, document=doc, pending={},
        scenarios={}, title=dossier.title, created_by_id=user.id, updated_by_id=user.id,
        parameter_set=reference.current_set(),
    )
    sync_columns(renewal)
    db.session.add(renewal)
    db.session.flush()
    pieces = db.session.scalars(
        select(Attachment).options(undefer(Attachment.content))
        .where(Attachment.dossier_id == dossier.id, Attachment.kind.in_(KEPT_PIECES))
        .order_by(Attachment.id)).all()
    for piece in pieces:
        db.session.add(Attachment(
            dossier_id=renewal.id, kind=piece.kind, filename=piece.filename,
            content_type=piece.content_type, size=piece.size, sha256=piece.sha256,
            content=piece.content, uploaded_by_id=piece.uploaded_by_id,
            created_at=piece.created_at))
    copied = [p.filename for p in pieces]
    record("dossier_renewed", user=user, dossier=renewal, source=dossier.id,
           source_title=dossier.title, pieces=copied)
    record("renewal_created", user=user, dossier=dossier, renewal=renewal.id)
    db.session.flush()
    return renewal
