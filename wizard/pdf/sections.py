"""The detailed tables of the dossier PDF (problems and places, partners, rounds and
reinforcements with the week's coverage, indicators) and the adviser's notes. Each builder
takes the shared Context and returns flowables; an empty cell reads `ctx.empty`."""

from __future__ import annotations

from reportlab.platypus import KeepTogether

from wizard.costing.coverage import week_grid
from wizard.document import vocabulary as v
from wizard.formats import hour, long_date, number
from wizard.pdf.cells import NOTE_LINES, PARTNER_LINES, clipped, nbsp, p, text_lines
from wizard.pdf.context import Context, Note
from wizard.pdf.escape import one_line
from wizard.pdf.flowables import CoverageHeatMap
from wizard.pdf.styles import CELL_PADDING
from wizard.pdf.tables import column_shares, data_table, heading
from wizard.steps.schedule import schedule_lines


def fr_time(hhmm: str) -> str:
    """« 14:00 » → « 14 h », « 18:30 » → « 18 h 30 », never broken across lines."""
    return hour(hhmm).replace(" ", "\u00a0")


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
            [0.25, 0.12, 0.40, 0.23], ctx.width, empty=ctx.empty))
    places = diagnosis.get("places") or []
    if places:
        out += heading(ctx, "lieux", "Lieux d'intervention et besoins de présence", 1)
        out.append(data_table(
            ["Lieu", "Type", "QPV", "Priorité", "Besoins de présence"],
            [[x.get("name"), v.label("place_kinds", x.get("kind")),
              "Oui" if x.get("qpv") else "Non", str(x.get("priority") or "—"),
              schedule_lines(x.get("need_slots"), clock=fr_time) or None]
             for x in places],
            [0.27, 0.19, 0.07, 0.11, 0.36], ctx.width, empty=ctx.empty))
    return out


def section_partners(ctx: Context) -> list:
    """The partners as one table: name (with the contact and the contribution in kind in
    small type), category, roles, agreement."""
    partners = ctx.doc.get("partners") or []
    if not partners:
        return []
    rows, room = [], 0.34 * ctx.width - 2 * CELL_PADDING
    for x in partners:
        # the name, then the contact and the contribution in kind, PARTNER_LINES lines each
        name = [text_lines(x.get("name") or "", "cell", room, PARTNER_LINES)]
        for label, key in (("Contact", "contact"), ("En nature", "contribution_in_kind")):
            if x.get(key):
                name.append(text_lines(f"{label} : {x[key]}", "small", room, PARTNER_LINES))
        rows.append([name, v.label("partner_categories", x.get("category")),
                     [v.label("partner_roles", r) for r in x.get("roles") or []] or None,
                     v.label("agreements", x.get("agreement")) if x.get("agreement") else None])
    return [data_table(["Partenaire", "Catégorie", "Rôles", "Convention"], rows,
                       [0.34, 0.22, 0.24, 0.20], ctx.width, empty=ctx.empty)]


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
              schedule_lines(x.get("slots"), True, fr_time) or None,
              hours.get(x.get("name"), "—")] for x in rounds],
            [0.2, 0.26, 0.38, 0.16], ctx.width, numeric=(3,), empty=ctx.empty))
    extra = iv.get("reinforcements") or []
    if extra:
        out += heading(ctx, "renforts", "Renforts saisonniers", 1)
        out.append(data_table(
            ["Renfort", "Semaines par an", "Créneaux"],
            [[x.get("label"), str(x.get("weeks", "—")),
              schedule_lines(x.get("slots"), True, fr_time) or None] for x in extra],
            [0.3, 0.18, 0.52], ctx.width, numeric=(1,), empty=ctx.empty))
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
    """The evaluation indicators as one table, its columns as wide as their words need."""
    indicators = (ctx.doc.get("evaluation") or {}).get("indicators") or []
    if not indicators:
        return []
    headers = ["Indicateur", "Type", "Situation de départ", "Cible", "Source", "Fréquence"]
    rows = [[x.get("name"), v.label("indicator_kinds", x.get("kind")) if x.get("kind") else None,
             x.get("baseline"), x.get("target"), x.get("source"),
             v.label("frequencies", x.get("frequency")) if x.get("frequency") else None]
            for x in indicators]
    return [data_table(headers, rows, column_shares(headers, rows, ctx.width), ctx.width,
                       empty=ctx.empty)]


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
