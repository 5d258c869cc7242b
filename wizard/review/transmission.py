"""What the prefecture receives: the PDF and JSON generated once at transmission, and one ZIP
bundle of the PDF, the JSON, every supporting document and a manifest (names, sizes,
SHA-256), stored in the database with their SHA-256; and the acknowledgement of receipt."""

import hashlib
import io
import json
import zipfile

from sqlalchemy import select
from sqlalchemy.orm import undefer

from wizard.db import db, utcnow
from wizard.document.checklist import PIECES
from wizard.models import Attachment, Transmission
from wizard.operations import OperationError
from wizard.operations.exchange import export_json
from wizard.pdf import file_name, render_dossier_pdf

MANIFEST = "manifeste.json"
BUNDLE_FORMAT = "mediation-bundle"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def piece_name(attachment) -> str:
    """The path of a supporting document in the bundle (unique: its id leads)."""
    return f"pieces/{attachment.id}-{attachment.filename}"


def build_bundle(dossier, pdf: bytes, data: bytes, pieces, at) -> tuple[bytes, list[dict]]:
    """The ZIP (bytes) and its files' list: the PDF, the JSON, `pieces` (attachments with
    their bytes) and `manifeste.json`, which lists the others with size and SHA-256."""
    files = [(file_name(dossier, "pdf"), pdf, {}), (file_name(dossier, "json"), data, {})]
    files += [(piece_name(a), a.content, {"attachment_id": a.id, "kind": a.kind,
                                          "content_type": a.content_type}) for a in pieces]
    listed = [{"name": name, "size": len(content), "sha256": _sha256(content), **extra}
              for name, content, extra in files]
    manifest = json.dumps({
        "format": BUNDLE_FORMAT, "version": 1,
        "dossier": {"id": dossier.id, "title": dossier.title,
                    "commune": dossier.commune.insee_code},
        "transmitted_at": at.isoformat(timespec="seconds"),
        "files": listed,
    }, ensure_ascii=False, indent=2).encode("utf-8")
    stamp = at.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content, _ in [*files, (MANIFEST, manifest, {})]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, content)
    return buffer.getvalue(), listed


def store_transmission(dossier, user) -> Transmission:
    """Generate the PDF, the JSON and the bundle once and store them (with SHA-256)."""
    pdf = render_dossier_pdf(dossier, audience="prefecture", final=True)
    data = export_json(dossier).encode("utf-8")
    order = list(PIECES)
    pieces = sorted(db.session.scalars(
        select(Attachment).options(undefer(Attachment.content))
        .where(Attachment.dossier_id == dossier.id)
    ).all(), key=lambda a: (order.index(a.kind) if a.kind in order else len(order), a.id))
    at = utcnow()
    bundle, listed = build_bundle(dossier, pdf, data, pieces, at)
    transmission = Transmission(
        dossier_id=dossier.id, pdf=pdf, json=data,
        pdf_sha256=_sha256(pdf), json_sha256=_sha256(data),
        pdf_size=len(pdf), json_size=len(data), created_by_id=user.id, created_at=at,
        bundle=bundle, bundle_sha256=_sha256(bundle), bundle_size=len(bundle), manifest=listed,
    )
    db.session.add(transmission)
    return transmission


def transmission_of(dossier) -> Transmission | None:
    return db.session.scalar(select(Transmission).where(Transmission.dossier_id == dossier.id))


def acknowledge(dossier, user) -> None:
    transmission = transmission_of(dossier)
    if transmission is None:
        raise OperationError("Aucune transmission à accuser.")
    transmission.acknowledged_at = utcnow()
    transmission.acknowledged_by_id = user.id
