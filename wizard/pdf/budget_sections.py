"""The budget part of the dossier PDF: staffing, yearly costs (table and chart of year 1),
the funding plan (one table: each funder, the State's aid to adultes-relais posts and the
commune's balance, by year), unit costs and the cerfa 12156*06 budget, the funding seen by
the form's accounts. The reference parameters are in the annex (`annex`). The costing's
warnings follow the funding plan in the adviser's copy only: the other copies state facts.

Every figure comes from the costing module (`ctx.costing`); this module only lays it out.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from wizard.costing import (
    LINE_KEYS,
    document_budgets,
    funder_cap_warnings,
    unit_costs,
    warning_texts,
)
from wizard.costing.cerfa import COMMUNE_HOLDS
from wizard.formats import money, number, percent
from wizard.pdf.cells import cell, nbsp, p
from wizard.pdf.charts import costs_chart
from wizard.pdf.context import Context
from wizard.pdf.lines import string_width
from wizard.pdf.styles import (
    BLUE_FRANCE,
    BLUE_LIGHT,
    CELL_PADDING,
    FONT_BOLD,
    stylesheet,
    table_style,
)
from wizard.pdf.tables import data_table, heading
from wizard.steps.budget_figures import LINE_LABELS  # the budget step's labels

ZERO = Decimal(0)
LABEL_LINES = 4  # a line of the cerfa budget (other costs are labelled by the lead)
INDENT = 10  # points: the cerfa's lines under their section


@lru_cache(maxsize=4096)
def euros(value) -> str:
    """« 12 345,67 € » that never wraps inside the figure (cached: Babel is slow)."""
    return nbsp(money(value))


def _year_headers(n: int) -> list[str]:
    return [f"Année {k}" for k in range(1, n + 1)]


def money_table(label: str, rows: list[tuple[str, list[Decimal]]], width: float,
                 total_rows: int = 1) -> Table:
    """A table of amounts by year and their total, a row per (label, amounts); the last
    `total_rows` in bold. The amount columns are as wide as their widest figure in bold
    (at least 16 % of `width` each), so that « 1 362 288,21 € » stays on one line."""
    years = max((len(amounts) for _, amounts in rows), default=1)
    body = [[name, *(euros(a) for a in amounts), euros(sum(amounts, ZERO))]
            for name, amounts in rows]
    widest = max((string_width(x, FONT_BOLD, 8.5) for row in body for x in row[1:]),
                 default=0)
    share = min(max(0.16, (widest + 2 * CELL_PADDING + 2) / width), 0.72 / (years + 1))
    return data_table(
        [label, *_year_headers(years), "Total"], body,
        [1 - share * (years + 1), *([share] * (years + 1))], width,
        numeric=tuple(range(1, years + 2)), total_rows=total_rows)


def section_budget(ctx: Context, after_plan: list = ()) -> list:
    """All the budget tables and charts, or the reasons why the dossier cannot be costed yet;
    `after_plan` follows the funding plan (the amounts requested, the convention)."""
    out = heading(ctx, "budget-detail", "Moyens humains", 1)
    result = ctx.costing
    if result is None:
        out.append(p("Le budget ne peut pas encore être calculé :"))
        out += [p(f"• {problem}") for problem in ctx.costing_problems]
        return out + list(after_plan)
    years = result.years
    out.append(data_table(
        ["Moyens humains (par an)", "Valeur"],
        [["Heures de présence des médiateurs", f"{nbsp(number(result.presence_hours, 0))} h"],
         ["dont heures de nuit", f"{nbsp(number(result.night_hours, 0))} h"],
         ["dont heures du dimanche", f"{nbsp(number(result.sunday_hours, 0))} h"],
         ["Équivalents temps plein (ETP) de médiateurs", nbsp(number(result.mediator_fte))],
         ["Postes de médiateurs", str(result.mediator_headcount)],
         ["ETP d'encadrement (coordinateur)", nbsp(number(result.team_leader_fte))]],
        [0.7, 0.3], ctx.width, numeric=(1,)))
    out.append(Spacer(1, 8))
    rows = [(LINE_LABELS[key], [y.lines[key] for y in years]) for key in LINE_KEYS]
    overhead_rate = ctx.costing_input.parameters.overhead_rate
    rows += [("Coûts directs", [y.direct_costs for y in years]),
             (f"Frais de structure ({nbsp(percent(overhead_rate, 1))})",
              [y.overhead for y in years]),
             ("Coût total", [y.total_costs for y in years])]
    out += heading(ctx, "couts", "Coûts par poste et par année", 1)
    out.append(money_table("Poste de dépense", rows, ctx.width))
    out.append(Spacer(1, 8))
    out.append(costs_chart([(LINE_LABELS[k], years[0].lines[k]) for k in LINE_KEYS]
                           + [("Frais de structure", years[0].overhead)], ctx.width))
    out += _funding(ctx)
    out += after_plan
    out += _unit_costs(ctx)
    return out + _cerfa(ctx)


def _funding(ctx: Context) -> list:
    result, funding = ctx.costing, ctx.costing_input.funding
    years = result.years
    rows = [(f"{f.name}", [f.amounts[y.year - 1] if len(f.amounts) >= y.year else ZERO
                           for y in years]) for f in funding.funders]
    if funding.adultes_relais_posts:
        rows.append((f"Aide aux postes d'adultes-relais ({funding.adultes_relais_posts} "
                     f"poste{'s' if funding.adultes_relais_posts > 1 else ''}, État)",
                     [y.adultes_relais for y in years]))
    rows.append((f"Commune de {ctx.inp.commune_name} (solde)",
                 [y.commune_contribution for y in years]))
    rows.append(("Total des financements", [y.total_costs for y in years]))
    out = heading(ctx, "financement", "Plan de financement", 1)
    out.append(money_table("Financeur", rows, ctx.width))
    if ctx.internal:  # the mission's doubts: the adviser's copy only, never the prefecture's
        cap = ctx.costing_input.parameters.fipd_max_share
        for warning in [*warning_texts(result), *funder_cap_warnings(result, funding, cap)]:
            out.append(p(f"Alerte du chiffrage : {warning}", "note"))
    return out


def _unit_costs(ctx: Context) -> list:
    costs = unit_costs(ctx.costing, ctx.inp.commune_population)

    def show(value):
        return euros(value) if value is not None else "—"

    out = heading(ctx, "couts-unitaires", "Coûts unitaires", 1)
    table = [data_table(
        ["Année", "Par heure de présence", "Par ETP de médiateur", "Par habitant"],
        [[f"Année {c.year}", show(c.per_presence_hour), show(c.per_mediator_fte),
          show(c.per_inhabitant)] for c in costs],
        [0.22, 0.26, 0.26, 0.26], ctx.width, numeric=(1, 2, 3))]
    population = ctx.inp.commune_population
    if population:  # the note stays with its table
        table.append(p(f"Population de référence : {nbsp(number(population, 0))} habitants.",
                       "note"))
    return [*out, KeepTogether(table)]


def _cerfa_rows(ctx: Context) -> tuple[list[tuple[str, str, list]], int]:
    """(kind, label, amounts by year) rows, kind being side, section, line or total; the
    rows of every year are merged (a one-time line shows 0 in the other years)."""
    budgets = document_budgets(ctx.doc, ctx.costing_input, ctx.costing)
    n = len(budgets)
    rows: dict[tuple, tuple[str, str, list]] = {}

    def put(key: tuple, kind: str, label: str, k: int | None, amount=None):
        entry = rows.setdefault(key, (kind, label, [ZERO if k is not None else None] * n))
        if k is not None:
            entry[2][k] += amount

    def sections(budget, side: str):
        if side == "nature":  # 86 / 87, outside the totals: only when some are valued
            return [x for x in (budget.in_kind_uses, budget.in_kind_resources) if x.lines]
        return getattr(budget, side)

    for side in ("charges", "produits", "nature"):
        if side == "nature" and not any(sections(b, side) for b in budgets):
            break
        put((side,), "side", "CONTRIBUTIONS EN NATURE" if side == "nature" else side.upper(),
            None)
        for k, budget in enumerate(budgets):
            for section in sections(budget, side):
                code = f"{section.code} — " if section.code else ""
                key = (side, section.code, section.label)
                put(key, "section", f"{code}{section.label}", k, section.subtotal)
                for line in section.lines:
                    group = f"{line.group} — " if line.group else ""
                    put((*key, line.group, line.label), "line", f"{group}{line.label}", k,
                        line.amount)
        for k, budget in enumerate(budgets):
            if side != "nature":
                total = budget.total_charges if side == "charges" else budget.total_produits
                put((side, "total"), "total", f"Total des {side}", k, total)
    return list(rows.values()), n


def _cerfa(ctx: Context) -> list:
    rows, n = _cerfa_rows(ctx)
    s = stylesheet()
    head = [Paragraph("Cerfa 12156*06 — budget du projet", s["head"]),
            *(Paragraph(h, s["head_right"]) for h in _year_headers(n))]
    data, style = [head], table_style(1, zebra=False, numeric=tuple(range(1, n + 1)))
    room = (1 - 0.17 * n) * ctx.width - 2 * CELL_PADDING
    for i, (kind, label, amounts) in enumerate(rows, start=1):
        # plain strings in the table's font: bold rows and indented lines by style commands
        bold = kind in ("side", "section", "total")
        name = cell(label, "cell_bold" if bold else "cell", room - (0 if bold else INDENT),
                    LABEL_LINES)
        data.append([name, *(euros(a) if a is not None else "" for a in amounts)])
        if bold:
            style.append(("FONTNAME", (0, i), (-1, i), FONT_BOLD))
        else:
            style.append(("LEFTPADDING", (0, i), (0, i), CELL_PADDING + INDENT))
        if kind == "side":
            style.append(("BACKGROUND", (0, i), (-1, i), BLUE_LIGHT))
        if kind == "total":
            style.append(("LINEABOVE", (0, i), (-1, i), 0.8, BLUE_FRANCE))
    label_share = 1 - 0.17 * n
    table = Table(data, colWidths=[label_share * ctx.width] + [0.17 * ctx.width] * n,
                  repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return [*heading(ctx, "cerfa", "Budget au format du cerfa 12156*06", 1), table,
            p(_cerfa_note(ctx.doc), "note")]


def _cerfa_note(doc: dict) -> str:
    employer = (doc.get("intervention") or {}).get("employer")
    if employer == "prestataire":
        costs = ("Le service est acheté à un prestataire : son prix (coûts, marge et TVA) va "
                 "au compte 61 « Sous-traitance générale ».")
    else:
        costs = ("Les salaires et majorations vont au compte 64 « Rémunération des "
                 "personnels », les charges patronales en « Charges sociales », la formation "
                 "en 62, l'équipement en 60, les véhicules en 61 « Locations » et les frais de "
                 "structure en « Charges indirectes affectées au projet ».")
    share = ("ses ressources propres affectées au projet" if employer in COMMUNE_HOLDS
             else "une subvention de la commune (74)")
    return (f"{costs} La participation de la commune équilibre le budget : {share}. Les "
            "contributions en nature figurent en 86 et 87, de part et d'autre.")
