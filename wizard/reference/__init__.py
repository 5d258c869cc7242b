"""Reference parameter sets: which exist, their values, publishing a new one.

Moving a dossier to another set is a change of the dossier: `operations.move_parameters`.

A published set is never changed: `publish` always creates a new set, so a dossier's figures
only change when it is explicitly moved (`move_dossier`) to a newer set.
"""

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select

from wizard.costing import DEFAULT_PARAMETERS, PARAMETER_SPECS, Pinned
from wizard.db import db, utcnow
from wizard.models import Commune, Dossier, ParameterSet, ReferenceParameter
from wizard.models.audit import record
from wizard.models.reference import SetStatus, ValueStatus
from wizard.reference import strategy

DEFAULT_LABEL = "2026-v1"
DEFAULT_VALID_FROM = date(2026, 1, 1)


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


def costing_version(parameter_set: ParameterSet | None) -> int:
    """The costing rules of a set (1 before costing v2, 2 since; the defaults are 2)."""
    return parameter_set.costing_version if parameter_set is not None else 2


def pinned(dossier: Dossier) -> Pinned:
    """The parameters `dossier` is costed with (its set, or the defaults when it has none)."""
    return pinned_set(dossier.parameter_set)


def pinned_set(parameter_set: ParameterSet | None) -> Pinned:
    """The values, label and costing rules of `parameter_set` (the built-in defaults for
    None)."""
    return Pinned(values(parameter_set), parameter_set.label if parameter_set else None,
                  costing_version(parameter_set))


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
        for spec in PARAMETER_SPECS if not spec.optional
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
    source_title, source_url, valid_from}; an optional key (explicit employer rates) may be
    absent or have a blank value, and is then left out of the set. Values must already be
    validated (the adviser form does it). The set is costed with the current rules (2).
    Raises ValueError on a missing or unknown key or a label already taken.
    """
    keys = {spec.key for spec in PARAMETER_SPECS}
    required = {spec.key for spec in PARAMETER_SPECS if not spec.optional}
    if not required <= set(draft_values) <= keys:
        missing, unknown = required - set(draft_values), set(draft_values) - keys
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
        published_by_id=getattr(user, "id", None), costing_version=2,
    )
    for spec in PARAMETER_SPECS:
        entry = entries.get(spec.key)
        if spec.optional and (entry is None or entry.get("value") in (None, "")):
            continue  # an optional parameter left blank: derived by the costing
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


def named(document: dict, commune=None) -> dict:
    """A shallow copy of `document` for the summaries: its `commune` also carries `name`, the
    commune's label (« Lille (59) ») shown instead of the INSEE code, and its
    `territory.strategy` the `labels` of its codes (`strategy.with_labels`); `commune` is the
    dossier's (no query when its code matches), looked up by code otherwise. The stored
    document is never changed."""
    return _commune_named(strategy.with_labels(document), commune)


def _commune_named(document: dict, commune) -> dict:
    code = (document.get("commune") or {}).get("insee_code")
    if not code:
        return document
    if commune is None or commune.insee_code != code:
        commune = db.session.scalar(select(Commune).where(Commune.insee_code == code)
                                    .order_by(Commune.id).limit(1))
    if commune is None:
        return document
    return {**document, "commune": {**document["commune"], "name": commune.label}}
