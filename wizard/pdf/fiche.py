"""The fiche-action page: the dossier in the nine columns of the CLSPD action sheet
(the CLSPD fiche-action: Action, Objectifs de cette action, Public, Repérage, Moyens – outils,
Partenaires physiques et financiers, Évaluation, Difficultés identifiées dans la mise en
œuvre de l'action, Suggestions), on a landscape page."""

from __future__ import annotations

from itertools import zip_longest

from reportlab.platypus import Paragraph, Table, TableStyle

from wizard.document import vocabulary as v
from wizard.formats import number
from wizard.pdf.cells import abridge, line_count, nbsp, p, per_line, pieces
from wizard.pdf.cells import chunks as cut_chunks
from wizard.pdf.context import Context
from wizard.pdf.escape import para_text
from wizard.pdf.sections import round_hours
from wizard.pdf.styles import BLUE_FRANCE, GREY_RULE, stylesheet
from wizard.pdf.tables import heading

CHUNK = 400  # longest piece of text in one paragraph
# A column shows about FICHE_LINES lines at most (two landscape pages; the sections before
# have the details), in paragraphs of PIECE_LINES lines at most, BLOCK_LINES in one table
# row (the rest goes to the next rows).
FICHE_LINES = 100
PIECE_LINES = 12
BLOCK_LINES = 30
COLUMNS = (
    ("Action", 0.11),
    ("Objectifs de cette action", 0.11),
    ("Public", 0.09),
    ("Repérage", 0.13),
    ("Moyens – outils", 0.13),
    ("Partenaires physiques et financiers", 0.12),
    ("Évaluation", 0.11),
    ("Difficultés identifiées dans la mise en œuvre de l'action", 0.10),
    ("Suggestions", 0.10),
)


def _labels(list_name: str, codes) -> list[str]:
    return [v.label(list_name, c) for c in codes or []]


def _place(place: dict) -> str:
    kind = v.label("place_kinds", place.get("kind")).lower() if place.get("kind") else ""
    details = ", ".join(x for x in (kind, "QPV" if place.get("qpv") else "") if x)
    return f"{place.get('name', '')}" + (f" ({details})" if details else "")


def _means(ctx: Context) -> list[str]:
    iv = ctx.doc.get("intervention") or {}
    out = []
    hours = round_hours(ctx)
    for round_ in iv.get("rounds") or []:
        count = len(round_.get("slots") or [])
        weekly = hours.get(round_.get("name"))
        out.append(f"Tournée « {round_.get('name', '')} » : {count} créneau"
                   f"{'x' if count > 1 else ''} par semaine"
                   + (f", {weekly} h de présence" if weekly else ""))
    for extra in iv.get("reinforcements") or []:
        out.append(f"Renfort « {extra.get('label', '')} » : {extra.get('weeks', '?')} semaines")
    result = ctx.costing
    if result is not None:
        out.append(f"{nbsp(number(result.mediator_fte))} ETP de médiateurs "
                   f"({result.mediator_headcount} postes)")
        out.append(f"Encadrement : {nbsp(number(result.team_leader_fte))} ETP de coordinateur")
    if iv.get("employer"):
        out.append(f"Employeur : {v.label('employers', iv['employer'])}")
    quals = _labels("qualifications", iv.get("qualification"))
    if quals:
        out.append("Profil des médiateurs : " + " ; ".join(quals))
    if iv.get("vehicles"):
        out.append(f"Véhicules : {iv['vehicles']}")
    return out


def _partners(ctx: Context) -> list[str]:
    doc = ctx.doc
    out = [x.get("name", "") for x in doc.get("partners") or []]
    funding = doc.get("funding") or {}
    funders = [funder.get("name", "") for funder in funding.get("funders") or []]
    posts = funding.get("adultes_relais_posts")
    if posts:
        funders.append(f"État ({posts} poste{'s' if posts > 1 else ''} d'adultes-relais)")
    funders.append(f"commune de {ctx.inp.commune_name}")
    out.append("Financeurs : " + ", ".join(funders))
    steering = (doc.get("governance") or {}).get("steering_body")
    if steering:
        out.append(f"Pilotage : {steering}")
    return out


