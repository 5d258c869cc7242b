"""The code lists of the dossier format (docs/dossier-format.md) and their French labels.

Pure module: no Flask, no database. Each list is an ordered dict `code -> label`; the order is
the order the interface shows. `docs/dossier.schema.json` uses the same codes, and a test
compares them so the two cannot drift. Suggested partners and indicators live in
`wizard.document.suggestions`.
"""

from wizard.costing.model import DAY_LABELS
from wizard.document.adultes_relais import ELIGIBILITY

HOLDER_KINDS = {
    "commune": "Commune",
    "ccas": "Centre communal ou intercommunal d’action sociale (CCAS, CIAS)",
    "epci": "Intercommunalité (EPCI)",
    "association": "Association",
    "gip": "Groupement d’intérêt public (GIP)",
    "bailleur": "Bailleur social",
    "autre": "Autre structure",
}

APPLICATIONS = {
    "premiere": "Première demande",
    "renouvellement": "Renouvellement d’un projet déjà financé",
}

TERRITORY_SCOPES = {
    "commune": "Toute la commune",
    "quartiers": "Certains quartiers",
}

PREVENTION_COUNCILS = {
    "clspd": "Conseil local de sécurité et de prévention de la délinquance (CLSPD)",
    "cispd": "Conseil intercommunal de sécurité et de prévention de la délinquance (CISPD)",
    "aucun": "Aucun conseil de prévention",
}

PROBLEM_KINDS = {
    "incivilites": "Incivilités",
    "conflits_voisinage": "Conflits de voisinage",
    "sentiment_insecurite": "Sentiment d’insécurité",
    "degradations": "Dégradations",
    "isolement": "Isolement de personnes",
    "grande_precarite": "Grande précarité",
    "conduites_a_risque": "Conduites à risque (alcool, stupéfiants…)",
    "tensions_jeunes": "Tensions impliquant des groupes de jeunes",
    "tensions_services_publics": "Tensions entre usagers et services publics",
    "dysfonctionnements_urbains": "Dysfonctionnements urbains",
    "autre": "Autre problème",
}

SEVERITIES = {1: "Faible", 2: "Moyenne", 3: "Forte"}

TARGET_GROUPS = {
    "jeunes": "Jeunes",
    "personnes_agees": "Personnes âgées",
    "personnes_vulnerables": "Personnes vulnérables",
    "grande_precarite": "Personnes en grande précarité",
    "familles": "Familles",
    "commercants": "Commerçants",
    "usagers_transports": "Usagers des transports",
    "locataires_parc_social": "Locataires du parc social",
    "eleves_parents": "Élèves et parents d’élèves",
    "tout_public": "Tout public",
}

PLACE_KINDS = {
    "rue_place": "Rue ou place",
    "parc": "Parc ou espace vert",
    "abords_ecole": "Abords d’établissement scolaire",
    "commerces": "Secteur commerçant",
    "gare_pole_echanges": "Gare ou pôle d’échanges",
    "ligne_transport": "Ligne de transport",
    "residence_sociale": "Résidence d’habitat social",
    "equipement_public": "Équipement public",
    "autre": "Autre lieu",
}

PRIORITIES = {1: "Priorité 1 (la plus haute)", 2: "Priorité 2", 3: "Priorité 3"}

# The six missions of the regional brochure « La médiation sociale dans les espaces publics ».
MISSIONS = {
    "dialogue_social": "Favoriser le dialogue social",
    "aide_directe": "Apporter une aide directe à certains publics",
    "veille_sociale": "Assurer une veille sociale",
    "sentiment_insecurite": "Contribuer à réduire le sentiment d’insécurité",
    "promotion_territoire": "Promouvoir le territoire et ses activités",
    "veille_technique": "Assurer une veille technique",
}

