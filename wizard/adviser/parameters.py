"""Advisers maintain the reference figures: list the sets, view one, publish a new one.

Publishing never changes a published set nor any dossier's figures: it creates a new set
that new dossiers pin; existing dossiers move to it only when their lead asks.
"""

from datetime import date
from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import DateField, FormField, SelectField, StringField
from wtforms.validators import DataRequired, Regexp

from wizard import reference
from wizard.adviser import bp
from wizard.costing import PARAMETER_SPECS
from wizard.db import db
from wizard.forms import BaseForm, SubForm, choices, optional
from wizard.forms.limits import max_length, short_text
from wizard.forms.numbers import rate_text
from wizard.models import ParameterSet
from wizard.reference.fields import check, display, fr_number, spec_validator, typed

KIND_GROUPS = {
    "hours": "Temps de travail",
    "fraction": "Taux et parts",
    "coefficient": "Réduction générale des cotisations (RGDU)",
    "money": "Montants",
    "time": "Plage de nuit",
    "ratio": "Encadrement",
    "count": "Effectifs",
}
SCOPE_GROUPS = {"report": "Compte rendu de fin d'année"}  # after the costing's groups
STATUS_LABELS = {"confirmed": "Confirmée par la source",
                 "second-hand": "Source secondaire (texte officiel cité)",
                 "estimate": "Estimation"}
OPTIONAL_HINT = " Facultatif : laisser vide pour que le taux découle de l'employeur."
LABEL_PATTERN = r"^[0-9]{4}-v[0-9]{1,3}$"


def _hint(spec) -> str:
    help_text = f"{spec.help_fr} " if spec.help_fr else ""
    return help_text + _range_hint(spec) + (OPTIONAL_HINT if spec.optional else "")


def _range_hint(spec) -> str:
    if spec.kind == "time":
        return "Format HH:MM, par exemple 21:00."
    unit = {"money": " €", "hours": " h"}.get(spec.kind, "")
    low = fr_number(spec.min) if spec.min is not None else "0"
    if spec.kind == "fraction" and spec.above_min:
        return (f"Un pourcentage (25 %) ou une fraction (0,25), supérieur à "
                f"{rate_text(spec.min or 0)} et au plus égal à {rate_text(spec.max)}.")
    if spec.kind == "fraction":
        return (f"Un pourcentage (25 %) ou une fraction (0,25), entre {rate_text(spec.min or 0)} "
                f"et {rate_text(spec.max)}.")
    if spec.max is None:
        return f"Au moins {low}{unit}."
    return f"Entre {low} et {fr_number(spec.max)}{unit}."


def _entry_form(spec) -> type:
    """The sub-form of one parameter: its value (checked against the spec) and provenance."""
    return type(f"Entry_{spec.key}", (SubForm,), {
        "value": StringField(
            spec.label_fr,
            [optional() if spec.optional else DataRequired("Indiquer une valeur."),
             spec_validator(spec)],
            description=_hint(spec), render_kw={"inputmode": "decimal", "autocomplete": "off"},
        ),
        "status": SelectField("Statut de la valeur", choices=choices(STATUS_LABELS)),
        "source_title": StringField("Source (titre ou référence du texte)",
                                    [optional(), short_text()]),
        "source_url": StringField(
            "Adresse de la source", [optional(), max_length(500), Regexp(
                r"^https?://\S+$", message="Adresse invalide : elle commence par https://.")],
            render_kw={"type": "url", "spellcheck": "false"},
        ),
        "valid_from": DateField("En vigueur à partir du", [optional()],
                                description="Format attendu : JJ/MM/AAAA."),
    })


class _PublishBase(BaseForm):
    label = StringField(
        "Nom du nouveau jeu", [DataRequired("Indiquer le nom du jeu."), Regexp(
            LABEL_PATTERN, message="Nom invalide : année, « -v » et un numéro, par exemple "
                                   "2026-v2.")],
        description="Année, « -v » et un numéro de version, par exemple 2026-v2.",
    )

    def validate(self, extra_validators=None):
        """Field checks, then: a label not taken yet, a night that does not end as it starts."""
        valid = super().validate(extra_validators)
        if not self.label.errors and db.session.scalar(
                select(ParameterSet.id).where(ParameterSet.label == self.label.data.strip())):
            self.label.errors.append(f"Le jeu « {self.label.data.strip()} » existe déjà.")
            valid = False
        start, end = self["night_start"].form.value, self["night_end"].form.value
        if not start.errors and not end.errors and start.data.strip() == end.data.strip():
            end.errors.append("La fin de la nuit doit différer de son début.")
            valid = False
        return valid


