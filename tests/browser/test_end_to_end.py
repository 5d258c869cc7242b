"""The whole life of a dossier through the UI, JavaScript on.

The lead of Lille enters the reference dossier (tests/data/dossier-complete.json, with the
partners and indicators taken from the one-click suggestions and a single round Monday to
Friday) with the keyboard where a person would, sees the coverage of the diagnosis needs,
reads the recap and submits; the adviser comments on two steps and asks for changes; the
lead answers, fixes and resubmits; the adviser reads the diff, approves and transmits; the
prefecture agent of the Nord downloads the PDF and the JSON and acknowledges; the agent of
the Pas-de-Calais sees nothing. The lead's actions for steps 1–7 are counted (≤ 150) and a
screenshot of every step page goes to test-artifacts/steps/.
"""

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.fixtures import (
    ADVISER,
    AGENT_59,
    AGENT_62,
    ARTIFACTS,
    COMPLETE,
    LEAD,
    Ui,
    keyboard_login,
    logout,
)
from tests.helpers import PDF_BYTES
from wizard.steps.schedule import rows_of

MAX_INTERACTIONS = 150
QPV_LABELS = {"QN05926M": "Lille Sud (QN05926M)"}  # tests/data/qpv-sample.csv
STEPS_DIR = ARTIFACTS / "steps"
DAYS = {"mon": "Lundi", "tue": "Mardi", "wed": "Mercredi", "thu": "Jeudi", "fri": "Vendredi",
        "sat": "Samedi", "sun": "Dimanche"}
PROBLEMS = {"conflits_voisinage": "Conflits de voisinage",
            "sentiment_insecurite": "Sentiment d’insécurité",
            "tensions_jeunes": "Tensions impliquant des groupes de jeunes",
            "isolement": "Isolement de personnes"}
SEVERITIES = {1: "Faible", 2: "Moyenne", 3: "Forte"}
TARGETS = {"jeunes": "Jeunes", "personnes_agees": "Personnes âgées",
           "usagers_transports": "Usagers des transports", "commercants": "Commerçants"}
PLACE_KINDS = {"gare_pole_echanges": "Gare ou pôle d’échanges", "parc": "Parc ou espace vert",
               "commerces": "Secteur commerçant"}
MISSIONS = {"dialogue_social": "Favoriser le dialogue social",
            "veille_sociale": "Assurer une veille sociale",
            "sentiment_insecurite": "Contribuer à réduire le sentiment d’insécurité",
            "veille_technique": "Assurer une veille technique"}
DOMAINS = {"espaces_publics": "Espaces publics", "transports": "Transports en commun"}
# suggestion buttons (wizard.document.suggestions) standing for the reference partners, and the
# exact names typed over two of them
SUGGESTED_PARTNERS = ["Police nationale — commissariat", "Délégué du préfet",
                      "Conseil départemental — action sociale", "Opérateur de transport",
                      "Bailleur social", "Centre social"]
RENAMED_PARTNERS = {3: "Ilévia", 4: "Lille Métropole Habitat"}
SUGGESTED_INDICATORS = ["Contacts avec les habitants et usagers", "Situations de conflit traitées",
                        "Signalements techniques transmis",
                        "Taux de suivi des signalements techniques", "Sentiment d’insécurité"]


def shot(page, number, slug):
    STEPS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(STEPS_DIR / f"{number}-{slug}.png"), full_page=True)


def continue_(ui, page):
    ui.click(page.get_by_role("button", name="Enregistrer et continuer"))
    page.wait_for_load_state()


