"""Building blocks and the non-budget sections of the dossier PDF.

Every `_section_*`-style builder takes the shared Context and returns flowables. User text
only reaches a Paragraph through `para_text` (via `p()` and `cell()`).
"""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from wizard.costing.coverage import week_grid
from wizard.document import vocabulary as v
from wizard.formats import long_date, number
from wizard.pdf.context import AUDIENCE_LABELS, Context, Note
from wizard.pdf.escape import para_text, plain_text
from wizard.pdf.flowables import CoverageHeatMap, SectionHeading
from wizard.pdf.styles import CELL_PADDING, stylesheet, table_style

NOT_GIVEN = "Non renseigné"
KEEP_ROWS = 14  # tables this short move to the next page whole rather than split


def nbsp(text: str) -> str:
    """A formatted figure that must not wrap: reportlab treats U+202F (Babel's thousands
    separator) as a break, so it becomes a no-break space."""
    return text.replace("\u202f", "\u00a0")


def p(value, style: str = "body") -> Paragraph:
    """A paragraph of user (or any) text, escaped."""
    return Paragraph(para_text(value), stylesheet()[style])


def _fits(lines: list[str], room: float, font: str, size: float) -> bool:
    limit = 4 * room / size  # hardly any glyph is under a quarter em: skip measuring
    return all(len(line) <= limit and stringWidth(line, font, size) <= room for line in lines)


def cell(value, style: str = "cell", room: float | None = None):
    """A table cell: a string, a list of strings (one bullet each) or None (« Non renseigné »).

    With `room` (the column's text width), text whose every item fits on one line comes back
    as a plain cleaned string, which the table draws in the font of `style` (set by
    `table_style`) several times faster than a Paragraph; other text becomes Paragraphs.
    """
    if value is None or value == "" or value == []:
        return Paragraph(NOT_GIVEN, stylesheet()["small"])
    texts = [str(x) for x in value] if isinstance(value, (list, tuple)) else [str(value)]
    if len(texts) > 1:
        texts = [f"• {text}" for text in texts]
    if room:
        lines = [line for text in texts for line in plain_text(text).split("\n")]
        font = stylesheet()[style]
        if _fits(lines, room, font.fontName, font.fontSize):
            return "\n".join(lines)
    return p(texts[0], style) if len(texts) == 1 else [p(text, style) for text in texts]


def heading(ctx: Context, key: str, title: str, level: int = 0):
    """A numbered section heading (level 0 goes to the table of contents) or a sub-heading."""
    if level:
        return [CondPageBreak(100), SectionHeading(para_text(title), stylesheet()["h2"],
                                                  key, plain_text(title), level)]
    number_ = len(ctx.toc) + 1
    text = f"{number_}. {title}"
    ctx.toc.append((key, plain_text(text)))
    return [CondPageBreak(160), SectionHeading(para_text(text), stylesheet()["h1"], key,
                                              plain_text(text), 0)]


def data_table(headers: list[str], rows: list[list], fractions: list[float], width: float, *,
               numeric: tuple[int, ...] = (), total_rows: int = 0, header_style: str = "head",
               cell_style: str = "cell") -> Table:
    """A table with a repeated blue header row; cells are cell() values (strings, lists or
    ready flowables), `numeric` columns right-aligned. Rows may split across pages; a short
    table moves whole to the next page instead."""
    widths = [f * width for f in fractions]
    rooms = [w - 2 * CELL_PADDING for w in widths]
    head = [cell(h, "head_right" if i in numeric else header_style, rooms[i])
            for i, h in enumerate(headers)]
    body = []
    for row in rows:
        out = []
        for i, value in enumerate(row):
            if isinstance(value, str) or value is None or (
                    isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value)):
                bold = total_rows and len(body) >= len(rows) - total_rows
                style = ("cell_right" if i in numeric else cell_style) + ("_bold" * bold)
                value = cell(value, style.replace("cell_bold_bold", "cell_bold"), rooms[i])
            out.append(value)
        body.append(out)
    table = Table([head, *body], colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(table_style(1, total_rows=total_rows, numeric=numeric)))
    return KeepTogether([table]) if len(rows) <= KEEP_ROWS else table


