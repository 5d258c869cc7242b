"""The life of a dossier through the UI, as a newcomer fills it (JavaScript on).

The lead of Lille reads the labels and presses the buttons a person would (never a field id),
with the keyboard where it is natural (Space on a checkbox or a radio button). Every action
from « Nouveau dossier » to the signed attestation is counted by `Ui`
(tests/browser/fixtures.py) and must stay within MAX_INTERACTIONS; the count is printed.

1. `test_the_life_of_a_dossier`: the station square and the night tram (two places, the
   police and three partners from the suggestions, one round Tuesday–Saturday 16:00–23:00
   made by « Couvrir les besoins de ces lieux », three funders, three indicators), then the
   review: the adviser comments on a step inside its « Commentaires sur « … » », asks for
   changes with a general message; the lead answers (« La demande est traitée »), fixes and
   resubmits; the adviser closes the comment, approves and transmits through the
   confirmation page; the agent of the Nord downloads and acknowledges; the agent of the
   Pas-de-Calais sees nothing.
2. `test_nights_and_weekends`: a night round Friday–Saturday 22:00–02:00 and Sunday
   afternoon, and a summer reinforcement, through submission.

A screenshot of every page the newcomer sees goes to test-artifacts/newcomer/.
"""

import hashlib
import json
import re
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.fixtures import (
    ADVISER,
    AGENT_59,
    AGENT_62,
    ARTIFACTS,
    LEAD,
    Ui,
    keyboard_login,
    logout,
)
from tests.helpers import PDF_BYTES

MAX_INTERACTIONS = 100
SHOTS = ARTIFACTS / "newcomer"
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
REQUIRED_PIECES = ("Délibération du conseil municipal", "Relevé d'identité bancaire (RIB)",
                   "Fiches de poste")

STATION = {
    "title": "Médiation sociale — place de la gare et tramway de nuit",
    "quarter": ("Lille Sud", "Lille Sud (QN05926M)"),
    "summary": "Regroupements et conflits d'usage le soir sur la place de la gare ; usagers "
               "du tramway de nuit inquiets aux stations de Lille Sud.",
    "problem": ("Sentiment d’insécurité", "Forte",
                "54 % des usagers interrogés évitent la place de la gare le soir."),
    "targets": ("Usagers des transports", "Jeunes"),
    "places": [("Place de la gare", "Gare ou pôle d’échanges", None,
                [(("mardi", "mercredi", "jeudi", "vendredi", "samedi"), "16:00", "23:00")]),
               ("Tramway de nuit — station Porte des Postes", "Ligne de transport",
                "Lille Sud (QN05926M)", [(("vendredi", "samedi"), "19:00", "23:00")])],
    "missions": ("Favoriser le dialogue social",
                 "Contribuer à réduire le sentiment d’insécurité"),
    "domains": ("Espaces publics", "Transports en commun"),
    "objective": "Rassurer les usagers du pôle d'échanges et du tramway en soirée",
    "partners": ("Police nationale — commissariat", "Opérateur de transport", "Bailleur social",
                 "Centre social"),
    "round": "Gare et tramway",
    "covered": "5 créneaux ajoutés d'après les besoins de : Place de la gare, Tramway de nuit",
    "funders_typed": [("FIPD", "État (FIPD, politique de la ville…)", ("20 000", "20 000", "15 000"))],
    "funders_suggested": [("Opérateur de transport", ("8 000", "8 000", "8 000")),
                          ("Bailleur social", ("5 000", "5 000", "5 000"))],
    "indicators": ("Contacts avec les habitants et usagers", "Situations de conflit traitées",
                   "Taux de suivi des signalements techniques"),
    "recap": ("Ville de Lille", "Lille Sud (QN05926M)", "Place de la gare",
              "Du mardi au samedi 16:00–23:00 — 2 médiateurs",
              "FIPD (État)", "Opérateur de transport"),
}