def step_1(ui, page):
    doc = COMPLETE
    holder, territory = doc["holder"], doc["territory"]
    expect(page.get_by_role("heading", name="Porteur et territoire", level=1)).to_be_visible()
    ui.fill(page.get_by_label("Date de début du projet"), doc["start_date"])
    expect(page.get_by_label("3 ans")).to_be_checked()  # the default duration
    ui.select(page.get_by_label("Forme juridique"), "Commune")
    ui.fill(page.get_by_label("Nom légal du porteur"), holder["name"])
    ui.fill(page.get_by_label("SIRET"), holder["siret"])
    ui.fill(page.get_by_label("Adresse du siège (numéro et voie)"), holder["address"])
    ui.fill(page.get_by_label("Code postal"), holder["postal_code"])
    ui.fill(page.get_by_label("Commune", exact=True), holder["city"])
    ui.fill(page.get_by_label("Représentant légal : prénom et nom"), holder["representative"]["name"])
    ui.fill(page.get_by_label("Qualité du représentant légal"), holder["representative"]["quality"])
    signatory = holder["signatory"]
    ui.fill(page.get_by_label("Signataire par délégation : prénom et nom"), signatory["name"])
    ui.fill(page.get_by_label("Qualité du signataire"), signatory["quality"])
    ui.fill(page.get_by_label("Acte de délégation"), signatory["delegation"])
    ui.fill(page.get_by_label("Personne à contacter pour le dossier"), holder["contact_name"])
    ui.fill(page.get_by_label("Adresse électronique de la personne à contacter"),
            holder["contact_email"])
    ui.fill(page.get_by_label("Téléphone"), holder["contact_phone"])
    expect(page.get_by_label("Première demande")).to_be_checked()  # the default
    ui.tick(page.get_by_label("Certains quartiers"))
    for i, quarter in enumerate(territory["neighbourhoods"]):
        ui.click(page.get_by_role("button", name="Ajouter un quartier"))
        row = page.locator(f"#neighbourhoods-{i}")
        expect(row.get_by_label("Nom du quartier")).to_be_focused()
        ui.fill(row.get_by_label("Nom du quartier"), quarter["name"])
        if quarter.get("qpv_code"):
            ui.select(row.get_by_label("Quartier prioritaire (QPV)"), QPV_LABELS[quarter["qpv_code"]])
    ui.tick(page.get_by_label("Conseil local de sécurité et de prévention de la délinquance"))
    ui.fill(page.get_by_label("Axe de la stratégie territoriale"), territory["strategy_axis"])
    shot(page, 1, "porteur-territoire")
    continue_(ui, page)


def step_2(ui, page):
    diagnosis = COMPLETE["diagnosis"]
    expect(page.get_by_role("heading", name="Diagnostic des besoins", level=1)).to_be_visible()
    ui.fill(page.get_by_label("Synthèse du diagnostic"), diagnosis["summary"])
    for i, problem in enumerate(diagnosis["problems"]):
        ui.click(page.get_by_role("button", name="Ajouter un problème"))
        row = page.locator(f"#problems-{i}")
        ui.select(row.get_by_label("Type de problème"), PROBLEMS[problem["kind"]])
        ui.tick(row.get_by_label(SEVERITIES[problem["severity"]], exact=True))
        ui.fill(row.get_by_label("Constats"), problem["evidence"])
        ui.fill(row.get_by_label("Source"), problem["source"])
    for code in diagnosis["target_groups"]:
        ui.tick(page.get_by_label(TARGETS[code], exact=True))
    for i, place in enumerate(diagnosis["places"]):
        ui.click(page.get_by_role("button", name="Ajouter un lieu"))
        row = page.locator(f"#places-{i}")
        ui.fill(row.get_by_label("Nom du lieu"), place["name"])
        ui.select(row.get_by_label("Type de lieu"), PLACE_KINDS[place["kind"]])
        if place.get("qpv_code"):
            ui.select(row.get_by_label("Quartier prioritaire (QPV)"), QPV_LABELS[place["qpv_code"]])
        ui.tick(row.get_by_label(f"Priorité {place['priority']}"))
        for k, hours in enumerate(rows_of(place["need_slots"])):  # a row per time range
            ui.click(row.get_by_role("button", name="Ajouter un horaire"))
            slot = page.locator(f"#places-{i}-need_slots-{k}")
            for day in hours["days"]:
                ui.tick(slot.get_by_role("checkbox", name=DAYS[day].lower(), exact=True))
            ui.fill(slot.get_by_label(re.compile("^Début")), hours["start"])
            ui.fill(slot.get_by_label(re.compile("^Fin")), hours["end"])
    shot(page, 2, "diagnostic")
    continue_(ui, page)


def step_3(ui, page):
    objectives = COMPLETE["objectives"]
    expect(page.get_by_role("heading", name="Objectifs", level=1)).to_be_visible()
    for code in objectives["missions"]:
        ui.tick(page.get_by_label(MISSIONS[code]))
    for code in objectives["domains"]:
        ui.tick(page.get_by_label(DOMAINS[code], exact=True))
    for i, text in enumerate(objectives["specific"]):
        ui.click(page.get_by_role("button", name="Ajouter un objectif"))
        ui.fill(page.locator(f"input[name='specific-{i}']"), text)
    shot(page, 3, "objectifs")
    continue_(ui, page)


