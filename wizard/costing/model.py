"""Typed values of the costing model (docs/costing.md): inputs and outputs.

All money and hours are `Decimal`; times of day are minutes since midnight.
Output values keep full precision; `CostingResult.to_json()` rounds for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from wizard.formats import money, short_number

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EMPLOYERS = ("regie", "association", "gip", "prestataire")
DAY_LABELS = {
    "mon": "lundi", "tue": "mardi", "wed": "mercredi", "thu": "jeudi",
    "fri": "vendredi", "sat": "samedi", "sun": "dimanche",
}

# The nine budget lines, in the order of the spec's output.
LINE_KEYS = (
    "mediator_salaries",
    "mediator_premiums",
    "mediator_employer_contributions",
    "team_leader_salaries",
    "team_leader_employer_contributions",
    "training",
    "equipment",
    "vehicles",
    "other_costs",
)

CENT = Decimal("0.01")
FOUR = Decimal("0.0001")
ZERO = Decimal(0)


def cents(value: Decimal) -> Decimal:
    """`value` rounded to the cent, ROUND_HALF_UP (the spec's only rounding rule)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def two_decimals(value: Decimal) -> str:
    """`value` as a string with exactly two decimals (« 2948.00 »)."""
    return str(cents(value))


def four_decimals(value: Decimal) -> str:
    """`value` rounded half up to four decimals, as a string (« 0.1236 »)."""
    return str(value.quantize(FOUR, rounding=ROUND_HALF_UP))


def fr_money(value: Decimal) -> str:
    """« 12 345,67 € » (Babel's French format, as everywhere else), for French messages."""
    return money(cents(value))


def fr_percent(fraction: Decimal) -> str:
    """A fraction as « 17,5 % » (at most two decimals, no trailing zeros; Babel)."""
    return short_number(cents(fraction * 100), 2) + "\u00a0%"


@dataclass(frozen=True)
class Slot:
    """A weekly slot: `day` code, start/end in minutes (end ≤ start ends next day)."""

    day: str
    start_min: int
    end_min: int
    mediators: int

    @property
    def duration_min(self) -> int:
        """Length in minutes; a slot whose end is at or before its start ends the next day."""
        return (self.end_min - self.start_min) % 1440 or 1440


@dataclass(frozen=True)
class Round:
    """A base round: a name, the places it covers and its weekly slots."""

    name: str
    places: tuple[str, ...]
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Reinforcement:
    """Extra slots added on top of the base rounds for `weeks` weeks a year."""

    label: str
    weeks: int
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class OtherCost:
    """A free cost line with its accounting code (« 613 »); `one_time` → year 1 only."""

    label: str
    account: str
    amount: Decimal
    one_time: bool = False


@dataclass(frozen=True)
class Intervention:
    """The costed part of the dossier's `intervention`."""

    weeks_per_year: int
    rounds: tuple[Round, ...]
    reinforcements: tuple[Reinforcement, ...] = ()
    team_leader_fte: Decimal | None = None
    new_mediators_to_train: int = 0
    vehicles: int = 0
    other_costs: tuple[OtherCost, ...] = ()
    employer: str = "association"
    recruitment_months: int = 0


@dataclass(frozen=True)
class Funder:
    """A co-funder: `category` code of the dossier format, one amount per year."""

    name: str
    category: str
    amounts: tuple[Decimal, ...]


@dataclass(frozen=True)
class InKindContribution:
    """A contribution in kind (premises, vehicle lent…) valued per year (cerfa 86 / 87)."""

    label: str
    partner: str | None
    amounts: tuple[Decimal, ...]


@dataclass(frozen=True)
class Funding:
    """Adultes-relais posts (State aid), the other co-funders and contributions in kind."""

    adultes_relais_posts: int = 0
    funders: tuple[Funder, ...] = ()
    in_kind: tuple[InKindContribution, ...] = ()


@dataclass(frozen=True)
class Parameters:
    """Reference parameters (see defaults.PARAMETER_SPECS); night times in minutes."""

    annual_hours: Decimal
    non_field_share: Decimal
    mediator_gross_annual: Decimal
    team_leader_gross_annual: Decimal
    night_start: int
    night_end: int
    night_premium: Decimal
    sunday_premium: Decimal
    mediators_per_team_leader: Decimal
    initial_training_cost: Decimal
    continuous_training_per_fte: Decimal
    equipment_per_new_mediator: Decimal
    phone_annual_per_mediator: Decimal
    vehicle_annual_cost: Decimal
    overhead_rate: Decimal
    indexation_rate: Decimal
    adultes_relais_aid_per_post: Decimal
    fipd_max_share: Decimal
    # v2 parameters: None only under the rules 1 of sets published before them
    paid_hours_annual: Decimal | None = None
    employer_rate_public: Decimal | None = None
    employer_rate_private: Decimal | None = None
    smic_annual: Decimal | None = None
    rgdu_tmin: Decimal | None = None
    rgdu_tdelta: Decimal | None = None
    rgdu_power: Decimal | None = None
    contractor_margin_rate: Decimal | None = None
    vat_rate: Decimal | None = None
    # optional: when set, used as they are whatever the employer
    employer_rate_mediator: Decimal | None = None
    employer_rate_team_leader: Decimal | None = None


@dataclass(frozen=True)
class CostingInput:
    """Everything the costing needs: number of years, intervention, parameters, funding.

    `qpv_places` maps each name of `diagnosis.places` to whether it is in a QPV (None when
    the diagnosis lists no place); `rules` is the costing version (1: sets published
    before v2, docs/costing.md « Rules 1 »; 2: the current contract)."""

    years: int
    intervention: Intervention
    parameters: Parameters
    funding: Funding = field(default_factory=Funding)
    qpv_places: dict[str, bool] | None = None
    rules: int = 2


@dataclass(frozen=True)
class WeeklyHours:
    """Hours of one week of slots, weighted by mediators present (exact Decimals)."""

    presence: Decimal
    night: Decimal
    sunday: Decimal


@dataclass(frozen=True)
class YearCost:
    """The budget of year `year`: the nine rounded lines and the totals."""

    year: int
    lines: dict[str, Decimal]
    direct_costs: Decimal
    overhead: Decimal
    total_costs: Decimal
    adultes_relais: Decimal
    funders_total: Decimal
    commune_contribution: Decimal
    contractor_margin: Decimal = ZERO
    vat: Decimal = ZERO
    in_kind_contributions: Decimal = ZERO
    aid_capped: bool = False

    def to_json(self) -> dict:
        """The year as in the spec's output (money as two-decimal strings)."""
        return {
            "year": self.year,
            "lines": {key: two_decimals(self.lines[key]) for key in LINE_KEYS},
            "direct_costs": two_decimals(self.direct_costs),
            "overhead": two_decimals(self.overhead),
            "contractor_margin": two_decimals(self.contractor_margin),
            "vat": two_decimals(self.vat),
            "total_costs": two_decimals(self.total_costs),
            "adultes_relais": two_decimals(self.adultes_relais),
            "commune_contribution": two_decimals(self.commune_contribution),
            "in_kind_contributions": two_decimals(self.in_kind_contributions),
        }


# Warning codes, in the order of the output (then by year within a code).
WARNING_CODES = ("salary_below_smic", "peak_over_posts", "adultes_relais_outside_qpv",
                 "aid_capped", "over_funded")


@dataclass(frozen=True)
class CostWarning:
    """A check that failed (never a refusal): its code and year (None: every year)."""

    code: str
    year: int | None = None

    def to_json(self) -> dict:
        return {"code": self.code, "year": self.year}


@dataclass(frozen=True)
class CostingResult:
    """Yearly hours and staff (unrounded) and the budget of each year."""

    presence_hours: Decimal
    night_hours: Decimal
    sunday_hours: Decimal
    mediator_fte: Decimal
    mediator_headcount: int
    team_leader_fte: Decimal
    years: tuple[YearCost, ...]
    warnings: tuple[CostWarning, ...] = ()
    employer: str = "association"
    peak_mediators: int = 0
    qpv_share: Decimal | None = None
    rgdu_coefficient_mediator: Decimal = ZERO
    rgdu_coefficient_team_leader: Decimal = ZERO
    employer_rate_mediator: Decimal = ZERO
    employer_rate_team_leader: Decimal = ZERO

    def to_json(self) -> dict:
        """Exactly the output of `flask dossier cost` (every key, always)."""
        return {
            "employer": self.employer,
            "presence_hours": two_decimals(self.presence_hours),
            "night_hours": two_decimals(self.night_hours),
            "sunday_hours": two_decimals(self.sunday_hours),
            "mediator_fte": two_decimals(self.mediator_fte),
            "mediator_headcount": self.mediator_headcount,
            "team_leader_fte": two_decimals(self.team_leader_fte),
            "peak_mediators": self.peak_mediators,
            "qpv_share": None if self.qpv_share is None else four_decimals(self.qpv_share),
            "rgdu_coefficient_mediator": four_decimals(self.rgdu_coefficient_mediator),
            "rgdu_coefficient_team_leader": four_decimals(self.rgdu_coefficient_team_leader),
            "employer_rate_mediator": four_decimals(self.employer_rate_mediator),
            "employer_rate_team_leader": four_decimals(self.employer_rate_team_leader),
            "years": [year.to_json() for year in self.years],
            "warnings": [w.to_json() for w in self.warnings],
        }