NIGHTS = {
    "title": "Médiation de nuit et du week-end — Wazemmes",
    "quarter": ("Wazemmes", None),
    "summary": "Sorties de bars bruyantes les nuits de fin de semaine rue Solférino ; le parc "
               "de la Citadelle très fréquenté le dimanche après-midi.",
    "problem": ("Conflits de voisinage", "Moyenne",
                "Plaintes pour tapage nocturne chaque week-end (main courante 2025)."),
    "targets": ("Jeunes",),
    "places": [("Rue Solférino", "Rue ou place", None,
                [(("vendredi", "samedi"), "22:00", "02:00")]),
               ("Parc de la Citadelle", "Parc ou espace vert", None,
                [(("dimanche",), "14:00", "18:00")])],
    "missions": ("Favoriser le dialogue social",),
    "domains": ("Espaces publics",),
    "objective": "Apaiser les sorties de bars la nuit",
    "partners": ("Police nationale — commissariat", "Association de commerçants"),
    "round": "Nuits et dimanche",
    "covered": "3 créneaux ajoutés d'après les besoins de : Rue Solférino, Parc de la Citadelle",
    "reinforcement": ("Été", "8", (("samedi",), "18:00", "22:00")),
    "funders_typed": [("FIPD", "État (FIPD, politique de la ville…)", ("15 000", "15 000", "15 000"))],
    "funders_suggested": [],
    "indicators": ("Contacts avec les habitants et usagers",
                   "Part des conflits résolus ou apaisés"),
    "recap": ("Vendredi et samedi 22:00–02:00 (fin le lendemain) — 2 médiateurs",
              "Dimanche 14:00–18:00 — 2 médiateurs", "Été"),
}


def shot(page, scenario, name):
    folder = SHOTS / scenario
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def continue_(ui, page):
    ui.click(page.get_by_role("button", name="Enregistrer et continuer"))
    page.wait_for_load_state()


def hours(ui, row, days, start, end):
    """A schedule row: its days ticked with Space, then its time range typed."""
    for day in days:
        ui.tick(row.get_by_role("checkbox", name=day, exact=True))
    ui.fill(row.get_by_label(re.compile("^Début")), start)
    ui.fill(row.get_by_label(re.compile("^Fin")), end)


def holder_and_territory(ui, page, s):
    expect(page.get_by_role("heading", name="Porteur et territoire", level=1)).to_be_visible()
    ui.fill(page.get_by_label("Date de début du projet"), "2027-01-01")
    expect(page.get_by_label("3 ans")).to_be_checked()  # the default duration
    ui.select(page.get_by_label("Forme juridique"), "Commune")
    ui.fill(page.get_by_label("Nom légal du porteur"), "Ville de Lille")
    ui.fill(page.get_by_label("SIRET"), "215 903 501 00017")
    ui.fill(page.get_by_label("Adresse du siège (numéro et voie)"), "Place Augustin Laurent")
    ui.fill(page.get_by_label("Code postal"), "59000")
    ui.fill(page.get_by_label("Commune", exact=True), "Lille")
    ui.fill(page.get_by_label("Représentant légal : prénom et nom"), "Camille Leroy")
    ui.fill(page.get_by_label("Qualité du représentant légal"), "Maire")
    ui.fill(page.get_by_label("Personne à contacter pour le dossier"),
            "Claire Dubois, cheffe du service prévention")
    ui.fill(page.get_by_label("Adresse électronique de la personne à contacter"),
            "prevention@mairie-lille.example.fr")
    expect(page.get_by_role("radio", name="Première demande")).to_be_checked()  # the default
    ui.tick(page.get_by_label("Certains quartiers"))
    ui.click(page.get_by_role("button", name="Ajouter un quartier"))
    quarter = page.get_by_role("group", name="Quartier 1")
    name, qpv = s["quarter"]
    expect(quarter.get_by_label("Nom du quartier")).to_be_focused()
    ui.fill(quarter.get_by_label("Nom du quartier"), name)
    if qpv:
        ui.select(quarter.get_by_label("Quartier prioritaire (QPV)"), qpv)
    ui.tick(page.get_by_label("Conseil local de sécurité et de prévention de la délinquance"))
    continue_(ui, page)


