"""Budget scenarios: an alternative intervention (scenario B) beside the dossier's own (A).

Scenario B lives in `Dossier.scenarios["B"]` (the interchange document refuses unknown
keys): an intervention object edited with the very form, `prepare` and `save` of the
intervention step, run on a copy of the document whose intervention is B. The comparison
costs A and B with the dossier's pinned parameters (wizard.costing) and measures how far
each covers the diagnosis needs (wizard.costing.coverage). Adopting B replaces the document's
intervention through `operations.save_step` (optimistic locking), then deletes B.
"""

import copy
from dataclasses import dataclass
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from wizard import operations, reference
from wizard.costing import CostingInputError, CostingResult, Pinned, cost_document
from wizard.costing.coverage import Coverage, coverage
from wizard.db import db
from wizard.formats import money, number
from wizard.lead import bp
from wizard.lead.forms import ConfirmForm
from wizard.steps.rows import MAX_ITEMS, apply_row_action
from wizard.models.audit import record
from wizard.permissions import can_edit, can_view
from wizard.steps.intervention import STEP, figures
from wizard.web import get_dossier_or_404

B = "B"
NOT_COSTED = "Non chiffrable"


@dataclass
class Scenario:
    """One column of the comparison: the costing result (None when the intervention cannot
    be costed yet, `problem` says why), the weekly hours of the rounds and the coverage."""

    title: str
    weekly_hours: Decimal | None
    result: CostingResult | None
    coverage: Coverage
    problem: str = ""


def with_intervention(document: dict, intervention: dict) -> dict:
    """A copy of `document` whose intervention is (a copy of) `intervention`."""
    doc = copy.deepcopy(document)
    doc["intervention"] = copy.deepcopy(intervention)
    return doc


def evaluate(title: str, document: dict, params: Pinned) -> Scenario:
    """Cost `document` with the reference parameters `params` and measure its coverage."""
    week = figures(document, params)
    try:
        result, problem = cost_document(document, params.values), ""
    except CostingInputError as error:
        result, problem = None, "; ".join(message for _, message in error.problems[:3])
    return Scenario(title, week["weekly"].presence if week else None, result,
                    coverage(document), problem)


def _cells(scenarios, cell) -> list[str]:
    return [cell(s.result) if s.result is not None else NOT_COSTED for s in scenarios]


def comparison_rows(scenarios: list[Scenario]) -> list[tuple[str, list[str]]]:
    """(label, [one French cell per scenario]) rows of the side-by-side table."""
    years = max((len(s.result.years) for s in scenarios if s.result), default=0)
    rows = [
        ("Heures de présence des tournées par semaine",
         [f"{number(s.weekly_hours)} h" if s.weekly_hours is not None else "—"
          for s in scenarios]),
        ("Heures de présence par an (renforts compris)",
         _cells(scenarios, lambda r: f"{number(r.presence_hours)} h")),
        ("Médiateurs en équivalent temps plein (ETP)",
         _cells(scenarios, lambda r: number(r.mediator_fte))),
        ("Postes de médiateurs", _cells(scenarios, lambda r: str(r.mediator_headcount))),
        ("Encadrement (ETP)", _cells(scenarios, lambda r: number(r.team_leader_fte))),
    ]
    for k in range(years):
        rows.append((f"Coût total année {k + 1}", _cells(
            scenarios, lambda r: money(r.years[k].total_costs) if k < len(r.years) else "—")))
    rows.append((f"Coût total sur {years} an{'s' if years > 1 else ''}", _cells(
        scenarios, lambda r: money(sum((y.total_costs for y in r.years), Decimal(0))))))
    for k in range(years):
        rows.append((f"Participation de la commune année {k + 1}", _cells(
            scenarios,
            lambda r: money(r.years[k].commune_contribution) if k < len(r.years) else "—")))
    rows.append((f"Participation de la commune sur {years} an{'s' if years > 1 else ''}",
                 _cells(scenarios, lambda r: money(
                     sum((y.commune_contribution for y in r.years), Decimal(0))))))
    rows.append(("Couverture des besoins du diagnostic",
                 [f"{s.coverage.percent}\u00a0%" if s.coverage.percent is not None
                  else "Aucun besoin horaire renseigné" for s in scenarios]))
    return rows


def scenarios_of(dossier) -> list[Scenario]:
    """Scenario A (the document) and, when it exists, scenario B, costed and measured."""
    doc, params = dossier.document, reference.pinned(dossier)
    out = [evaluate("Scénario A (dossier actuel)", doc, params)]
    stored = (dossier.scenarios or {}).get(B)
    if stored is not None:
        out.append(evaluate("Scénario B", with_intervention(doc, stored), params))
    return out


def _page(dossier, *, status=200, conflict=None):
    scenarios = scenarios_of(dossier)
    return render_template(
        "lead/scenarios.html", dossier=dossier, scenarios=scenarios,
        rows=comparison_rows(scenarios), has_b=len(scenarios) > 1,
        editable=can_edit(current_user, dossier), confirm=ConfirmForm(), conflict=conflict,
    ), status


