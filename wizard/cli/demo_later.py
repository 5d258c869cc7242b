"""The demo dossiers further along, moved by the same services as the prefecture's and the
leads' pages (`workflow.apply` with the forms' `fields`, `review.reports`):

- Roubaix, « gare et parc Barbieux »: approved and transmitted, waiting for the
  prefecture's « Accuser réception »;
- Arras, « quartier Saint-Michel et gare »: received, instructed, admissible, examined in
  committee, decided with a partial grant (FIPD year 1), conventionné; the report of its
  first year deposited, its figures drawn from the planned budget, waiting for the mission.
"""

import json
from datetime import date
from decimal import Decimal

import click

from wizard import workflow
from wizard.cli import demo_roubaix_arras
from wizard.cli.demo_pieces import pdf
from wizard.review import decisions, report_figures, reports

# (a) a second project of the Roubaix association
ROUBAIX_PLACES = {"Marché de l'Épeule (boulevard de Metz)": "Parvis de la gare de Roubaix",
                  "Grand-Rue": "Parc Barbieux (entrée avenue Le Nôtre)",
                  "Marché": "Gare", "commerces": "gare_pole_echanges"}
# (b) a first application of Arras, started in January 2026
ARRAS_PLACES = {"Parc Crinchon": "Gare d'Arras et place du Maréchal-Foch",
                "Résidences de Baudimont": "Résidences du quartier Saint-Michel",
                "Parc": "Gare", "Baudimont": "Saint-Michel", "parc": "gare_pole_echanges"}
PARTIAL = ("fipd", 1, Decimal(5000))  # the FIPD of year 1 granted 5 000 € less than asked


def _renamed(content: dict, names: dict[str, str]) -> dict:
    """A copy of `content` where every string equal to a key of `names` is replaced."""
    def swap(value):
        if isinstance(value, str):
            return names.get(value, value)
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        return value
    return swap(json.loads(json.dumps(content)))


def roubaix_station() -> dict:
    doc = _renamed(demo_roubaix_arras.roubaix(), ROUBAIX_PLACES)
    doc["title"] = "Médiation sociale aux abords de la gare et au parc Barbieux"
    doc["start_date"] = "2027-04-01"
    doc["diagnosis"]["summary"] = (
        "Le parvis de la gare de Roubaix voit passer 9 000 voyageurs par jour ; les agents "
        "de la SNCF signalent des conflits aux heures de pointe et des personnes en errance. "
        "Au parc Barbieux, les familles évitent certaines allées en fin de journée.")
    doc["objectives"]["specific"] = ["Apaiser les heures de pointe à la gare",
                                     "Rendre le parc Barbieux aux familles en fin de journée"]
    return doc


def arras_station() -> dict:
    doc = _renamed(demo_roubaix_arras.arras(), ARRAS_PLACES)
    doc["title"] = "Médiation sociale dans le quartier Saint-Michel et aux abords de la gare"
    doc["start_date"] = "2026-01-01"
    doc["holder"]["application"] = "premiere"
    doc["holder"].pop("previous_dossier", None)
    doc["diagnosis"]["summary"] = (
        "Aux abords de la gare d'Arras, les voyageurs signalent des regroupements et de la "
        "mendicité le soir ; dans les résidences du quartier Saint-Michel, les locataires "
        "âgés se sentent isolés et les halls sont occupés en soirée.")
    doc["objectives"]["specific"] = ["Rompre l'isolement des locataires âgés",
                                     "Apaiser les soirées aux abords de la gare"]
    doc["diagnosis"]["problems"][0]["evidence"] = ("47 interventions de la police municipale "
                                                   "aux abords de la gare en 2025.")
    doc["intervention"]["reinforcements"][0]["label"] = "Été à la gare"
    doc["evaluation"]["indicators"][1]["name"] = ("Interventions de la police municipale aux "
                                                  "abords de la gare")
    doc["evaluation"]["difficulties"] = "Recruter des médiateurs disponibles le soir et l'été."
    return doc


def transmitted(dossier, adviser) -> None:
    """Taken, approved and transmitted by the mission: the bundle waits at the prefecture."""
    workflow.apply("take", dossier, adviser)
    workflow.apply("approve", dossier, adviser,
                   reason="Projet complet et cohérent avec le diagnostic, avis favorable.")
    workflow.apply("transmit", dossier, adviser)


