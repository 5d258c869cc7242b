"""Scenario B: an alternative intervention stored beside the dossier's own (scenario A).

B lives in `Dossier.scenarios["B"]` (the interchange document refuses unknown keys). Each
change bumps the dossier's version (optimistic locking) and records its audit event.
"""

import copy

from sqlalchemy.orm.exc import StaleDataError

from wizard.db import db
from wizard.models import Dossier
from wizard.models.audit import record
from wizard.operations.dossiers import check_editable, conflict_message, save_step
from wizard.operations.errors import OperationError, VersionConflict

B = "B"
PENDING_KEY = "scenario-B"  # the pending input of B's form, beside the steps' own


def _check_editable(dossier: Dossier) -> None:
    check_editable(dossier, "Ce dossier est à l'état « {state} » : ses scénarios ne sont pas "
                            "modifiables.")


def with_intervention(document: dict, intervention: dict) -> dict:
    """A copy of `document` whose intervention is (a copy of) `intervention`."""
    doc = copy.deepcopy(document)
    doc["intervention"] = copy.deepcopy(intervention)
    return doc


def scenario_b(dossier: Dossier) -> dict | None:
    """The stored intervention of scenario B, or None."""
    return (dossier.scenarios or {}).get(B)


def _store(dossier: Dossier, intervention: dict | None, user, action: str,
           pending: list | None = None) -> None:
    """Set (or remove, for None) scenario B and its pending input; new dicts so that the
    change is flushed and the version bumped; audit event `action`."""
    scenarios = {k: v for k, v in (dossier.scenarios or {}).items() if k != B}
    if intervention is not None:
        scenarios[B] = copy.deepcopy(intervention)
    dossier.scenarios = scenarios
    kept = {k: v for k, v in (dossier.pending or {}).items() if k != PENDING_KEY}
    if pending:
        kept[PENDING_KEY] = pending
    if kept != (dossier.pending or {}):
        dossier.pending = kept
    dossier.updated_by_id = user.id
    record(action, user=user, dossier=dossier, scenario=B)
    try:
        db.session.flush()  # UPDATE … WHERE version = :old
    except StaleDataError:
        db.session.rollback()
        raise VersionConflict(conflict_message(db.session.get(Dossier, dossier.id))) from None


def create_scenario(dossier: Dossier, user) -> None:
    """Scenario B as a copy of the dossier's intervention. OperationError when it exists."""
    _check_editable(dossier)
    if scenario_b(dossier) is not None:
        raise OperationError(
            "Le scénario B existe déjà : supprimez-le d'abord pour repartir du dossier.")
    _store(dossier, dossier.document.get("intervention", {}), user, "scenario_created")


def save_scenario(dossier: Dossier, new_document: dict, user, expected_version: int,
                  pending_input: list | None) -> None:
    """Store the intervention of `new_document` as scenario B (the valid values of the
    form), keeping the invalid input as B's pending input. VersionConflict when the form
    was displayed with another version."""
    _check_editable(dossier)
    if scenario_b(dossier) is None:
        raise OperationError("Créez d'abord le scénario B à partir du dossier.")
    if expected_version != dossier.version:
        raise VersionConflict(conflict_message(dossier))
    _store(dossier, new_document.get("intervention", {}), user, "scenario_saved",
           pending_input)


def delete_scenario(dossier: Dossier, user) -> bool:
    """Remove scenario B; False when there was none."""
    _check_editable(dossier)
    if scenario_b(dossier) is None:
        return False
    _store(dossier, None, user, "scenario_deleted")
    return True


def adopt_scenario(dossier: Dossier, step, user, expected_version: int) -> None:
    """Replace the dossier's intervention by scenario B (through `save_step` for the
    intervention `step`, so the save is locked and audited like any other) and delete B."""
    _check_editable(dossier)
    stored = scenario_b(dossier)
    if stored is None:
        raise OperationError("Il n'y a pas de scénario B à adopter.")
    # the intervention is replaced as a whole: its pending input is obsolete (None)
    save_step(dossier, step, with_intervention(dossier.document, stored), user,
              expected_version, None)
    _store(dossier, None, user, "scenario_adopted")
