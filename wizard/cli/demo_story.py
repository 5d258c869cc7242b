"""The demo dossiers, created and moved through their states by the application's own
operations — step saves (`operations.save_step`), supporting documents
(`operations.attachments`), comments (`review.comments`) and transitions (`workflow.apply`,
the submission signed with an `operations.Attestation`) — so that their audit trail, their
snapshots and the transmission bundle are real. No mail is sent meanwhile.

- Lille, « gare et tramway de nuit »: a first round sent back (one step comment, treated),
  then submitted again, approved, transmitted and acknowledged by the prefecture;
- Roubaix: changes requested (a general message, step comments, a comment on a piece, one
  answered « traité », an adviser's private note);
- Arras: submitted, waiting for an adviser;
- Lille, « résidences de Moulins »: a draft, its first two steps saved;
- Roubaix, « gare et parc Barbieux »: transmitted, waiting for « Accuser réception »;
- Arras, « Saint-Michel et gare »: decided (a partial grant), conventionné, the report of
  its first year deposited and waiting for the mission (`demo_later`).
"""

import copy
from contextlib import contextmanager
from datetime import date

import click
from flask import current_app
from sqlalchemy import select

from wizard import document as documents
from wizard import mail, operations, workflow
from wizard.cli import demo_documents, demo_later, demo_roubaix_arras
from wizard.cli.demo_pieces import pieces
from wizard.db import db
from wizard.models import Commune, Dossier
from wizard.models.audit import record
from wizard.operations.attachments import add_attachment
from wizard.review.comments import add_comment, comments_for, piece_key, resolve
from wizard.steps import (
    STEPS,
    budget,
    diagnosis,
    evaluation,
    intervention,
    objectives,
    partners,
    territory,
)

# What each step's page writes: top-level keys, or (section, key) for the shared `funding`
# (its contributions in kind are entered with the partners).
STEP_PARTS = {
    territory.STEP.slug: ("title", "commune", "holder", "territory", "start_date", "years"),
    diagnosis.STEP.slug: ("diagnosis",),
    objectives.STEP.slug: ("objectives",),
    partners.STEP.slug: ("partners", "governance", ("funding", "in_kind")),
    intervention.STEP.slug: ("intervention",),
    budget.STEP.slug: (("funding", "adultes_relais_posts"), ("funding", "funders"),
                       ("funding", "adultes_relais"), "parameters"),
    evaluation.STEP.slug: ("evaluation",),
}
assert set(STEP_PARTS) == {step.slug for step in STEPS}, "a step's parts are missing"


@contextmanager
def no_mail():
    """The transitions' and comments' mails are kept in memory, then dropped."""
    config, kept = current_app.config, len(mail.outbox)
    backend, config["MAIL_BACKEND"] = config["MAIL_BACKEND"], "memory"
    try:
        yield
    finally:
        config["MAIL_BACKEND"] = backend
        del mail.outbox[kept:]


def reset(user_ids: list[int]) -> int:
    """Delete the dossiers the demo accounts created (their comments, pieces, snapshots and
    transmission go with them; their audit events stay, detached). Returns how many."""
    dossiers = db.session.scalars(select(Dossier).where(Dossier.created_by_id.in_(user_ids)))
    count = 0
    for dossier in dossiers.all():
        record("demo_reset", dossier=None, dossier_id=dossier.id, title=dossier.title)
        db.session.delete(dossier)
        count += 1
    db.session.flush()
    return count


def _copy_part(source: dict, target: dict, part) -> None:
    section, key = part if isinstance(part, tuple) else (None, part)
    src = source.get(section, {}) if section else source
    dst = target.setdefault(section, {}) if section else target
    if key in src:
        dst[key] = copy.deepcopy(src[key])


def fill(dossier: Dossier, user, content: dict, slugs=None) -> None:
    """Save `content` into the dossier step by step, as the lead would (one audited save per
    step; only the steps of `slugs` when given)."""
    content = documents.accept(content)  # validated and normalised, as the steps store it
    for step in STEPS:
        if slugs is not None and step.slug not in slugs:
            continue
        new = copy.deepcopy(dossier.document)
        for part in STEP_PARTS[step.slug]:
            _copy_part(content, new, part)
        operations.save_step(dossier, step, new, user, dossier.version, None)


def _filed(lead, commune: Commune, content: dict, key: str | None, slugs=None) -> Dossier:
    dossier = operations.create_dossier(lead, commune, content["title"])
    fill(dossier, lead, content, slugs)
    for kind, name, data in pieces(key, content) if key else ():
        add_attachment(dossier, lead, kind, name, data)
    return dossier


