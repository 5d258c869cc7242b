"""Navigation through the steps: statuses for the task list, neighbours, revalidation (the
steps' fields and the required supporting documents)."""

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from wizard.costing import Pinned
from wizard.document import new_document
from wizard.document.checklist import missing_pieces as missing_piece_list
from wizard.steps import STEPS, Missing, Step


class Status(StrEnum):
    NOT_STARTED = "non_commence"
    IN_PROGRESS = "en_cours"
    COMPLETE = "complet"

    @property
    def label(self) -> str:
        return {"non_commence": "Non commencé", "en_cours": "En cours", "complet": "Complet"}[self]

    @property
    def badge(self) -> str:
        return {"non_commence": "info", "en_cours": "new", "complet": "success"}[self]


@dataclass(frozen=True)
class Task:
    """One line of the task list."""

    step: Step
    number: int
    status: Status
    missing: list[Missing]
    has_pending_input: bool


@lru_cache(maxsize=1)
def _blank_forms() -> dict[str, dict]:
    blank = new_document("00000")
    return {step.slug: step.load(blank) for step in STEPS}


@lru_cache(maxsize=None)
def needed_fields(step: Step) -> frozenset[str]:
    """The ids of the fields a new dossier's step must fill before submission (what its
    `missing` points at on a blank document): the step page marks them with an asterisk."""
    blank = new_document("00000")
    return frozenset(m.anchor for m in step.missing(blank, Pinned.defaults()) if m.anchor)


def is_started(step: Step, document: dict) -> bool:
    """True when the step's answers differ from those of a new dossier (the commune and the
    title, chosen when the dossier is created, do not start step 1)."""
    mine = step.load(document)
    blank = _blank_forms()[step.slug]
    keys = set(mine) | set(blank)
    keys -= {"commune", "title"}
    return any(mine.get(k) != blank.get(k) for k in keys)


def status_of(step: Step, document: dict, params: Pinned,
              pending: dict | None = None) -> tuple[Status, list]:
    """(status, missing messages) of one step, with the dossier's parameters `params`."""
    missing = step.missing(document, params)
    if pending and pending.get(step.slug):
        return Status.IN_PROGRESS, missing
    if not missing:
        return Status.COMPLETE, missing
    return (Status.IN_PROGRESS if is_started(step, document) else Status.NOT_STARTED), missing


def tasks(document: dict, params: Pinned, pending: dict | None = None) -> list[Task]:
    """The task list: every step with its status and what it still misses."""
    out = []
    for number, step in enumerate(STEPS, start=1):
        status, missing = status_of(step, document, params, pending)
        out.append(Task(step, number, status, missing, bool(pending and pending.get(step.slug))))
    return out


def revalidate_all(document: dict, params: Pinned,
                   pending: dict | None = None) -> dict[str, list[Missing]]:
    """Before submission: every step's missing items (empty dict = ready), pending input
    counting as a problem to fix."""
    result = {}
    for step in STEPS:
        missing = list(step.missing(document, params))
        if pending and pending.get(step.slug):
            missing.insert(0, Missing("Des saisies de cette étape contiennent des erreurs à corriger."))
        if missing:
            result[step.slug] = missing
    return result


def missing_pieces(document: dict, present: set[str]) -> list[Missing]:
    """Before submission: the required supporting documents not attached (`present`: the
    checklist codes of the attached files), anchored on their line of the pieces page."""
    return [Missing(f"Joindre : {piece.label}", f"piece-{piece.code}")
            for piece in missing_piece_list(document, present)]


def neighbours(step: Step) -> tuple[Step | None, Step | None]:
    """(previous, next) steps in wizard order."""
    i = STEPS.index(step)
    return (STEPS[i - 1] if i > 0 else None, STEPS[i + 1] if i + 1 < len(STEPS) else None)
