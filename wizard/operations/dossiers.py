"""The dossier's own life: create, save a step, duplicate, delete a draft, move to another
parameter set, record a download of what was transmitted."""

import copy

from sqlalchemy import desc, select
from sqlalchemy.orm.exc import StaleDataError

from wizard import document as documents
from wizard import reference
from wizard.costing.totals import column_totals
from wizard.db import db
from wizard.document.labels import paths_label
from wizard.models import AuditEvent, Commune, Dossier, DossierState
from wizard.models.audit import record
from wizard.operations.errors import OperationError, VersionConflict

# The most characters of invalid input a step keeps for its next visit (names and values).
PENDING_LIMIT = 200_000


def check_editable(dossier: Dossier,
                   refusal: str = "Le dossier est à l'état « {state} » : il ne peut plus être "
                                  "modifié.") -> None:
    """OperationError unless the dossier's content may change (a draft or sent back);
    `refusal` is the French message, « {state} » standing for the state's label."""
    if not dossier.is_editable:
        raise OperationError(refusal.format(state=dossier.state_label))


def create_dossier(user, commune: Commune, title: str | None = None) -> Dossier:
    """A new draft for `commune`, owned by `user`."""
    doc = documents.new_document(commune.insee_code, title=title or documents.DEFAULT_TITLE)
    dossier = Dossier(
        commune=commune, title=doc["title"], state=DossierState.DRAFT, document=doc,
        pending={}, created_by_id=user.id, updated_by_id=user.id,
    )
    dossier.parameter_set = reference.current_set()  # pinned until explicitly moved
    sync_columns(dossier)
    db.session.add(dossier)
    db.session.flush()
    record("dossier_created", user=user, dossier=dossier, commune=commune.insee_code)
    return dossier


