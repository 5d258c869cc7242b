"""The non-budget sections of the dossier PDF: cover, places, partners, rounds, indicators,
the adviser's notes. Each builder takes the shared Context and returns flowables."""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from wizard.costing.coverage import week_grid
from wizard.document import vocabulary as v
from wizard.formats import long_date, number
from wizard.pdf.cells import NOTE_LINES, PARTNER_LINES, clipped, nbsp, p, text_lines
from wizard.pdf.context import AUDIENCE_LABELS, Context, Note
from wizard.pdf.escape import one_line
from wizard.pdf.flowables import CoverageHeatMap
from wizard.pdf.styles import CELL_PADDING, stylesheet
from wizard.pdf.tables import data_table, heading, summary_table


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
        ("Document généré le", long_date(inp.generated_at)),
    ]
    if inp.dossier_id is not None:
        rows.insert(0, ("Référence", f"Dossier n° {inp.dossier_id}"))
    return [
        Spacer(1, 38 * mm),
        Paragraph("DEMANDE DE SUBVENTION — MÉDIATION SOCIALE", s["cover_kicker"]),
        Spacer(1, 6),
        p(one_line(doc.get("title") or "Dossier sans titre"), "cover_title"),
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
    rows, room = [], 0.34 * ctx.width - 2 * CELL_PADDING
    for x in partners:
        # the name, and the contribution in kind in small type, PARTNER_LINES lines each
        name = [text_lines(x.get("name") or "", "cell", room, PARTNER_LINES)]
        if x.get("contribution_in_kind"):
            name.append(text_lines(f"En nature : {x['contribution_in_kind']}", "small", room,
                                   PARTNER_LINES))
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
    if ctx.round_hours is None:  # computed once: the rounds table and the fiche need it
        from wizard.costing import weekly_hours

        p_ = ctx.costing_input.parameters
        ctx.round_hours = {
            r.name: nbsp(number(weekly_hours(r.slots, p_.night_start, p_.night_end).presence, 1))
            for r in ctx.costing_input.intervention.rounds}
    return ctx.round_hours


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
            out.append(p(one_line(meta), "h3"))
        out.append(p(clipped(note.text, NOTE_LINES, ctx.width, "body"), "body"))
    return out
