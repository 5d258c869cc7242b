"""A dossier's supporting documents: add, replace (while the dossier is editable, or while
the prefecture asks for pieces), delete (while it is editable), each audited, and the lists
and lookups the pages need. The signed convention (`convention`) is the prefecture's: it
attaches it with its decision's convention, nobody replaces or deletes it.

The type of a file is read from its first bytes (PDF, JPEG or PNG), never from its name or
the type the browser declares; the name is kept for display only, sanitised, its extension
set from the type read. Sizes are bounded per file and per dossier (ATTACHMENT_MAX_SIZE,
ATTACHMENT_MAX_TOTAL in config.py).
"""

import hashlib
import re
import unicodedata

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, undefer

from wizard.db import db, utcnow
from wizard.document.checklist import PIECES, Expected, checklist
from wizard.models import Attachment, DossierState
from wizard.models.audit import record
from wizard.models.dossier import PIECES_EDITABLE_STATES
from wizard.operations.dossiers import check_editable
from wizard.operations.errors import OperationError

# content type → (extension, French name), in the order the messages list them
TYPES = {
    "application/pdf": (".pdf", "PDF"),
    "image/jpeg": (".jpg", "image JPEG"),
    "image/png": (".png", "image PNG"),
}
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
NAME_LIMIT = 120
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|;]+')
REFUSED = ("Ce fichier n'est ni un PDF, ni une image JPEG ou PNG (type lu dans son contenu) : "
           "enregistrez-le dans l'un de ces formats.")
EMPTY = "Le fichier est vide."


class AttachmentRefused(OperationError):
    """The file itself is refused (type, size): the message belongs next to the file field."""


def sniff(data: bytes) -> str | None:
    """The content type read from the first bytes, or None when not PDF, JPEG or PNG."""
    for magic, content_type in MAGIC:
        if data.startswith(magic):
            return content_type
    return None


