"""JSON export and import of dossiers in the interchange format (shared/spec/dossier-format.md).

Round trip: `export_json(import_json(text, owner))` equals `document.dumps(text's content)`.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from wizard import document as documents
from wizard import operations
from wizard.db import db
from wizard.document import DocumentError, Problem
from wizard.models import Commune, Dossier, Role, User
from wizard.models.audit import record

OWNER = "--owner"


def export_json(dossier: Dossier) -> str:
    """The dossier's document as export text: normalised, keys sorted, indented UTF-8 JSON."""
    return documents.dumps(dossier.document)


def parse_json(text: str) -> object:
    """The JSON value of `text`; DocumentError naming the line and column when it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentError("Le fichier n'est pas un JSON valide.", [Problem(
            "", f"JSON invalide ligne {error.lineno}, colonne {error.colno} ({error.msg})")],
        ) from None
    except RecursionError:
        raise DocumentError("Le fichier n'est pas un JSON valide.",
                            [Problem("", "JSON trop profondément imbriqué")]) from None


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
    if Role(user.role) is not Role.LEAD:
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
    dossier = operations.create_dossier(user, commune, doc["title"])
    dossier.document = doc
    operations.sync_columns(dossier)
    record("dossier_imported", user=user, dossier=dossier)
    db.session.flush()
    return dossier
