"""Who may do what to which dossier: pure functions of (user, dossier)."""

from wizard.models.dossier import EDITABLE_STATES, PIECES_EDITABLE_STATES, DossierState
from wizard.models.user import Role

NEVER_SUBMITTED = frozenset({DossierState.DRAFT})
# what the prefecture sees: from transmission to the convention
RECEIVABLE = frozenset({DossierState.TRANSMITTED, DossierState.RECEIVED,
                        DossierState.IN_INSTRUCTION, DossierState.PIECES_REQUESTED,
                        DossierState.ADMISSIBLE, DossierState.COMMITTEE, DossierState.DECIDED,
                        DossierState.AGREED})


def _role(user) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.role


def can_view(user, dossier) -> bool:
    """Leads see their communes' dossiers; advisers submitted ones; agents received ones."""
    role = _role(user)
    if role is Role.LEAD:
        return is_lead_of(user, dossier)
    if role is Role.ADVISER:
        return dossier.state not in NEVER_SUBMITTED
    if role is Role.PREFECTURE:
        return (
            dossier.state in RECEIVABLE
            and dossier.department in user.department_codes
        )
    return False


def is_commune_lead(user, dossier) -> bool:
    """A lead of the dossier's own commune (not a co-editor): may delete the draft, change
    its commune and invite or revoke co-editors."""
    return _role(user) is Role.LEAD and dossier.commune_id in user.commune_ids


def can_manage(user, dossier) -> bool:
    """A lead of the dossier's commune, while the dossier can change (see is_commune_lead)."""
    return is_commune_lead(user, dossier) and dossier.state in EDITABLE_STATES


def is_lead_of(user, dossier) -> bool:
    """A lead of the dossier's commune, or a lead invited as co-editor of this dossier."""
    return dossier.commune_id in user.commune_ids or user.id in dossier.co_editor_ids


def can_edit(user, dossier) -> bool:
    """Leads of the dossier (commune or co-editor), while it is a draft or sent back."""
    return (
        _role(user) is Role.LEAD
        and is_lead_of(user, dossier)
        and dossier.state in EDITABLE_STATES
    )


def can_edit_pieces(user, dossier) -> bool:
    """Leads of the dossier, while its supporting documents may be added or replaced: while
    it is editable, and while the prefecture asks for pieces."""
    return (
        _role(user) is Role.LEAD
        and is_lead_of(user, dossier)
        and dossier.state in PIECES_EDITABLE_STATES
    )


def can_review(user, dossier) -> bool:
    return _role(user) is Role.ADVISER and can_view(user, dossier)


def can_receive(user, dossier) -> bool:
    return _role(user) is Role.PREFECTURE and can_view(user, dossier)
