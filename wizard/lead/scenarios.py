"""Budget scenarios: an alternative intervention (scenario B) beside the dossier's own (A).

Scenario B lives in `Dossier.scenarios["B"]` (the interchange document refuses unknown
keys): an intervention object edited with the very form, `prepare` and `save` of the
intervention step, run on a copy of the document whose intervention is B. The comparison
costs A and B with the dossier's pinned parameters (wizard.costing) and measures how far
each covers the diagnosis needs (wizard.costing.coverage). Adopting B replaces the document's
intervention through `operations.save_step` (optimistic locking), then deletes B.
"""

from dataclasses import dataclass
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizard import operations, reference
from wizard.costing import CostingInputError, CostingResult, Pinned, cost_document
from wizard.costing.coverage import Coverage, coverage
from wizard.db import db
from wizard.document.labels import path_label
from wizard.formats import money, number
from wizard.forms.limits import MAX_ITEMS
from wizard.forms.review import ConfirmForm
from wizard.lead import bp
from wizard.permissions import can_edit, can_view
from wizard.steps import budget
from wizard.steps.engine import CsrfRefused, Target, build_form, submit
from wizard.steps.intervention import STEP, figures
from wizard.web.lookups import get_dossier_or_404

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


def evaluate(title: str, document: dict, params: Pinned) -> Scenario:
    """Cost `document` with the reference parameters `params` and measure its coverage."""
    week = figures(document, params)
    try:
        result, problem = cost_document(document, params), ""
    except CostingInputError as error:
        result, problem = None, "; ".join(
            f"{path_label(path)} — {message}" if path else message
            for path, message in error.problems[:3])
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
    stored = operations.scenario_b(dossier)
    if stored is not None:
        out.append(evaluate("Scénario B", operations.with_intervention(doc, stored), params))
    return out


def _page(dossier, *, status=200, conflict=None):
    scenarios = scenarios_of(dossier)
    return render_template(
        "lead/scenarios.html", dossier=dossier, scenarios=scenarios,
        rows=comparison_rows(scenarios), has_b=len(scenarios) > 1,
        editable=can_edit(current_user, dossier), confirm=ConfirmForm(), conflict=conflict,
        budget_slug=budget.STEP.slug,
    ), status


def _back(dossier):
    return redirect(url_for("lead.scenarios", dossier_id=dossier.id))


def _checked(dossier_id):
    """The dossier after the CSRF check of a bare confirmation form (404 for another
    commune's dossier, 400 without a valid token)."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return dossier


def _refused(exc):
    db.session.rollback()
    flash(exc.args[0], "error")


@bp.get("/dossiers/<int:dossier_id>/scenarios")
def scenarios(dossier_id):
    return _page(get_dossier_or_404(dossier_id, can_view))


@bp.post("/dossiers/<int:dossier_id>/scenarios/copier")
def copy_scenario(dossier_id):
    dossier = _checked(dossier_id)
    try:
        operations.create_scenario(dossier, current_user)
    except operations.OperationError as exc:
        _refused(exc)
    else:
        db.session.commit()
        flash("Scénario B créé à partir des modalités d'intervention du dossier.", "success")
    return _back(dossier)


@bp.post("/dossiers/<int:dossier_id>/scenarios/supprimer")
def delete_scenario(dossier_id):
    dossier = _checked(dossier_id)
    try:
        deleted = operations.delete_scenario(dossier, current_user)
    except operations.OperationError as exc:
        _refused(exc)
    else:
        db.session.commit()
        if deleted:
            flash("Scénario B supprimé.", "success")
    return _back(dossier)


def _expected_version() -> int:
    try:
        return int(request.form.get("version") or 0)
    except ValueError:
        return 0


@bp.post("/dossiers/<int:dossier_id>/scenarios/adopter")
def adopt_scenario(dossier_id):
    dossier = _checked(dossier_id)
    try:
        operations.adopt_scenario(dossier, STEP, current_user, _expected_version())
    except operations.VersionConflict as exc:
        db.session.rollback()
        return _page(get_dossier_or_404(dossier_id, can_view), status=409,
                     conflict=f"Le scénario B n'a pas été adopté. {exc.args[0]}")
    except operations.OperationError as exc:
        _refused(exc)
        return _back(dossier)
    db.session.commit()
    flash("Scénario B adopté : il remplace les modalités d'intervention du dossier.", "success")
    return _back(dossier)


def scenario_target(dossier) -> Target:
    """Scenario B as the intervention step's target: the document with B's intervention,
    saved through `operations.save_scenario`, B's own pending input."""
    def store(new_document, user, expected, pending):
        operations.save_scenario(dossier, new_document, user, expected, pending)

    return Target(operations.with_intervention(dossier.document, operations.scenario_b(dossier)),
                  store, (dossier.pending or {}).get(operations.SCENARIO_PENDING_KEY))


def _edit_page(dossier, form, *, status=200, focus=None, notice=None, conflict=None):
    return render_template(
        "lead/scenario_b.html", dossier=dossier, form=form, editable=True, focus=focus,
        notice=notice, conflict=conflict, max_items=MAX_ITEMS, place_names=form.place_names,
    ), status


@bp.route("/dossiers/<int:dossier_id>/scenarios/b", methods=["GET", "POST"])
def edit_scenario(dossier_id):
    """Scenario B with the intervention step's form and the step pipeline
    (`wizard.steps.engine`): add/remove rows without JavaScript, errors at the fields,
    the valid values stored, the invalid ones kept as B's pending input."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    if not can_edit(current_user, dossier):
        flash(f"Ce dossier est à l'état « {dossier.state_label} » : ses scénarios ne sont pas "
              "modifiables.", "error")
        return _back(dossier)
    if operations.scenario_b(dossier) is None:
        flash("Créez d'abord le scénario B à partir du dossier.", "info")
        return _back(dossier)
    params = reference.pinned(dossier)
    if request.method == "GET":
        return _edit_page(dossier, build_form(STEP, dossier, params, scenario_target(dossier),
                                             current_user))
    try:
        out = submit(STEP, dossier, params, scenario_target(dossier), request.form,
                     current_user, request.form.get("action", "save"))
    except CsrfRefused:
        abort(400)
    if out.conflict:
        return _edit_page(dossier, out.form, status=409, conflict=out.conflict)
    if out.focus or out.notice:
        return _edit_page(dossier, out.form, focus=out.focus, notice=out.notice)
    if not out.valid:
        return _edit_page(dossier, out.form, status=400)
    flash("Scénario B enregistré.", "success")
    return _back(dossier)
