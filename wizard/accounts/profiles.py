"""The administration of accounts, shared by the admin pages and the `users` CLI: checked
communes and departments, creation and update."""

from sqlalchemy import select

from wizard.accounts import find_user, set_password
from wizard.db import db
from wizard.models import Commune, Role, User, UserCommune, UserDepartment

DEPARTMENT_CODES = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"} | {
    "971", "972", "973", "974", "976"
}


class AccountError(ValueError):
    """Invalid account data; `field` names the input, args[0] is the French message."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def resolve_communes(codes: list[str]):
    """Current communes for these INSEE codes; AccountError naming unknown ones."""
    codes = [c.strip().upper() for c in codes if c.strip()]
    if not codes:
        return []
    found = db.session.scalars(
        select(Commune).where(Commune.insee_code.in_(codes), Commune.kind == "commune-actuelle")
    ).all()
    unknown = sorted(set(codes) - {c.insee_code for c in found})
    if unknown:
        raise AccountError(
            "communes", "Code(s) INSEE inconnu(s) : " + ", ".join(unknown) +
            ". Importez la liste des communes ou corrigez le code."
        )
    return found


def check_departments(codes: list[str]) -> list[str]:
    codes = [c.strip().upper() for c in codes if c.strip()]
    unknown = sorted(set(codes) - DEPARTMENT_CODES)
    if unknown:
        raise AccountError("departments", "Département(s) inconnu(s) : " + ", ".join(unknown))
    return sorted(set(codes))


def save_user(user, *, email, name, role, commune_codes=(), departments=(), password=None):
    """Create or update `user` (None = new) with its scope. Raises AccountError.

    Leads need at least one commune and prefecture agents one department.
    The caller commits.
    """
    email = (email or "").strip().lower()
    existing = find_user(email)
    if existing is not None and existing is not user:
        raise AccountError("email", "Un compte utilise déjà cette adresse électronique.")
    role = Role(role)
    communes = resolve_communes(list(commune_codes)) if role is Role.LEAD else []
    depts = check_departments(list(departments)) if role is Role.PREFECTURE else []
    if role is Role.LEAD and not communes:
        raise AccountError("communes", "Indiquez au moins une commune pour un porteur de projet.")
    if role is Role.PREFECTURE and not depts:
        raise AccountError("departments", "Indiquez au moins un département pour un agent de préfecture.")
    if user is None:
        user = User(active=True)
        db.session.add(user)
    user.email, user.name, user.role = email, name.strip(), role
    if password:
        set_password(user, password)
    wanted = {c.id for c in communes}
    user.communes = [link for link in user.communes if link.commune_id in wanted] + [
        UserCommune(commune_id=cid) for cid in sorted(wanted - user.commune_ids)
    ]
    user.departments = [link for link in user.departments if link.department in depts] + [
        UserDepartment(department=d) for d in depts if d not in user.department_codes
    ]
    return user