def _changed_paths(old, new, prefix="", out=None, limit=30) -> list[str]:
    """JSON paths whose value differs between two documents (at most `limit`)."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(old, dict) and new is None or old is None and isinstance(new, dict):
        old, new = old or {}, new or {}
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            path = f"{prefix}.{key}" if prefix else key
            _changed_paths(old.get(key), new.get(key), path, out, limit)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new)):
            _changed_paths(a, b, f"{prefix}[{i}]", out, limit)
    elif old != new:
        out.append(prefix)
    return out


def save_step(dossier: Dossier, step, new_document: dict, user, expected_version: int,
              pending_input: list | None) -> list[str]:
    """The one function that saves a dossier's content.

    Refuses (VersionConflict) a save prepared from an older version, keeps the typed but
    invalid input of the step in `pending` (None clears it), syncs the list columns, records
    an audit event with the changed fields, and bumps the version. Returns the changed paths.
    """
    check_editable(dossier)
    if expected_version != dossier.version:
        raise VersionConflict(conflict_message(dossier))
    if pending_input and sum(len(n) + len(v) for n, v in pending_input) > PENDING_LIMIT:
        raise OperationError(
            "Trop de saisies invalides à conserver sur cette étape : corrigez les erreurs "
            "signalées, puis enregistrez à nouveau.")
    changed = _changed_paths(dossier.document, new_document)
    pending = dict(dossier.pending or {})
    if pending_input:
        pending[step.slug] = pending_input
    else:
        pending.pop(step.slug, None)
    if not changed and pending == (dossier.pending or {}):
        return []
    try:
        dossier.document = copy.deepcopy(new_document)
        dossier.pending = pending
        dossier.updated_by_id = user.id
        sync_columns(dossier)  # its queries may autoflush: keep it inside the try
        record("dossier_saved", user=user, dossier=dossier, step=step.slug,
               step_title=step.title, changed=changed)
        db.session.flush()  # UPDATE … WHERE version = :old (mapper version counter)
    except StaleDataError:
        db.session.rollback()
        raise VersionConflict(conflict_message(db.session.get(Dossier, dossier.id))) from None
    return changed


def conflict_message(dossier: Dossier) -> str:
    """« Ce dossier a été modifié par X le … (étape Y) » from the last save event."""
    from wizard.formats import date_time

    event = db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.dossier_id == dossier.id, AuditEvent.action == "dossier_saved")
        .order_by(desc(AuditEvent.id))
        .limit(1)
    )
    if event is None:
        return "Ce dossier a été modifié depuis l'ouverture de cette page."
    who = event.user.name if event.user else "un autre utilisateur"
    title = event.details.get("step_title")
    where = f" (étape « {title} »)" if title else ""
    fields = event.details.get("changed") or []
    what = f" ; champs modifiés : {paths_label(fields)}" if fields else ""
    return (
        f"Ce dossier a été modifié par {who} le {date_time(event.at)}{where}{what}. "
        "Vos saisies ci-dessous n'ont pas été enregistrées : vérifiez-les, puis enregistrez "
        "à nouveau pour les appliquer à la version à jour."
    )


def sync_columns(dossier: Dossier) -> None:
    """Keep the columns that lists filter, sort or sum in step with the document."""
    doc = dossier.document
    dossier.title = (doc.get("title") or documents.DEFAULT_TITLE)[:200]
    insee = (doc.get("commune") or {}).get("insee_code")
    if insee and (dossier.commune is None or dossier.commune.insee_code != insee):
        commune = db.session.scalar(
            select(Commune).where(Commune.insee_code == insee, Commune.kind == "commune-actuelle")
        )
        if commune is not None:
            dossier.commune = commune
    if dossier.commune is not None:
        dossier.department = dossier.commune.department
    totals = column_totals(doc, reference.pinned(dossier))
    dossier.total_cost = totals.total_cost if totals else None
    dossier.commune_share = totals.commune_share if totals else None
    dossier.mediator_fte = totals.mediator_fte if totals else None
    dossier.warning_codes = totals.warning_codes if totals else ""


def duplicate_dossier(dossier: Dossier, user) -> Dossier:
    """A new draft with everything copied (title marked « copie »)."""
    doc = copy.deepcopy(dossier.document)
    doc["title"] = f"{doc.get('title') or documents.DEFAULT_TITLE} (copie)"[:200]
    copy_ = Dossier(
        commune=dossier.commune, state=DossierState.DRAFT, document=doc, pending={},
        title=doc["title"], created_by_id=user.id, updated_by_id=user.id,
        parameter_set=dossier.parameter_set,
    )
    sync_columns(copy_)
    db.session.add(copy_)
    db.session.flush()
    record("dossier_duplicated", user=user, dossier=copy_, source=dossier.id)
    return copy_


def delete_draft(dossier: Dossier, user) -> None:
    """Delete a never-submitted draft (its audit events stay, detached)."""
    if dossier.state is not DossierState.DRAFT:
        raise OperationError("Seul un brouillon jamais déposé peut être supprimé.")
    record("dossier_deleted", user=user, dossier=None, dossier_id=dossier.id, title=dossier.title)
    db.session.delete(dossier)


def move_parameters(dossier: Dossier, parameter_set, user) -> None:
    """Cost `dossier` with `parameter_set` from now on: re-syncs its totals, records
    « parameters_moved ». Raises OperationError when the dossier is not editable or the
    set is not published."""
    check_editable(dossier, "Le dossier est à l'état « {state} » : ses paramètres ne peuvent "
                            "plus changer.")
    if not parameter_set.is_published:
        raise OperationError("Ce jeu de paramètres n'est pas publié.")
    old = dossier.parameter_set.label if dossier.parameter_set else None
    dossier.parameter_set = parameter_set
    dossier.updated_by_id = user.id
    sync_columns(dossier)
    record("parameters_moved", user=user, dossier=dossier, old=old, new=parameter_set.label)
    db.session.flush()


def record_download(dossier: Dossier, user, file: str) -> None:
    """A prefecture agent downloaded `file` of the dossier's transmission (audited)."""
    record("transmission_downloaded", user=user, dossier=dossier, file=file)
