"""The lead's explicit move of a dossier to the newest reference parameters: a page shows
the budget costed with the set in use and with the newer one, year by year, before the
lead confirms."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from wizard import operations, reference
from wizard.costing import CostingInputError, cost_document
from wizard.db import db
from wizard.forms.review import ConfirmForm
from wizard.lead import bp
from wizard.permissions import can_edit
from wizard.steps import budget
from wizard.web.lookups import get_dossier_or_404


def comparison(document: dict, old, new) -> dict | None:
    """The totals of `document` costed with the Pinned `old` and `new`, year by year:
    {"rows": [(label, [old, new, difference] per year…)], "years": [k…]}; None when it
    cannot be costed with either."""
    try:
        before, after = cost_document(document, old), cost_document(document, new)
    except CostingInputError:
        return None
    pairs = list(zip(before.years, after.years))
    rows = []
    for label, attr in (("Coût total", "total_costs"),
                        ("Aide aux postes d'adultes-relais", "adultes_relais"),
                        ("Participation de la commune", "commune_contribution")):
        if attr == "adultes_relais" and not any(a.adultes_relais or b.adultes_relais
                                                for a, b in pairs):
            continue
        rows.append((label, [(getattr(a, attr), getattr(b, attr),
                              getattr(b, attr) - getattr(a, attr)) for a, b in pairs]))
    return {"rows": rows, "years": [a.year for a, _ in pairs],
            "warnings": (len(before.warnings), len(after.warnings))}


@bp.route("/dossiers/<int:dossier_id>/parametres/actualiser", methods=["GET", "POST"])
def move_parameters(dossier_id):
    """GET: the budget with the set in use and with the newest one; POST: cost the dossier
    with the newest published set from now on (its totals change)."""
    dossier = get_dossier_or_404(dossier_id, can_edit)
    target = reference.newer_set(dossier)
    back = url_for("lead.step_page", dossier_id=dossier.id, slug=budget.STEP.slug)
    form = ConfirmForm()
    if target is None:
        flash("Le dossier utilise déjà les paramètres les plus récents.", "info")
        return redirect(back)
    old, new = reference.pinned(dossier), reference.pinned_set(target)
    if not form.validate_on_submit():
        if form.is_submitted():
            abort(400)
        return render_template("lead/parameters.html", dossier=dossier, form=form, old=old,
                               new=new, back=back,
                               compared=comparison(dossier.document, old, new))
    try:
        operations.move_parameters(dossier, target, current_user)
    except operations.OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return redirect(back)
    db.session.commit()
    flash(f"Le chiffrage utilise maintenant les paramètres {target.label}.", "success")
    return redirect(back)
