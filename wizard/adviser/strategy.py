"""Advisers maintain the prevention strategy's pick-list (wizard.reference.strategy): list
the entries, add one, change an entry's label, year, order and source, stop or resume
offering it. Nothing is ever deleted: a dossier that holds a code keeps its label."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Regexp, StopValidation, ValidationError

from wizard.adviser import bp
from wizard.db import db
from wizard.forms import BaseForm, choices, optional
from wizard.forms.limits import max_length, short_text
from wizard.forms.numbers import WholeNumberField, between
from wizard.forms.review import ConfirmForm
from wizard.reference import strategy
from wizard.reference.strategy import CODE_PATTERN, KIND_LABELS, STATUS_LABELS


def _year_given(form, field):
    """Required, but a typed value that is not a number keeps its own message."""
    if field.data is None and not field.process_errors:
        raise StopValidation("Indiquez l'année (par exemple 2026).")


class AxisForm(BaseForm):
    """An entry's label, year, order and source (the fields an adviser may change)."""

    label = StringField("Intitulé", [DataRequired("Indiquez l'intitulé."), short_text()],
                        description="Tel que les porteurs le liront dans la liste.")
    year = WholeNumberField(
        "Année", [_year_given,
                  between(2000, 2100, "L'année doit être comprise entre 2000 et 2100.")],
        description="Année de la stratégie ou de l'instruction du FIPD, par exemple 2026.",
        render_kw={"inputmode": "numeric", "autocomplete": "off"})
    position = WholeNumberField(
        "Ordre dans la liste", [optional(), between(0, 999, "L'ordre va de 0 à 999.")],
        description="Les entrées d'un même type et d'une même année sont classées par ordre "
                    "croissant.", render_kw={"inputmode": "numeric", "autocomplete": "off"})
    status = SelectField("Statut de l'intitulé", choices=choices(STATUS_LABELS))
    source_title = StringField("Source (titre ou référence du texte)", [optional(), short_text()])
    source_url = StringField(
        "Adresse de la source", [optional(), max_length(500), Regexp(
            r"^https?://\S+$", message="Adresse invalide : elle commence par https://.")],
        render_kw={"type": "url", "spellcheck": "false"})

    def values(self) -> dict:
        return {"label": self.label.data.strip(), "year": self.year.data,
                "position": self.position.data or 0, "status": self.status.data,
                "source_title": (self.source_title.data or "").strip(),
                "source_url": (self.source_url.data or "").strip()}


class NewAxisForm(AxisForm):
    """A new entry: also its code (never changed afterwards) and kind."""

    code = StringField(
        "Code", [DataRequired("Indiquez le code."), Regexp(
            CODE_PATTERN, message="Code invalide : de 2 à 40 caractères, lettres minuscules "
                                  "sans accent, chiffres et tirets, par exemple fipd-2026-1.")],
        description="Enregistré dans les dossiers, il ne change plus ensuite : lettres "
                    "minuscules sans accent, chiffres et tirets, par exemple fipd-2026-1.",
        render_kw={"spellcheck": "false", "autocomplete": "off"})
    kind = SelectField("Type", choices=choices(KIND_LABELS))
    active = BooleanField("Proposer aux porteurs de projet", default=True)

    def validate_code(self, field):
        if field.data and strategy.code_taken(field.data.strip()):
            raise ValidationError(f"Le code « {field.data.strip()} » existe déjà.")

    def values(self) -> dict:
        return {**super().values(), "code": self.code.data.strip(), "kind": self.kind.data,
                "active": self.active.data}


def _axis_or_404(code: str):
    """The saved entry `code` (the built-in list is saved first: a change needs a row)."""
    if strategy.ensure_defaults():
        db.session.commit()
    return strategy.by_code(code) or abort(404)


@bp.get("/strategie")
def strategy_axes():
    """Every entry, national axes then FIPD priorities, active or not."""
    entries = strategy.entries()
    groups = [(label, [a for a in entries if a.kind == kind]) for kind, label in
              (("national-axis", "Axes de la stratégie nationale de prévention de la délinquance"),
               ("fipd-priority", "Priorités du FIPD"))]
    return render_template("adviser/strategy/index.html", groups=groups, toggle=ConfirmForm(),
                           status_labels=STATUS_LABELS)


@bp.route("/strategie/nouvelle", methods=["GET", "POST"])
def add_strategy_axis():
    form = NewAxisForm()
    if form.validate_on_submit():
        axis = strategy.add(form.values(), current_user)
        db.session.commit()
        flash(f"« {axis.label} » ajouté à la liste.", "success")
        return redirect(url_for("adviser.strategy_axes"))
    return render_template("adviser/strategy/form.html", form=form, axis=None), \
        400 if form.errors else 200


@bp.route("/strategie/<code>/modifier", methods=["GET", "POST"])
def edit_strategy_axis(code):
    axis = _axis_or_404(code)
    form = AxisForm() if request.method == "POST" else AxisForm(obj=axis)
    if form.validate_on_submit():
        changed = strategy.update(axis, form.values(), current_user)
        db.session.commit()
        flash(f"« {axis.label} » modifié." if changed else "Aucune modification.", "success")
        return redirect(url_for("adviser.strategy_axes"))
    return render_template("adviser/strategy/form.html", form=form, axis=axis,
                           kind_label=KIND_LABELS[axis.kind]), 400 if form.errors else 200


@bp.post("/strategie/<code>/desactiver")
def deactivate_strategy_axis(code):
    return _set_active(code, False)


@bp.post("/strategie/<code>/activer")
def activate_strategy_axis(code):
    return _set_active(code, True)


def _set_active(code: str, active: bool):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    axis = _axis_or_404(code)
    strategy.set_active(axis, active, current_user)
    db.session.commit()
    if active:
        message = f"« {axis.label} » est de nouveau proposé aux porteurs de projet."
    else:
        message = (f"« {axis.label} » n'est plus proposé aux porteurs de projet ; les dossiers "
                   "qui l'ont choisi le gardent.")
    flash(message, "success")
    return redirect(url_for("adviser.strategy_axes"))
