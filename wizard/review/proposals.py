"""The amounts the instructing agent proposes to the FIPD committee, per scheme and project
year, while the dossier is « recevable » or « examiné en comité »: at most the amount
requested, never negative, one `Proposal` row per request, audited. Internal to the
prefecture (the commune and the mission never see them; the dossier's JSON leaves them
out); the decision form starts from them."""

from decimal import Decimal

from sqlalchemy import select

from wizard.db import db, utcnow
from wizard.formats import money
from wizard.models import DossierState, Proposal
from wizard.models.audit import record
from wizard.operations import OperationError
from wizard.review.decisions import requested

PROPOSAL_STATES = frozenset({DossierState.ADMISSIBLE, DossierState.COMMITTEE})
ACTION = "amounts_proposed"


def open_to_proposals(dossier) -> bool:
    return dossier.state in PROPOSAL_STATES


def proposals_of(dossier) -> dict[tuple[str, int], Decimal]:
    """The amounts proposed per (scheme, year); {} before any proposal."""
    rows = db.session.scalars(select(Proposal).where(Proposal.dossier_id == dossier.id))
    return {(p.scheme, p.year): p.proposed for p in rows}


def proposals_by_dossier(dossier_ids) -> dict[int, list[Proposal]]:
    """The proposals of many dossiers in one query (the programming table)."""
    found: dict[int, list[Proposal]] = {}
    if dossier_ids:
        for p in db.session.scalars(select(Proposal).where(
                Proposal.dossier_id.in_(list(dossier_ids)))):
            found.setdefault(p.dossier_id, []).append(p)
    return found


def over_requested_message(amount: Decimal) -> str:
    return f"Le montant proposé ne peut pas dépasser le montant demandé ({money(amount)})."


def record_proposals(dossier, user, amounts: dict[tuple[str, int], Decimal],
                     asked: dict[tuple[str, int], Decimal] | None = None) -> None:
    """Store the amounts proposed (`amounts`: one per request of the dossier), replacing the
    previous ones, and record the audit event. Raises OperationError (French) when the state
    does not allow it, a request is missing, or an amount is negative or above its request."""
    if not open_to_proposals(dossier):
        raise OperationError(f"Le dossier est à l'état « {dossier.state_label} » : les "
                             "montants proposés au comité ne changent plus.")
    asked = requested(dossier) if asked is None else asked
    if not asked:
        raise OperationError("Ce dossier ne demande aucun financement : rien à proposer.")
    if set(amounts) != set(asked):
        raise OperationError("Proposez un montant pour chaque montant demandé.")
    for key, amount in asked.items():
        if amounts[key] is None or amounts[key] < 0:
            raise OperationError("Un montant proposé est un nombre positif en euros.")
        if amounts[key] > amount:
            raise OperationError(over_requested_message(amount))
    existing = {(p.scheme, p.year): p for p in db.session.scalars(
        select(Proposal).where(Proposal.dossier_id == dossier.id))}
    now, user_id = utcnow(), user.id
    for key, row in existing.items():
        if key not in asked:
            db.session.delete(row)
    for (scheme, year), amount in asked.items():
        values = {"requested": amount, "proposed": amounts[(scheme, year)],
                  "proposed_by_id": user_id, "proposed_at": now}
        row = existing.get((scheme, year))
        if row is None:
            db.session.add(Proposal(dossier_id=dossier.id, scheme=scheme, year=year, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
    record(ACTION, user=user, dossier=dossier,
           amounts={f"{scheme}-{year}": f"{amounts[(scheme, year)]:.2f}"
                    for scheme, year in asked},
           requested=f"{sum(asked.values()):.2f}",
           proposed=f"{sum(amounts.values()):.2f}")
