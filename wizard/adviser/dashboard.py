"""The advisers' dashboard: filtered, sorted, paginated list of submitted dossiers (the CSV
export of the same list is `export.py`).

Drafts (never submitted) are never listed. Every filter comes from one GET form; a filter
whose value is invalid gets a French message at its field and is simply not applied, so
the page always answers 200. Whatever the number of dossiers, a page costs the same two
statements: counts and totals per state (read from the precomputed `dossier_totals` when
only état and département filter, else one GROUP BY over the filtered dossiers), and the
page itself (LIMIT/OFFSET on a deterministic order, the commune loaded in the same query);
then one statement each for their granted amounts and their
year-end reports (`columns.py`). The filter « Comptes rendus en retard ou attendus » costs
one more statement (the decided dossiers' calendars, `columns.needing_attention`).
"""

import re
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from flask import current_app, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, defer
from wtforms import BooleanField, DateField, Form, SelectField, StringField
from wtforms.validators import ValidationError

from wizard.adviser.columns import granted_totals, needing_attention, report_calendars
from wizard.db import db
from wizard.formats import TIMEZONE, paris_today
from wizard.forms import choices, optional
from wizard.forms.limits import title_text
from wizard.models import Commune, Dossier, DossierState, DossierTotals
from wizard.reference.communes import search_key
from wizard.steps.budget_notes import SHORT

PER_PAGE = 50
LISTED_STATES = [s for s in DossierState if s is not DossierState.DRAFT]
DEPARTMENT_RE = re.compile(r"^(\d{2}|2[AB]|97\d|98\d)$")
INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
# filters that `dossier_totals` (keyed by state and department) cannot apply
TOTALS_BLIND = ("commune", "du", "au", "recherche", "alertes", "comptes_rendus")
SORTS = {  # slug: (label, column, natural direction)
    "mis_a_jour": ("Date de mise à jour", Dossier.updated_at, "desc"),
    "titre": ("Titre", Dossier.title, "asc"),
    "commune": ("Commune", Commune.search_name, "asc"),
    "departement": ("Département", Dossier.department, "asc"),
    "cout": ("Coût total", Dossier.total_cost, "desc"),
    # the slugs sort as their labels do (à compléter, classé…, déposé…): indexed column
    "etat": ("État", Dossier.state, "asc"),
}


class FilterForm(Form):
    """The GET filter form (no CSRF: it changes nothing), French messages."""

    class Meta:
        locales = ("fr_FR", "fr")
        csrf = False

    etat = SelectField(
        "État", default="", choices=choices({s.value: s.label for s in LISTED_STATES}, "Tous")
    )
    departement = StringField(
        "Département", [optional()], description="Par exemple 59, 2A ou 974."
    )
    commune = StringField(
        "Commune", [optional(), title_text()], description="Début du nom ou code INSEE."
    )
    du = DateField("Mis à jour du", [optional()])
    au = DateField("au", [optional()])
    recherche = StringField(
        "Recherche dans le titre", [optional(), title_text()]
    )
    alertes = BooleanField(
        "Avec alerte(s)", description="Dossiers dont le chiffrage signale au moins une alerte "
        "(pic de présence, part en QPV, aide plafonnée…).")
    comptes_rendus = BooleanField(
        "Comptes rendus en retard ou attendus", description="Dossiers financés dont le compte "
        "rendu d'une année est attendu, ou non déposé six mois après la fin de l'année.")
    tri = SelectField(
        "Trier par", default="mis_a_jour", choices=choices({k: v[0] for k, v in SORTS.items()})
    )
    ordre = SelectField(
        "Ordre", default="",
        choices=choices({"asc": "Croissant", "desc": "Décroissant"}, "Par défaut"),
    )

    def validate_departement(self, field):
        if field.data and not DEPARTMENT_RE.match(field.data.strip().upper()):
            raise ValidationError(
                "Saisissez un département de 2 ou 3 caractères, par exemple 59, 2A ou 974."
            )

    def validate_commune(self, field):
        value = (field.data or "").strip()
        if value.isdigit() and len(value) != 5:
            raise ValidationError("Code INSEE invalide : 5 caractères, par exemple 59350.")
        if value and not INSEE_RE.match(value.upper()) and not search_key(value):
            raise ValidationError("Saisissez le début d'un nom de commune ou un code INSEE.")

    def validate_au(self, field):
        if field.data and self.du.data and not self.du.errors and field.data < self.du.data:
            raise ValidationError(
                "La date de fin doit être égale ou postérieure à la date de début."
            )


def _ok(field) -> bool:
    """A field filters only when it has a value and no error."""
    return bool(field.data) and not field.errors


