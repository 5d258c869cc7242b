"""After the review: the mission's opinion, then the prefecture's instruction — the
committee, the decision on the amounts requested from the State per scheme and year, the
convention.

The préfet decides only the State's schemes (STATE_SCHEMES: FIPD, the adultes-relais
convention, the politique de la ville credits); what the Department, an intercommunality, a
social landlord or a transport operator is asked for is decided by them, and stays in the
budget as planned."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from wizard import reference
from wizard.costing import CostingInputError, cost_document
from wizard.db import db, utcnow
from wizard.document.requests import requested_amounts
from wizard.document.vocabulary import FUNDING_SCHEMES, STATE_SCHEMES
from wizard.models import Decision, Instruction, Opinion
from wizard.operations import OperationError
from wizard.operations.attachments import add_attachment


@dataclass(frozen=True)
class Line:
    """One decision to take or taken: a scheme and year, the amount requested, and (once
    decided) the amount granted or the reason of a refusal."""

    scheme: str
    year: int
    requested: Decimal
    granted: Decimal | None = None
    refused_reason: str | None = None
    decided: bool = False

    @property
    def scheme_label(self) -> str:
        return FUNDING_SCHEMES.get(self.scheme, self.scheme)

    @property
    def gap(self) -> Decimal:
        """What the holder must find elsewhere: requested minus granted (all of it when
        refused), zero before the decision."""
        if not self.decided:
            return Decimal(0)
        return self.requested - (self.granted or Decimal(0))


def instruction_of(dossier, *, create: bool = False) -> Instruction | None:
    instruction = db.session.get(Instruction, dossier.id)
    if instruction is None and create:
        instruction = Instruction(dossier_id=dossier.id)
        db.session.add(instruction)
    return instruction


def set_opinion(dossier, opinion: Opinion, reason: str | None) -> None:
    """The mission's opinion when it ends its review (and its reason, kept for the
    prefecture)."""
    instruction = instruction_of(dossier, create=True)
    instruction.opinion = opinion
    instruction.opinion_reason = (reason or "").strip() or None


def requested(dossier) -> dict[tuple[str, int], Decimal]:
    """The dossier's non-zero requests to the State per (scheme, year), in the order of
    FUNDING_SCHEMES then year (`document.requests`: the funder lines « demandé » of a State
    scheme and the adultes-relais aid of its costing); none while it cannot be costed."""
    try:
        result = cost_document(dossier.document, reference.pinned(dossier))
    except CostingInputError:
        return {}
    asked = requested_amounts(dossier.document, result).by_scheme
    return {(scheme, year): amount for scheme, amounts in asked.items()
            if scheme in STATE_SCHEMES for year, amount in enumerate(amounts, 1) if amount}


def decisions_of(dossier) -> list[Decision]:
    return db.session.scalars(select(Decision).where(Decision.dossier_id == dossier.id)
                              .order_by(Decision.scheme, Decision.year)).all()


def lines_of(dossier, asked=None, decisions=None) -> list[Line]:
    """Every request with its decision: the requests of the document, and any decided
    line the document no longer asks for."""
    asked = requested(dossier) if asked is None else asked
    taken = {(d.scheme, d.year): d for d in (decisions_of(dossier) if decisions is None
                                             else decisions)}
    keys = list(asked) + [k for k in taken if k not in asked]
    lines = []
    for key in keys:
        d = taken.get(key)
        if d is None:
            lines.append(Line(key[0], key[1], asked[key]))
        else:
            lines.append(Line(key[0], key[1], d.requested, d.granted, d.refused_reason, True))
    return lines


def decided_lines(dossier) -> list[Line]:
    """The lines with their decision once the prefecture has decided; [] before (one query,
    no costing, while nothing is decided)."""
    taken = decisions_of(dossier)
    return lines_of(dossier, decisions=taken) if taken else []


def record_decisions(dossier, user, lines) -> dict:
    """The decision: `lines` is [(scheme, year, granted or None, refusal reason)] covering
    every request; a grant is at most the amount requested, a refusal has a reason."""
    asked = requested(dossier)
    given = {(scheme, year): (granted, reason) for scheme, year, granted, reason in lines}
    if not asked:
        raise OperationError("Ce dossier ne demande aucun financement : rien à décider.")
    if set(given) != set(asked):
        raise OperationError("Décidez de chaque montant demandé, dispositif par dispositif.")
    now = utcnow()
    for old in decisions_of(dossier):
        db.session.delete(old)
    db.session.flush()
    granted_total = Decimal(0)
    for (scheme, year), amount in asked.items():
        granted, reason = given[(scheme, year)]
        if granted is None and not (reason and reason.strip()):
            raise OperationError("Indiquez le motif de chaque refus.")
        if granted is not None and (granted < 0 or granted > amount):
            raise OperationError("Un montant accordé ne peut dépasser le montant demandé.")
        db.session.add(Decision(
            dossier_id=dossier.id, scheme=scheme, year=year, requested=amount,
            granted=granted, refused_reason=None if granted is not None else reason.strip(),
            decided_by_id=user.id, decided_at=now))
        granted_total += granted or 0
    return {"requested": f"{sum(asked.values()):.2f}", "granted": f"{granted_total:.2f}"}


def set_committee(dossier, day: date) -> dict:
    if day is None:
        raise OperationError("Indiquez la date du comité.")
    instruction_of(dossier, create=True).committee_on = day
    return {"committee_on": day.isoformat()}


def set_convention(dossier, user, ref: str, day: date, filename: str, data: bytes) -> dict:
    """The convention or arrêté: its reference, its date, the signed document attached as
    the dossier's piece « convention »."""
    if not (ref and ref.strip()) or day is None:
        raise OperationError("Indiquez la référence et la date de la convention ou de l'arrêté.")
    piece = add_attachment(dossier, user, "convention", filename, data, by_prefecture=True)
    instruction = instruction_of(dossier, create=True)
    instruction.convention_reference = ref.strip()
    instruction.convention_on = day
    instruction.convention_attachment_id = piece.id
    return {"reference": ref.strip(), "convention_on": day.isoformat(), "attachment": piece.id}
