"""The ordered registry of wizard steps (the list order is the wizard order)."""

from wizard.steps import (
    budget,
    diagnosis,
    evaluation,
    intervention,
    objectives,
    partners,
    territory,
)
from wizard.steps.base import Missing, Section, Step

STEPS: list[Step] = [
    territory.STEP,
    diagnosis.STEP,
    objectives.STEP,
    partners.STEP,
    intervention.STEP,
    budget.STEP,
    evaluation.STEP,
]
_BY_SLUG = {step.slug: step for step in STEPS}
assert len(_BY_SLUG) == len(STEPS), "duplicate step slug"


class UnknownStep(KeyError):
    """No step has this slug."""


def get_step(slug: str) -> Step:
    """The step with this slug; raises UnknownStep (views turn it into a 404)."""
    try:
        return _BY_SLUG[slug]
    except KeyError:
        raise UnknownStep(slug) from None


def index_of(step: Step) -> int:
    return STEPS.index(step)


__all__ = ["STEPS", "Missing", "Section", "Step", "UnknownStep", "get_step", "index_of"]
