"""The e-mails the application sends, worded in French."""

from flask import current_app, has_request_context, url_for

from wizard import accounts
from wizard.mail import send_mail


def _external(endpoint: str, **values) -> str:
    """Absolute link for an e-mail, always on PUBLIC_URL.

    Never built from the request: its Host header is chosen by the client, and a forged one
    would send a reset link (with its token) to the attacker's site. Same result inside or
    outside a request (CLI, tests)."""
    from urllib.parse import urlsplit

    from config import check_public_url

    base = urlsplit(check_public_url(current_app.config.get("PUBLIC_URL")))
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def send_account_link(user, purpose: str):
    """E-mail an invitation or a password-reset link (signed, expiring, single-use)."""
    token = accounts.make_token(user, purpose)
    link = _external("auth.set_password", purpose=purpose, token=token)
    hours = current_app.config["TOKEN_MAX_AGE_HOURS"]
    operator = current_app.config["OPERATOR_NAME"]
    if purpose == "invitation":
        subject = "Votre accès à l'outil de montage des projets de médiation sociale"
        intro = (
            f"Bonjour {user.name},\n\nUn compte a été créé pour vous ({user.role_label}). "
            "Pour choisir votre mot de passe et activer votre accès, ouvrez ce lien :"
        )
    else:
        subject = "Réinitialisation de votre mot de passe"
        intro = (
            f"Bonjour {user.name},\n\nVous avez demandé à réinitialiser votre mot de passe. "
            "Pour en choisir un nouveau, ouvrez ce lien :"
        )
    body = (
        f"{intro}\n\n{link}\n\nCe lien est valable {hours} heures et ne peut servir qu'une fois.\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n"
        f"— {operator}"
    )
    return send_mail(user.email, subject, body)


REVIEW_SUBJECTS = {
    "submit": "Dossier déposé : {title} ({commune})",
    "withdraw": "Dossier retiré par la commune : {title} ({commune})",
    "request_changes": "Compléments demandés sur votre dossier « {title} »",
    "approve": "Votre dossier « {title} » est validé",
    "close": "Votre dossier « {title} » est classé sans suite",
    "transmit": "Dossier de médiation sociale transmis : {title} ({commune})",
    "comment": "Nouveau commentaire sur le dossier « {title} »",
}


def review_mail(event: str, dossier, actor, reason: str | None) -> tuple[str, str]:
    """(subject, body) of a review notification, in French, with a link to the dossier."""
    from wizard.models import Role

    values = {"title": dossier.title, "commune": dossier.commune.name}
    subject = REVIEW_SUBJECTS[event].format(**values)
    endpoint = {
        "submit": "adviser.dossier", "withdraw": "adviser.dossier", "transmit": "prefecture.dossier",
    }.get(event, "lead.tasks")
    if event == "comment" and Role(actor.role) is Role.LEAD:
        endpoint = "adviser.dossier"
    link = _external(endpoint, dossier_id=dossier.id)
    lines = [f"Bonjour,\n\n{subject}.", f"Par : {actor.name}."]
    if reason:
        lines.append(f"Message :\n{reason}")
    lines.append(f"Consulter le dossier : {link}")
    lines.append(f"— {current_app.config['OPERATOR_NAME']}")
    return subject, "\n\n".join(lines)