def summary_table(rows: list[tuple[str, object]], width: float) -> Table:
    """The (label, value) rows of a step summary as a two-column table without header."""
    widths = [0.34 * width, 0.66 * width]
    data = [[cell(label, "cell_bold", widths[0] - 2 * CELL_PADDING),
             cell(value, "cell", widths[1] - 2 * CELL_PADDING)] for label, value in rows]
    table = Table(data or [["", ""]], colWidths=widths, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(table_style(0, bold_columns=(0,))))
    return table


def fr_time(hhmm: str) -> str:
    """« 14:00 » → « 14 h », « 18:30 » → « 18 h 30 »."""
    hours, _, minutes = str(hhmm).partition(":")
    if not hours.isdigit():
        return str(hhmm)
    return f"{int(hours)}\u00a0h" + (f"\u00a0{minutes}" if minutes not in ("", "00") else "")


def slot_label(slot: dict, with_mediators: bool = True) -> str:
    """« Vendredi 18 h – 23 h (2 médiateurs) »."""
    text = f"{v.label('days', slot.get('day'))} {fr_time(slot.get('start'))} – " \
           f"{fr_time(slot.get('end'))}"
    count = slot.get("mediators")
    if with_mediators and isinstance(count, int):
        text += f" ({count} médiateur{'s' if count > 1 else ''})"
    return text


def period(doc: dict) -> str | None:
    """« du 1 janvier 2027 au 31 décembre 2029 » from start_date and years."""
    start, years = doc.get("start_date"), doc.get("years")
    if not start:
        return f"{years} an{'s' if years and years > 1 else ''}" if years else None
    first = date.fromisoformat(start)
    try:
        last = first.replace(year=first.year + (years or 1)) - timedelta(days=1)
    except ValueError:  # 29 February
        last = first.replace(year=first.year + (years or 1), day=28)
    return f"du {long_date(first)} au {long_date(last)}"


def section_cover(ctx: Context) -> list:
    """The first page: kicker, title, the dossier's identity card and the audience."""
    s, inp, doc = stylesheet(), ctx.inp, ctx.doc
    holder = doc.get("holder") or {}
    rows = [
        ("Commune", inp.commune_name),
        ("Porteur du projet", holder.get("name")),
        ("Période", period(doc)),
        ("État du dossier", inp.state_label),
        ("Version", str(inp.version)),
        ("Document généré le", long_date(inp.generated_at)),
    ]
    if inp.dossier_id is not None:
        rows.insert(0, ("Référence", f"Dossier n° {inp.dossier_id}"))
    return [
        Spacer(1, 38 * mm),
        Paragraph("DEMANDE DE SUBVENTION — MÉDIATION SOCIALE", s["cover_kicker"]),
        Spacer(1, 6),
        p(doc.get("title") or "Dossier sans titre", "cover_title"),
        Spacer(1, 10),
        summary_table(rows, ctx.width),
        Spacer(1, 14),
        p(f"Exemplaire destiné à {AUDIENCE_LABELS[ctx.audience]}.", "note"),
        p("Fonds interministériel de prévention de la délinquance (FIPD) — budget présenté "
          "selon le cerfa n° 12156*06.", "note"),
    ]


def section_places(ctx: Context) -> list:
    """The diagnosed places with their need windows, and the problems observed."""
    diagnosis = ctx.doc.get("diagnosis") or {}
    out = []
    problems = diagnosis.get("problems") or []
    if problems:
        out += heading(ctx, "problemes", "Problèmes constatés", 1)
        out.append(data_table(
            ["Problème", "Gravité", "Constats", "Source"],
            [[v.label("problem_kinds", x.get("kind")), v.label("severities", x.get("severity")),
              x.get("evidence"), x.get("source")] for x in problems],
            [0.25, 0.12, 0.40, 0.23], ctx.width))
    places = diagnosis.get("places") or []
    if places:
        out += heading(ctx, "lieux", "Lieux d'intervention et besoins de présence", 1)
        out.append(data_table(
            ["Lieu", "Type", "QPV", "Priorité", "Besoins de présence"],
            [[x.get("name"), v.label("place_kinds", x.get("kind")),
              "Oui" if x.get("qpv") else "Non", str(x.get("priority") or "—"),
              [slot_label(n, False) for n in x.get("need_slots") or []] or None]
             for x in places],
            [0.27, 0.19, 0.07, 0.11, 0.36], ctx.width))
    return out


