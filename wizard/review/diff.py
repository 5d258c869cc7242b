"""What changed between two rounds of a dossier, step by step (pure).

Built on the steps' `summarize()` so the diff speaks the labels users read: items are the
summary sections (a place, a partner, a round…), fields are their labelled rows.
"""

from dataclasses import dataclass, field

from wizard.costing import Pinned
from wizard.steps import STEPS


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: object
    after: object


@dataclass
class StepDiff:
    slug: str
    title: str
    added: list[str] = field(default_factory=list)       # item (section) titles
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[FieldChange]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _sections(step, document, params) -> dict[str, dict]:
    out = {}
    for i, section in enumerate(step.summarize(document, params)):
        key = section.title or ("" if i == 0 else f"Bloc {i + 1}")
        while key in out:
            key += " "
        out[key] = dict(section.rows)
    return out


def _norm(value):
    return tuple(value) if isinstance(value, list) else value


def diff_documents(before: dict, after: dict, params_before: Pinned,
                   params_after: Pinned) -> list[StepDiff]:
    """One StepDiff per step, in wizard order (empty ones included, `empty` tells); each
    document is summarised with the parameters it was costed with."""
    result = []
    for step in STEPS:
        old, new = _sections(step, before, params_before), _sections(step, after, params_after)
        diff = StepDiff(step.slug, step.title)
        diff.added = [k.strip() for k in new if k not in old]
        diff.removed = [k.strip() for k in old if k not in new]
        for key in (k for k in new if k in old):
            changes = [
                FieldChange(label, old[key].get(label), value)
                for label, value in new[key].items()
                if _norm(old[key].get(label)) != _norm(value)
            ]
            changes += [FieldChange(label, value, None)
                        for label, value in old[key].items() if label not in new[key]]
            if changes:
                diff.changed.append((key.strip() or step.title, changes))
        result.append(diff)
    return result


def totals_of(costing: dict | None) -> list[tuple[int, str, str]]:
    """[(year, total_costs, commune_contribution)] from a stored costing output."""
    if not costing:
        return []
    return [(y["year"], y["total_costs"], y["commune_contribution"]) for y in costing.get("years", [])]