def step_4(ui, page):
    expect(page.get_by_role("heading", name="Partenaires", level=1)).to_be_visible()
    for name in SUGGESTED_PARTNERS:  # one server round trip each, no JS needed
        ui.click(page.get_by_role("button", name=f"Ajouter le partenaire {name}"))
        expect(page.get_by_role("button", name=f"{name} — Déjà ajouté")).to_be_disabled()
    for i, name in RENAMED_PARTNERS.items():
        ui.fill(page.locator(f"#partners-{i}").get_by_label("Nom du partenaire"), name)
    governance = COMPLETE["governance"]
    ui.fill(page.get_by_label("Comité de pilotage", exact=True), governance["steering_body"])
    ui.fill(page.get_by_label("Membres du comité de pilotage"), governance["steering_members"])
    ui.fill(page.get_by_label("Réunions du comité de pilotage par an"),
            str(governance["meetings_per_year"]))
    ui.fill(page.get_by_label("Groupe opérationnel", exact=True), governance["operational_group"])
    ui.fill(page.get_by_label("Réunions du groupe opérationnel par an"),
            str(governance["operational_meetings_per_year"]))
    shot(page, 4, "partenaires")
    continue_(ui, page)


def step_5(ui, page):
    expect(page.get_by_role("heading", name="Modalités d'intervention", level=1)).to_be_visible()
    ui.tick(page.get_by_label("Commune (en régie)"))
    ui.tick(page.get_by_label("Titre professionnel Médiateur social accès aux droits"))
    ui.tick(page.get_by_label("CAP Agent de prévention et de médiation"))
    round_ = page.locator("#rounds-0")  # a round with one slot is offered
    ui.fill(round_.get_by_label("Nom de la tournée"), "Semaine après-midi")
    for place in COMPLETE["diagnosis"]["places"]:
        ui.tick(round_.get_by_label(place["name"]))
    slot = page.locator("#rounds-0-slots-0")  # one row: its days and its hours
    for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi"):
        ui.tick(slot.get_by_role("checkbox", name=day, exact=True))
    ui.fill(slot.get_by_label(re.compile("^Début")), "14:00")
    ui.fill(slot.get_by_label(re.compile("^Fin")), "20:00")
    expect(slot.get_by_label("Médiateurs présents")).to_have_value("2")  # a pair by default
    expect(page.get_by_label("Semaines d'intervention par an")).to_have_value("47")
    ui.click(page.get_by_role("button", name="Enregistrer le brouillon"))
    page.wait_for_load_state()
    # the coverage of the diagnosis needs: Wed 4 h, Thu 4 h, Fri 2 h of 23 h 30 → 42 %
    coverage = page.locator("#couverture + p")
    expect(coverage).to_contain_text(re.compile(r"42\s% des heures de besoin couvertes"))
    expect(page.locator("#volume-horaire")).to_contain_text("60,00 h de médiateurs par semaine")
    shot(page, 5, "modalites")
    continue_(ui, page)


