"""The account e-mails (invitation, password reset), worded in French."""

from flask import current_app

from wizard import accounts
from wizard.mail import external_url, send_mail


def send_account_link(user, purpose: str):
    """E-mail an invitation or a password-reset link (signed, expiring, single-use)."""
    token = accounts.make_token(user, purpose)
    link = external_url("auth.set_password", purpose=purpose, token=token)
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