def _indicators(doc: dict) -> list[str]:
    out = []
    for x in (doc.get("evaluation") or {}).get("indicators") or []:
        parts = [x.get("name", "")]
        if x.get("target"):
            parts.append(f"cible : {x['target']}")
        if x.get("frequency"):
            parts.append(v.label("frequencies", x["frequency"]).lower())
        out.append(" — ".join(parts))
    return out


def fiche_columns(ctx: Context) -> list[list[str]]:
    """The nine columns' contents, each a list of texts (empty when nothing is entered)."""
    doc = ctx.doc
    diagnosis, objectives = doc.get("diagnosis") or {}, doc.get("objectives") or {}
    evaluation = doc.get("evaluation") or {}
    missions = _labels("missions", objectives.get("missions"))
    problems = [f"{v.label('problem_kinds', x.get('kind'))}"
                + (f" ({v.label('severities', x['severity']).lower()})"
                   if x.get("severity") else "") for x in diagnosis.get("problems") or []]
    domains = _labels("domains", objectives.get("domains"))
    return [
        [doc.get("title") or "", *(f"Mission : {m}" for m in missions)],
        [*(objectives.get("specific") or []),
         *([f"Domaines : {', '.join(domains)}"] if domains else [])],
        _labels("target_groups", diagnosis.get("target_groups")),
        [*(_place(x) for x in diagnosis.get("places") or []), *problems],
        _means(ctx),
        _partners(ctx),
        _indicators(doc),
        [evaluation["difficulties"]] if evaluation.get("difficulties") else [],
        [evaluation["suggestions"]] if evaluation.get("suggestions") else [],
    ]


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """`text` cut into pieces of at most `size` characters, at a space when there is one."""
    return cut_chunks(text, size)


def _blocks(texts: list[str], width: int) -> list[list[str]]:
    """A column's texts (lines of `width` characters) abridged to FICHE_LINES lines, as
    pieces of at most PIECE_LINES lines grouped into blocks of at most BLOCK_LINES lines."""
    shown, mention = abridge(texts, FICHE_LINES, width)
    bullet = "• " if len(texts) > 1 else ""
    shown = [bullet + text for text in shown] + ([mention] if mention else [])
    blocks, used = [[]], 0
    for piece in (piece for t in shown for piece in pieces(t, PIECE_LINES, width)):
        count = line_count(piece, width)
        if used + count > BLOCK_LINES and blocks[-1]:
            blocks.append([])
            used = 0
        blocks[-1].append(piece)
        used += count
    return blocks if blocks[0] else [["—"]]


def section_fiche(ctx: Context) -> list:
    """The fiche-action heading, its context line and the nine-column table on the full
    width of the landscape frame. A usual dossier fills one row; a column longer than
    BLOCK_LINES lines continues in the next rows (no rule between them, so it still reads
    as one row), which keeps page splits cheap; the header repeats on each page."""
    s = stylesheet()
    territory = ctx.doc.get("territory") or {}
    council = territory.get("prevention_council")
    out = heading(ctx, "fiche-action", "Fiche-action (format CLSPD)")
    council = v.label("prevention_councils", council) if council else ctx.empty.lower()
    out.append(p("Thématique : prévention de la délinquance — médiation sociale dans les "
                 "espaces publics." + (f" Instance : {council}." if council else ""), "note"))
    head = [Paragraph(para_text(title), s["fiche_head"]) for title, _ in COLUMNS]
    size = s["fiche"].fontSize
    columns = [_blocks(texts, per_line(share * ctx.wide_width - 6, size))
               for texts, (_, share) in zip(fiche_columns(ctx), COLUMNS)]
    rows = [[[Paragraph(para_text(piece), s["fiche"]) for piece in block or ()]
             for block in row] for row in zip_longest(*columns)]
    table = Table([head, *rows], colWidths=[share * ctx.wide_width for _, share in COLUMNS],
                  repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), BLUE_FRANCE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 1), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 1),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
        ("LINEAFTER", (0, 0), (-2, -1), 0.4, GREY_RULE),
        ("BOX", (0, 0), (-1, -1), 0.4, GREY_RULE),
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.4, GREY_RULE),
    ]))
    out.append(table)
    return out
