"""One transition of the state machine, declared once (`Transition`), and the roles."""

from collections.abc import Callable
from dataclasses import dataclass

from wizard.models import DossierState as S
from wizard.models import Role


def nothing(dossier, user, **_):
    return {}


@dataclass(frozen=True)
class Transition:
    """One transition of the review state machine, declared once.

    `effect(dossier, user, reason=, step_reasons=, fields=)` is its guard and effect
    together: it raises OperationError to refuse, and returns the details of the audit event.
    `recipients(dossier)` lists who is e-mailed (`subject` formatted with the dossier's
    title and commune, `link` the endpoint the mail points to); `message` labels the
    optional message field of the form (`needs_reason` makes it required);
    `mail_text(dossier, reason)` writes the mail's message when it is more than the reason;
    `confirm`: the button leads to a page that summarises what will be sent (an action that
    cannot be undone), whose form applies the transition; `page`: the button leads to the
    audience's page `<page>` holding the transition's own form (a committee date, the
    decision's amounts, the convention), which passes its values as `fields`.
    """

    name: str
    label: str
    sources: frozenset
    target: S
    roles: frozenset
    success: str
    event: str
    needs_reason: bool = False
    message: str | None = None
    button: str = "primary"
    effect: Callable = nothing
    recipients: Callable | None = None
    subject: str = ""
    link: str = "lead.tasks"
    mail_text: Callable | None = None
    confirm: bool = False
    page: str | None = None

    @property
    def audit_action(self) -> str:
        return f"state_{self.name}"


LEAD, ADVISER, PREFECTURE = frozenset({Role.LEAD}), frozenset({Role.ADVISER}), \
    frozenset({Role.PREFECTURE})
