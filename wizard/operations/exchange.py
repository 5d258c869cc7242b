"""JSON export and import of dossiers in the interchange format (docs/dossier-format.md).

Round trip: `export_json(import_json(text, owner))` equals `document.dumps(text's content)`.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from wizard import document as documents
from wizard.db import db
from wizard.document import DocumentError, Problem
from wizard.models import Commune, Dossier, Role, User
from wizard.models.audit import record
from wizard.operations.dossiers import create_dossier, sync_columns

OWNER = "--owner"


def export_json(dossier: Dossier) -> str:
    """The dossier's document as export text, in the current format version: normalised,
    keys sorted, indented UTF-8 JSON."""
    return documents.dumps(documents.upgrade(dossier.document))


INVALID = "Le fichier n'est pas un JSON valide."
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _refuse_constant(name: str):
    raise ValueError(f"valeur « {name} » refusée : un montant est un nombre fini")


def _no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ValueError(f"clé en double : {', '.join(twice)}")
    return dict(pairs)


def parse_json(text: str) -> object:
    """The JSON value of `text`, by the web's rules: DocumentError naming the line and column
    when it is not JSON, for NaN or Infinity, a key written twice in one object, a number too
    long to read, or a control character in a text (with its JSON path)."""
    try:
        value = json.loads(text, parse_constant=_refuse_constant,
                           object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        raise DocumentError(INVALID, [Problem(
            "", f"JSON invalide ligne {error.lineno}, colonne {error.colno} ({error.msg})")],
        ) from None
    except RecursionError:
        raise DocumentError(INVALID, [Problem("", "JSON trop profondément imbriqué")]) from None
    except ValueError as error:  # the hooks above, or an integer of more than 4 300 digits
        message = str(error) if "refusée" in str(error) or "clé" in str(error) \
            else "nombre trop long"
        raise DocumentError(INVALID, [Problem("", message)]) from None
    problems = [Problem(path, "caractère de contrôle interdit dans un texte")
                for path in _control_paths(value, "")]
    if problems:
        raise DocumentError("Le dossier contient des caractères interdits :", problems[:20])
    return value


def _control_paths(value, path: str):
    if isinstance(value, str):
        if _CONTROL.search(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _control_paths(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _control_paths(item, f"{path}[{i}]")


def _owner(email: str, insee_code: str) -> tuple[User, Commune]:
    """The lead importing for `insee_code`, and that commune; DocumentError otherwise."""
    def refuse(message: str, path: str = OWNER):
        raise DocumentError("Import refusé.", [Problem(path, message)])

    user = db.session.scalar(
        select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        refuse(f"aucun compte n'a l'adresse « {email} »")
    if not user.active:
        refuse(f"le compte « {user.email} » est désactivé")
    if user.role is not Role.LEAD:
        refuse(f"le compte « {user.email} » n'est pas un compte de porteur de projet")
    commune = db.session.scalar(select(Commune).where(
        Commune.insee_code == insee_code, Commune.kind == "commune-actuelle"))
    if commune is None:
        refuse(f"commune inconnue : {insee_code}", "commune.insee_code")
    if commune.id not in user.commune_ids:
        refuse(f"le compte « {user.email} » ne porte pas de projet pour {commune.name} "
               f"({insee_code})")
    return user, commune


def import_json(text: str, owner_email: str) -> Dossier:
    """A new draft holding the dossier of `text`, owned by the lead `owner_email`.

    The file is upgraded, validated and normalised (`document.accept`); any problem raises
    DocumentError listing every problem with its JSON path (the owner's problems under
    « --owner »), and nothing is written. The caller commits.
    """
    doc = documents.accept(parse_json(text))
    user, commune = _owner(owner_email, doc["commune"]["insee_code"])
    dossier = create_dossier(user, commune, doc["title"])
    dossier.document = doc
    sync_columns(dossier)
    record("dossier_imported", user=user, dossier=dossier)
    db.session.flush()
    return dossier