# One line each, quoted from the same brochure.
MISSION_HELP = {
    "dialogue_social": "À l’échelle d’un quartier, entre jeunes et moins jeunes, entre "
    "communautés, entre services publics et usagers…",
    "aide_directe": "Assistance aux personnes âgées ou vulnérables, orientation des personnes "
    "en grande précarité vers les services adaptés, lutte contre les comportements à risque "
    "(alcoolémie, toxicomanies…)",
    "veille_sociale": "Aller à la rencontre des habitants, repérer les situations de détresse "
    "sociale et passer le relais, remonter des attentes des habitants…",
    "sentiment_insecurite": "Écouter, rassurer, sensibiliser au respect des lieux publics.",
    "promotion_territoire": "Information sur les équipements, infrastructures et services "
    "locaux, mise en valeur de l’offre du territoire (sport, culture…)",
    "veille_technique": "Repérage des dysfonctionnements, signalisation des dégradations et des "
    "actes d’incivilités…",
}

DOMAINS = {
    "espaces_publics": "Espaces publics",
    "transports": "Transports en commun",
    "habitat_social": "Habitat social",
    "milieu_scolaire": "Milieu scolaire",
    "services_publics": "Services publics (emploi, santé, énergie…)",
}

PARTNER_CATEGORIES = {
    "etat_police": "État — Police nationale",
    "etat_gendarmerie": "État — Gendarmerie nationale",
    "etat_pjj": "État — Protection judiciaire de la jeunesse",
    "etat_prefecture": "État — Préfecture",
    "etat_education": "État — Éducation nationale",
    "etat_justice": "État — Parquet (procureur de la République)",
    "departement": "Conseil départemental",
    "region": "Conseil régional",
    "france_travail": "France Travail",
    "caf": "Caisse d’allocations familiales (CAF)",
    "epci": "Intercommunalité (EPCI)",
    "commune": "Commune",
    "transport": "Opérateur de transport",
    "bailleur": "Bailleur social",
    "association": "Association",
    "commercants": "Commerçants",
    "culture_sport": "Équipement culturel ou sportif",
    "autre": "Autre partenaire",
}

PARTNER_CATEGORY_HELP = {
    "etat_police": "Commissariat de police : échanges d’information, relais en cas de danger.",
    "etat_gendarmerie": "Brigade de gendarmerie, en zone gendarmerie : mêmes échanges que la "
    "police.",
    "etat_pjj": "Protection judiciaire de la jeunesse : suivi éducatif des mineurs.",
    "etat_prefecture": "Préfecture, délégué du préfet : politique de la ville, FIPD, "
    "adultes-relais.",
    "etat_education": "Écoles, collèges et lycées : abords des établissements, lien avec les "
    "familles.",
    "etat_justice": "Procureur de la République : politique pénale, rappels à la loi, "
    "suites données aux signalements ; il siège au CLSPD.",
    "departement": "Action sociale, protection de l’enfance, prévention spécialisée.",
    "region": "Conseil régional : cofinancements, transports régionaux.",
    "france_travail": "Accès à l’emploi : orientation des jeunes et des adultes rencontrés, "
    "recrutement des adultes-relais.",
    "caf": "Caisse d’allocations familiales : accès aux droits, soutien à la parentalité, "
    "cofinancements.",
    "epci": "Intercommunalité : CISPD, politique de la ville, transports.",
    "commune": "Services municipaux : police municipale, services techniques, CCAS.",
    "transport": "Réseau de bus, tramway, métro ou trains : présence dans les véhicules et "
    "aux arrêts.",
    "bailleur": "Organisme HLM : présence dans les résidences, signalements techniques.",
    "association": "Associations de prévention, centres sociaux, mission locale.",
    "commercants": "Association de commerçants : tranquillité des rues commerçantes.",
    "culture_sport": "Équipements culturels et sportifs : promotion de l’offre du territoire.",
    "autre": "Tout autre acteur en charge d’une mission de service public.",
}

PARTNER_ROLES = {
    "operationnel": "Partenaire opérationnel",
    "financier": "Financeur",
    "orientation": "Orientation du public",
    "signalement": "Destinataire des signalements",
}

AGREEMENTS = {
    "envisagee": "Convention envisagée",
    "en_cours": "Convention en cours de rédaction",
    "signee": "Convention signée",
}

EMPLOYERS = {
    "regie": "Commune (en régie)",
    "association": "Association",
    "gip": "Groupement d’intérêt public (GIP)",
    "prestataire": "Prestataire (marché public)",
}

