"""Co-editors: leads of other communes invited to edit one dossier.

The commune's own leads invite and revoke; a co-editor edits the content only.
"""

from wizard.db import db
from wizard.models import CoEditor, Dossier, Role, User
from wizard.models.audit import record
from wizard.operations.dossiers import check_editable


def invite_co_editor(dossier: Dossier, invited: User | None, user) -> bool:
    """Let `invited` edit `dossier` when it is an active lead who cannot yet; returns whether
    access was granted (the caller answers the same either way, so that the answer never
    tells whether an address has an account). OperationError when the dossier cannot be
    edited any more."""
    check_editable(dossier)
    if invited is None or invited.role is not Role.LEAD or not invited.active:
        return False
    if invited.id in dossier.co_editor_ids or dossier.commune_id in invited.commune_ids:
        return False
    dossier.co_editors.append(CoEditor(user_id=invited.id, invited_by_id=user.id))
    record("co_editor_invited", user=user, dossier=dossier, invited=invited.email)
    db.session.flush()
    return True


def revoke_co_editor(dossier: Dossier, user_id: int, user) -> bool:
    """Withdraw a co-editor's access; False when `user_id` is not a co-editor."""
    link = next((c for c in dossier.co_editors if c.user_id == user_id), None)
    if link is None:
        return False
    dossier.co_editors.remove(link)
    record("co_editor_revoked", user=user, dossier=dossier, revoked=user_id)
    db.session.flush()
    return True
