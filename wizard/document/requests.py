"""How much the application asks from whom (pure): the amounts requested per funding scheme
and per year, the State's share and the holder's share.

A funder line of `funding.funders` names its scheme (`scheme`, FUNDING_SCHEMES) and where it
stands (`request`, FUNDING_STATUSES: demandé, accordé, ressources propres). Only the lines
« demandé » are requested by this application; the State's aid to the adultes-relais posts,
computed by the costing, is the request of the `adultes_relais` scheme. The State's share is
what the State's schemes (STATE_SCHEMES) are asked for; the holder's share is the balance of
the budget (the costing's commune contribution) plus the lines of its own resources.

A line without a scheme counts under the default of its category (`default_scheme`), a line
without a request as « demandé » (`default_request`), so older dossiers read sensibly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from wizard.costing import CostingResult
from wizard.document.vocabulary import FUNDING_SCHEMES, STATE_SCHEMES

ZERO = Decimal(0)
REQUESTED = "demande"
OWN = "propre"

# The scheme a funder of a category usually asks money from (the other categories: « autre »).
CATEGORY_SCHEMES = {"etat": "fipd", "departement": "departement", "epci": "epci",
                    "bailleur": "bailleur", "transport": "transport"}


def default_scheme(category: str | None) -> str | None:
    """The scheme proposed for a funder of `category` (None without a category)."""
    if not category:
        return None
    return CATEGORY_SCHEMES.get(category, "autre")


def default_request(category: str | None) -> str:
    """« ressources propres » for the commune's own line, « demandé » otherwise."""
    return OWN if category == "commune" else REQUESTED


@dataclass(frozen=True)
class Requests:
    """Amounts by year (one entry per project year): `by_scheme` the schemes asked for (in
    the order of FUNDING_SCHEMES, those asked nothing left out), `state` their State part,
    `holder` the holder's share, `total` everything requested."""

    by_scheme: dict[str, list[Decimal]]
    state: list[Decimal]
    holder: list[Decimal]
    total: list[Decimal]


def _amount(amounts, k: int) -> Decimal:
    try:
        return Decimal(str(amounts[k])) if k < len(amounts) else ZERO
    except (InvalidOperation, TypeError, ValueError):
        return ZERO


def requested_amounts(doc: dict, result: CostingResult) -> Requests:
    """The amounts `doc` requests per scheme and per year, costed as `result`."""
    n = len(result.years)
    sums = {scheme: [ZERO] * n for scheme in FUNDING_SCHEMES}
    holder = [y.commune_contribution for y in result.years]
    sums["adultes_relais"] = [y.adultes_relais for y in result.years]
    for funder in (doc.get("funding") or {}).get("funders") or []:
        if not isinstance(funder, dict):
            continue
        category = funder.get("category")
        request = funder.get("request") or default_request(category)
        amounts = funder.get("amounts") or []
        if request == OWN:
            holder = [h + _amount(amounts, k) for k, h in enumerate(holder)]
            continue
        scheme = funder.get("scheme") or default_scheme(category) or "autre"
        if request != REQUESTED or scheme not in sums:
            continue
        sums[scheme] = [s + _amount(amounts, k) for k, s in enumerate(sums[scheme])]
    by_scheme = {scheme: amounts for scheme, amounts in sums.items() if any(amounts)}
    state = [sum((by_scheme.get(s, [ZERO] * n)[k] for s in STATE_SCHEMES), ZERO)
             for k in range(n)]
    total = [sum((a[k] for a in by_scheme.values()), ZERO) for k in range(n)]
    return Requests(by_scheme, state, holder, total)


def funded_by_scheme(doc: dict, years: int) -> dict[str, list[Decimal]]:
    """What the funder lines bring per scheme and year, asked for or already granted (the
    holder's own resources left out): the budget's plan of the resources, in the order of
    FUNDING_SCHEMES, schemes bringing nothing left out."""
    sums = {scheme: [ZERO] * years for scheme in FUNDING_SCHEMES}
    for funder in (doc.get("funding") or {}).get("funders") or []:
        if not isinstance(funder, dict):
            continue
        category = funder.get("category")
        if (funder.get("request") or default_request(category)) == OWN:
            continue
        scheme = funder.get("scheme") or default_scheme(category) or "autre"
        if scheme in sums:
            amounts = funder.get("amounts") or []
            sums[scheme] = [s + _amount(amounts, k) for k, s in enumerate(sums[scheme])]
    return {scheme: amounts for scheme, amounts in sums.items() if any(amounts)}
