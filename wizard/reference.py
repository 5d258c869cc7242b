"""Reference parameter sets: which exist, their values, publishing a new one, moving a dossier.

A published set is never changed: `publish` always creates a new set, so a dossier's figures
only change when it is explicitly moved (`move_dossier`) to a newer set.
"""

from collections.abc import Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from wizard.costing import DEFAULT_PARAMETERS, PARAMETER_SPECS
from wizard.db import db, utcnow
from wizard.models import Dossier, ParameterSet, ReferenceParameter
from wizard.models.audit import record
from wizard.models.reference import SetStatus, ValueStatus

DEFAULT_LABEL = "2026-v1"
DEFAULT_VALID_FROM = date(2026, 1, 1)
DEFAULT_SET_NAME = "paramètres par défaut"


@dataclass(frozen=True)
class Pinned:
    """The parameters a dossier is costed with: the set's values and its label (None when the
    dossier has no set yet: the built-in defaults apply)."""

    values: dict[str, str]
    label: str | None

    @property
    def name(self) -> str:
        return self.label or DEFAULT_SET_NAME


def published_sets() -> list[ParameterSet]:
    """Every published set, newest first."""
    return list(db.session.scalars(
        select(ParameterSet)
        .where(ParameterSet.status == SetStatus.PUBLISHED)
        .order_by(ParameterSet.published_at.desc(), ParameterSet.id.desc())
    ))


def latest_set() -> ParameterSet | None:
    """The newest published set (the one « en vigueur »), or None when none is published."""
    sets = published_sets()
    return sets[0] if sets else None


def values(parameter_set: ParameterSet | None) -> dict[str, str]:
    """{key: value} of a set; the built-in defaults for None."""
    if parameter_set is None:
        return dict(DEFAULT_PARAMETERS)
    return {p.key: p.value for p in parameter_set.parameters}


def pinned(dossier: Dossier) -> Pinned:
    """The parameters `dossier` is costed with (its set, or the defaults when it has none)."""
    parameter_set = dossier.parameter_set
    return Pinned(values(parameter_set), parameter_set.label if parameter_set else None)


def newer_set(dossier: Dossier) -> ParameterSet | None:
    """The newest published set when it is not the dossier's own, else None."""
    latest = latest_set()
    if latest is None or latest.id == dossier.parameter_set_id:
        return None
    return latest


def ensure_default_set() -> ParameterSet:
    """The set « 2026-v1 » built from wizard.costing.PARAMETER_SPECS, created (published) if
    absent; idempotent. The caller commits."""
    existing = db.session.scalar(select(ParameterSet).where(ParameterSet.label == DEFAULT_LABEL))
    if existing is not None:
        return existing
    entries = {
        spec.key: {"value": spec.value, "status": spec.status, "source_title": spec.source_title,
                   "source_url": spec.source_url, "valid_from": DEFAULT_VALID_FROM}
        for spec in PARAMETER_SPECS
    }
    return _create(entries, None, DEFAULT_LABEL)


def current_set() -> ParameterSet:
    """The set a new dossier pins: the newest published one (the default set if none)."""
    return latest_set() or ensure_default_set()


def next_label(today: date | None = None) -> str:
    """The next free label of the year: « 2026-v2 » after « 2026-v1 »."""
    year = (today or date.today()).year
    prefix = f"{year}-v"
    taken = db.session.scalars(select(ParameterSet.label).where(
        ParameterSet.label.like(f"{prefix}%")))
    numbers = [int(label[len(prefix):]) for label in taken if label[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def publish(draft_values: Mapping[str, Mapping], user, label: str | None = None) -> ParameterSet:
    """Publish a NEW set (published sets are never changed) and return it.

    `draft_values` maps every parameter key of PARAMETER_SPECS to {value, status,
    source_title, source_url, valid_from}; values must already be validated (the adviser
    form does it). Raises ValueError on a missing or unknown key or a label already taken.
    """
    keys = {spec.key for spec in PARAMETER_SPECS}
    if set(draft_values) != keys:
        missing, unknown = keys - set(draft_values), set(draft_values) - keys
        raise ValueError(f"paramètres manquants {sorted(missing)} ou inconnus {sorted(unknown)}")
    label = label or next_label()
    if db.session.scalar(select(ParameterSet.id).where(ParameterSet.label == label)):
        raise ValueError(f"le jeu « {label} » existe déjà")
    parameter_set = _create(draft_values, user, label)
    record("parameters_published", user=user, label=label, set_id=parameter_set.id)
    return parameter_set


def _create(entries: Mapping[str, Mapping], user, label: str) -> ParameterSet:
    parameter_set = ParameterSet(
        label=label, status=SetStatus.PUBLISHED, published_at=utcnow(),
        published_by_id=getattr(user, "id", None),
    )
    for spec in PARAMETER_SPECS:
        entry = entries[spec.key]
        parameter_set.parameters.append(ReferenceParameter(
            key=spec.key, value=str(entry["value"]), unit=spec.unit,
            valid_from=entry.get("valid_from"),
            source_title=entry.get("source_title") or "",
            source_url=entry.get("source_url") or "",
            status=ValueStatus(entry.get("status") or ValueStatus.ESTIMATE),
        ))
    db.session.add(parameter_set)
    db.session.flush()
    return parameter_set


def move_dossier(dossier: Dossier, parameter_set: ParameterSet, user) -> None:
    """Cost `dossier` with `parameter_set` from now on: re-syncs its totals, records
    « parameters_moved ». Raises OperationError when the dossier is not editable or the
    set is not published."""
    from wizard.operations import OperationError, sync_columns

    if not dossier.is_editable:
        raise OperationError(
            f"Le dossier est à l'état « {dossier.state_label} » : ses paramètres ne peuvent "
            "plus changer."
        )
    if not parameter_set.is_published:
        raise OperationError("Ce jeu de paramètres n'est pas publié.")
    old = dossier.parameter_set.label if dossier.parameter_set else None
    dossier.parameter_set = parameter_set
    dossier.updated_by_id = user.id
    sync_columns(dossier)
    record("parameters_moved", user=user, dossier=dossier, old=old, new=parameter_set.label)
    db.session.flush()


# -- pinned parameters for the document-only step functions (summarize, missing) ----------

_in_use: ContextVar[Pinned | None] = ContextVar("pinned_parameters", default=None)


@contextmanager
def pinned_to(dossier: Dossier):
    """Within this block, `in_use()` answers `dossier`'s parameters (for the PDF, the CLI…)."""
    token = _in_use.set(pinned(dossier))
    try:
        yield
    finally:
        _in_use.reset(token)


def in_use() -> Pinned:
    """The parameters of the dossier being handled: set by `pinned_to`, else the dossier of
    the current request (its `dossier_id` URL argument), else the built-in defaults.

    The step contract gives `summarize` and `missing` the document only, which does not say
    which set the dossier is pinned to: this is how they find out.
    """
    explicit = _in_use.get()
    if explicit is not None:
        return explicit
    from flask import has_request_context, request

    if has_request_context() and (request.view_args or {}).get("dossier_id") is not None:
        dossier = db.session.get(Dossier, request.view_args["dossier_id"])
        if dossier is not None:
            return pinned(dossier)
    return Pinned(dict(DEFAULT_PARAMETERS), None)
