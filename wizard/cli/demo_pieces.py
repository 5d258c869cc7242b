"""The demo dossiers' supporting documents: small, valid PDFs drawn with reportlab, each
marked as a fictitious demonstration document. `pieces(document)` gives, for a dossier's
document, the (checklist code, file name, bytes) it joins."""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

NOTICE = "Document de démonstration : personnes, numéros et montants fictifs."


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF: `title`, then each line as a paragraph, the notice at the end."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    page = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Démonstration",
                             leftMargin=2.5 * cm, rightMargin=2.5 * cm, topMargin=2.5 * cm)
    story = [Paragraph(escape(title), styles["Title"]), Spacer(1, 0.5 * cm)]
    for line in lines:
        story += [Paragraph(escape(line), styles["BodyText"]), Spacer(1, 0.2 * cm)]
    story += [Spacer(1, 1 * cm), Paragraph(f"<i>{escape(NOTICE)}</i>", styles["Italic"])]
    page.build(story)
    return buffer.getvalue()


def deliberation(doc: dict, session: str) -> tuple[str, str, bytes]:
    holder = doc["holder"]
    lines = [
        f"Extrait du registre des délibérations du conseil municipal — {holder['city']}",
        f"Séance du {session}. Présidence : {holder['representative']['name']}, "
        f"{holder['representative']['quality'].lower()}.",
        f"Objet : projet « {doc['title']} ».",
        "Le conseil municipal, après en avoir délibéré, approuve le projet de médiation "
        "sociale dans les espaces publics et son plan de financement prévisionnel, "
        "autorise le maire à solliciter les aides de "
        "l'État et des partenaires et à signer les conventions correspondantes.",
        "Adopté à l'unanimité des suffrages exprimés.",
    ]
    return ("deliberation", f"Délibération du conseil municipal du {session}.pdf",
            pdf("Délibération du conseil municipal", lines))


def rib(doc: dict, iban: str) -> tuple[str, str, bytes]:
    holder = doc["holder"]
    lines = [f"Titulaire du compte : {holder['name']}",
             f"Adresse : {holder['address']}, {holder['postal_code']} {holder['city']}",
             f"IBAN : {iban}", "BIC : TRPUFRP1", "Domiciliation : Trésorerie (exemple)"]
    return "rib", f"RIB {holder['name']}.pdf", pdf("Relevé d'identité bancaire", lines)


def job_description(doc: dict, post: str, hours: str) -> tuple[str, str, bytes]:
    lines = [f"Employeur : {doc['holder']['name']}", f"Intitulé du poste : {post}",
             f"Projet : {doc['title']}",
             "Missions : aller au-devant des habitants et des usagers, prévenir et apaiser "
             "les conflits, orienter vers les services compétents, signaler les "
             "dysfonctionnements techniques, rendre compte dans la main courante.",
             f"Horaires : {hours}.",
             "Profil : titre professionnel de médiateur social ou engagement à le préparer ; "
             "sens de l'écoute, maîtrise de soi, travail en binôme."]
    return "fiches_poste", f"Fiche de poste — {post}.pdf", pdf("Fiche de poste", lines)


def simple(code: str, name: str, title: str, lines: list[str]) -> tuple[str, str, bytes]:
    return code, name, pdf(title, lines)


def pieces(key: str, doc: dict) -> list[tuple[str, str, bytes]]:
    """The pieces the demo dossier `key` joins (every one its checklist requires, and more)."""
    holder = doc["holder"]["name"]
    if key == "lille":
        return [deliberation(doc, "14 octobre 2026"),
                rib(doc, "FR76 1007 1590 0000 0020 0000 000 (fictif)"),
                job_description(doc, "Médiateur social de soirée", "du mardi au samedi, "
                                "18 h 30 – 1 h selon les tournées"),
                job_description(doc, "Coordinatrice de l'équipe de médiation",
                                "du lundi au vendredi, 10 h – 18 h"),
                simple("engagements", "Lettre d'engagement Ilévia.pdf", "Lettre d'engagement",
                       ["Ilévia s'engage à fournir les titres de transport des médiateurs et "
                        "à relayer leurs signalements aux équipes de sûreté du réseau."])]
    if key == "roubaix":
        return [rib(doc, "FR76 1562 9026 0000 0123 4567 890 (fictif)"),
                simple("statuts", "Statuts de l'association.pdf", "Statuts",
                       [f"Association {holder}, déclarée en préfecture du Nord.",
                        "Article 2 — Objet : développer la médiation sociale et le lien entre "
                        "habitants, commerçants et services publics à Roubaix."]),
                simple("comptes", "Comptes approuvés 2025.pdf", "Comptes annuels 2025",
                       ["Total des produits : 412 000 €. Total des charges : 405 300 €.",
                        "Résultat de l'exercice : 6 700 €. Approuvés par l'assemblée générale "
                        "du 12 mai 2026."]),
                job_description(doc, "Médiatrice sociale", "marché de 7 h à 14 h, Grand-Rue "
                                "de 14 h 30 à 19 h 30")]
    if key == "arras-gare":  # a first application: no report of a previous project
        return [deliberation(doc, "24 juin 2025"),
                rib(doc, "FR76 1007 1620 0000 0020 0000 111 (fictif)")]
    return [deliberation(doc, "23 septembre 2026"),
            rib(doc, "FR76 1007 1620 0000 0020 0000 111 (fictif)"),
            simple("bilan", "Bilan 2024-2026.pdf", "Bilan de l'action 2024-2026",
                   ["1 850 contacts en 2025, 420 visites à domicile de locataires âgés.",
                    "Les interventions de la police municipale au parc ont baissé de 18 %."])]
