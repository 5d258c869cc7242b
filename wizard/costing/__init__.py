"""Costing of a social-mediation dossier (docs/costing.md), pure and in Decimal.

No Flask, SQLAlchemy or wizard.models here: a test parses every module with `ast`.

Typical use::

    result = cost_document(document)            # dict → CostingResult, or CostingInputError
    result.to_json()                            # the output of `flask dossier cost`
"""

from __future__ import annotations

from wizard.costing.cerfa import CerfaBudget, InKind, cerfa_budget, document_budgets, funder_group
from wizard.costing.defaults import DEFAULT_PARAMETERS, PARAMETER_SPECS, ParameterSpec
from wizard.costing.engine import Staffing, compute, staffing
from wizard.costing.errors import CostingInputError
from wizard.costing.fields import format_hhmm, parse_hhmm
from wizard.costing.hours import weekly_hours
from wizard.costing.indicators import UnitCosts, funder_cap_warnings, state_shares, unit_costs
from wizard.costing.messages import warning_text, warning_texts
from wizard.costing.model import (
    LINE_KEYS,
    WARNING_CODES,
    CostingInput,
    CostingResult,
    CostWarning,
    Funder,
    Funding,
    InKindContribution,
    Intervention,
    OtherCost,
    Parameters,
    Reinforcement,
    Round,
    Slot,
    WeeklyHours,
    YearCost,
)
from wizard.costing.parse import parse_costing_input
from wizard.costing.pinned import Pinned


def cost_document(data: dict, defaults: dict[str, str] | Pinned | None = None,
                  rules: int | None = None) -> CostingResult:
    """Parse a dossier document and cost it; `defaults` are the reference parameters: a
    `Pinned` (its values and costing version), a {key: value} dict (costed with `rules`,
    2 by default), or None for DEFAULT_PARAMETERS. Raises CostingInputError with every
    problem."""
    return compute(parse_costing_input(
        data, DEFAULT_PARAMETERS if defaults is None else defaults, rules))


__all__ = [
    "DEFAULT_PARAMETERS", "LINE_KEYS", "PARAMETER_SPECS", "WARNING_CODES", "CerfaBudget",
    "CostWarning", "CostingInput", "CostingInputError", "CostingResult", "Funder", "Funding",
    "InKind", "InKindContribution", "Intervention",
    "OtherCost", "ParameterSpec", "Parameters", "Pinned", "Reinforcement", "Round", "Slot", "Staffing",
    "UnitCosts", "WeeklyHours", "YearCost", "cerfa_budget", "compute", "cost_document",
    "document_budgets", "format_hhmm", "funder_cap_warnings", "funder_group",
    "parse_costing_input", "parse_hhmm", "staffing", "state_shares", "unit_costs",
    "warning_text", "warning_texts", "weekly_hours",
]