def decided_and_agreed(dossier, adviser, agent) -> None:
    """From the mission's approval to the convention, as the prefecture's forms send it."""
    transmitted(dossier, adviser)
    workflow.apply("acknowledge", dossier, agent)
    workflow.apply("instruct", dossier, agent)
    workflow.apply("admit", dossier, agent)
    workflow.apply("committee", dossier, agent, fields={"committee_on": date(2025, 11, 18)})
    scheme, year, less = PARTIAL
    lines = [(s, y, amount - less if (s, y) == (scheme, year) else amount, None)
             for (s, y), amount in decisions.requested(dossier).items()]
    workflow.apply("decide", dossier, agent, fields={"lines": lines},
                   reason="Le comité soutient le projet ; le FIPD de la première année est "
                          "réduit au regard de l'enveloppe départementale.")
    convention = pdf("Convention attributive de subvention", [
        f"Convention n° 2025-62-117 entre l'État et {dossier.document['holder']['name']}.",
        f"Objet : « {dossier.title} », années 2026 à 2028.",
        "Montants accordés selon la décision de financement jointe au dossier."])
    workflow.apply("agree", dossier, agent, fields={
        "reference": "Convention n° 2025-62-117", "signed_on": date(2025, 12, 15),
        "filename": "Convention 2025-62-117.pdf", "data": convention})


# How the actual charges of year 1 depart from the plan: the largest line 18 % under it (a
# gap above the 15 % threshold, explained), the others 3 % over it.
LARGEST, OTHERS = Decimal("0.82"), Decimal("1.03")
LARGEST_WHY = ("Un poste de médiateur est resté vacant deux mois au printemps : les heures "
               "non assurées n'ont été ni facturées ni payées.")
OTHER_WHY = ("La Ville a couvert la baisse du FIPD de la première année ; les dépenses "
             "étant inférieures à la prévision, sa participation a été réduite d'autant.")


def year_one_content(dossier, figures) -> dict:
    """The report of year 1: the planned charges nearly as spent (the largest line 18 %
    under, explained), the grants received as decided, the rest of the spending from the
    commune (its gap explained when above the threshold), the indicators and activity."""
    largest = max(figures.charges, key=lambda line: line.amount)
    charges = {}
    for line in figures.charges:
        factor = LARGEST if line is largest else OTHERS
        charges[line.key] = {"actual": str((line.amount * factor).quantize(Decimal("0.01"))),
                             "explanation": LARGEST_WHY if line is largest else ""}
    spent = sum((Decimal(c["actual"]) for c in charges.values()), Decimal(0))
    resources = {line.key: {"actual": str(line.amount), "explanation": ""}
                 for line in figures.resources if line.key != "other"}
    other = next((line for line in figures.resources if line.key == "other"), None)
    if other is not None:
        received = sum((Decimal(r["actual"]) for r in resources.values()), Decimal(0))
        rest = max(spent - received, Decimal(0))
        gap = abs(rest - other.amount)
        resources["other"] = {"actual": str(rest), "explanation": OTHER_WHY
                              if gap > figures.threshold * other.amount else ""}
    indicators = dossier.document["evaluation"]["indicators"]
    reached = [("46 par mois", 92, "Montée en charge au deuxième trimestre."),
               ("24 sur l'année", 100, "Baisse nette des appels le soir à la gare.")]
    return {
        "indicators": [{"reached": r, "rate": rate, "comment": c}
                       for (r, rate, c), _ in zip(reached, indicators, strict=False)],
        "activity": {"hours": "2816", "interventions": 612, "people": 1480,
                     "orientations": 95},
        "worked": "Les visites à domicile sont attendues des locataires âgés ; la présence "
                  "du soir à la gare a fait baisser les appels à la police municipale.",
        "difficulties": "Un poste vacant deux mois au printemps ; la loge du bailleur n'a "
                        "ouvert qu'en mars.",
        "changes": "Deux soirées de plus l'été aux abords de la gare.",
        "charges": charges, "resources": resources,
    }


def report_deposited(dossier, lead) -> None:
    """The leads write the report of year 1 and deposit it (complete, as the page requires:
    every gap above the threshold of the dossier's parameter set explained)."""
    report = reports.open_report(dossier, 1, lead)
    figures = report_figures.planned(dossier, 1)
    reports.save(report, dossier, lead, year_one_content(dossier, figures))
    problems = report_figures.problems(report, figures)
    if problems:  # demo data out of step with the rules: say what
        raise click.ClickException(
            f"compte rendu de démonstration incomplet pour « {dossier.title} » : "
            + " ; ".join(message for _, _, message in problems))
    reports.submit(report, dossier, lead)