def _editable_or_redirect(dossier_id):
    """(dossier, None) when the user may change its scenarios, else (dossier, redirect)
    after a CSRF check; another commune's dossier is a 404."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return dossier, None if can_edit(current_user, dossier) else _read_only(dossier)


def _read_only(dossier):
    flash(f"Ce dossier est à l'état « {dossier.state_label} » : ses scénarios ne sont pas "
          "modifiables.", "error")
    return redirect(url_for("lead.scenarios", dossier_id=dossier.id))


def _store(dossier, intervention: dict | None, action: str) -> None:
    """Set (or remove, for None) scenario B; a new dict so that the change is flushed and
    the mapper bumps the dossier version; audit event `action`."""
    scenarios = {k: v for k, v in (dossier.scenarios or {}).items() if k != B}
    if intervention is not None:
        scenarios[B] = copy.deepcopy(intervention)
    dossier.scenarios = scenarios
    record(action, user=current_user, dossier=dossier, scenario=B)


@bp.get("/dossiers/<int:dossier_id>/scenarios")
def scenarios(dossier_id):
    return _page(get_dossier_or_404(dossier_id, can_view))


@bp.post("/dossiers/<int:dossier_id>/scenarios/copier")
def copy_scenario(dossier_id):
    dossier, refused = _editable_or_redirect(dossier_id)
    if refused:
        return refused
    if B in (dossier.scenarios or {}):
        flash("Le scénario B existe déjà : supprimez-le d'abord pour repartir du dossier.",
              "error")
    else:
        _store(dossier, dossier.document.get("intervention", {}), "scenario_created")
        db.session.commit()
        flash("Scénario B créé à partir des modalités d'intervention du dossier.", "success")
    return redirect(url_for("lead.scenarios", dossier_id=dossier.id))


@bp.post("/dossiers/<int:dossier_id>/scenarios/supprimer")
def delete_scenario(dossier_id):
    dossier, refused = _editable_or_redirect(dossier_id)
    if refused:
        return refused
    if B in (dossier.scenarios or {}):
        _store(dossier, None, "scenario_deleted")
        db.session.commit()
        flash("Scénario B supprimé.", "success")
    return redirect(url_for("lead.scenarios", dossier_id=dossier.id))


def _expected_version() -> int:
    try:
        return int(request.form.get("version") or 0)
    except ValueError:
        return 0


@bp.post("/dossiers/<int:dossier_id>/scenarios/adopter")
def adopt_scenario(dossier_id):
    dossier, refused = _editable_or_redirect(dossier_id)
    if refused:
        return refused
    stored = (dossier.scenarios or {}).get(B)
    if stored is None:
        flash("Il n'y a pas de scénario B à adopter.", "error")
        return redirect(url_for("lead.scenarios", dossier_id=dossier.id))
    try:
        # the intervention is replaced as a whole: its pending input is obsolete (None)
        operations.save_step(dossier, STEP, with_intervention(dossier.document, stored),
                             current_user, _expected_version(), None)
        _store(dossier, None, "scenario_adopted")
        db.session.flush()
    except (operations.OperationError, StaleDataError) as exc:
        db.session.rollback()
        dossier = get_dossier_or_404(dossier_id, can_view)
        message = exc.args[0] if isinstance(exc, operations.OperationError) else \
            operations.conflict_message(dossier)
        return _page(dossier, status=409, conflict=f"Le scénario B n'a pas été adopté. {message}")
    db.session.commit()
    flash("Scénario B adopté : il remplace les modalités d'intervention du dossier.", "success")
    return redirect(url_for("lead.scenarios", dossier_id=dossier.id))


def _edit_page(dossier, form, *, status=200, focus=None, notice=None, conflict=None):
    return render_template(
        "lead/scenario_b.html", dossier=dossier, form=form, editable=True, focus=focus,
        notice=notice, conflict=conflict, max_items=MAX_ITEMS, place_names=form.place_names,
    ), status


@bp.route("/dossiers/<int:dossier_id>/scenarios/b", methods=["GET", "POST"])
def edit_scenario(dossier_id):
    """Scenario B with the intervention step's form: add/remove rows without JavaScript,
    errors at the fields, nothing typed lost; B stored only once every value is valid."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    if not can_edit(current_user, dossier):
        return _read_only(dossier)
    stored = (dossier.scenarios or {}).get(B)
    if stored is None:
        flash("Créez d'abord le scénario B à partir du dossier.", "info")
        return redirect(url_for("lead.scenarios", dossier_id=dossier.id))
    base = with_intervention(dossier.document, stored)
    if request.method == "GET":
        form = STEP.form(data=STEP.load(base))
        STEP.prepare(form, dossier, reference.pinned(dossier))
        form.version.data = dossier.version
        return _edit_page(dossier, form)
    form = STEP.form(formdata=request.form)
    STEP.prepare(form, dossier, reference.pinned(dossier))
    valid = form.validate()
    if form.csrf_token.errors:
        abort(400)
    focus, notice = apply_row_action(form, request.form.get("action", "save"), STEP.action)
    if focus or notice:
        return _edit_page(dossier, form, focus=focus, notice=notice)
    if not valid:
        return _edit_page(dossier, form, status=400)
    if _expected_version() != dossier.version:
        form.version.data = dossier.version  # a second click applies the input to it
        return _edit_page(dossier, form, status=409,
                          conflict=operations.conflict_message(dossier))
    STEP.save(base, form)
    try:
        _store(dossier, base["intervention"], "scenario_saved")
        db.session.flush()  # UPDATE … WHERE version = :old
    except StaleDataError:
        db.session.rollback()
        dossier = get_dossier_or_404(dossier_id, can_view)
        form.version.data = dossier.version
        return _edit_page(dossier, form, status=409,
                          conflict=operations.conflict_message(dossier))
    db.session.commit()
    flash("Scénario B enregistré.", "success")
    return redirect(url_for("lead.scenarios", dossier_id=dossier.id))
