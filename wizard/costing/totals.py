"""The figures a dossier's list columns keep: total cost, commune share, mediator FTE and
the codes of the costing's warnings."""

from dataclasses import dataclass
from decimal import Decimal

from wizard.costing import CostingInputError, cost_document


@dataclass(frozen=True)
class Totals:
    total_cost: Decimal
    commune_share: Decimal
    mediator_fte: Decimal
    warning_codes: str = ""  # the distinct warning codes, space-separated, in their order


def column_totals(document: dict, defaults=None) -> Totals | None:
    """Totals over all years from the costing module, or None while the document cannot
    be costed yet (an incomplete draft); `defaults` as `cost_document` takes them (a
    `Pinned`, a dict or None)."""
    try:
        result = cost_document(document, defaults)
    except CostingInputError:
        return None
    return Totals(
        total_cost=sum((y.total_costs for y in result.years), Decimal("0")),
        commune_share=sum((y.commune_contribution for y in result.years), Decimal("0")),
        mediator_fte=result.mediator_fte.quantize(Decimal("0.01")),
        warning_codes=" ".join(dict.fromkeys(w.code for w in result.warnings)),
    )