QUALIFICATIONS = {
    "cap_apm": "CAP Agent de prévention et de médiation",
    "tp_msads": "Titre professionnel Médiateur social accès aux droits et services",
    "tp_amis": "Titre professionnel Agent de médiation, information, services",
    "formation_interne": "Formation interne",
    "aucune": "Aucune qualification exigée",
}

FUNDER_CATEGORIES = {
    "etat": "État (FIPD, politique de la ville…)",
    "region": "Conseil régional",
    "departement": "Conseil départemental",
    "epci": "Intercommunalité (EPCI)",
    "commune": "Commune",
    "organismes_sociaux": "Organismes sociaux (CAF…)",
    "fonds_europeens": "Fonds européens (FSE, FEDER…)",
    "bailleur": "Bailleur social",
    "transport": "Opérateur de transport",
    "prive": "Aides privées (fondation…)",
    "autre": "Autre financeur",
}

# Whether a funder of a category that holds both kinds of bodies is public or private: the
# cerfa lists a public one among « Autres établissements publics », a private one among
# « Aides privées » (a social landlord is public only when it is an OPH).
FUNDER_STATUSES = {
    "public": "Organisme public (office public de l’habitat, régie ou EPIC de transport…)",
    "prive": "Organisme privé (ESH ou SA d’HLM, entreprise de transport délégataire…)",
}

# The scheme a funding line asks money from (the amounts requested per scheme and per year are
# what the prefecture instructs and decides on). Three are the State's: the FIPD, the
# adultes-relais convention (aid per post, paid by the ASP) and the credits of the politique
# de la ville (programme 147).
FUNDING_SCHEMES = {
    "fipd": "Fonds interministériel de prévention de la délinquance (FIPD)",
    "adultes_relais": "Convention adultes-relais (aide au poste)",
    "politique_ville": "Crédits de la politique de la ville (BOP 147)",
    "departement": "Conseil départemental",
    "epci": "Intercommunalité (EPCI)",
    "bailleur": "Bailleur social",
    "transport": "Opérateur de transport",
    "autre": "Autre financement",
}
STATE_SCHEMES = ("fipd", "adultes_relais", "politique_ville")

# Where a funding line stands: asked for in this application, already granted, or the holder's
# own resources.
FUNDING_STATUSES = {
    "demande": "Demandé",
    "accorde": "Accordé",
    "propre": "Ressources propres",
}

INDICATOR_KINDS = {
    "activite": "Indicateur d’activité",
    "resultat": "Indicateur de résultat",
}

FREQUENCIES = {
    "mensuelle": "Mensuelle",
    "trimestrielle": "Trimestrielle",
    "annuelle": "Annuelle",
}

DAYS = {code: label.capitalize() for code, label in DAY_LABELS.items()}  # « Lundi »…

# Every list by name, for `label()` and for the schema consistency test.
CODE_LISTS = {
    "holder_kinds": HOLDER_KINDS,
    "applications": APPLICATIONS,
    "territory_scopes": TERRITORY_SCOPES,
    "prevention_councils": PREVENTION_COUNCILS,
    "problem_kinds": PROBLEM_KINDS,
    "severities": SEVERITIES,
    "target_groups": TARGET_GROUPS,
    "place_kinds": PLACE_KINDS,
    "priorities": PRIORITIES,
    "missions": MISSIONS,
    "domains": DOMAINS,
    "partner_categories": PARTNER_CATEGORIES,
    "partner_roles": PARTNER_ROLES,
    "agreements": AGREEMENTS,
    "employers": EMPLOYERS,
    "qualifications": QUALIFICATIONS,
    "funder_categories": FUNDER_CATEGORIES,
    "funder_statuses": FUNDER_STATUSES,
    "funding_schemes": FUNDING_SCHEMES,
    "funding_statuses": FUNDING_STATUSES,
    "adultes_relais_eligibility": ELIGIBILITY,
    "indicator_kinds": INDICATOR_KINDS,
    "frequencies": FREQUENCIES,
    "days": DAYS,
}


def label(list_name: str, code) -> str:
    """The French label of `code` in the list `list_name` (a key of CODE_LISTS, any case).

    An unknown code comes back as itself (as text), so old or foreign data still displays;
    an unknown list name raises KeyError, since that is a programming error.
    """
    labels = CODE_LISTS[list_name.lower()]
    return labels.get(code, "" if code is None else str(code))
