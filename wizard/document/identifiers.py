"""Identifiers of the structure that applies: SIRET (Luhn key), SIREN, RNA. Pure module.

A SIRET is the 9-digit SIREN of the legal entity followed by a 5-digit establishment number
(NIC); its 14 digits pass the Luhn check. La Poste is the exception: its establishments share
one SIREN (356 000 000) and their SIRET digits add up to a multiple of 5 instead. An RNA
number (répertoire national des associations) is W followed by 9 characters: digits, the
department part being 2A / 2B in Corsica and 9M in Mayotte.
"""

import re

LA_POSTE_SIREN = "356000000"
_SIRET = re.compile(r"^[0-9]{14}$")
_RNA = re.compile(r"^W[0-9][0-9ABM][0-9]{7}$")
_SEPARATORS = re.compile(r"[\s.\-]")

SIRET_FORMAT = "Le SIRET compte 14 chiffres, ex. 215 903 501 00017."
SIRET_KEY = ("Ce SIRET n'existe pas : sa clé de contrôle est fausse. Vérifiez chaque chiffre "
             "(avis de situation SIRENE ou annuaire-entreprises.data.gouv.fr).")
RNA_FORMAT = "Le numéro RNA est la lettre W suivie de 9 chiffres, ex. W595012345."


def compact(value: str | None) -> str:
    """The identifier without spaces, dots and dashes, in capitals (« 215 903 501 00017 »
    → « 21590350100017 »)."""
    return _SEPARATORS.sub("", value or "").upper()


def luhn_ok(digits: str) -> bool:
    """The Luhn check: doubling every second digit from the right, the sum ends in 0."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def siret_problem(value: str) -> str | None:
    """None for a valid SIRET (compact form), else the French reason."""
    if not _SIRET.fullmatch(value or ""):
        return SIRET_FORMAT
    if value.startswith(LA_POSTE_SIREN):
        valid = sum(int(ch) for ch in value) % 5 == 0
    else:
        valid = luhn_ok(value[:9]) and luhn_ok(value)
    return None if valid else SIRET_KEY


def siren(siret: str) -> str:
    """The SIREN of a SIRET: its first nine digits."""
    return siret[:9]


def spaced_siren(siret: str) -> str:
    """« 215 903 501 » (the usual grouping of a SIREN)."""
    code = siren(siret)
    return " ".join(code[i:i + 3] for i in range(0, 9, 3))


def rna_problem(value: str) -> str | None:
    """None for a well-formed RNA number (compact form), else the French reason."""
    return None if _RNA.fullmatch(value or "") else RNA_FORMAT
