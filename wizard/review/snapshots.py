"""What was submitted, frozen once per round: the document, its costing and its set."""

from sqlalchemy import func, select

from wizard import reference
from wizard.costing import CostingInputError, cost_document
from wizard.db import db
from wizard.models import Snapshot


def costing_json(dossier) -> dict | None:
    """The costing output of the dossier with its pinned parameters, or None if incomplete."""
    try:
        return cost_document(dossier.document, reference.pinned(dossier)).to_json()
    except CostingInputError:
        return None


def take_snapshot(dossier, user) -> Snapshot:
    """Freeze what is submitted (round 1, 2, …)."""
    last = db.session.scalar(
        select(func.max(Snapshot.round)).where(Snapshot.dossier_id == dossier.id)
    ) or 0
    snapshot = Snapshot(dossier_id=dossier.id, round=last + 1, document=dossier.document,
                        costing=costing_json(dossier), submitted_by_id=user.id,
                        parameter_set_id=dossier.parameter_set_id)
    db.session.add(snapshot)
    return snapshot


def snapshots(dossier) -> list[Snapshot]:
    return db.session.scalars(
        select(Snapshot).where(Snapshot.dossier_id == dossier.id).order_by(Snapshot.round)
    ).all()
