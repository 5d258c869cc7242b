"""French sentences for the costing's warning codes (docs/costing.md « Checks »)."""

from __future__ import annotations

from wizard.costing.model import CostingResult, fr_money, fr_percent


def _year_of(result: CostingResult, year: int | None):
    return next((y for y in result.years if y.year == year), None)


def warning_text(code: str, year: int | None, result: CostingResult) -> str:
    """The French sentence of warning `code` (of `year`, None for every year) in `result`."""
    y = _year_of(result, year)
    if code == "salary_below_smic":
        return ("Un salaire brut annuel prévu (médiateur ou encadrement) est inférieur au Smic "
                "annuel d'un temps plein : vérifier la grille de salaire.")
    if code == "peak_over_posts":
        s = "s" if result.mediator_headcount > 1 else ""
        return (f"Jusqu'à {result.peak_mediators} médiateurs sont présents en même temps pour "
                f"{result.mediator_headcount} poste{s} : prévoir plus de postes ou revoir les "
                "créneaux.")
    if code == "adultes_relais_outside_qpv":
        share = fr_percent(result.qpv_share) if result.qpv_share is not None else "—"
        return ("La part des adultes-relais dans l'équipe dépasse la part des heures de "
                f"présence en quartier prioritaire (QPV) : {share} des heures.")
    if code == "aid_capped" and y is not None:
        return (f"Année {year} : l'aide aux postes d'adultes-relais est plafonnée au coût "
                f"salarial de ces postes ({fr_money(y.adultes_relais)}).")
    if code == "over_funded" and y is not None:
        return (f"Année {year} : les financements dépassent le coût total de "
                f"{fr_money(-y.commune_contribution)} ; la participation de la commune est "
                "négative.")
    return f"Année {year} : {code}" if year else code


def warning_texts(result: CostingResult) -> list[str]:
    """The French sentence of each warning of `result`, in its order."""
    return [warning_text(w.code, w.year, result) for w in result.warnings]
