"""A renewal beside last year's dossier: what the lead changed since the renewed dossier was
transmitted to the prefecture, for the adviser's review.

The renewed dossier is the one `holder.previous_dossier.id` names, when it is a dossier of
the same commune; its reference is the round the prefecture received (the last snapshot
taken before its transmission), summarised with the parameter set that round was costed
with, and the renewal is summarised with its own (`diff.diff_documents`). Four queries
whatever the dossiers' size: the renewed dossier, that round with its transmission's date,
its parameter set and their values.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wizard import reference
from wizard.db import db
from wizard.models import Dossier, ParameterSet, Snapshot, Transmission
from wizard.review import diff
from wizard.review.snapshots import costing_json


@dataclass
class LastYear:
    """The renewed dossier and, when it was transmitted, the differences from that round."""

    previous: Dossier
    snapshot: Snapshot | None = None
    transmitted_at: datetime | None = None
    diffs: list[diff.StepDiff] | None = None
    totals_before: list | None = None
    totals_after: list | None = None
    report: str | None = None  # the renewed dossier's year-end report, see report_status

    @property
    def changed_steps(self) -> list[diff.StepDiff]:
        return [d for d in self.diffs or [] if not d.empty]


def renewed_dossier(dossier) -> Dossier | None:
    """The dossier of the same commune that `dossier` says it renews, or None."""
    previous = ((dossier.document or {}).get("holder") or {}).get("previous_dossier") or {}
    previous_id = previous.get("id")
    if not isinstance(previous_id, int) or previous_id == dossier.id:
        return None
    return db.session.scalar(select(Dossier).where(
        Dossier.id == previous_id, Dossier.commune_id == dossier.commune_id))


def transmitted_round(previous) -> tuple[Snapshot, datetime] | None:
    """The round of `previous` the prefecture received and the transmission's time."""
    row = db.session.execute(
        select(Snapshot, Transmission.created_at)
        .join(Transmission, Transmission.dossier_id == Snapshot.dossier_id)
        .options(selectinload(Snapshot.parameter_set).selectinload(ParameterSet.parameters))
        .where(Snapshot.dossier_id == previous.id,
               Snapshot.submitted_at <= Transmission.created_at)
        .order_by(Snapshot.round.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def report_status(previous) -> str | None:
    """Where the renewed dossier's year-end reports stand, in French (« Compte rendu de
    l'année 1 : accepté »), shown beside the comparison; None when it has none yet (the
    renewal's checklist also requires last year's report as a piece, `bilan`)."""
    from wizard.review.reports import reports_of

    found = reports_of(previous)
    if not found:
        return None
    return " ; ".join(f"Compte rendu de l'année {year} : {report.state.label.lower()}"
                      for year, report in sorted(found.items()))


def last_year(dossier) -> LastYear | None:
    """The comparison of a renewal with the dossier it renews (None for a first application
    or a renewed project that is not in the application)."""
    previous = renewed_dossier(dossier)
    if previous is None:
        return None
    found = transmitted_round(previous)
    if found is None:
        return LastYear(previous, report=report_status(previous))
    snapshot, at = found
    return LastYear(
        previous, snapshot, at, report=report_status(previous),
        diffs=diff.diff_documents(
            reference.named(snapshot.document, dossier.commune),
            reference.named(dossier.document, dossier.commune),
            reference.pinned_set(snapshot.parameter_set), reference.pinned(dossier)),
        totals_before=diff.totals_of(snapshot.costing),
        totals_after=diff.totals_of(costing_json(dossier)),
    )
