"""Weekly schedules as people type them: one row = a time range and the days it applies to
(« du mardi au samedi, 16:00–23:00, 2 médiateurs »).

The document keeps one slot per day (`diagnosis.places[].need_slots`, `rounds[].slots`,
`reinforcements[].slots`, see docs/dossier-format.md); the editor groups the stored slots
into rows on load (`rows_of`) and expands each row into one slot per checked day on save
(`slots_of`), keeping the saved order of the slots that did not change, so that saving an
unchanged page gives back the very same document, whatever the slots.
"""

import re

from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import ValidationError

from wizard.costing.model import DAY_LABELS, DAYS
from wizard.forms import MultiCheckboxField, SubForm, choices, clean, optional, time_of_day
from wizard.forms.numbers import WholeNumberField, between

SAME_TIMES = ("L'heure de fin doit différer de l'heure de début ; un horaire qui passe minuit "
              "finit le lendemain, ex. 22:00–02:00.")
NO_DAY = "Cochez au moins un jour."
NO_START = "Indiquez l'heure de début."
NO_END = "Indiquez l'heure de fin."
NO_MEDIATORS = "Indiquez le nombre de médiateurs présents."


def hhmm(value):
    """« 9:30 », « 18h30 », « 18 h » → « 09:30 », « 18:30 », « 18:00 »; anything else as is."""
    if not isinstance(value, str):
        return value
    match = re.fullmatch(r"\s*(\d{1,2})\s*[:hH]\s*(\d{2})?\s*", value)
    if not match:
        return value.strip()
    return f"{int(match[1]):02d}:{match[2] or '00'}"


def _day_choices():
    """« lun » … « dim » on screen, the whole day name for screen readers."""
    markup = Markup('<span aria-hidden="true">{}</span><span class="fr-sr-only">{}</span>')
    return choices({code: markup.format(DAY_LABELS[code][:3], DAY_LABELS[code])
                    for code in DAYS})


def _time(label: str, what: str, description: str) -> StringField:
    def check(form, field):
        try:
            time_of_day(form, field)
        except ValidationError as exc:
            raise ValidationError(f"L'heure {what} est invalide : format attendu HH:MM "
                                  "(par exemple 18:30).") from exc

    return StringField(label, [optional(), check], filters=[hhmm], description=description,
                       render_kw={"type": "time"})


class ScheduleRowForm(SubForm):
    """A time range and the days it applies to; an end at or before the start means the
    next day. Error messages are written to be read after the row's name in the error
    summary (« Lieu 1, horaire 2 : l'heure de fin… », wizard.forms.render)."""

    ROW_TITLE = "Horaire"
    NAMES_ERRORS = True
    KEYS = ("start", "end")

    days = MultiCheckboxField("Jours", choices=_day_choices(), render_kw={"inline": True})
    start = _time("Début", "de début", "HH:MM, ex. 16:00.")
    end = _time("Fin", "de fin", "Avant le début : l'horaire finit le lendemain.")

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        """Also read a pending input kept before rows existed (one `day` per slot, e.g.
        « rounds-0-slots-1-day »), so that nothing typed then is lost."""
        legacy = f"{self._prefix}day"
        if (formdata is not None and legacy in formdata and f"{self._prefix}days" not in formdata
                and any(clean(formdata.get(f"{self._prefix}{k}")) for k in ("start", "end"))):
            formdata = MultiDict(formdata)
            formdata.setlist(f"{self._prefix}days", formdata.getlist(legacy))
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)

    def is_blank(self) -> bool:
        return not (self.days.data or clean(self.start.data) or clean(self.end.data))

    def validate(self, extra_validators=None):
        """Types first; then a row begun needs its days and both times, which must differ
        (else it is not saved: it stays in the pending input with its errors)."""
        valid = super().validate(extra_validators)
        if self.is_blank():
            return valid
        for f, message in ((self.days, NO_DAY), (self.start, NO_START), (self.end, NO_END)):
            if not (f.data if f is self.days else clean(f.data)) and not f.errors:
                f.errors.append(message)
        if not (self.start.errors or self.end.errors) and self.start.data == self.end.data:
            self.end.errors.append(SAME_TIMES)
        return valid and not any(self[k].errors for k in ("days", *self.KEYS))

    def slots(self) -> list[dict]:
        """One document slot per checked day, in week order; [] for a blank or invalid row."""
        if self.is_blank() or any(f.errors for f in self):
            return []
        days = [d for d in DAYS if d in (self.days.data or [])]
        return [{"day": day, **{k: self._value(k) for k in self.KEYS}} for day in days]

    def _value(self, key):
        return clean(self[key].data) if key in ("start", "end") else self[key].data


