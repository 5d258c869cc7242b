"""Page 1 of the dossier PDF: the project on one page, what an instructor reads first.

Two lists of rows, each built in one place so that a new fact is one more row:
`summary_rows` (label, value) for the identity card, `funding_rows` (label, amounts by year)
for the cost and its funders. `section_summary` lays them out under the title.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, KeepTogether, Spacer

from wizard.document import vocabulary as v
from wizard.document.adultes_relais import document_qpvs
from wizard.formats import long_date, number
from wizard.pdf.application import piece_names, requests_table
from wizard.pdf.budget_sections import money_table
from wizard.pdf.cells import nbsp, p
from wizard.pdf.context import AUDIENCE_LABELS, Context
from wizard.pdf.escape import one_line
from wizard.pdf.styles import BOTTOM_MARGIN, PAGE, TOP_MARGIN
from wizard.pdf.tables import summary_table
from wizard.steps.budget_figures import REQUESTS_TITLE
from wizard.steps.holder import holder_rows

SUMMARY_LINES = 4  # lines a value of page 1 may take (long lists end « … et N autres »)
FUNDERS_SHOWN = 6  # funders on page 1; the others add up in one row
ZERO = Decimal(0)


def _plural(n, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def period(doc: dict) -> str | None:
    """« à partir du 1er janvier 2027, pour 3 ans (jusqu'au 31 décembre 2029) »."""
    start, years = doc.get("start_date"), doc.get("years")
    if not start:
        return f"{_plural(years, 'an')}" if years else None
    first = date.fromisoformat(start)
    try:
        last = first.replace(year=first.year + (years or 1)) - timedelta(days=1)
    except ValueError:  # 29 February
        last = first.replace(year=first.year + (years or 1), day=28)
    length = f", pour {_plural(years, 'an')}" if years else ""
    return f"à partir du {long_date(first)}{length} (jusqu'au {long_date(last)})"


def _team(ctx: Context) -> str | None:
    result = ctx.costing
    if result is None:
        return None
    return (f"{nbsp(number(result.mediator_fte))} ETP de médiateurs "
            f"({_plural(result.mediator_headcount, 'poste')}), "
            f"{nbsp(number(result.team_leader_fte))} ETP d'encadrement")


def _inline(values, sep: str = ", ") -> str | None:
    """A list on one run of text (page 1 is tight): « Jeunes, Personnes âgées »."""
    return sep.join(str(x) for x in values if x) or None


def _siret(text: str | None) -> str | None:
    """« SIRET 215 903 501 00017 » from the holder's row (its SIREN left to step 1)."""
    return f"SIRET {text.split(' (')[0]}" if text else None


def _signatory(holder: dict) -> str | None:
    """« name, quality » of who signs by delegation (the delegation itself is in step 1)."""
    signatory = holder.get("signatory") or {}
    return ", ".join(x for x in (signatory.get("name"), signatory.get("quality")) if x) or None


def summary_rows(ctx: Context) -> list[tuple[str, object]]:
    """The identity card of page 1: (label, value) rows, a value being a string, a list of
    strings or None (left out)."""
    inp, doc = ctx.inp, ctx.doc
    diagnosis = doc.get("diagnosis") or {}
    holder = dict(holder_rows(doc.get("holder") or {}))
    rows: list[tuple[str, object]] = [
        ("Référence", f"Dossier n° {inp.dossier_id}" if inp.dossier_id is not None else None),
        ("Commune", inp.commune_name),
        ("Porteur du projet", _inline((holder.get("Porteur"), _siret(holder.get("SIRET"))),
                                      " — ")),
        ("Représentant légal", holder.get("Représentant légal")),
        ("Signataire par délégation", _signatory(doc.get("holder") or {})),
        ("Période", period(doc)),
        ("Quartiers prioritaires", _inline(document_qpvs(doc).values())),
        ("Publics", _inline(v.label("target_groups", g)
                            for g in diagnosis.get("target_groups") or [])),
        ("Lieux d'intervention", _inline(x.get("name") for x in diagnosis.get("places") or [])),
        ("Équipe", _team(ctx)),
        ("Pièces jointes", _inline(piece_names(ctx), " ; ")),
        ("État du dossier", inp.state_label),
    ]
    return [(label, value) for label, value in rows if value]


def top_rows(rows: list[tuple[str, list[Decimal]]], keep: int, years: int,
             label: str = "Autres financeurs") -> list[tuple[str, list[Decimal]]]:
    """`rows` if there are at most `keep`; else the `keep` - 1 rows with the largest totals
    (in their order) and one row « Autres financeurs (k) » adding up the k others by year."""
    if len(rows) <= keep:
        return list(rows)
    ranked = sorted(range(len(rows)), key=lambda i: -sum(rows[i][1], ZERO))
    kept = set(ranked[:keep - 1])
    rest = [amounts for i, (_, amounts) in enumerate(rows) if i not in kept]
    others = [sum((a[k] for a in rest if k < len(a)), ZERO) for k in range(years)]
    return [row for i, row in enumerate(rows) if i in kept] + [(f"{label} ({len(rest)})",
                                                                others)]


def funding_rows(ctx: Context) -> list[tuple[str, list[Decimal]]]:
    """The cost and who pays it, by year: the largest funders (FUNDERS_SHOWN at most), the
    State's aid to adultes-relais posts, the commune's share (the balance), then the total
    cost. Empty when the dossier cannot be costed."""
    result = ctx.costing
    if result is None:
        return []
    years, funding = result.years, ctx.costing_input.funding
    funders = [(f.name, [f.amounts[y.year - 1] if len(f.amounts) >= y.year else ZERO
                         for y in years]) for f in funding.funders]
    rows = top_rows(funders, FUNDERS_SHOWN, len(years))
    if funding.adultes_relais_posts:
        rows.append((f"État, adultes-relais "
                     f"({_plural(funding.adultes_relais_posts, 'poste')})",
                     [y.adultes_relais for y in years]))
    rows.append((f"Commune de {ctx.inp.commune_name} (solde)",
                 [y.commune_contribution for y in years]))
    rows.append(("Coût total du projet", [y.total_costs for y in years]))
    return rows


def section_summary(ctx: Context) -> list:
    """Page 1: kicker, title, the identity card (`summary_rows`: holder, signatory, QPVs,
    attached documents…), the cost and funding by year (`funding_rows`), the amounts
    requested per scheme and year with the State's and the holder's shares, and whom this
    copy is for."""
    width = ctx.width
    content = [
        Spacer(1, 16 * mm),
        p("DEMANDE DE SUBVENTION — MÉDIATION SOCIALE", "cover_kicker"),
        Spacer(1, 6),
        p(one_line(ctx.doc.get("title") or "Dossier sans titre"), "cover_title"),
        Spacer(1, 4),
        summary_table(summary_rows(ctx), width, SUMMARY_LINES, ctx.empty),
    ]
    money = funding_rows(ctx)
    if money:
        content += [Spacer(1, 6), p("Coût et financement du projet", "h3"),
                money_table("Financement", money, width)]
    requests = requests_table(ctx)
    if requests is not None:
        content += [Spacer(1, 4), p(REQUESTS_TITLE, "h3"), requests]
    content += [
        Spacer(1, 6),
        p(f"Exemplaire destiné à {AUDIENCE_LABELS[ctx.audience]}, "
          f"généré le {long_date(ctx.inp.generated_at)}.", "note"),
        p("Fonds interministériel de prévention de la délinquance (FIPD) — budget présenté "
          "selon le cerfa n° 12156*06.", "note"),
    ]
    # one page whatever the dossier: a long one (many funders, schemes, QPVs, pieces) is
    # drawn a little smaller rather than spilling over
    height = PAGE[1] - TOP_MARGIN - BOTTOM_MARGIN
    flat = [x for item in content
            for x in (item._content if isinstance(item, KeepTogether) else [item])]
    return [KeepInFrame(width, height, flat, mode="shrink")]
