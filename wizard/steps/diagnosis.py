"""Step — Diagnostic des besoins (being written: placeholder so the registry imports)."""

from wizard.formkit import StepForm
from wizard.steps.base import Step


class _Form(StepForm):
    pass


STEP = Step(
    slug="diagnostic",
    title="Diagnostic des besoins",
    form=_Form,
    load=lambda doc: {},
    save=lambda doc, form: None,
    missing=lambda doc: [],
    summarize=lambda doc: [],
)