def _submit(dossier, lead) -> None:
    holder = dossier.document["holder"]
    signer = holder.get("signatory") or holder["representative"]
    attestation = operations.Attestation(signer["name"], signer["quality"], date.today(), True)
    try:
        workflow.apply("submit", dossier, lead, attestation=attestation)
    except workflow.NotReady as exc:  # demo data out of step with the rules: say what
        missing = [m.message for items in exc.missing.values() for m in items]
        missing += [m.message for m in exc.pieces]
        raise click.ClickException(
            f"données de démonstration incomplètes pour « {dossier.title} » : "
            + " ; ".join(missing)) from exc


def _answer(dossier, lead, step: str, body: str) -> None:
    """The lead answers the comment on `step` and marks it « traité »."""
    comment = comments_for(dossier, include_private=False, step=step)[0]
    add_comment(dossier, lead, step, body, parent=comment, treated=True)


def lille_transmitted(lead, adviser, agent, commune) -> Dossier:
    content = demo_documents.lille()
    first = copy.deepcopy(content)
    first["intervention"]["reinforcements"] = []  # added in the second round
    dossier = _filed(lead, commune, first, "lille")
    _submit(dossier, lead)
    workflow.apply("take", dossier, adviser)
    rounds = intervention.STEP.slug
    workflow.apply("request_changes", dossier, adviser, step_reasons={
        rounds: "La braderie de septembre et les fêtes de fin d'année attirent beaucoup de "
                "monde à la gare : prévoyez-vous un renfort ces semaines-là ?"})
    _answer(dossier, lead, rounds, "Oui : un renfort le dimanche pendant quatre semaines, "
                                   "ajouté aux modalités.")
    fill(dossier, lead, content, {rounds})
    _submit(dossier, lead)
    workflow.apply("take", dossier, adviser)
    resolve(comments_for(dossier, include_private=False, step=rounds)[0], adviser)
    workflow.apply("approve", dossier, adviser, reason="Dossier complet, bon pour transmission")
    workflow.apply("transmit", dossier, adviser)
    workflow.apply("acknowledge", dossier, agent)
    return dossier


def roubaix_changes_requested(lead, adviser, commune) -> Dossier:
    dossier = _filed(lead, commune, demo_roubaix_arras.roubaix(), "roubaix")
    _submit(dossier, lead)
    workflow.apply("take", dossier, adviser)
    add_comment(dossier, adviser, piece_key("comptes"),
                "Les comptes joints ne sont pas signés : joignez la version approuvée et "
                "signée par le trésorier.")
    add_comment(dossier, adviser, budget.STEP.slug, "La Ville de Roubaix a-t-elle voté sa "
                "participation ? Vérifier avant la validation.", private=True)
    slug = intervention.STEP.slug
    workflow.apply(
        "request_changes", dossier, adviser,
        reason="Votre projet est bien construit ; deux points restent à préciser avant de le "
               "transmettre à la préfecture.",
        step_reasons={
            slug: "Le marché du dimanche commence à 7 h : les médiateurs arrivent-ils avant "
                  "l'installation des commerçants ?",
            budget.STEP.slug: "Précisez si les 32 000 € de crédits politique de la ville sont déjà "
                      "accordés ou seulement demandés."})
    _answer(dossier, lead, slug, "Oui, l'équipe arrive à 7 h, avant les premiers camions : "
                                 "les créneaux du marché commencent à cette heure.")
    return dossier


def arras_submitted(lead, commune) -> Dossier:
    dossier = _filed(lead, commune, demo_roubaix_arras.arras(), "arras")
    _submit(dossier, lead)
    return dossier


def lille_draft(lead, commune) -> Dossier:
    return _filed(lead, commune, demo_documents.lille_draft(), None,
                  {territory.STEP.slug, diagnosis.STEP.slug})


def roubaix_transmitted(lead, adviser, commune) -> Dossier:
    dossier = _filed(lead, commune, demo_later.roubaix_station(), "roubaix")
    _submit(dossier, lead)
    demo_later.transmitted(dossier, adviser)
    return dossier


def arras_agreed_with_report(lead, adviser, agent, commune) -> Dossier:
    dossier = _filed(lead, commune, demo_later.arras_station(), "arras-gare")
    _submit(dossier, lead)
    demo_later.decided_and_agreed(dossier, adviser, agent)
    demo_later.report_deposited(dossier, lead)
    return dossier


def tell(lead, adviser, agent, communes: dict[str, Commune]) -> list[Dossier]:
    """Create the demo dossiers (the caller resets the old ones and commits)."""
    with no_mail():
        return [lille_transmitted(lead, adviser, agent, communes["59350"]),
                roubaix_changes_requested(lead, adviser, communes["59512"]),
                arras_submitted(lead, communes["62041"]),
                lille_draft(lead, communes["59350"]),
                roubaix_transmitted(lead, adviser, communes["59512"]),
                arras_agreed_with_report(lead, adviser, agent, communes["62041"])]