def diagnosis(ui, page, s):
    expect(page.get_by_role("heading", name="Diagnostic des besoins", level=1)).to_be_visible()
    ui.fill(page.get_by_label("Synthèse du diagnostic"), s["summary"])
    ui.click(page.get_by_role("button", name="Ajouter un problème"))
    problem = page.get_by_role("group", name="Problème 1")
    kind, severity, evidence = s["problem"]
    ui.select(problem.get_by_label("Type de problème"), kind)
    ui.tick(problem.get_by_label(severity, exact=True))
    ui.fill(problem.get_by_label("Constats"), evidence)
    for target in s["targets"]:
        ui.tick(page.get_by_label(target, exact=True))
    for i, (name, kind, qpv, rows) in enumerate(s["places"], 1):
        ui.click(page.get_by_role("button", name="Ajouter un lieu"))
        place = page.get_by_role("group", name=f"Lieu {i}", exact=True)
        ui.fill(place.get_by_label("Nom du lieu"), name)
        ui.select(place.get_by_label("Type de lieu"), kind)
        if qpv:
            ui.select(place.get_by_label("Quartier prioritaire (QPV)"), qpv)
        for k, (days, start, end) in enumerate(rows, 1):
            ui.click(place.get_by_role("button", name="Ajouter un horaire"))
            hours(ui, place.get_by_role("group", name=f"Horaire {k}", exact=True), days, start,
                  end)
    shot(page, s["round"], "2-diagnostic")
    continue_(ui, page)


def objectives(ui, page, s):
    expect(page.get_by_role("heading", name="Objectifs", level=1)).to_be_visible()
    for mission in s["missions"]:
        ui.tick(page.get_by_label(mission))
    for domain in s["domains"]:
        ui.tick(page.get_by_label(domain, exact=True))
    ui.click(page.get_by_role("button", name="Ajouter un objectif"))
    ui.fill(page.get_by_label(re.compile("objectif spécifique", re.I)).last, s["objective"])
    continue_(ui, page)


def partners(ui, page, s):
    expect(page.get_by_role("heading", name="Partenaires", level=1)).to_be_visible()
    for name in s["partners"]:  # one click each: name, category and usual roles
        ui.click(page.get_by_role("button", name=f"Ajouter le partenaire {name}"))
        expect(page.get_by_role("button", name=f"{name} — Déjà ajouté")).to_be_disabled()
    # the steering body is offered under its usual name
    expect(page.get_by_role("textbox", name=re.compile("^Comité de pilotage"))).to_have_value(
        "Comité de pilotage de la médiation sociale")
    shot(page, s["round"], "4-partenaires")
    continue_(ui, page)


def intervention(ui, page, s):
    expect(page.get_by_role("heading", name="Modalités d'intervention", level=1)).to_be_visible()
    ui.tick(page.get_by_label("Commune (en régie)"))
    round_ = page.get_by_role("group", name="Tournée 1", exact=True)  # offered empty
    ui.fill(round_.get_by_label("Nom de la tournée"), s["round"])
    for name, *_ in s["places"]:
        ui.tick(round_.get_by_label(name))
    ui.click(round_.get_by_role("button", name="Couvrir les besoins de ces lieux"))
    expect(page.get_by_text(s["covered"])).to_be_visible()
    expect(page.locator("#couverture + p")).to_contain_text("100")
    if "reinforcement" in s:
        label, weeks, (days, start, end) = s["reinforcement"]
        ui.click(page.get_by_role("button", name="Ajouter un renfort"))
        extra = page.get_by_role("group", name="Renfort 1", exact=True)
        ui.fill(extra.get_by_label("Nom du renfort"), label)
        ui.fill(extra.get_by_label("Nombre de semaines par an"), weeks)
        ui.click(extra.get_by_role("button", name="Ajouter un horaire"))
        hours(ui, extra.get_by_role("group", name="Horaire 1", exact=True), days, start, end)
    shot(page, s["round"], "5-modalites")
    continue_(ui, page)


