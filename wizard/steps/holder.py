"""The applicant of step 1 (`holder`): legal identity, address, legal representative and
signatory, contact person, first application or renewal.

`HolderFields` is mixed into the step's form; the functions map its fields to and from the
document's `holder` object, say what submission still needs and summarise it.
"""

from sqlalchemy import select
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import Email, Regexp

from wizard.db import db
from wizard.document import vocabulary as v
from wizard.document.identifiers import spaced_siren
from wizard.forms import choices, clean, optional
from wizard.forms.identifiers import compacted, postal_code, rna, siret
from wizard.forms.limits import email_text, short_text, title_text
from wizard.models import Dossier
from wizard.steps.base import Missing, compact, put, section_of, valid_text

PHONE_PATTERN = r"^\+?[0-9 .()-]{6,30}$"
RENEWAL = "renouvellement"
PREVIOUS_LIMIT = 50  # the most recent dossiers of the commune offered as the renewed one


class HolderFields:
    """The holder's fields (a mixin of the step's form, rendered in fieldsets)."""

    holder_kind = SelectField("Forme juridique", [optional()],
                              choices=choices(v.HOLDER_KINDS, "Choisir…"))
    holder_name = StringField("Nom légal du porteur", [optional(), title_text()],
                              description="Tel qu'il figure au répertoire SIRENE, ex. Commune "
                              "de Lille, CCAS de Roubaix, association Citéo.")
    siret = StringField("SIRET", [optional(), siret], filters=[compacted],
                        description="14 chiffres, ex. 215 903 501 00017 ; le SIREN (les 9 "
                        "premiers) en est déduit.",
                        render_kw={"inputmode": "numeric", "autocomplete": "off",
                                   "spellcheck": "false"})
    rna = StringField("Numéro RNA (associations seulement)", [optional(), rna],
                      filters=[compacted], description="W suivi de 9 chiffres, sur le récépissé "
                      "de déclaration de l'association, ex. W595012345.",
                      render_kw={"autocomplete": "off", "spellcheck": "false"})
    address = StringField("Adresse du siège (numéro et voie)", [optional(), short_text()],
                          render_kw={"autocomplete": "street-address"})
    postal_code = StringField("Code postal", [optional(), postal_code],
                              render_kw={"autocomplete": "postal-code", "inputmode": "numeric"})
    city = StringField("Commune", [optional(), title_text()],
                       render_kw={"autocomplete": "address-level2"})
    representative_name = StringField("Représentant légal : prénom et nom",
                                      [optional(), title_text()])
    representative_quality = StringField("Qualité du représentant légal",
                                         [optional(), title_text()],
                                         description="Ex. Maire, Président du CCAS, Présidente.")
    signatory_name = StringField("Signataire par délégation : prénom et nom",
                                 [optional(), title_text()],
                                 description="Seulement si une autre personne que le "
                                 "représentant légal signe, par délégation de signature.")
    signatory_quality = StringField("Qualité du signataire", [optional(), title_text()],
                                    description="Ex. Adjointe au maire chargée de la "
                                    "tranquillité publique.")
    delegation = StringField("Acte de délégation", [optional(), short_text()],
                             description="Ex. arrêté n° 2026-045 du 12 janvier 2026.")
    contact_name = StringField("Personne à contacter pour le dossier", [optional(), title_text()],
                               description="Prénom, nom et fonction.")
    contact_email = StringField(
        "Adresse électronique de la personne à contacter",
        [optional(), Email("Adresse électronique invalide (format attendu : nom@domaine.fr)."),
         email_text()],
        render_kw={"type": "email", "autocomplete": "email", "spellcheck": "false"},
    )
    contact_phone = StringField(
        "Téléphone", [optional(), Regexp(PHONE_PATTERN, message="Numéro invalide, ex. 03 20 49 50 00.")],
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    application = RadioField("Demande", [optional()], choices=choices(v.APPLICATIONS),
                             render_kw={"inline": True})
    previous_dossier = SelectField("Dossier renouvelé", [optional()],
                                   choices=choices({}, "Aucun de ces dossiers"),
                                   description="Les dossiers de la commune dans l'application.")
    previous_title = StringField("Projet renouvelé, s'il n'est pas dans la liste",
                                 [optional(), title_text()],
                                 description="Intitulé et année, ex. Médiation sociale 2025 "
                                 "(FIPD).")


def prepare_holder(form, dossier) -> None:
    """Offer the other dossiers of the commune as the renewed one (newest first) and say
    the SIREN of a valid SIRET."""
    rows = db.session.execute(
        select(Dossier.id, Dossier.title, Dossier.created_at)
        .where(Dossier.commune_id == dossier.commune_id, Dossier.id != dossier.id)
        .order_by(Dossier.created_at.desc(), Dossier.id.desc()).limit(PREVIOUS_LIMIT)).all()
    titles = {str(i): title for i, title, _ in rows}
    labels = {str(i): f"{title} — créé en {created.year} (n° {i})" for i, title, created in rows}
    kept = (dossier.document.get("holder") or {}).get("previous_dossier") or {}
    if kept.get("id") and str(kept["id"]) not in labels:
        titles[str(kept["id"])] = kept.get("title") or ""
        labels[str(kept["id"])] = f"{kept.get('title') or 'Dossier'} (n° {kept['id']})"
    form.previous_titles = titles
    form.previous_dossier.choices = choices(labels, "Aucun de ces dossiers")
    if form.siret.data and not form.siret.errors and len(form.siret.data) == 14:
        form.siret.description = f"SIREN : {spaced_siren(form.siret.data)}."


def load_holder(holder: dict) -> dict:
    representative = holder.get("representative") or {}
    signatory = holder.get("signatory")
    previous = holder.get("previous_dossier") or {}
    in_list = previous.get("id") is not None
    return {
        "holder_kind": holder.get("kind"), "holder_name": holder.get("name"),
        "siret": holder.get("siret"), "rna": holder.get("rna"),
        "address": holder.get("address"), "postal_code": holder.get("postal_code"),
        "city": holder.get("city"),
        "representative_name": representative.get("name"),
        "representative_quality": representative.get("quality"),
        "signatory_name": (signatory or {}).get("name"),
        "signatory_quality": (signatory or {}).get("quality"),
        "delegation": (signatory or {}).get("delegation"),
        "contact_name": holder.get("contact_name"), "contact_email": holder.get("contact_email"),
        "contact_phone": holder.get("contact_phone"),
        "application": holder.get("application", "premiere"),
        "previous_dossier": str(previous["id"]) if in_list else "",
        "previous_title": None if in_list else previous.get("title"),
    }


def save_holder(doc: dict, form) -> None:
    holder = section_of(doc, "holder")
    for key, f in (("kind", form.holder_kind), ("name", form.holder_name), ("siret", form.siret),
                   ("rna", form.rna), ("address", form.address),
                   ("postal_code", form.postal_code), ("city", form.city),
                   ("contact_name", form.contact_name), ("contact_email", form.contact_email),
                   ("contact_phone", form.contact_phone), ("application", form.application)):
        put(holder, key, f)
    representative = compact({"name": valid_text(form.representative_name),
                              "quality": valid_text(form.representative_quality)})
    holder.pop("representative", None)
    if representative:
        holder["representative"] = representative
    signatory = compact({"name": valid_text(form.signatory_name),
                         "quality": valid_text(form.signatory_quality),
                         "delegation": valid_text(form.delegation)})
    holder.pop("signatory", None)
    if signatory:
        holder["signatory"] = signatory
    holder.pop("previous_dossier", None)
    if holder.get("application") == RENEWAL:
        chosen = None if form.previous_dossier.errors else clean(form.previous_dossier.data)
        titles = getattr(form, "previous_titles", {})
        if chosen and chosen in titles:
            holder["previous_dossier"] = compact({"id": int(chosen), "title": titles[chosen]})
        elif title := valid_text(form.previous_title):
            holder["previous_dossier"] = {"title": title}


def missing_holder(holder: dict) -> list[Missing]:
    """What a prefecture needs to accept the application from this structure."""
    out = []
    if not holder.get("kind"):
        out.append(Missing("Indiquer la forme juridique du porteur.", "holder_kind"))
    if not holder.get("name"):
        out.append(Missing("Indiquer le nom légal du porteur.", "holder_name"))
    if not holder.get("siret"):
        out.append(Missing("Indiquer le SIRET du porteur.", "siret"))
    if holder.get("kind") == "association" and not holder.get("rna"):
        out.append(Missing("Indiquer le numéro RNA de l'association.", "rna"))
    if not (holder.get("address") and holder.get("postal_code") and holder.get("city")):
        out.append(Missing("Indiquer l'adresse du siège (voie, code postal, commune).", "address"))
    representative = holder.get("representative") or {}
    if not (representative.get("name") and representative.get("quality")):
        out.append(Missing("Indiquer le représentant légal et sa qualité.", "representative_name"))
    signatory = holder.get("signatory")
    if signatory is not None and not (signatory.get("name") and signatory.get("quality")
                                      and signatory.get("delegation")):
        out.append(Missing("Indiquer le signataire par délégation, sa qualité et l'acte de "
                           "délégation.", "signatory_name"))
    if not holder.get("contact_name") or not holder.get("contact_email"):
        out.append(Missing("Indiquer la personne à contacter et son adresse électronique.",
                           "contact_name"))
    if holder.get("application") == RENEWAL and not holder.get("previous_dossier"):
        out.append(Missing("Indiquer le projet dont la demande est le renouvellement.",
                           "previous_dossier"))
    return out


def _joined(*parts, sep=", "):
    return sep.join(p for p in parts if p) or None


def holder_rows(holder: dict) -> list[tuple]:
    """The labelled rows of the holder for the recap and the PDF."""
    siret_text = holder.get("siret")
    if siret_text and len(siret_text) == 14:
        siret_text = (f"{siret_text[:3]} {siret_text[3:6]} {siret_text[6:9]} {siret_text[9:]} "
                      f"(SIREN {spaced_siren(siret_text)})")
    representative = holder.get("representative") or {}
    signatory = holder.get("signatory")
    previous = holder.get("previous_dossier") or {}
    application = v.label("applications", holder["application"]) \
        if holder.get("application") else None
    if previous:
        number = f" (dossier n° {previous['id']})" if previous.get("id") else ""
        application = f"{application} : {previous.get('title', '')}{number}"
    rows = [
        ("Porteur", _joined(v.label("holder_kinds", holder["kind"]) if holder.get("kind") else None,
                            holder.get("name"), sep=" — ")),
        ("SIRET", siret_text),
    ]
    if holder.get("rna") or holder.get("kind") == "association":
        rows.append(("Numéro RNA", holder.get("rna")))
    rows += [
        ("Adresse du siège", _joined(holder.get("address"),
                                     _joined(holder.get("postal_code"), holder.get("city"),
                                             sep=" "))),
        ("Représentant légal", _joined(representative.get("name"), representative.get("quality"))),
    ]
    if signatory is not None:
        rows.append(("Signataire par délégation",
                     _joined(signatory.get("name"), signatory.get("quality"),
                             signatory.get("delegation"))))
    rows += [
        ("Personne à contacter", _joined(holder.get("contact_name"), holder.get("contact_email"),
                                         holder.get("contact_phone"))),
        ("Demande", application),
    ]
    return rows