def _start_of_day(day) -> datetime:
    """Midnight, Paris time, of `day`, in UTC (updated_at is stored in UTC)."""
    return datetime.combine(day, time(), tzinfo=TIMEZONE).astimezone(UTC)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def conditions(form: FilterForm, with_state: bool = True) -> list:
    """WHERE clauses for the valid filters; drafts are always excluded."""
    where = [Dossier.state != DossierState.DRAFT]
    if with_state and _ok(form.etat):
        where.append(Dossier.state == form.etat.data)
    if _ok(form.departement):
        where.append(Dossier.department == form.departement.data.strip().upper())
    if _ok(form.commune):
        value = form.commune.data.strip()
        if INSEE_RE.match(value.upper()):
            communes = select(Commune.id).where(Commune.insee_code == value.upper())
        else:
            key = search_key(value)  # [0-9a-z ] only: no LIKE wildcard, last char can step
            communes = select(Commune.id).where(
                # the range lets the B-tree seek (LIKE alone does not under every collation)
                Commune.search_name >= key,
                Commune.search_name < key[:-1] + chr(ord(key[-1]) + 1),
                Commune.search_name.like(key + "%"),
            )
        where.append(Dossier.commune_id.in_(communes))
    if _ok(form.du):
        where.append(Dossier.updated_at >= _start_of_day(form.du.data))
    if _ok(form.au):
        where.append(Dossier.updated_at < _start_of_day(form.au.data + timedelta(days=1)))
    if _ok(form.recherche):
        pattern = "%" + _escape_like(form.recherche.data.strip()) + "%"
        where.append(Dossier.title.ilike(pattern, escape="\\"))
    if _ok(form.alertes):
        where.append(Dossier.warning_codes != "")
    if _ok(form.comptes_rendus):
        if getattr(form, "attention_ids", None) is None:  # once per request
            form.attention_ids = needing_attention(form.today)
        where.append(Dossier.id.in_(form.attention_ids))
    return where


def ordering(form: FilterForm) -> list:
    """ORDER BY: the chosen column, then the id in the same direction (deterministic)."""
    slug = form.tri.data if not form.tri.errors and form.tri.data in SORTS else "mis_a_jour"
    _, column, natural = SORTS[slug]
    direction = form.ordre.data if not form.ordre.errors and form.ordre.data else natural
    if direction == "asc":
        return [column.asc(), Dossier.id.asc()]
    return [column.desc(), Dossier.id.desc()]


def read_filters(args, today=None) -> FilterForm:
    """The filter form bound to the query string and validated (errors stay on the fields);
    `today` (Paris by default) dates the year-end reports."""
    form = FilterForm(args)
    form.validate()
    form.today = today or paris_today()
    return form


def _page_number(args, pages: int) -> int:
    try:
        page = int(args.get("page", 1))
    except (TypeError, ValueError):
        page = 1
    return min(max(page, 1), pages)


def dossier_url(dossier_id: int) -> str:
    """The review page of a dossier (a literal path until the review view exists)."""
    if "adviser.dossier" in current_app.view_functions:
        return url_for("adviser.dossier", dossier_id=dossier_id)
    return f"{request.script_root}/conseiller/dossiers/{dossier_id}"


def dashboard_context(args) -> dict:
    """Everything the dashboard template needs, in two SQL statements.

    One GROUP BY state, of `dossier_totals` or of the filtered dossiers, *without* the état
    filter gives the tiles (counts per state) and, summed over the chosen state(s), the count
    and regional totals; the second statement is the page itself.
    """
    form = read_filters(args)
    if any(_ok(form[name]) for name in TOTALS_BLIND):
        query = select(
            Dossier.state, func.count(Dossier.id), func.sum(Dossier.mediator_fte),
            func.sum(Dossier.total_cost), func.sum(Dossier.commune_share),
        ).where(*conditions(form, with_state=False)).group_by(Dossier.state)
    else:  # only état / département: the precomputed totals, not a sum over every dossier
        department = form.departement.data.strip().upper() if _ok(form.departement) else None
        query = DossierTotals.by_state(department)
    groups = db.session.execute(query).all()
    by_state = {state: count for state, count, *_ in groups}
    chosen = [g for g in groups if not _ok(form.etat) or g[0] == form.etat.data]
    total = sum(g[1] for g in chosen)
    totals = {
        key: sum((g[i] or 0 for g in chosen), Decimal(0))
        for i, key in ((2, "fte"), (3, "cost"), (4, "share"))
    }
    pages = max(1, -(-total // PER_PAGE))
    page = _page_number(args, pages)
    dossiers = db.session.scalars(
        select(Dossier)
        .join(Dossier.commune)
        .options(contains_eager(Dossier.commune), defer(Dossier.document), defer(Dossier.pending))
        .where(*conditions(form))
        .order_by(*ordering(form))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    ids = [d.id for d in dossiers]
    # only the filters travel in links (never url_for's own _external, _scheme… from the URL)
    kept = {name: args[name] for name in form._fields if args.get(name)}
    return {
        "form": form,
        "dossiers": dossiers,
        "total": total,
        "page": page,
        "pages": pages,
        "per_page": PER_PAGE,
        "totals": totals,
        "state_counts": [(s, by_state.get(s.value, 0)) for s in LISTED_STATES],
        "page_url": lambda n: url_for("adviser.index", **kept, page=n),
        "state_url": lambda s: url_for("adviser.index", **{**kept, "etat": s}),
        "export_url": url_for("adviser.export", **kept),
        "dossier_url": dossier_url,
        "warning_labels": warning_labels,
        "granted": granted_totals(ids),  # (both run on an empty page too: a constant cost)
        "reports": report_calendars(ids, form.today),
    }


def warning_labels(codes: str | None) -> list[str]:
    """The short French names of a dossier's stored warning codes (its list column)."""
    return [SHORT.get(code, code) for code in (codes or "").split()]


def render_index():
    """The dashboard page (200 even when some filters are invalid)."""
    return render_template("adviser/index.html", **dashboard_context(request.args))
