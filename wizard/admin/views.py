"""Account list, creation (with an e-mailed invitation), edition, deactivation."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wizard import accounts
from wizard.admin import bp
from wizard.admin.forms import UserForm, split_codes
from wizard.db import db
from wizard.models import User, UserCommune
from wizard.models.audit import record
from wizard.notifications import send_account_link
from wizard.web.lookups import get_or_404


@bp.get("/utilisateurs")
def users():
    rows = db.session.scalars(
        select(User)
        .options(
            selectinload(User.communes).joinedload(UserCommune.commune),
            selectinload(User.departments),
        )
        .order_by(User.role, User.name)
    ).all()
    return render_template("admin/users.html", users=rows)


@bp.route("/utilisateurs/nouveau", methods=["GET", "POST"])
def create_user():
    form = UserForm()
    if form.validate_on_submit() and _save(form, None):
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), 400 if form.errors else 200


@bp.route("/utilisateurs/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    user = get_or_404(User, user_id)
    form = UserForm(obj=user)
    if not form.is_submitted():
        form.commune_codes.data = " ".join(link.commune.insee_code for link in user.communes)
        form.department_codes.data = " ".join(sorted(user.department_codes))
    if form.validate_on_submit() and _save(form, user):
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user), 400 if form.errors else 200


def _save(form: UserForm, user: User | None) -> bool:
    """Apply the form; on AccountError put the message at its field and return False."""
    creating = user is None
    try:
        user = accounts.save_user(
            user,
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            commune_codes=split_codes(form.commune_codes.data),
            departments=split_codes(form.department_codes.data),
        )
    except accounts.AccountError as exc:
        db.session.rollback()
        field = {"communes": "commune_codes", "departments": "department_codes"}.get(exc.field, exc.field)
        getattr(form, field).errors.append(exc.args[0])
        return False
    if user.id == current_user.id and not form.active.data:
        db.session.rollback()
        form.active.errors.append("Vous ne pouvez pas désactiver votre propre compte.")
        return False
    accounts.set_active(user, bool(form.active.data))
    db.session.flush()
    record("user_created" if creating else "user_updated", user=current_user, target=user.email)
    db.session.commit()
    if creating:
        send_account_link(user, "invitation")
        flash(f"Compte créé. Une invitation a été envoyée à {user.email}.", "success")
    else:
        flash(f"Compte de {user.name} enregistré.", "success")
    return True


@bp.post("/utilisateurs/<int:user_id>/invitation")
def resend_invitation(user_id):
    user = get_or_404(User, user_id)
    send_account_link(user, "invitation")
    flash(f"Invitation renvoyée à {user.email}.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/utilisateurs/<int:user_id>/proconnect/delier")
def unlink_proconnect(user_id):
    """Forget the account's ProConnect identity (its next ProConnect sign-in links it again
    by e-mail) and end its sessions; audited."""
    user = get_or_404(User, user_id)
    if user.oidc_subject is None:
        flash(f"Le compte de {user.name} n'est pas relié à ProConnect.", "info")
    else:
        accounts.unlink_proconnect(user, by=current_user)
        db.session.commit()
        flash(f"Le compte de {user.name} n'est plus relié à ProConnect.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))
