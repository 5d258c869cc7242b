"""The prevention strategy's pick-list: the axes of the national strategy for the prevention
of delinquency and the year's FIPD priorities, which the advisers maintain.

A dossier stores codes (`territory.strategy.axes`). Entries are never deleted, only
deactivated: a deactivated entry is no longer offered, but a dossier that holds its code
still shows its label. Until the list is saved in the database (`ensure_defaults`, run by
`flask parameters seed`, `flask demo seed` and the advisers' first change), readers get the
built-in list `DEFAULTS` (wizard/reference/strategy_defaults.py).
"""

from collections.abc import Iterable, Mapping

from sqlalchemy import func, select

from wizard.db import db
from wizard.models import StrategyAxis
from wizard.models.audit import record
from wizard.models.strategy import SourceStatus, StrategyKind
from wizard.reference.strategy_defaults import DEFAULTS

CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{1,39}$"
KIND_LABELS = {
    StrategyKind.NATIONAL_AXIS: "Axe de la stratégie nationale",
    StrategyKind.FIPD_PRIORITY: "Priorité FIPD de l'année",
}
STATUS_LABELS = {
    SourceStatus.CONFIRMED: "Confirmé par la source",
    SourceStatus.SECOND_HAND: "Source secondaire (texte officiel cité)",
    SourceStatus.TO_CONFIRM: "À confirmer",
}
UNKNOWN = "{code} (ne figure pas dans la liste)"
FIELDS = ("label", "year", "position", "source_title", "source_url", "status")


def _sort_key(axis: StrategyAxis):
    return (list(StrategyKind).index(axis.kind), -axis.year, axis.position, axis.code)


def _built_in() -> list[StrategyAxis]:
    """The defaults as transient rows (never added to the session)."""
    return [StrategyAxis(**entry) for entry in DEFAULTS]


def entries() -> list[StrategyAxis]:
    """Every entry, active or not: national axes first, then the FIPD priorities, each the
    newest year first, then by position. The built-in list while none is saved."""
    rows = list(db.session.scalars(select(StrategyAxis)))
    return sorted(rows or _built_in(), key=_sort_key)


def by_code(code: str) -> StrategyAxis | None:
    """The saved entry `code` (None if unknown)."""
    return db.session.scalar(select(StrategyAxis).where(StrategyAxis.code == code))


def choices(kept: Iterable[str] = ()) -> dict[StrategyKind, dict[str, str]]:
    """{kind: {code: label}} of the active entries, plus the `kept` codes (a dossier's own
    choices) that are no longer offered, so that they stay checked and visible; an unknown
    kept code is listed with the national axes."""
    out: dict[StrategyKind, dict[str, str]] = {kind: {} for kind in StrategyKind}
    kept = [code for code in kept if isinstance(code, str)]
    for axis in entries():
        if axis.active:
            out[axis.kind][axis.code] = axis.label
        elif axis.code in kept:
            out[axis.kind][axis.code] = f"{axis.label} (ne figure plus dans la liste)"
    known = {code for group in out.values() for code in group}
    for code in kept:
        if code not in known:
            out[StrategyKind.NATIONAL_AXIS][code] = UNKNOWN.format(code=code)
    return out


def labels(codes: Iterable[str]) -> dict[str, str]:
    """{code: label} for `codes`, active or not (one query); a code the saved list lacks
    takes its built-in label, an unknown code is left out."""
    codes = {code for code in codes if isinstance(code, str)}
    if not codes:
        return {}
    saved = db.session.scalars(select(StrategyAxis).where(StrategyAxis.code.in_(codes)))
    found = {axis.code: axis.label for axis in saved}
    built_in = {entry["code"]: entry["label"] for entry in DEFAULTS}
    return {code: found.get(code) or built_in[code] for code in codes
            if code in found or code in built_in}


def with_labels(document: dict) -> dict:
    """A shallow copy of `document` whose `territory.strategy` also carries `labels`
    ({code: label}) for the summaries; the document itself is unchanged. No query when the
    dossier names no axis."""
    territory = document.get("territory") or {}
    strategy = territory.get("strategy") or {}
    codes = strategy.get("axes") or []
    if not isinstance(codes, list) or not codes:
        return document
    named = {**strategy, "labels": labels(codes)}
    return {**document, "territory": {**territory, "strategy": named}}


def ensure_defaults() -> int:
    """Save the built-in entries whose code is not saved yet (an entry the advisers changed
    or deactivated is left as it is); returns how many were added. The caller commits."""
    saved = set(db.session.scalars(select(StrategyAxis.code)))
    added = [StrategyAxis(**entry) for entry in DEFAULTS if entry["code"] not in saved]
    db.session.add_all(added)
    db.session.flush()
    return len(added)


def code_taken(code: str) -> bool:
    """Whether `code` is saved or belongs to the built-in list (saved or not yet)."""
    if any(entry["code"] == code for entry in DEFAULTS):
        return True
    return bool(db.session.scalar(
        select(func.count()).select_from(StrategyAxis).where(StrategyAxis.code == code)))


def add(values: Mapping, user) -> StrategyAxis:
    """A new entry from validated `values` (code, kind and FIELDS; `active`), audited.
    Raises ValueError when the code is taken. The caller commits."""
    ensure_defaults()
    if code_taken(values["code"]):
        raise ValueError(f"le code « {values['code']} » existe déjà")
    axis = StrategyAxis(code=values["code"], kind=StrategyKind(values["kind"]),
                        active=bool(values.get("active", True)),
                        **{name: values[name] for name in FIELDS})
    db.session.add(axis)
    db.session.flush()
    record("strategy_axis_added", user=user, code=axis.code, label=axis.label,
           kind=axis.kind.value, year=axis.year)
    return axis


def update(axis: StrategyAxis, values: Mapping, user) -> list[str]:
    """Change the FIELDS of `axis` (never its code nor its kind), audited with the names
    of the fields that changed; returns them (nothing recorded when none did)."""
    changed = [name for name in FIELDS if getattr(axis, name) != values[name]]
    if changed:
        before = {name: str(getattr(axis, name)) for name in changed}
        for name in changed:
            setattr(axis, name, values[name])
        record("strategy_axis_changed", user=user, code=axis.code, fields=changed,
               before=before, after={name: str(values[name]) for name in changed})
    return changed


def set_active(axis: StrategyAxis, active: bool, user) -> bool:
    """Offer (`active`) or stop offering `axis`; audited; False when nothing changed."""
    if axis.active == active:
        return False
    axis.active = active
    record("strategy_axis_activated" if active else "strategy_axis_deactivated",
           user=user, code=axis.code)
    return True
