"""Login and password forms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from wizard.accounts import MIN_PASSWORD_LENGTH

REQUIRED = "Ce champ est obligatoire."


class LoginForm(FlaskForm):
    email = EmailField(
        "Adresse électronique",
        validators=[DataRequired(REQUIRED), Length(max=254)],
        description="Format attendu : nom@domaine.fr",
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Mot de passe",
        validators=[DataRequired(REQUIRED), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Adresse électronique",
        validators=[
            DataRequired(REQUIRED),
            Email("Adresse électronique invalide (format attendu : nom@domaine.fr)."),
            Length(max=254),
        ],
        render_kw={"autocomplete": "username"},
    )


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Nouveau mot de passe",
        validators=[
            DataRequired(REQUIRED),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"Le mot de passe doit compter entre {MIN_PASSWORD_LENGTH} et 200 caractères.",
            ),
        ],
        description=f"{MIN_PASSWORD_LENGTH} caractères au minimum.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Confirmer le mot de passe",
        validators=[
            DataRequired(REQUIRED),
            EqualTo("password", "Les deux mots de passe ne correspondent pas."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
