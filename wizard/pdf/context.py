"""The renderer's plain input (no database) and the context its section builders share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from wizard.costing import DEFAULT_PARAMETERS, CostingInput, CostingResult, Pinned

NOT_GIVEN = "Non renseigné"

AUDIENCES = ("lead", "adviser", "prefecture")
AUDIENCE_LABELS = {
    "lead": "le porteur de projet",
    "adviser": "la mission régionale d'appui (exemplaire de relecture)",
    "prefecture": "la préfecture",
}


class ParameterRow(NamedTuple):
    """One reference parameter as the PDF shows it: French label, value and unit as display
    text (« 24 000,00 », « € »), source (title and address) and status (« Estimation »…),
    both for the adviser's copy; `year` the year the figure holds for (« 2026 », or ''), and
    `reference` the source as the other copies show it, without the mission's internal notes
    (the address of an estimate, not its working)."""

    label: str
    value: str
    unit: str
    source: str
    status: str
    year: str = ""
    reference: str = ""


@dataclass(frozen=True)
class Note:
    """A private note of an adviser (shown only in the adviser's copy); `about` says what it
    concerns (a step, an item)."""

    text: str
    author: str = ""
    at: datetime | None = None
    about: str = ""


@dataclass(frozen=True)
class Signed:
    """The attestation sur l'honneur as recorded at submission: the text declared, the
    signatory's name and quality, the date written, and when and by whom it was recorded."""

    text: str
    name: str
    quality: str
    signed_on: str  # ISO date, as recorded
    recorded_at: datetime | None = None
    recorded_by: str = ""


@dataclass(frozen=True)
class Piece:
    """A supporting document as the PDF lists it: its kind's French label, file name, size
    in bytes and SHA-256 (the same as the transmission bundle's manifest)."""

    kind: str
    filename: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PdfInput:
    """Everything the PDF needs, without the database.

    `document` is the dossier document (interchange format); `parameter_rows` the reference
    parameters the dossier is costed with and `reference_defaults` their values by key (the
    costing's defaults; None → the costing module's defaults); `generated_at` is aware or
    naive local time; `attestation` and `pieces` the signed attestation sur l'honneur and
    the supporting documents (none for a dossier not yet submitted or without files).
    """

    document: dict
    commune_name: str
    commune_population: int | None
    state_label: str
    version: int
    is_draft: bool
    operator_name: str
    generated_at: datetime
    parameter_rows: list[ParameterRow] = field(default_factory=list)
    parameter_set_label: str = "Paramètres de référence par défaut"
    parameter_set_name: str | None = None
    reference_defaults: dict[str, str] | None = None
    costing_version: int = 2
    dossier_id: int | None = None
    attestation: Signed | None = None
    pieces: tuple[Piece, ...] = ()


@dataclass
class Context:
    """What the section builders share: the input, the costing (None with `costing_problems`
    when the document cannot be costed yet), the audience and the frame widths."""

    inp: PdfInput
    audience: str
    width: float
    wide_width: float
    costing_input: CostingInput | None = None
    costing: CostingResult | None = None
    costing_problems: list[str] = field(default_factory=list)
    toc: list[tuple[str, str]] = field(default_factory=list)
    round_hours: dict[str, str] | None = None  # weekly hours by round name, once computed

    @property
    def empty(self) -> str:
        """What an empty value reads: « Non renseigné » in the lead's draft (what is still
        to fill in), nothing in a transmitted copy (the adviser's, the prefecture's), where
        an optional field left empty is simply left out."""
        return NOT_GIVEN if self.audience == "lead" else ""

    @property
    def internal(self) -> bool:
        """Whether the copy shows the mission's internal notes (the adviser's copy only):
        the reference parameters' status and doubts, the private notes."""
        return self.audience == "adviser"

    @property
    def doc(self) -> dict:
        return self.inp.document

    @property
    def params(self) -> Pinned:
        """The reference parameters the document is costed with, for the steps' summaries:
        the same values as the budget sections use."""
        return Pinned(dict(self.inp.reference_defaults or DEFAULT_PARAMETERS),
                      self.inp.parameter_set_name, self.inp.costing_version)
