"""The document of a renewal: last year's dossier carried over to the next year (pure).

What the renewed project keeps: everything the lead wrote (holder, territory, diagnosis,
objectives, partners, intervention, budget, evaluation), so the next year starts from what
was decided. What changes: `holder.application` becomes `renouvellement`, naming the renewed
dossier in `holder.previous_dossier` ({id, title}), and `start_date` moves one year on (a
29 February becomes the 28th). The scenarios and the pending input are the dossier's, not
the document's: the caller leaves them out.
"""

import copy
from datetime import date

RENEWAL = "renouvellement"  # the `holder.application` code of a renewal (vocabulary.APPLICATIONS)
TITLE_LIMIT = 200  # title_text in the schema


def next_year(day: date) -> date:
    """The same day one year later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def renewal_document(document: dict, previous_id: int, previous_title: str) -> dict:
    """A copy of `document` for the next year's application renewing dossier `previous_id`."""
    doc = copy.deepcopy(document)
    holder = doc.setdefault("holder", {})
    holder["application"] = RENEWAL
    holder["previous_dossier"] = {"id": previous_id, "title": previous_title[:TITLE_LIMIT]}
    start = doc.get("start_date")
    if isinstance(start, str):
        try:
            doc["start_date"] = next_year(date.fromisoformat(start)).isoformat()
        except ValueError:
            pass  # an unreadable date is left for the lead to correct
    return doc