def budget(ui, page, s):
    expect(page.get_by_role("heading", name="Budget et financement", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Coût du projet")).to_be_visible()
    n = 0
    for name, amounts in s["funders_suggested"]:  # partners with a « Financeur » role
        ui.click(page.get_by_role("button", name=f"Ajouter le financeur {name}"))
        n += 1
        row = page.get_by_role("group", name=f"Financeur {n}", exact=True)
        expect(row.get_by_label("Nom du financeur")).to_have_value(name)
        for year, amount in enumerate(amounts, 1):
            ui.fill(row.get_by_label(f"Année {year} (€)"), amount)
    for name, category, amounts in s["funders_typed"]:
        ui.click(page.get_by_role("button", name="Ajouter un financeur"))
        n += 1
        row = page.get_by_role("group", name=f"Financeur {n}", exact=True)
        ui.fill(row.get_by_label("Nom du financeur"), name)
        ui.select(row.get_by_label("Catégorie"), category)
        for year, amount in enumerate(amounts, 1):
            ui.fill(row.get_by_label(f"Année {year} (€)"), amount)
    shot(page, s["round"], "6-budget")
    continue_(ui, page)


def evaluation(ui, page, s):
    expect(page.get_by_role("heading", name="Évaluation", level=1)).to_be_visible()
    for name in s["indicators"]:
        ui.click(page.get_by_role("button", name=f"Ajouter l'indicateur {name}"))
        expect(page.get_by_role("button", name=f"{name} — Déjà ajouté")).to_be_disabled()
    continue_(ui, page)


def pieces(ui, page, s):
    """From the recap's list of what is missing, to the pieces page and back."""
    expect(page.get_by_role("heading", name="Récapitulatif", level=1)).to_be_visible()
    ui.click(page.get_by_role("link", name="Pièces justificatives").first)
    if s["round"] == 1:  # a program renamed .pdf: refused at its field, in French (not counted)
        first = REQUIRED_PIECES[0]
        page.get_by_label(f"Ajouter un fichier : {first}").set_input_files(
            {"name": "facture.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00binaire"})
        page.get_by_role("button", name=f"Ajouter : {first}", exact=True).click()
        expect(page.get_by_text("Ce fichier n'est ni un PDF, ni une image JPEG ou PNG")) \
            .to_be_visible()
    for label in REQUIRED_PIECES:
        ui.fill_files(page.get_by_label(f"Ajouter un fichier : {label}"),
                      {"name": "piece.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
        ui.click(page.get_by_role("button", name=f"Ajouter : {label}", exact=True))
        expect(page.get_by_text(f"Pièce ajoutée : « {label} ».")).to_be_visible()
    shot(page, s["round"], "8-pieces")
    ui.click(page.get_by_role("link", name="Voir le récapitulatif"))


def submit(ui, page, first=True):
    """« Déposer le dossier… », then sign the attestation on the confirmation page (the
    signatory is the legal representative of step 1; the date is today's)."""
    ui.click(page.get_by_role("link", name="Déposer le dossier…"))
    expect(page.get_by_role("heading", name="Déposer le dossier ?", level=1)).to_be_visible()
    if first:
        expect(page.get_by_label("Prénom et nom du signataire")).to_have_value("Camille Leroy")
    ui.tick(page.get_by_label("J'atteste sur l'honneur l'exactitude de ces déclarations."))
    ui.click(page.get_by_role("button", name="Signer l'attestation et déposer le dossier"))
    expect(page.get_by_text("Dossier déposé : la mission régionale en est informée.")) \
        .to_be_visible()


def enter(page, base, s) -> tuple[Ui, str]:
    """The lead creates the dossier and fills it through submission, counted."""
    ui = Ui(page)
    keyboard_login(page, base, LEAD)
    expect(page.get_by_role("heading", name="Mes dossiers")).to_be_visible()
    ui.counting = True
    ui.click(page.get_by_role("link", name="Nouveau dossier"))
    ui.fill(page.get_by_label("Titre du projet"), s["title"])
    ui.click(page.get_by_role("button", name="Créer le dossier"))
    expect(page).to_have_url(re.compile(r"/dossiers/\d+$"))
    dossier_url = page.url
    ui.click(page.get_by_role("link", name="Commencer : 1. Porteur et territoire"))
    for step in (holder_and_territory, diagnosis, objectives, partners, intervention, budget,
                 evaluation, pieces):
        step(ui, page, s)
    expect(page.get_by_text("Toutes les étapes sont complètes")).to_be_visible()
    recap = page.locator("main")
    for text in s["recap"]:
        expect(recap).to_contain_text(text)
    shot(page, s["round"], "9-recapitulatif")
    submit(ui, page)
    ui.counting = False
    print(f"\n« {s['title']} » through submission: {ui.count} interactions {ui.by_kind}")
    assert ui.count <= MAX_INTERACTIONS, f"{ui.count} interactions (at most {MAX_INTERACTIONS})"
    return ui, dossier_url


def test_the_life_of_a_dossier(page, live_server, cast):
    base, title = live_server, STATION["title"]
    ui, dossier_url = enter(page, base, STATION)
    logout(page)

    # ── the adviser takes it, comments on a step, asks for changes ─────────────────────
    keyboard_login(page, base, ADVISER)
    expect(page.get_by_role("heading", name="Dossiers déposés", level=1)).to_be_visible()
    page.get_by_role("link", name=title).click()
    adviser_url = page.url
    pieces_ = page.locator("main")
    for label in REQUIRED_PIECES:  # the documents the lead attached, each downloadable
        expect(pieces_.get_by_role("heading", name=re.compile(re.escape(label)))).to_be_visible()
    expect(pieces_.get_by_role("link", name=re.compile("^piece.pdf"))).to_have_count(
        len(REQUIRED_PIECES))
    page.get_by_role("button", name="Prendre en relecture").click()
    expect(page.get_by_text("Vous relisez ce dossier.")).to_be_visible()
    page.get_by_text("Commentaires sur « Budget et financement »").click()  # opens its <details>
    budget_ = page.locator("#etape-budget")
    budget_.get_by_label("Commenter « Budget et financement »").fill(
        "Le FIPD baisse la troisième année : pourquoi ?")
    budget_.get_by_role(
        "button", name="Enregistrer le commentaire sur « Budget et financement »").click()
    expect(page.locator("#etape-budget")).to_contain_text("Le FIPD baisse")
    page.get_by_label(re.compile("^Message général à la commune \\(les commentaires")).fill(
        "Merci de préciser le financement de l'année 3.")
    page.get_by_role("button", name="Demander des compléments").click()
    expect(page.get_by_text("Demande de compléments envoyée à la commune.")).to_be_visible()
    logout(page)

    # ── the lead answers, fixes and resubmits ──────────────────────────────────────────
    keyboard_login(page, base, LEAD)
    page.get_by_role("link", name=title).click()
    expect(page.locator("main")).to_contain_text("Merci de préciser le financement de l'année 3.")
    expect(page.locator("#etat-budget")).to_contain_text("1 commentaire à traiter")
    page.get_by_role("link", name="6. Budget et financement").first.click()  # from the comments list
    comments = page.locator("section[aria-labelledby='titre-commentaires']")
    expect(comments).to_contain_text("Le FIPD baisse la troisième année")
    comments.get_by_label(re.compile("^Votre réponse")).fill("Aligné sur les deux premières.")
    expect(comments.get_by_label("La demande est traitée")).to_be_checked()  # the default
    comments.get_by_role("button", name=re.compile("^Envoyer la réponse")).click()
    expect(page.locator("section[aria-labelledby='titre-commentaires']")).to_contain_text(
        "Traité par la commune")
    page.get_by_role("group", name="Financeur 3", exact=True).get_by_label("Année 3 (€)") \
        .fill("20 000")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text(re.compile("Brouillon enregistré à"))).to_be_visible()
    page.goto(f"{dossier_url}/recapitulatif")
    submit(Ui(page), page, first=False)
    logout(page)

    # ── the adviser reads the diff, closes the comment, approves and transmits ─────────
    keyboard_login(page, base, ADVISER)
    page.goto(adviser_url)
    page.get_by_role("link", name="Voir les différences entre les deux derniers dépôts").click()
    expect(page.get_by_role("heading", name=re.compile("Différences entre le dépôt n° 1 et le "
                                                        "dépôt n° 2"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("20 000")
    page.go_back()
    page.get_by_role("button", name="Prendre en relecture").click()
    budget_ = page.locator("#etape-budget")
    expect(budget_).to_contain_text("Aligné sur les deux premières.")  # open: one to close
    budget_.get_by_role("button", name=re.compile("^Clore le commentaire « Le FIPD")).click()
    expect(page.locator("#etape-budget")).to_contain_text("Clos")
    page.get_by_role("button", name="Avis favorable").click()
    expect(page.get_by_text("Avis favorable rendu : le dossier peut être transmis")).to_be_visible()
    page.get_by_role("link", name="Transmettre à la préfecture…").click()
    expect(page.get_by_text("Alix Préfecture-Nord")).to_be_visible()  # who will receive it
    page.get_by_role("button", name="Confirmer : transmettre à la préfecture").click()
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
    assert [f["name"] for f in data["funding"]["funders"]] == [
        "Opérateur de transport", "Bailleur social", "FIPD"]
    assert [float(a) for a in data["funding"]["funders"][2]["amounts"]] == [20000, 20000, 20000]
    assert [(s["day"], s["start"], s["end"]) for s in data["intervention"]["rounds"][0]["slots"]] \
        == [(d, "16:00", "23:00") for d in ("tue", "wed", "thu", "fri", "sat")]
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^Télécharger tout le dossier")).click()
    with zipfile.ZipFile(info.value.path()) as bundle:
        manifest = json.loads(bundle.read("manifeste.json"))
        files = {f["name"]: f for f in manifest["files"]}
        assert len([n for n in files if n.startswith("pieces/")]) == len(REQUIRED_PIECES)
        for name, entry in files.items():
            content = bundle.read(name)
            assert hashlib.sha256(content).hexdigest() == entry["sha256"], name
            assert len(content) == entry["size"], name
    page.get_by_role("button", name="Accuser réception").click()
    expect(page.get_by_text("Réception du dossier enregistrée.")).to_be_visible()
    logout(page)

    # ── the agent of the Pas-de-Calais sees nothing ────────────────────────────────────
    keyboard_login(page, base, AGENT_62)
    expect(page.get_by_text("Aucun dossier transmis pour vos départements.")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(title)
    response = page.goto(prefecture_url)
    assert response.status == 404


def test_nights_and_weekends(page, live_server, cast):
    """Rounds past midnight and on Sunday, a summer reinforcement: entered and submitted
    within the same bound; the night and Sunday hours are counted on step 5."""
    _ui, dossier_url = enter(page, live_server, NIGHTS)
    page.goto(f"{dossier_url}/etapes/modalites")  # read-only once submitted
    figures = page.locator("#volume-horaire")
    # 2 mediators: Friday and Saturday 22:00–02:00 are 16 h of night (21:00–06:00); Sunday
    # has Saturday's 00:00–02:00 and its afternoon, 12 h; 47 weeks of 24 h plus 8 × 8 h
    expect(figures).to_contain_text("24,00 h de médiateurs par semaine")
    expect(figures).to_contain_text(re.compile(r"dont heures de nuit \(21:00–06:00\) : 16,00 h"))
    expect(figures).to_contain_text("dont heures du dimanche : 12,00 h")
    expect(figures).to_contain_text("Heures annuelles, renforts compris : 1 192,00 h")