def clean_filename(name: str | None, content_type: str) -> str:
    """A display and download name: the last path component, without control or reserved
    characters, at most NAME_LIMIT characters, its extension the one of `content_type`."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = " ".join(_UNSAFE.sub(" ", base).split()).strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    extension = TYPES[content_type][0]
    stem = stem.strip(" .")[:NAME_LIMIT - len(extension)] or "piece"
    return stem + extension


def megabytes(size: int) -> str:
    """« 5 Mo », « 2,5 Mo »: the limits as the messages say them."""
    value = round(size / (1024 * 1024), 1)
    return f"{value:g}".replace(".", ",") + " Mo"


def too_large_message() -> str:
    limit = current_app.config["ATTACHMENT_MAX_SIZE"]
    return f"Le fichier dépasse {megabytes(limit)}, la taille maximale d'une pièce."


PREFECTURE_PIECE = "convention"
FROZEN = "Le dossier est à l'état « {state} » : ses pièces ne peuvent plus changer."


def _checked(dossier, data: bytes, replaced: Attachment | None = None,
             by_prefecture: bool = False) -> str:
    """The content type of `data`, or AttachmentRefused with the French reason."""
    allowed = {DossierState.DECIDED} if by_prefecture else PIECES_EDITABLE_STATES
    if dossier.state not in allowed:
        raise OperationError(FROZEN.format(state=dossier.state_label))
    if not data:
        raise AttachmentRefused(EMPTY)
    config = current_app.config
    if len(data) > config["ATTACHMENT_MAX_SIZE"]:
        raise AttachmentRefused(too_large_message())
    content_type = sniff(data)
    if content_type is None:
        raise AttachmentRefused(REFUSED)
    others = total_size(dossier) - (replaced.size if replaced is not None else 0)
    if others + len(data) > config["ATTACHMENT_MAX_TOTAL"]:
        raise AttachmentRefused(
            f"Les pièces de ce dossier dépasseraient {megabytes(config['ATTACHMENT_MAX_TOTAL'])}"
            f" au total (déjà {megabytes(others)}) : réduisez ce fichier ou retirez une pièce.")
    return content_type


def _details(attachment: Attachment) -> dict:
    return {"attachment": attachment.id, "kind": attachment.kind,
            "filename": attachment.filename, "size": attachment.size,
            "sha256": attachment.sha256}


def _fill(attachment: Attachment, user, filename, data: bytes, content_type: str) -> None:
    attachment.filename = clean_filename(filename, content_type)
    attachment.content_type = content_type
    attachment.size = len(data)
    attachment.sha256 = hashlib.sha256(data).hexdigest()
    attachment.content = data
    attachment.uploaded_by_id = user.id
    attachment.created_at = utcnow()


def add_attachment(dossier, user, kind: str, filename: str | None, data: bytes, *,
                   by_prefecture: bool = False) -> Attachment:
    """A new piece of checklist code `kind` (AttachmentRefused for the file, OperationError
    for the dossier's state or an unknown kind); the convention only `by_prefecture`."""
    if kind not in PIECES or (kind == PREFECTURE_PIECE) != by_prefecture:
        raise OperationError("Ce type de pièce n'existe pas.")
    content_type = _checked(dossier, data, by_prefecture=by_prefecture)
    attachment = Attachment(dossier_id=dossier.id, kind=kind)
    _fill(attachment, user, filename, data, content_type)
    db.session.add(attachment)
    db.session.flush()
    record("attachment_added", user=user, dossier=dossier, **_details(attachment))
    return attachment


def replace_attachment(dossier, attachment: Attachment, user, filename, data: bytes) -> None:
    """Another file in place of `attachment` (same kind; the old bytes are gone)."""
    if attachment.kind == PREFECTURE_PIECE:
        raise OperationError("La convention signée est la pièce de la préfecture.")
    content_type = _checked(dossier, data, replaced=attachment)
    old = _details(attachment)
    _fill(attachment, user, filename, data, content_type)
    record("attachment_replaced", user=user, dossier=dossier, **_details(attachment),
           old_filename=old["filename"], old_sha256=old["sha256"])
    db.session.flush()


def delete_attachment(dossier, attachment: Attachment, user) -> None:
    check_editable(dossier, FROZEN)
    if attachment.kind == PREFECTURE_PIECE:
        raise OperationError("La convention signée est la pièce de la préfecture.")
    record("attachment_deleted", user=user, dossier=dossier, **_details(attachment))
    db.session.delete(attachment)
    db.session.flush()


def attachments_of(dossier) -> list[Attachment]:
    """The dossier's pieces without their bytes, uploader loaded, by kind then upload."""
    return db.session.scalars(
        select(Attachment).options(joinedload(Attachment.uploaded_by))
        .where(Attachment.dossier_id == dossier.id)
        .order_by(Attachment.kind, Attachment.id)
    ).all()


def attached_kinds(dossier) -> set[str]:
    """The checklist codes of which the dossier has at least one file."""
    return set(db.session.scalars(
        select(Attachment.kind).where(Attachment.dossier_id == dossier.id).distinct()))


def total_size(dossier) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(Attachment.size), 0))
                             .where(Attachment.dossier_id == dossier.id))


def attachment_of(dossier, attachment_id: int, *, content: bool = False) -> Attachment | None:
    """The dossier's piece `attachment_id` (None when it belongs to another dossier),
    with its bytes when `content`."""
    query = select(Attachment).where(Attachment.id == attachment_id,
                                     Attachment.dossier_id == dossier.id)
    if content:
        query = query.options(undefer(Attachment.content))
    return db.session.scalar(query)


def checklist_lines(dossier, files: list[Attachment]) -> list[tuple[Expected, list]]:
    """The dossier's checklist lines with their files; files of a line the checklist no
    longer shows (the employer changed) keep an optional line of their own."""
    expected = checklist(dossier.document)
    shown = {e.piece.code for e in expected}
    expected += [Expected(PIECES[code], False) for code in PIECES
                 if code not in shown and any(f.kind == code for f in files)]
    order = list(PIECES)
    expected.sort(key=lambda e: order.index(e.piece.code))
    return [(e, [f for f in files if f.kind == e.piece.code]) for e in expected]
