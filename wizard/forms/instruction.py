"""The prefecture's instruction forms: a request on a step or a piece, the amounts proposed
to the committee, the committee's date, the decision (one line per scheme and year requested), the convention."""

from datetime import date

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, ValidationError

from wizard.forms import BaseForm, SubForm, optional
from wizard.forms.limits import long_text, max_length, title_text
from wizard.forms.numbers import MoneyField
from wizard.forms.review import ReasonForm


def _not_after_today(form, field):
    if field.data and field.data > date.today():
        raise ValidationError("La date ne peut pas être postérieure à aujourd'hui.")


class RequestForm(BaseForm):
    """An agent's request to the commune: on the whole dossier, a step or a piece."""

    step = SelectField("Objet de la demande", choices=[])
    reason = TextAreaField("Demande", [DataRequired("La demande est vide."), long_text()])
    item = StringField("Élément concerné (facultatif)", [optional(), title_text()])


class CommitteeForm(ReasonForm):
    committee_on = DateField("Date du comité", [DataRequired("Indiquez la date du comité "
                                                             "(JJ/MM/AAAA)."), _not_after_today])


class DecisionLineForm(SubForm):
    """One scheme and year: the amount granted, or refused with its reason."""

    granted = MoneyField("Montant accordé (€)", [optional()])
    refused = BooleanField("Refusé")
    refused_reason = TextAreaField("Motif du refus", [optional(), long_text()])


class DecisionForm(ReasonForm):
    lines = FieldList(FormField(DecisionLineForm))

    def check(self, requested) -> bool:
        """Each line against its request (`requested`: the amounts, in the lines' order):
        a grant at most the amount requested, or a refusal with its reason."""
        valid = True
        for entry, amount in zip(self.lines, requested, strict=True):
            line = entry.form
            if line.refused.data:
                if not (line.refused_reason.data or "").strip():
                    line.refused_reason.errors.append("Indiquez le motif du refus.")
                    valid = False
                if line.granted.data:
                    line.granted.errors.append("Un montant refusé n'est pas accordé : videz ce "
                                               "champ ou décochez « Refusé ».")
                    valid = False
            elif line.granted.data is None and not line.granted.errors:
                line.granted.errors.append("Indiquez le montant accordé, ou cochez « Refusé ».")
                valid = False
            elif line.granted.data is not None and line.granted.data > amount:
                line.granted.errors.append("Le montant accordé ne peut dépasser le montant "
                                           "demandé.")
                valid = False
        return valid


class ProposalLineForm(SubForm):
    """One scheme and year: the amount the agent proposes to the committee."""

    proposed = MoneyField("Montant proposé (€)", [optional()])


class ProposalForm(BaseForm):
    """The amounts proposed to the committee, one line per scheme and year requested."""

    lines = FieldList(FormField(ProposalLineForm))

    def check(self, requested, over_message) -> bool:
        """Each line against its request (`requested`: the amounts, in the lines' order):
        required, at most the amount requested (`over_message(amount)`: the French
        sentence naming it)."""
        valid = True
        for entry, amount in zip(self.lines, requested, strict=True):
            field = entry.form.proposed
            if field.errors:
                valid = False
            elif field.data is None:
                field.errors.append("Indiquez le montant proposé (0 pour ne rien proposer).")
                valid = False
            elif field.data > amount:
                field.errors.append(over_message(amount))
                valid = False
        return valid


class ConventionForm(ReasonForm):
    reference = StringField("Référence de la convention ou de l'arrêté",
                            [DataRequired("Indiquez la référence."), max_length(100)])
    signed_on = DateField("Date de signature", [DataRequired("Indiquez la date de signature "
                                                             "(JJ/MM/AAAA)."), _not_after_today])
    file = FileField("Document signé (PDF, JPEG ou PNG)",
                     [FileRequired("Joignez le document signé.")])


FORMS = {"committee": CommitteeForm, "decide": DecisionForm, "agree": ConventionForm}
