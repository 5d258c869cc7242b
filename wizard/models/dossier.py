"""A project dossier: its document (the interchange format) and the columns lists need."""

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from wizard import document as documents
from wizard.db import JSONDocument, UTCDateTime, db, intpk, str_enum, timestamp, utcnow


class DossierState(StrEnum):
    """Lifecycle states, stored by value (French slugs as in the interface)."""

    DRAFT = "brouillon"
    SUBMITTED = "depose"
    IN_REVIEW = "en_relecture"
    CHANGES_REQUESTED = "a_completer"
    APPROVED = "valide"
    TRANSMITTED = "transmis"
    RECEIVED = "recu"
    IN_INSTRUCTION = "en_instruction"
    PIECES_REQUESTED = "pieces_demandees"
    ADMISSIBLE = "recevable"
    COMMITTEE = "examine_comite"
    DECIDED = "decide"
    AGREED = "conventionne"
    WITHDRAWN = "retire"
    CLOSED = "classe_sans_suite"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def next_for_lead(self) -> str:
        """What happens next, as the commune's lead reads it (task list and recap)."""
        return LEAD_NEXT[self]


STATE_LABELS = {
    DossierState.DRAFT: "Brouillon",
    DossierState.SUBMITTED: "Déposé",
    DossierState.IN_REVIEW: "En relecture",
    DossierState.CHANGES_REQUESTED: "À compléter",
    DossierState.APPROVED: "Avis rendu",
    DossierState.TRANSMITTED: "Transmis",
    DossierState.RECEIVED: "Reçu",
    DossierState.IN_INSTRUCTION: "En instruction",
    DossierState.PIECES_REQUESTED: "Pièces demandées",
    DossierState.ADMISSIBLE: "Recevable",
    DossierState.COMMITTEE: "Examiné en comité",
    DossierState.DECIDED: "Décision rendue",
    DossierState.AGREED: "Conventionné",
    DossierState.WITHDRAWN: "Retiré",
    DossierState.CLOSED: "Fin d'accompagnement",
}

LEAD_NEXT = {
    DossierState.DRAFT: "Complétez les étapes, puis déposez le dossier.",
    DossierState.SUBMITTED: "Le dossier est déposé : la mission régionale va le relire. Vous "
                            "pouvez encore le retirer pour le modifier.",
    DossierState.IN_REVIEW: "La mission régionale relit le dossier ; elle vous écrira si des "
                            "compléments sont nécessaires.",
    DossierState.CHANGES_REQUESTED: "Traitez les demandes de la mission régionale, puis "
                                    "déposez de nouveau le dossier.",
    DossierState.APPROVED: "La mission régionale a rendu son avis ; elle va transmettre le "
                           "dossier à la préfecture.",
    DossierState.TRANSMITTED: "Le dossier a été transmis à la préfecture.",
    DossierState.RECEIVED: "La préfecture a accusé réception du dossier ; elle va l'instruire.",
    DossierState.IN_INSTRUCTION: "La préfecture instruit le dossier ; elle vous écrira s'il "
                                 "manque des pièces.",
    DossierState.PIECES_REQUESTED: "La préfecture demande des pièces ou des corrections : "
                                   "joignez-les, répondez à ses demandes, puis renvoyez les "
                                   "pièces.",
    DossierState.ADMISSIBLE: "La préfecture a déclaré le dossier recevable ; il sera examiné "
                             "en comité.",
    DossierState.COMMITTEE: "Le dossier a été examiné en comité ; la décision va vous être "
                            "notifiée.",
    DossierState.DECIDED: "La préfecture a rendu sa décision : consultez les montants "
                          "accordés ; la convention suivra.",
    DossierState.AGREED: "La convention est signée : le financement accordé est acquis.",
    DossierState.WITHDRAWN: "Vous avez retiré ce dossier.",
    DossierState.CLOSED: "La mission régionale a mis fin à l'accompagnement de ce dossier.",
}

EDITABLE_STATES = frozenset({DossierState.DRAFT, DossierState.CHANGES_REQUESTED})
# the states in which the supporting documents may be added or replaced (the document itself
# stays frozen while the prefecture asks for pieces)
PIECES_EDITABLE_STATES = EDITABLE_STATES | {DossierState.PIECES_REQUESTED}


class Dossier(db.Model):
    """The content lives in `document`; the other columns are kept in sync by the save function."""

    __tablename__ = "dossiers"
    __table_args__ = (
        # the adviser dashboard groups, filters and sums without reading the documents
        Index("ix_dossiers_dashboard", "state", "department", "commune_id", "updated_at",
              "title", "mediator_fte", "total_cost", "commune_share"),
        Index("ix_dossiers_total_cost", "total_cost"),
        Index("ix_dossiers_title", "title"),
    )

    id: Mapped[intpk]
    commune_id: Mapped[int] = mapped_column(ForeignKey("communes.id"), index=True)
    department: Mapped[str | None] = mapped_column(String(3), index=True)
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[DossierState] = mapped_column(
        str_enum(DossierState, 30), default=DossierState.DRAFT, index=True)
    document: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    # typed input a step could not save yet (invalid values), by step slug: never lost
    pending: Mapped[dict] = mapped_column(JSONDocument, default=dict, server_default=text("'{}'"))
    # budget scenarios beside the document's own intervention: {"B": {<intervention>}}
    scenarios: Mapped[dict] = mapped_column(JSONDocument, default=dict, server_default=text("'{}'"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    total_cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    commune_share: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    mediator_fte: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    # the costing's warnings (wizard.costing.WARNING_CODES), distinct, space-separated
    warning_codes: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))
    # the reference parameters the dossier is costed with (kept until explicitly moved)
    parameter_set_id: Mapped[int | None] = mapped_column(
        ForeignKey("parameter_sets.id"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[timestamp]
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )

    # optimistic locking: every UPDATE checks and bumps the version
    __mapper_args__ = {"version_id_col": version}

    commune: Mapped["Commune"] = relationship()  # noqa: F821
    parameter_set: Mapped["ParameterSet | None"] = relationship()  # noqa: F821
    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    updated_by: Mapped["User | None"] = relationship(foreign_keys=[updated_by_id])  # noqa: F821
    co_editors: Mapped[list["CoEditor"]] = relationship(  # noqa: F821
        back_populates="dossier", cascade="all, delete-orphan"
    )

    @property
    def co_editor_ids(self) -> set[int]:
        return {c.user_id for c in self.co_editors}

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def __repr__(self) -> str:
        return f"<Dossier {self.id} {self.title!r} {self.state}>"


def upgrade_on_load(target, *_) -> None:
    """An ORM `load`/`refresh` hook: a document stored in an older format version is read
    as the current one (wizard.document.upgrade), without marking the row changed; the next
    save writes it back upgraded. A document that cannot be upgraded is left as stored."""
    doc = target.__dict__.get("document")
    if not isinstance(doc, dict) or doc.get("version") == documents.VERSION:
        return
    try:
        set_committed_value(target, "document", documents.upgrade(doc))
    except documents.DocumentError:
        pass


def upgrade_documents_on_load(model) -> None:
    """Register `upgrade_on_load` for the model's `document` column."""
    event.listen(model, "load", upgrade_on_load)
    event.listen(model, "refresh", upgrade_on_load)


upgrade_documents_on_load(Dossier)