PublishForm = type("PublishForm", (_PublishBase,), {
    spec.key: FormField(_entry_form(spec), label=spec.label_fr) for spec in PARAMETER_SPECS
})


def _groups(rows: dict) -> list[tuple[str, list]]:
    """[(group title, [(spec, row)…])…]: the costing's parameters in KIND_GROUPS order, then
    the other scopes' (SCOPE_GROUPS); rows keyed by parameter key."""
    out = []
    wanted = [(title, lambda spec, kind=kind: spec.scope == "costing" and spec.kind == kind)
              for kind, title in KIND_GROUPS.items()]
    wanted += [(title, lambda spec, scope=scope: spec.scope == scope)
               for scope, title in SCOPE_GROUPS.items()]
    for title, belongs in wanted:
        members = [(spec, rows[spec.key]) for spec in PARAMETER_SPECS
                   if belongs(spec) and spec.key in rows]
        if members:
            out.append((title, members))
    return out


def _shown_rows(parameter_set) -> dict:
    """The set's rows by key, plus the default of a report rule the set predates (it applies
    to the set's dossiers: `costing.yearend.gap_threshold`), marked `is_default`."""
    rows = {p.key: p for p in parameter_set.parameters}
    for spec in PARAMETER_SPECS:
        if spec.scope != "costing" and spec.key not in rows:
            rows[spec.key] = SimpleNamespace(
                value=spec.value, status=spec.status, is_estimate=False, is_default=True,
                source_title=spec.source_title, source_url=spec.source_url, valid_from=None)
    return rows


@bp.get("/parametres")
def parameter_sets():
    """The published sets, newest first; the first is the one in force."""
    return render_template("adviser/parameters/index.html", sets=reference.published_sets())


@bp.get("/parametres/<int:set_id>")
def parameter_set(set_id):
    """One set's figures, grouped by kind, with status, source and date."""
    parameter_set = db.session.get(ParameterSet, set_id) or abort(404)
    latest = reference.latest_set()
    rows = _shown_rows(parameter_set)
    return render_template(
        "adviser/parameters/show.html", parameter_set=parameter_set, groups=_groups(rows),
        display=display, current=latest is not None and latest.id == parameter_set.id,
    )


def _prefill(latest) -> dict:
    """The form's data: the set in force, or the defaults for what it lacks. A set of the
    costing rules 1 had both employer rates set; the new set (rules 2) starts with them
    blank, so that the rates follow the employer."""
    values = {p.key: p for p in latest.parameters} if latest else {}
    data = {"label": reference.next_label()}
    for spec in PARAMETER_SPECS:
        known = values.get(spec.key)
        if spec.optional and latest is not None and latest.costing_version < 2:
            known = None
        data[spec.key] = {
            "value": typed(spec, known.value if known else spec.value),
            "status": known.status if known else spec.status,
            "source_title": known.source_title if known else spec.source_title,
            "source_url": known.source_url if known else spec.source_url,
            "valid_from": known.valid_from if known else None,
        }
    return data


@bp.route("/parametres/nouveau", methods=["GET", "POST"])
def publish_parameters():
    """The form prefilled with the figures in force; publishing creates a new set."""
    latest = reference.latest_set()
    form = PublishForm() if request.method == "POST" else PublishForm(data=_prefill(latest))
    if form.validate_on_submit():
        entries = {}
        for spec in PARAMETER_SPECS:
            sub = form[spec.key].form
            entries[spec.key] = {
                "value": check(spec, sub.value.data), "status": sub.status.data,
                "source_title": (sub.source_title.data or "").strip(),
                "source_url": (sub.source_url.data or "").strip(),
                "valid_from": sub.valid_from.data or date.today(),
            }
        new_set = reference.publish(entries, current_user, form.label.data.strip())
        db.session.commit()
        flash(f"Jeu de paramètres « {new_set.label} » publié. Les nouveaux dossiers l'utilisent ; "
              "les dossiers existants gardent leur jeu jusqu'à ce que leur porteur l'actualise.",
              "success")
        return redirect(url_for("adviser.parameter_set", set_id=new_set.id))
    status = 400 if form.errors else 200
    groups = _groups({spec.key: form[spec.key] for spec in PARAMETER_SPECS})
    return render_template("adviser/parameters/publish.html", form=form, groups=groups,
                           latest=latest), status
