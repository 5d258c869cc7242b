"""What the prefecture receives: the PDF and JSON generated once at transmission, stored in
the database with their SHA-256, and the acknowledgement of receipt."""

import hashlib

from sqlalchemy import select

from wizard.db import db, utcnow
from wizard.models import Transmission
from wizard.operations import OperationError
from wizard.operations.exchange import export_json
from wizard.pdf import render_dossier_pdf


def store_transmission(dossier, user) -> Transmission:
    """Generate the PDF and JSON once and store them (with SHA-256) in the database."""
    pdf = render_dossier_pdf(dossier, audience="prefecture", final=True)
    data = export_json(dossier).encode("utf-8")
    transmission = Transmission(
        dossier_id=dossier.id, pdf=pdf, json=data,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(), json_sha256=hashlib.sha256(data).hexdigest(),
        pdf_size=len(pdf), json_size=len(data), created_by_id=user.id,
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
