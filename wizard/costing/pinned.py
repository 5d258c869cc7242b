"""The reference parameters a dossier is costed with, as one explicit value.

Every step hook, the PDF and the diff receive a `Pinned` from their caller, which builds it
once from the dossier's pinned parameter set (`wizard.reference.pinned`); nothing below the
views looks it up by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.costing.defaults import DEFAULT_PARAMETERS

DEFAULT_SET_NAME = "paramètres par défaut"


@dataclass(frozen=True)
class Pinned:
    """The values of a parameter set ({key: value as text}), its label (None for the
    built-in defaults, used before any set is published) and the costing rules it was
    published for (1: before costing v2, docs/costing.md « Rules 1 »; 2: current)."""

    values: dict[str, str]
    label: str | None = None
    costing_version: int = 2

    @property
    def name(self) -> str:
        """The label, or « paramètres par défaut »."""
        return self.label or DEFAULT_SET_NAME

    @classmethod
    def defaults(cls) -> Pinned:
        """The built-in defaults of the costing (wizard.costing.DEFAULT_PARAMETERS)."""
        return cls(dict(DEFAULT_PARAMETERS), None)
