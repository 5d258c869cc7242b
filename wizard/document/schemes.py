"""The amounts a dossier asks each funding scheme for, per project year: what the
prefecture decides on. Pure module: no Flask, no database.

A funder line names its scheme (`scheme`, a code of `vocabulary.FUNDING_SCHEMES`); a line
without one (documents written before the field existed) counts under the scheme of its
category: État → FIPD, département, EPCI, bailleur and transport to theirs, any other
category → « autre ». A line whose `request` says it is already granted (`accorde`) or the
holder's own resources (`propre`) is not a request. The adultes-relais aid the costing
computes is the request to the adultes-relais scheme.
"""

from decimal import Decimal, InvalidOperation

from wizard.document.vocabulary import FUNDING_SCHEMES

CATEGORY_SCHEMES = {"etat": "fipd", "departement": "departement", "epci": "epci",
                    "bailleur": "bailleur", "transport": "transport"}
NOT_REQUESTED = frozenset({"accorde", "propre"})
ORDER = list(FUNDING_SCHEMES)


def funder_scheme(funder: dict) -> str:
    """The scheme a funder line asks money from (see the module's docstring)."""
    scheme = funder.get("scheme")
    if scheme in FUNDING_SCHEMES:
        return scheme
    return CATEGORY_SCHEMES.get(funder.get("category"), "autre")


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)
    return amount if amount.is_finite() and amount > 0 else Decimal(0)


def requested_by_scheme(document: dict, adultes_relais=()) -> dict[tuple[str, int], Decimal]:
    """{(scheme, year): amount requested} for the non-zero requests, in the order of
    FUNDING_SCHEMES then year; `adultes_relais` is the costing's aid of each year."""
    years = document.get("years") or 1
    out: dict[tuple[str, int], Decimal] = {}

    def add(scheme, year, amount):
        if amount and 1 <= year <= years:
            out[(scheme, year)] = out.get((scheme, year), Decimal(0)) + amount

    for year, aid in enumerate(adultes_relais, 1):
        add("adultes_relais", year, _amount(aid))
    funders = (document.get("funding") or {}).get("funders") or []
    for funder in funders:
        if not isinstance(funder, dict) or funder.get("request") in NOT_REQUESTED:
            continue
        for year, amount in enumerate(funder.get("amounts") or [], 1):
            add(funder_scheme(funder), year, _amount(amount))
    return dict(sorted(out.items(), key=lambda kv: (ORDER.index(kv[0][0]), kv[0][1])))
