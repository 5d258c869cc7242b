"""Validators of the applicant's identifiers (SIRET, RNA, postal code), in French.

Each filter-and-check pair accepts what people type (« 215 903 501 00017 », « w595012345 »)
and leaves the compact form in `field.data`, the form the document stores.
"""

import re

from wtforms.validators import ValidationError

from wizard.document.identifiers import compact, rna_problem, siret_problem

_POSTAL_CODE = re.compile(r"^[0-9]{5}$")


def compacted(value):
    """Filter: the identifier without spaces, dots, dashes, in capitals (None stays None)."""
    return compact(value) or None if isinstance(value, str) else value


def siret(form, field):
    """14 digits whose control key is right (Luhn; La Poste's rule for its SIREN)."""
    if field.data and (problem := siret_problem(field.data)):
        raise ValidationError(problem)


def rna(form, field):
    """W followed by 9 characters (digits; 2A, 2B or 9M for the department)."""
    if field.data and (problem := rna_problem(field.data)):
        raise ValidationError(problem)


def postal_code(form, field):
    if field.data and not _POSTAL_CODE.match(field.data.strip()):
        raise ValidationError("Le code postal compte 5 chiffres, ex. 59000.")
