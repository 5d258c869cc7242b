"""A dossier's history (its audit events) as each audience may read it: the events internal
to the prefecture — the amounts proposed to the committee, until the decision and after —
are left out of what the mission and the commune see, and kept in the prefecture's view."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.db import db
from wizard.models import AuditEvent, Role
from wizard.review.proposals import ACTION as AMOUNTS_PROPOSED

PREFECTURE_ONLY = frozenset({AMOUNTS_PROPOSED})


def visible_to(role: Role, action: str) -> bool:
    """Whether an event of `action` may be shown to a user of `role`."""
    return role is Role.PREFECTURE or action not in PREFECTURE_ONLY


def events_for(dossier, role: Role) -> list[AuditEvent]:
    """The dossier's events a user of `role` may read, newest first, with their authors
    (one query)."""
    query = (select(AuditEvent).options(joinedload(AuditEvent.user))
             .where(AuditEvent.dossier_id == dossier.id).order_by(AuditEvent.id.desc()))
    if role is not Role.PREFECTURE:
        query = query.where(AuditEvent.action.not_in(PREFECTURE_ONLY))
    return list(db.session.scalars(query))
