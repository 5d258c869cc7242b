"""Field readers for the costing input: each records French problems at a JSON path.

A `Problems` collects every problem instead of stopping at the first; each reader
returns the converted value, or None after recording why it could not.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from wizard.costing.model import DAYS

HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
DECIMAL = re.compile(r"-?\d+(\.\d+)?")
MISSING = object()


def parse_hhmm(text: str) -> int:
    """Minutes since midnight of « HH:MM »; raises ValueError otherwise."""
    match = HHMM.fullmatch(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"heure invalide « {text} », format attendu HH:MM")
    return int(match[1]) * 60 + int(match[2])


def format_hhmm(minutes: int) -> str:
    """« HH:MM » of a number of minutes since midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


class Problems:
    """The list of (path, message) problems found so far, with typed readers."""

    def __init__(self):
        self.items: list[tuple[str, str]] = []

    def add(self, path: str, message: str) -> None:
        """Record one problem."""
        self.items.append((path, message))

    def get(self, obj: dict, key: str, path: str, default=MISSING):
        """obj[key]; a missing or null key gives `default`, or a problem when there is none."""
        if key in obj and obj[key] is not None:
            return obj[key]
        if default is MISSING:
            missing = key not in obj
            self.add(path, "champ obligatoire manquant" if missing else "ne doit pas être null")
            return None
        return default

    def object(self, value, path: str) -> dict | None:
        """`value` if it is a JSON object."""
        if isinstance(value, dict):
            return value
        if value is not None:
            self.add(path, f"doit être un objet, reçu « {_shown(value)} »")
        return None

    def list(self, value, path: str) -> list | None:
        """`value` if it is a JSON list."""
        if isinstance(value, list):
            return value
        if value is not None:
            self.add(path, f"doit être une liste, reçu « {_shown(value)} »")
        return None

    def text(self, value, path: str, required: bool = True) -> str | None:
        """A string, non-blank when `required`."""
        if not isinstance(value, str):
            if value is not None:
                self.add(path, f"doit être une chaîne de caractères, reçu « {_shown(value)} »")
            return None
        if required and not value.strip():
            self.add(path, "ne doit pas être vide")
            return None
        return value.strip()

    def integer(self, value, path: str, lo: int, hi: int) -> int | None:
        """An integer in [lo, hi]."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"doit être un nombre entier, reçu « {_shown(value)} »")
            return None
        if not lo <= value <= hi:
            self.add(path, f"doit être compris entre {lo} et {hi}, reçu {value}")
            return None
        return value

    def boolean(self, value, path: str) -> bool | None:
        """A JSON boolean."""
        if isinstance(value, bool):
            return value
        if value is not None:
            self.add(path, f"doit valoir true ou false, reçu « {_shown(value)} »")
        return None

    def decimal(self, value, path: str, lo: Decimal | None = None, hi: Decimal | None = None,
                places: int | None = None, what: str = "nombre") -> Decimal | None:
        """A decimal from a string (« 4800.50 ») or a JSON number, within [lo, hi]."""
        if value is None:
            return None
        number = None
        if isinstance(value, str) and DECIMAL.fullmatch(value.strip()):
            number = Decimal(value.strip())
        elif isinstance(value, int) and not isinstance(value, bool):
            number = Decimal(value)
        elif isinstance(value, float) and math.isfinite(value):
            number = Decimal(repr(value))
        if number is None:
            self.add(path, f"{what} invalide « {_shown(value)} », attendu un nombre décimal "
                           "(ex. « 4800.50 »)")
            return None
        if places is not None and number.as_tuple().exponent < -places:
            self.add(path, f"{what} « {_shown(value)} » : au plus {places} décimales")
            return None
        if what != "montant" and lo is not None and hi is not None and not lo <= number <= hi:
            self.add(path, f"{what} « {_shown(value)} » : doit être entre {lo} et {hi}")
            return None
        if lo is not None and number < lo:
            bound = "positif ou nul" if lo == 0 else f"supérieur ou égal à {lo}"
            self.add(path, f"{what} « {_shown(value)} » : doit être {bound}")
            return None
        if hi is not None and number > hi:
            self.add(path, f"{what} « {_shown(value)} » : doit être inférieur ou égal à {hi}")
            return None
        return number

    def money(self, value, path: str) -> Decimal | None:
        """A non-negative amount in euros with at most two decimals."""
        return self.decimal(value, path, Decimal(0), Decimal(1_000_000_000), 2, "montant")

    def time(self, value, path: str) -> int | None:
        """Minutes since midnight of an « HH:MM » string."""
        if value is None:
            return None
        try:
            return parse_hhmm(value)
        except ValueError:
            self.add(path, f"heure invalide « {_shown(value)} », format attendu HH:MM")
            return None

    def day(self, value, path: str) -> str | None:
        """A day code mon…sun."""
        if value in DAYS:
            return value
        if value is not None:
            self.add(path, f"jour invalide « {_shown(value)} », attendu l'un de "
                           + ", ".join(DAYS))
        return None

    def choice(self, value, path: str, allowed: tuple[str, ...], what: str) -> str | None:
        """One of `allowed` codes."""
        if value in allowed:
            return value
        if value is not None:
            self.add(path, f"{what} inconnue « {_shown(value)} », attendue l'une de "
                           + ", ".join(allowed))
        return None
