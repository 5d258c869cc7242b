"""The dashboard's columns read beside the dossiers (screen and CSV): the amount granted
(the decisions summed over schemes and years) and the year-end report most urgent
(`review.report_calendar`), each in one statement for the whole page or export, and the
dossiers of the filter « Comptes rendus en retard ou attendus »."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from wizard.db import db
from wizard.models import Decision, Dossier
from wizard.review.report_calendar import Calendar, calendars


def granted_totals(ids) -> dict[int, Decimal]:
    """The amount granted per dossier of `ids` (a list or a SELECT of ids), refusals
    counting nothing; a dossier without decision is absent (one statement)."""
    rows = db.session.execute(
        select(Decision.dossier_id, func.coalesce(func.sum(Decision.granted), 0))
        .where(Decision.dossier_id.in_(ids)).group_by(Decision.dossier_id))
    return {dossier_id: Decimal(total) for dossier_id, total in rows}


def report_calendars(ids, today: date) -> dict[int, Calendar]:
    """The reports' calendar of each decided or agreed dossier of `ids` (one statement)."""
    return calendars(today, Dossier.id.in_(ids))


def needing_attention(today: date) -> list[int]:
    """The decided or agreed dossiers with a report late or expected (one statement over
    those dossiers, without their documents: the calendar is computed here, not in SQL)."""
    return sorted(id_ for id_, cal in calendars(today).items() if cal.needs_attention)
