"""The year-end financial report (cerfa 15059 « compte rendu financier »): what was planned
beside what was spent or received, and which gaps need an explanation. Pure, in Decimal.

Planned charges are the cerfa lines of the costed year (`cerfa.cerfa_budget`); planned
resources are the amounts the prefecture granted for that year, one line per scheme, plus
the rest of the planned budget (the commune and the other funders) on one line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from wizard.costing.cerfa import CerfaBudget
from wizard.costing.defaults import SPECS_BY_KEY

ZERO = Decimal(0)
# A gap between planned and actual above a share of the planned amount must be explained in
# the report's annex. The advisers set that share in their parameter sets; the default (15 %,
# the mission's customary tolerance) holds for the sets published before it.
THRESHOLD_KEY = "report_gap_threshold"
DEFAULT_GAP_THRESHOLD = Decimal(SPECS_BY_KEY[THRESHOLD_KEY].value)
OTHER_RESOURCES = "Autres ressources (commune, autres financeurs)"


def gap_threshold(values: Mapping[str, str]) -> Decimal:
    """The threshold of a parameter set's `values` ({key: value as text}, e.g.
    `Pinned.values`): DEFAULT_GAP_THRESHOLD when the set has none (published before the
    parameter) or holds one outside ]0, 1]."""
    try:
        value = Decimal(str(values.get(THRESHOLD_KEY, "")))
        return value if ZERO < value <= 1 else DEFAULT_GAP_THRESHOLD
    except (InvalidOperation, ValueError):  # not a number, or NaN
        return DEFAULT_GAP_THRESHOLD


@dataclass(frozen=True)
class Planned:
    """One planned line: its stable `key` (where the actual amount is stored), its label and
    the planned amount."""

    key: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class Compared:
    """A planned line with its actual amount (None until given), the explanation of its gap
    and the `threshold` (a share of the planned amount) above which the gap needs one."""

    key: str
    label: str
    planned: Decimal
    actual: Decimal | None = None
    explanation: str = ""
    threshold: Decimal = DEFAULT_GAP_THRESHOLD

    @property
    def gap(self) -> Decimal:
        return (self.actual or ZERO) - self.planned if self.actual is not None else ZERO

    @property
    def gap_share(self) -> Decimal | None:
        """The gap as a share of the planned amount (None when nothing was planned)."""
        return self.gap / self.planned if self.planned else None

    @property
    def needs_explanation(self) -> bool:
        """True when the actual amount departs from the plan by more than the threshold (or
        something was spent or received where nothing was planned)."""
        if self.actual is None:
            return False
        if not self.planned:
            return self.actual != ZERO
        return abs(self.gap) > self.threshold * self.planned

    @property
    def unexplained(self) -> bool:
        return self.needs_explanation and not self.explanation.strip()


def planned_charges(budget: CerfaBudget | None) -> list[Planned]:
    """The charge lines of the year's cerfa budget, keyed by their label (a label is unique
    within the charges)."""
    if budget is None:
        return []
    return [Planned(f"charge:{line.label}", line.label, line.amount)
            for section in budget.charges for line in section.lines]


def planned_resources(granted: list[tuple[str, str, Decimal]],
                      total_charges: Decimal) -> list[Planned]:
    """The resources of the year: `granted` is [(scheme, label, amount granted)], then the
    rest of the planned charges on one line (none when the grants cover them)."""
    lines = [Planned(f"scheme:{scheme}", label, amount) for scheme, label, amount in granted]
    rest = total_charges - sum((line.amount for line in lines), ZERO)
    if rest > 0:
        lines.append(Planned("other", OTHER_RESOURCES, rest))
    return lines


def compare(planned: list[Planned], actual: dict[str, dict], *,
            threshold: Decimal) -> list[Compared]:
    """Each planned line with what the report says of it: `actual` maps a key to
    {"actual": "1234.50" or None, "explanation": "…"} (the report's stored content);
    `threshold` is the dossier's (`gap_threshold` of its pinned set)."""
    out = []
    for line in planned:
        given = actual.get(line.key) or {}
        amount = given.get("actual")
        out.append(Compared(line.key, line.label, line.amount,
                            None if amount in (None, "") else Decimal(str(amount)),
                            str(given.get("explanation") or ""), threshold))
    return out


def totals(lines: list[Compared]) -> tuple[Decimal, Decimal]:
    """(planned, actual) totals of `lines` (an actual amount not given counts as zero)."""
    return (sum((line.planned for line in lines), ZERO),
            sum((line.actual or ZERO for line in lines), ZERO))