def step_6(ui, page):
    expect(page.get_by_role("heading", name="Budget et financement", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Coût du projet")).to_be_visible()
    fipd = COMPLETE["funding"]["funders"][0]
    ui.click(page.get_by_role("button", name="Ajouter un financeur"))
    row = page.locator("#funders-0")
    ui.fill(row.get_by_label("Nom du financeur"), fipd["name"])
    ui.select(row.get_by_label("Catégorie"), "État (FIPD, politique de la ville…)")
    for year, amount in enumerate(fipd["amounts"], 1):
        ui.fill(row.get_by_label(f"Année {year} (€)"), amount)
    shot(page, 6, "budget")
    continue_(ui, page)


def step_7(ui, page):
    evaluation = COMPLETE["evaluation"]
    expect(page.get_by_role("heading", name="Évaluation", level=1)).to_be_visible()
    for name in SUGGESTED_INDICATORS:
        ui.click(page.get_by_role("button", name=f"Ajouter l'indicateur {name}"))
        expect(page.get_by_role("button", name=f"{name} — Déjà ajouté")).to_be_disabled()
    ui.fill(page.get_by_label("Difficultés identifiées"), evaluation["difficulties"])
    ui.fill(page.get_by_label(re.compile("^Suggestions")), evaluation["suggestions"])
    shot(page, 7, "evaluation")
    continue_(ui, page)


def attach_pieces(page, dossier_url):
    """The lead joins the pieces a commune employing its mediators must provide."""
    page.goto(f"{dossier_url}/pieces")
    for label in ("Délibération du conseil municipal", "Relevé d'identité bancaire (RIB)",
                  "Fiches de poste"):
        page.get_by_label(f"Ajouter un fichier : {label}").set_input_files(
            {"name": "piece.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
        page.get_by_role("button", name=f"Ajouter : {label}", exact=True).click()
        expect(page.get_by_text(f"Pièce ajoutée : « {label} ».")).to_be_visible()
    page.goto(f"{dossier_url}/recapitulatif")


def submit_from_recap(page):
    # the signatory of step 1 is proposed; the date is today's
    page.get_by_label("J'atteste sur l'honneur l'exactitude de ces déclarations.").check()
    page.get_by_role("button", name="Signer l'attestation et déposer le dossier").click()
    expect(page.get_by_text("Dossier déposé : la mission régionale en est informée.")) \
        .to_be_visible()


def test_the_life_of_a_dossier(page, live_server, cast):
    base, title = live_server, COMPLETE["title"]
    ui = Ui(page)

    # ── the lead enters the reference dossier ──────────────────────────────────────────
    keyboard_login(page, base, LEAD)
    expect(page.get_by_role("heading", name="Mes dossiers")).to_be_visible()
    ui.counting = True
    ui.click(page.get_by_role("link", name="Nouveau dossier"))
    expect(page.get_by_label("Commune")).to_have_value("59350")  # her only commune
    ui.fill(page.get_by_label("Titre du projet"), title)
    ui.click(page.get_by_role("button", name="Créer le dossier"))
    expect(page).to_have_url(re.compile(r"/dossiers/\d+$"))
    dossier_url = page.url
    ui.click(page.get_by_role("link", name="1. Porteur et territoire"))
    for step in (step_1, step_2, step_3, step_4, step_5, step_6, step_7):
        step(ui, page)
    ui.counting = False
    print(f"\nInteractions of the lead for steps 1–7: {ui.count} {ui.by_kind}")
    attach_pieces(page, dossier_url)

    # the recap: complete, with what was typed
    expect(page.get_by_role("heading", name="Récapitulatif", level=1)).to_be_visible()
    expect(page.get_by_text("Toutes les étapes sont complètes")).to_be_visible()
    recap = page.locator("main")
    for text in ("Ville de Lille", "Lille Sud (QN05926M)", "Place de la gare",
                 "Vendredi 18:00–23:00", "Lundi 14:00–20:00 — 2 médiateurs", "Ilévia", "FIPD",
                 "Sentiment d’insécurité", "Groupe opérationnel du CLSPD"):
        expect(recap).to_contain_text(text)
    submit_from_recap(page)
    assert ui.count <= MAX_INTERACTIONS, f"{ui.count} interactions (at most {MAX_INTERACTIONS})"
    logout(page)

    # ── the adviser takes it, comments on two steps, asks for changes ──────────────────
    keyboard_login(page, base, ADVISER)
    expect(page.get_by_role("heading", name="Dossiers déposés", level=1)).to_be_visible()
    page.get_by_role("link", name=title).click()
    adviser_url = page.url
    page.get_by_role("button", name="Prendre en relecture").click()
    expect(page.get_by_text("Vous relisez ce dossier.")).to_be_visible()
    diagnosis = page.locator("#etape-diagnostic")
    diagnosis.get_by_label("Commenter « Diagnostic des besoins »").fill(
        "Préciser les horaires du vendredi.")
    diagnosis.get_by_label("Élément concerné").fill("Place de la gare")
    diagnosis.get_by_role(
        "button", name="Enregistrer le commentaire sur « Diagnostic des besoins »").click()
    budget = page.locator("#etape-budget")
    budget.get_by_label("Commenter « Budget et financement »").fill(
        "Le cofinancement FIPD dépasse 50 % la troisième année ?")
    budget.get_by_role(
        "button", name="Enregistrer le commentaire sur « Budget et financement »").click()
    expect(page.locator("#etape-budget")).to_contain_text("Le cofinancement FIPD dépasse")
    page.locator("#reason-request_changes").fill("Merci de compléter ces deux points.")
    page.get_by_role("button", name="Demander des compléments").click()
    expect(page.get_by_text("Demande de compléments envoyée à la commune.")).to_be_visible()
    logout(page)

    # ── the lead sees the comments, fixes and resubmits ────────────────────────────────
    keyboard_login(page, base, LEAD)
    page.get_by_role("link", name=title).click()
    expect(page.locator("#etat-diagnostic")).to_contain_text("1 commentaire à traiter")
    expect(page.locator("#etat-budget")).to_contain_text("1 commentaire à traiter")
    expect(page.locator("#etat-objectifs")).not_to_contain_text("commentaire")
    page.get_by_role("link", name="2. Diagnostic des besoins").click()
    comments = page.locator("section[aria-labelledby='titre-commentaires']")
    expect(comments).to_contain_text("Préciser les horaires du vendredi.")
    expect(comments).to_contain_text("Place de la gare")
    comments.get_by_label("Votre réponse").fill("Horaires précisés : 18 h – 23 h, en soirée.")
    comments.get_by_role("button", name="Envoyer la réponse au commentaire « Préciser les "
                         "horaires du vendredi. »", exact=True).click()
    page.wait_for_load_state()
    page.goto(f"{dossier_url}/etapes/diagnostic")
    page.get_by_label("Synthèse du diagnostic").fill(
        COMPLETE["diagnosis"]["summary"] + " Le vendredi, les besoins vont de 18 h à 23 h.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text(re.compile("Brouillon enregistré à"))).to_be_visible()
    page.goto(f"{dossier_url}/etapes/budget")
    expect(page.locator("section[aria-labelledby='titre-commentaires']")).to_contain_text(
        "Le cofinancement FIPD dépasse")
    page.locator("#funders-0").get_by_label("Année 3 (€)").fill("10000")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("heading", name="Évaluation", level=1)).to_be_visible()
    page.goto(f"{dossier_url}/recapitulatif")
    submit_from_recap(page)
    logout(page)

    # ── the adviser reads the diff, approves and transmits ─────────────────────────────
    keyboard_login(page, base, ADVISER)
    page.goto(adviser_url)
    page.get_by_role("link", name="Voir les différences entre les deux derniers dépôts").click()
    expect(page.get_by_role("heading", name=re.compile("Différences entre le dépôt n° 1 et le "
                                                        "dépôt n° 2"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Le vendredi, les besoins vont de 18 h à 23 h.")
    page.go_back()
    page.get_by_role("button", name="Marquer comme traité : « Préciser les horaires du "
                     "vendredi. »", exact=True).click()
    expect(page.locator("#etape-diagnostic")).to_contain_text("Traité")
    page.get_by_role("button", name="Prendre en relecture").click()
    page.get_by_role("button", name="Avis favorable").click()
    expect(page.get_by_text("Dossier validé.")).to_be_visible()
    page.get_by_role("button", name="Transmettre à la préfecture").click()
    expect(page.get_by_text("Dossier transmis à la préfecture.")).to_be_visible()
    logout(page)

    # ── the agent of the Nord downloads the files and acknowledges ─────────────────────
    keyboard_login(page, base, AGENT_59)
    expect(page.get_by_role("heading", name="Dossiers reçus", level=1)).to_be_visible()
    page.get_by_role("link", name=title).click()
    prefecture_url = page.url
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^Télécharger le dossier")).click()
    pdf = info.value
    pdf_path = ARTIFACTS / "dossier-transmis.pdf"
    pdf.save_as(pdf_path)
    assert pdf.suggested_filename.endswith(".pdf")
    assert pdf_path.read_bytes().startswith(b"%PDF")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^Télécharger les données")).click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["title"] == title
    assert [[float(a) for a in f["amounts"]] for f in data["funding"]["funders"]] == [
        [20000, 20000, 10000]]
    page.get_by_role("button", name="Accuser réception").click()
    expect(page.get_by_text("Réception du dossier enregistrée.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Réception accusée le")
    logout(page)

    # ── the agent of the Pas-de-Calais sees nothing ────────────────────────────────────
    keyboard_login(page, base, AGENT_62)
    expect(page.get_by_text("Aucun dossier transmis pour vos départements.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(title)
    response = page.goto(prefecture_url)
    assert response.status == 404
