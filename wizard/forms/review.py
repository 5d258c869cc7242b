"""The small forms of the review pages: a transition's message, a comment, an answer, a
co-editor invitation, the attestation sur l'honneur of a submission, and a bare
confirmation (CSRF only)."""

from datetime import date

from wtforms import BooleanField, DateField, EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, ValidationError

from wizard.forms import BaseForm, optional
from wizard.forms.limits import email_text, long_text, title_text


class ConfirmForm(BaseForm):
    """A POST-only confirmation (CSRF token only)."""


class ReasonForm(BaseForm):
    """The message or reason sent with a review transition (required when the transition
    says so: `wizard.workflow.Transition.needs_reason`)."""

    reason = TextAreaField("Message ou motif", [optional(), long_text()])


class CommentForm(BaseForm):
    """An adviser's comment on one step (optionally on one item), or a private note."""

    step = HiddenField()
    reason = TextAreaField("Commentaire", [DataRequired("Le commentaire est vide."), long_text()])
    item = StringField("Élément concerné (facultatif)", [optional(), title_text()],
                       description="Un lieu, un partenaire, une tournée…")
    private = BooleanField("Note privée (jamais montrée à la commune)")


def _not_after_today(form, field):
    if field.data and field.data > date.today():
        raise ValidationError("La date de signature ne peut pas être postérieure à aujourd'hui.")


class AttestationForm(ReasonForm):
    """The attestation sur l'honneur signed with the submission (the text is
    `wizard.operations.attestation.CLAUSES`)."""

    signatory_name = StringField("Prénom et nom du signataire",
                                 [DataRequired("Indiquez le nom du signataire."), title_text()],
                                 render_kw={"autocomplete": "name"})
    signatory_quality = StringField(
        "Qualité du signataire", [DataRequired("Indiquez la qualité du signataire."), title_text()],
        description="Ex. Maire, Président du CCAS, Adjointe au maire par délégation.")
    signed_on = DateField("Date", [DataRequired("Indiquez la date (JJ/MM/AAAA)."),
                                   _not_after_today], default=date.today)
    accepted = BooleanField("J'atteste sur l'honneur l'exactitude de ces déclarations.",
                            [DataRequired("Cochez la case pour signer l'attestation sur "
                                          "l'honneur : le dossier ne peut pas être déposé sans "
                                          "elle.")])


class AnswerForm(BaseForm):
    """A lead's answer to a comment."""

    reason = TextAreaField("Votre réponse", [DataRequired("La réponse est vide."), long_text()])
    treated = BooleanField("La demande est traitée", default=True,
                           description="Décochez pour poser une question sans clore la demande.")


class InvitationForm(BaseForm):
    """The address of a lead to invite as co-editor."""

    email = EmailField("Adresse électronique", [
        DataRequired("Indiquez une adresse électronique."),
        Email("Adresse électronique invalide.", check_deliverability=False), email_text()])


FORMS = {"answer": AnswerForm, "comment": CommentForm, "confirm": ConfirmForm,
         "invitation": InvitationForm, "reason": ReasonForm}


def review_form(kind: str, suffix=None):
    """A blank form of `kind` for a page that shows several of them (one per step, comment
    or transition): its fields' ids end with `-<suffix>` so that labels stay unique, their
    names do not change (the POST handlers read the plain names). A Jinja global."""
    form = FORMS[kind](formdata=None)
    if suffix is not None:
        for f in form:
            if f.type != "CSRFTokenField":
                f.id = f.label.field_id = f"{f.short_name}-{suffix}"
    return form
