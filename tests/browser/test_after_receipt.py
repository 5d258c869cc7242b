"""A project's life after receipt, through the UI (JavaScript on), by the people of the path.

The dossier of Lille is seeded transmitted and acknowledged (« Reçu »; the earlier half is
tests/browser/test_end_to_end.py). The agent of the Nord instructs it and asks for a piece;
the lead adds it, answers and sends the pieces back; the agent declares it admissible, records
the committee, grants FIPD year 1 partially and records the convention with its signed
document; the lead reads granted beside requested and the gap, writes the report of year 1
(refused without the explanation of a large gap, next to its field), deposits it and downloads
its cerfa 15059 whose totals are those typed; the adviser accepts it; the lead renews the
dossier, whose pieces page shows last year's report as its « bilan »; the agent of the
Pas-de-Calais sees none of it. Expected figures are computed from the dossier, never copied
from the pages.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.fixtures import (
    ADVISER,
    AGENT_59,
    AGENT_62,
    COMPLETE,
    LEAD,
    keyboard_login,
    logout,
    seed_received,
)
from tests.helpers import PDF_BYTES
from wizard.db import db
from wizard.formats import money

TITLE = "Médiation sociale — Lille Sud, après la réception"
PIECE = "Lettres d'engagement des partenaires"
PARTIAL = ("fipd", 1, Decimal(15000))  # FIPD year 1: less than requested
RAISED = "Locations"  # the charge spent 40 % above the plan, to explain
# actual ÷ planned by line (others as planned): a large gap to explain, a small one not
FACTORS = {RAISED: Decimal("1.40"), "Convention adultes-relais (aide au poste)": Decimal("0.97")}


def plain(text: str) -> str:
    """Spaces as typed: Babel's narrow and ordinary no-break spaces become spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def typed(amount: Decimal) -> str:
    """An amount as a person types it: « 16800,00 »."""
    return f"{amount:.2f}".replace(".", ",")


def figures(app, did):
    """The amounts requested per (scheme, year) and the planned figures of year 1."""
    from wizard.models import Dossier
    from wizard.review import decisions, report_figures

    with app.app_context():
        dossier = db.session.get(Dossier, did)
        return decisions.requested(dossier), report_figures.planned(dossier, 1)