class SlotRowForm(ScheduleRowForm):
    """A row of a round or a reinforcement: the same, with the mediators present."""

    KEYS = ("start", "end", "mediators")

    mediators = WholeNumberField(
        "Médiateurs présents", [optional(), between(1, 20, "Entre 1 et 20 médiateurs.")],
        default=2, render_kw={"inputmode": "numeric"},
        description="2 pour un binôme, 4 pour deux binômes, 1 pour une permanence.")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.is_blank() and self.mediators.data is None and not self.mediators.errors:
            self.mediators.errors.append(NO_MEDIATORS)
        return valid and not self.mediators.errors


def rows_of(slots, keys=("start", "end")) -> list[dict]:
    """The document's `slots` as form rows: one row per identical `keys` values (start, end
    and, for rounds, mediators), in the order of their first slot, its days in week order; a
    day that comes twice with the same hours goes to another row (a row checks a day once)."""
    rows: list[tuple[tuple, list]] = []
    for slot in slots or []:
        if not isinstance(slot, dict):
            continue
        key = tuple(slot.get(k) for k in keys)
        row = next((days for k, days in rows if k == key and slot.get("day") not in days), None)
        if row is None:
            rows.append((key, row := []))
        row.append(slot.get("day"))
    order = {day: i for i, day in enumerate(DAYS)}
    return [{"days": sorted(days, key=lambda d: order.get(d, len(DAYS))), **dict(zip(keys, key))}
            for key, days in rows]


def days_text(days) -> str:
    """« Vendredi », « Vendredi et samedi », « Lundi, mercredi et vendredi », « Du mardi au
    samedi » (three days or more in a row), « Tous les jours »."""
    order = [d for d in DAYS if d in set(days)]
    names = [DAY_LABELS[d] for d in order]
    if not names:
        return ""
    positions = [DAYS.index(d) for d in order]
    if len(names) == len(DAYS):
        text = "tous les jours"
    elif len(names) >= 3 and positions[-1] - positions[0] == len(names) - 1:
        text = f"du {names[0]} au {names[-1]}"
    else:
        text = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"
    return text[0].upper() + text[1:]


def schedule_lines(slots, mediators: bool = False, clock=None) -> list[str]:
    """The slots as the editor's rows, one line each, for the recap and the PDF: « Du mardi
    au samedi 16:00–23:00 — 2 médiateurs », « Samedi 22:00–02:00 (fin le lendemain) ».
    `clock` writes a time another way (the PDF's « 16 h », then « 16 h – 23 h »)."""
    lines = []
    for row in rows_of(slots, ("start", "end", "mediators") if mediators else ("start", "end")):
        start, end = row.get("start") or "", row.get("end") or ""
        hours = f"{clock(start)} – {clock(end)}" if clock else f"{start}–{end}"
        text = f"{days_text(row['days'])} {hours}"
        if end <= start:
            text += " (fin le lendemain)"
        n = row.get("mediators")
        if mediators and isinstance(n, int):
            text += f" — {n} médiateur{'s' if n != 1 else ''}"
        lines.append(text)
    return lines


def slots_of(fieldlist, saved=None) -> list[dict]:
    """The slots of the rows of `fieldlist` (valid rows only), those already in `saved`
    first in their saved order, then the new ones in the page's order."""
    new = [slot for entry in fieldlist.entries for slot in entry.form.slots()]
    kept = []
    for slot in saved if isinstance(saved, list) else []:
        if slot in new:
            new.remove(slot)
            kept.append(slot)
    return kept + new


def check_bound(fieldlist) -> bool:
    """Refuse the rows that would take the list past its schema bound (`fieldlist.limit`
    slots, one per checked day), with a message at the row; False when one was refused."""
    total, fits = 0, True
    for entry in fieldlist.entries:
        row = entry.form
        count = len(row.slots())
        if not count:
            continue
        if total + count > fieldlist.limit:
            row.days.errors.append(
                f"{fieldlist.limit} créneaux au maximum (un par jour coché) : les horaires "
                f"précédents en comptent {total}, celui-ci en ajouterait {count}. Décochez "
                "des jours ou retirez un horaire.")
            fits = False
        else:
            total += count
    if not fits:  # FieldList collected its entries' errors before: refresh them
        fieldlist.errors = [e.errors for e in fieldlist.entries]
    return fits


def saved_item(items, key: str, value, index: int) -> dict:
    """The saved item whose `key` is `value`, else the one at `index`, else {} (where the
    saved slots of a row list are read from, to keep their order)."""
    items = [x for x in items if isinstance(x, dict)] if isinstance(items, list) else []
    found = next((x for x in items if x.get(key) == value), None)
    if found is None and index < len(items):
        found = items[index]
    return found or {}
