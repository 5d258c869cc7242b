"""The annex « Hypothèses de calcul »: every reference parameter the budget is computed with
(label, value with its unit, year, source), after the fiche-action.

The adviser's copy adds what the mission keeps for itself: each value's status (confirmed
by its source, estimate…) and the source's full title, which for an estimate is the
mission's working (« Estimation : aucun plafond officiel trouvé… »). The other copies show
the source of a value that is not confirmed by its address only.
"""

from __future__ import annotations

from wizard.pdf.cells import nbsp, p
from wizard.pdf.context import Context
from wizard.pdf.tables import data_table, heading


def section_annex(ctx: Context) -> list:
    """The annex heading, the parameter set, and the table of parameters."""
    inp = ctx.inp
    out = heading(ctx, "hypotheses", "Annexe — Hypothèses de calcul")
    name = f"« {inp.parameter_set_name} »" if inp.parameter_set_name else inp.parameter_set_label
    out.append(p(f"Jeu de paramètres : {name}. Une valeur saisie dans le "
                 "dossier remplace celle du jeu.", "body"))
    rows = inp.parameter_rows
    if not rows:
        return out
    with_year = any(row.year for row in rows)
    headers = ["Paramètre", "Valeur", *(["Année"] if with_year else []), "Source"]
    shares = [0.36, 0.15, *([0.08] if with_year else []), 0.41 if with_year else 0.49]
    body = [[row.label, nbsp(f"{row.value} {row.unit}".strip()),
             *([row.year or None] if with_year else []),
             row.source if ctx.internal else row.reference or row.source] for row in rows]
    if ctx.internal:
        headers.append("Statut")
        shares = [share * 0.86 for share in shares] + [0.14]
        body = [[*cells, row.status] for cells, row in zip(body, rows)]
    out.append(data_table(headers, body, shares, ctx.width, numeric=(1,), empty=ctx.empty))
    if ctx.internal:
        out.append(p("Le statut et le détail des sources ne figurent que dans l'exemplaire de "
                     "relecture de la mission régionale.", "note"))
    return out