def pdf_text(path) -> str:
    """The PDF's text as tests/unit/test_pdf_reading.py reads it (pypdf), spaces plain."""
    return plain("\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


def flash(page, text):
    expect(page.get_by_text(text)).to_be_visible()


def state(page, label):
    """The dossier's state, as its badge under the title reads."""
    expect(page.get_by_text(label, exact=True)).to_be_visible()


def test_the_life_after_receipt(page, live_server, cast):
    base, did = live_server, seed_received(cast, TITLE)
    asked, _ = figures(cast, did)
    assert ("fipd", 1) in asked and ("adultes_relais", 1) in asked  # two schemes at least

    # ── the agent of the Nord instructs, asks for a missing piece ──────────────────────
    keyboard_login(page, base, AGENT_59)
    page.get_by_role("link", name=TITLE).click()
    agent_url = page.url
    state(page, "Reçu")
    page.get_by_role("button", name="Prendre en instruction").click()
    flash(page, "Vous instruisez ce dossier.")
    page.get_by_label("Objet de la demande").select_option(label=f"Pièce « {PIECE} »")
    page.get_by_role("textbox", name="Demande (obligatoire)").fill(
        f"Merci de joindre les {PIECE.lower()} de la police et du bailleur.")
    page.get_by_role("button", name="Enregistrer la demande").click()
    flash(page, "Demande enregistrée.")
    page.get_by_label(re.compile("^Message général à la commune")).fill(
        "Il manque une pièce, voir la demande.")
    page.get_by_role("button", name="Demander des pièces").click()
    flash(page, "Demande de pièces envoyée à la commune.")
    state(page, "Pièces demandées")
    logout(page)

    # ── the lead reads the request, adds the piece, answers, sends the pieces back ─────
    keyboard_login(page, base, LEAD)
    page.get_by_role("link", name=TITLE).click()
    lead_url = page.url
    banner = page.get_by_role("region", name="La préfecture vous demande des pièces ou des "
                                             "corrections")
    expect(banner).to_contain_text("Il manque une pièce, voir la demande.")
    banner.get_by_role("link", name="pièces justificatives", exact=True).click()
    section = page.get_by_role("region", name=PIECE)
    expect(section).to_contain_text("Demande de la préfecture")
    expect(section).to_contain_text("de la police et du bailleur")
    section.get_by_label(f"Ajouter un fichier : {PIECE}").set_input_files(
        {"name": "engagements.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    section.get_by_role("button", name=f"Ajouter : {PIECE}", exact=True).click()
    flash(page, f"Pièce ajoutée : « {PIECE} ».")
    section = page.get_by_role("region", name=PIECE)
    expect(section.get_by_role("link", name=re.compile("^engagements.pdf"))).to_be_visible()
    section.get_by_label(re.compile("^Votre réponse")).fill("Les deux lettres sont jointes.")
    expect(section.get_by_label("La demande est traitée")).to_be_checked()
    section.get_by_role("button", name=re.compile("^Envoyer la réponse")).click()
    expect(page.get_by_role("region", name=PIECE)).to_contain_text("Traité par la commune")
    page.get_by_role("link", name="Retour au dossier").click()
    page.get_by_label("Message à la préfecture (facultatif)").fill("Voici la pièce demandée.")
    page.get_by_role("button", name="Renvoyer les pièces").click()
    flash(page, "Pièces renvoyées : la préfecture en est informée.")
    state(page, "En instruction")
    logout(page)

    # ── the agent: admissible, committee, a partial grant, the convention ──────────────
    keyboard_login(page, base, AGENT_59)
    page.goto(agent_url)
    expect(page.locator("main")).to_contain_text("engagements.pdf")  # added since transmission
    exchanges = page.get_by_role("region", name="Échanges avec la commune")
    expect(exchanges).to_contain_text("Voici la pièce demandée.")  # the lead's message, kept
    expect(exchanges).to_contain_text(  # with who and when
        re.compile(r"Réponse de Camille Porteur, \d{1,2}\S* \S+ \d{4} à"))
    page.get_by_role("button", name="Déclarer recevable").click()
    flash(page, "Dossier déclaré recevable.")
    state(page, "Recevable")
    page.get_by_role("link", name="Enregistrer l'examen en comité…").click()
    committee = date.today() - timedelta(days=7)
    page.get_by_label("Date du comité").fill(committee.isoformat())
    page.get_by_role("button", name="Enregistrer l'examen en comité").click()
    flash(page, "Examen en comité enregistré.")
    state(page, "Examiné en comité")
    expect(page.locator("main")).to_contain_text("Examiné en comité le")
    page.get_by_role("link", name="Saisir la décision…").click()
    scheme, year, granted = PARTIAL
    line = page.get_by_role("group", name=re.compile(rf"\(FIPD\) — année {year} :"))
    expect(line.get_by_label("Montant accordé (€)")).to_have_value(re.compile("20"))
    line.get_by_label("Montant accordé (€)").fill(typed(granted))
    page.get_by_role("button", name="Saisir la décision").click()
    flash(page, "Décision enregistrée : la commune en est informée.")
    state(page, "Décision rendue")
    page.get_by_role("link", name="Enregistrer la convention…").click()
    page.get_by_label("Référence de la convention ou de l'arrêté").fill("Arrêté 2026-59-041")
    page.get_by_label("Date de signature").fill(date.today().isoformat())
    page.get_by_label("Document signé (PDF, JPEG ou PNG)").set_input_files(
        {"name": "convention.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    page.get_by_role("button", name="Enregistrer la convention").click()
    flash(page, "Convention enregistrée.")
    state(page, "Conventionné")
    expect(page.locator("main")).to_contain_text("Arrêté 2026-59-041")
    logout(page)

    # ── the lead sees granted beside requested, and the gap ────────────────────────────
    keyboard_login(page, base, LEAD)
    page.goto(lead_url)
    decision = page.get_by_role("region", name="Décision de la préfecture")
    row = decision.get_by_role("row").filter(has_text="(FIPD)").filter(
        has=page.get_by_role("cell", name=str(year), exact=True))
    requested = asked[(scheme, year)]
    for amount in (requested, granted, requested - granted):
        expect(row).to_contain_text(plain(money(amount)))
    expect(decision).to_contain_text(
        plain(f"Reste à financer par d'autres moyens : {money(requested - granted)}"))
    expect(page.get_by_role("region", name="Échanges avec la préfecture")).to_contain_text(
        "Il manque une pièce")  # the prefecture's message, named so once decided
    expect(page.get_by_text(re.compile("à traiter", re.IGNORECASE))).to_have_count(0)

    # ── the year-1 report: refused without the explanation of a large gap, then deposited
    _, planned = figures(cast, did)
    page.get_by_role("link", name="Rédiger le compte rendu de l'année 1").click()
    expect(page.get_by_role("heading", name="Compte rendu de l'année 1", level=1)).to_be_visible()
    indicators = page.get_by_role("group", name=re.compile("Cible :"))
    first = indicators.first
    first.get_by_label("Valeur atteinte").fill("310 contacts par mois")
    first.get_by_label("Atteinte de la cible (%)").fill("103")
    totals = page.get_by_role("group", name="Totaux de l'année")
    for label, value in (("Heures de présence réalisées", "3 150"), ("Interventions", "460"),
                         ("Personnes rencontrées", "2 900"),
                         ("Orientations vers un partenaire", "85")):
        totals.get_by_label(label, exact=True).fill(value)
    # the activity of one place (optional), in that place's group
    page.get_by_role("group", name="Place de la gare", exact=True).get_by_label(
        "Interventions").fill("300")
    for label, value in (("Ce qui a fonctionné", "Les tournées du soir à la gare."),
                         ("Les difficultés rencontrées", "Un poste vacant trois mois."),
                         ("Ce qui change pour l'année suivante", "Une tournée le dimanche.")):
        page.get_by_label(label, exact=True).fill(value)
    actual = {}
    for line_ in [*planned.charges, *planned.resources]:
        factor = FACTORS.get(line_.label, Decimal(1))
        actual[line_.key] = (line_.amount * factor).quantize(Decimal("0.01"))
        group = page.get_by_role("group", name=re.compile("^" + re.escape(line_.label)))
        group.get_by_label("Montant réalisé (€)").fill(typed(actual[line_.key]))
    fipd = page.get_by_role("group", name=re.compile(r"\(FIPD\)"))
    expect(fipd).to_contain_text(plain(f"Prévu : {money(granted)}"))  # the decision's grant
    raised = page.get_by_role("group", name=re.compile("^" + RAISED))
    page.get_by_role("button", name="Déposer le compte rendu").click()
    flash(page, "Le compte rendu est enregistré mais ne peut pas encore être déposé")
    summary = page.get_by_role("alert").filter(has_text="1 erreur à corriger")
    expect(summary).to_be_focused()  # announced, and it leads to the field far below
    summary.get_by_role("link", name=re.compile("L'écart dépasse 15")).click()
    expect(raised.get_by_label("Explication de l'écart")).to_be_in_viewport()
    expect(raised.get_by_label("Explication de l'écart")).to_have_accessible_description(
        re.compile("L'écart dépasse 15"))  # next to its field, read with it
    expect(raised.get_by_label("Montant réalisé (€)")).to_have_value(
        typed(actual[f"charge:{RAISED}"]))  # nothing typed is lost
    raised.get_by_label("Explication de l'écart").fill("Un second local pour l'hiver.")
    page.get_by_role("button", name="Déposer le compte rendu").click()
    flash(page, "Compte rendu déposé : la mission régionale va l'examiner.")
    for shown in ("310 contacts par mois", "Interventions : 460", "Les tournées du soir"):
        expect(page.locator("main")).to_contain_text(shown)  # the deposited report, read-only
    by_place = page.get_by_role("table", name="Activité par lieu")
    expect(by_place.get_by_role("row", name=re.compile("Place de la gare"))).to_contain_text(
        "300")

    # ── its cerfa 15059: planned and actual totals as typed ────────────────────────────
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le compte rendu financier (PDF)").click()
    assert info.value.suggested_filename.endswith(".pdf")
    text = pdf_text(info.value.path())
    assert "Cerfa n° 15059" in text
    for lines in (planned.charges, planned.resources):  # totals planned, then actual
        totals = (sum(line_.amount for line_ in lines), sum(actual[line_.key] for line_ in lines))
        assert totals[0] != totals[1]
        for total in totals:
            assert plain(money(total)) in text, (money(total), text)
    assert "Un second local pour l'hiver." in text
    logout(page)

    # ── the adviser accepts the report ─────────────────────────────────────────────────
    keyboard_login(page, base, ADVISER)
    page.goto(f"{base}/conseiller/dossiers/{did}")
    page.get_by_role("link", name="Compte rendu de l'année 1").click()
    expect(page.locator("main")).to_contain_text("Un second local pour l'hiver.")
    page.get_by_role("button", name="Accepter").click()
    flash(page, "Compte rendu accepté.")
    logout(page)

    # ── the lead renews: a pre-filled draft with last year's report as its « bilan » ───
    keyboard_login(page, base, LEAD)
    page.goto(lead_url)
    page.get_by_role("button", name="Renouveler pour l'année suivante").click()
    expect(page).not_to_have_url(lead_url)
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Dossier de renouvellement créé")
    state(page, "Brouillon")
    renewal_url = page.url
    page.get_by_role("link", name=re.compile("^2. Diagnostic des besoins")).click()
    for i, place in enumerate(COMPLETE["diagnosis"]["places"], 1):  # last year's places
        expect(page.get_by_role("group", name=f"Lieu {i}", exact=True).get_by_label(
            "Nom du lieu")).to_have_value(place["name"])
    page.goto(renewal_url)
    page.get_by_role("link", name="Pièces justificatives", exact=True).click()
    bilan = page.get_by_role("region", name="Bilan de l'année écoulée")
    expect(bilan).to_contain_text("Fournie")
    expect(bilan.get_by_role("link", name=re.compile(r"-annee-1\.pdf"))).to_be_visible()
    logout(page)

    # ── the agent of the Pas-de-Calais sees none of it ─────────────────────────────────
    keyboard_login(page, base, AGENT_62)
    expect(page.get_by_text("Aucun dossier transmis pour vos départements.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(TITLE)
    assert page.goto(agent_url).status == 404