def section_partners(ctx: Context) -> list:
    """The partners: name (and contribution in kind), category, roles, agreement."""
    partners = ctx.doc.get("partners") or []
    if not partners:
        return []
    rows = []
    for x in partners:
        name = [p(x.get("name") or "", "cell")]
        if x.get("contribution_in_kind"):
            name.append(p(f"En nature : {x['contribution_in_kind']}", "small"))
        rows.append([name, v.label("partner_categories", x.get("category")),
                     [v.label("partner_roles", r) for r in x.get("roles") or []] or None,
                     v.label("agreements", x.get("agreement")) if x.get("agreement") else None])
    return [*heading(ctx, "tableau-partenaires", "Tableau des partenaires", 1),
            data_table(["Partenaire", "Catégorie", "Rôles", "Convention"], rows,
                       [0.34, 0.22, 0.24, 0.20], ctx.width)]


def round_hours(ctx: Context) -> dict[str, str]:
    """Weekly mediator-hours of each round, from the costing module."""
    if ctx.costing_input is None:
        return {}
    from wizard.costing import weekly_hours

    p_ = ctx.costing_input.parameters
    return {r.name: nbsp(number(weekly_hours(r.slots, p_.night_start, p_.night_end).presence, 1))
            for r in ctx.costing_input.intervention.rounds}


def section_rounds(ctx: Context) -> list:
    """Rounds with their places and slots, reinforcements, the week heat map."""
    iv = ctx.doc.get("intervention") or {}
    out = []
    rounds = iv.get("rounds") or []
    if rounds:
        hours = round_hours(ctx)
        out += heading(ctx, "tournees", "Tournées et créneaux hebdomadaires", 1)
        out.append(data_table(
            ["Tournée", "Lieux desservis", "Créneaux", "Heures de présence par semaine"],
            [[x.get("name"), x.get("places") or None,
              [slot_label(sl) for sl in x.get("slots") or []] or None,
              hours.get(x.get("name"), "—")] for x in rounds],
            [0.2, 0.26, 0.38, 0.16], ctx.width, numeric=(3,)))
    extra = iv.get("reinforcements") or []
    if extra:
        out += heading(ctx, "renforts", "Renforts saisonniers", 1)
        out.append(data_table(
            ["Renfort", "Semaines par an", "Créneaux"],
            [[x.get("label"), str(x.get("weeks", "—")),
              [slot_label(sl) for sl in x.get("slots") or []] or None] for x in extra],
            [0.3, 0.18, 0.52], ctx.width, numeric=(1,)))
    # heading, legend and map stay on one page
    out.append(KeepTogether([
        *heading(ctx, "couverture", "Couverture de la semaine", 1),
        p("Nombre de médiateurs présents chaque heure selon les tournées de base "
          "(hors renforts saisonniers) ; les heures où le diagnostic identifie un besoin "
          "sont encadrées en rouge.", "note"),
        CoverageHeatMap(week_grid(ctx.doc)),
    ]))
    return out


def section_indicators(ctx: Context) -> list:
    """The evaluation indicators as one table."""
    indicators = (ctx.doc.get("evaluation") or {}).get("indicators") or []
    if not indicators:
        return []
    return [*heading(ctx, "tableau-indicateurs", "Tableau des indicateurs", 1),
            data_table(["Indicateur", "Type", "Situation de départ", "Cible", "Source",
                        "Fréquence"],
                       [[x.get("name"), v.label("indicator_kinds", x.get("kind")),
                         x.get("baseline"), x.get("target"), x.get("source"),
                         v.label("frequencies", x.get("frequency"))] for x in indicators],
                       [0.24, 0.12, 0.16, 0.16, 0.17, 0.15], ctx.width)]


def section_notes(ctx: Context, notes) -> list:
    """The adviser's private notes, strings or Notes (adviser copy only; the caller checks
    the audience)."""
    out = heading(ctx, "notes", "Notes internes de la mission régionale")
    out.append(p("Ces notes ne figurent que dans l'exemplaire de relecture : elles ne sont "
                 "transmises ni au porteur ni à la préfecture.", "note"))
    for note in notes:
        if isinstance(note, str):
            note = Note(note)
        meta = " — ".join(x for x in (note.about, note.author, long_date(note.at)) if x)
        if meta:
            out.append(p(meta, "h3"))
        out.append(p(note.text))
    return out
