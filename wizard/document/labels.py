"""What a place in the dossier document is called on screen (pure): one function,
`path_label`, turns a JSON path (`intervention.other_costs[0].account`) into the words the
pages, the history and the mails use (« Autres coûts, ligne 1 : compte »).

Rows of a list are numbered from 1 as the step pages number them; a field of a row follows
the row after « : »; the sections (`intervention`, `funding`…) are named only when the
path is the section itself.
"""

import re

# the sections of the document (top-level keys), as the wizard names them
SECTIONS = {
    "holder": "Porteur", "territory": "Territoire", "diagnosis": "Diagnostic",
    "objectives": "Objectifs", "governance": "Pilotage", "intervention": "Modalités",
    "funding": "Financement", "parameters": "Paramètres propres au dossier",
    "evaluation": "Évaluation", "commune": "Commune",
}

# list key → how one row is named (« Lieu 2 », « Autres coûts, ligne 1 »)
ROWS = {
    "neighbourhoods": "Quartier", "problems": "Problème", "places": "Lieu",
    "need_slots": "créneau", "slots": "créneau", "partners": "Partenaire",
    "rounds": "Tournée", "reinforcements": "Renfort", "other_costs": "Autres coûts, ligne",
    "funders": "Financeur", "amounts": "montant de l'année", "indicators": "Indicateur",
    "specific": "Objectif spécifique",
}

# field key → its label (the step forms' wording)
FIELDS = {
    "title": "titre du projet", "years": "durée du projet", "start_date": "date de début",
    "name": "nom", "label": "intitulé", "kind": "type", "contact_name": "personne référente",
    "contact_email": "adresse électronique", "contact_phone": "téléphone",
    "insee_code": "commune", "scope": "territoire d'intervention", "qpv_code": "code QPV",
    "prevention_council": "instance de prévention de la délinquance",
    "strategy_axis": "axe de la stratégie territoriale", "summary": "synthèse du diagnostic",
    "strategy": "stratégie de prévention", "axes": "axes et priorités de prévention",
    "other": "autre axe ou priorité",
    "target_groups": "publics cibles", "severity": "gravité", "evidence": "constats",
    "source": "source", "qpv": "quartier prioritaire", "priority": "priorité", "day": "jour",
    "start": "début", "end": "fin", "mediators": "médiateurs présents",
    "domains": "domaines d'intervention", "missions": "missions", "category": "catégorie",
    "roles": "rôle dans le projet", "contact": "contact",
    "contribution_in_kind": "contribution en nature", "agreement": "convention",
    "steering_body": "instance de pilotage", "meetings_per_year": "réunions par an",
    "employer": "employeur des médiateurs", "qualification": "qualification",
    "team_leader_fte": "encadrement (ETP)", "weeks_per_year": "semaines d'intervention par an",
    "new_mediators_to_train": "nouveaux médiateurs à former", "vehicles": "véhicules",
    "weeks": "semaines par an", "account": "compte", "amount": "montant annuel",
    "one_time": "dépense ponctuelle", "adultes_relais_posts": "postes d'adultes-relais",
    "adultes_relais": "convention adultes-relais", "scheme": "dispositif sollicité",
    "request": "état de la demande", "status": "statut public ou privé",
    "qpv_codes": "quartiers prioritaires desservis", "duration_years": "durée de la convention",
    "eligibility": "conditions d'éligibilité des personnes à recruter",
    "baseline": "situation de départ", "target": "valeur cible",
    "frequency": "fréquence de mesure", "difficulties": "difficultés",
    "suggestions": "suggestions", "suggestion": "suggestion d'origine",
    "mediator_gross_annual": "salaire brut d'un médiateur",
    "team_leader_gross_annual": "salaire brut d'un coordinateur",
    "employer_rate_mediator": "charges patronales d'un médiateur",
    "employer_rate_team_leader": "charges patronales d'un coordinateur",
    # a whole list
    "neighbourhoods": "quartiers", "problems": "problèmes", "places": "lieux",
    "need_slots": "créneaux", "slots": "créneaux", "partners": "partenaires",
    "rounds": "tournées", "reinforcements": "renforts", "other_costs": "autres coûts",
    "funders": "financeurs", "amounts": "montants", "indicators": "indicateurs",
    "specific": "objectifs spécifiques",
}

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parts(path: str) -> list:
    return [int(index) if index else key for key, index in _PART.findall(path)]


def path_label(path: str) -> str:
    """`intervention.other_costs[0].account` → « Autres coûts, ligne 1 : compte »;
    `funding.funders[0].amounts[2]` → « Financeur 1, montant de l'année 3 »;
    `intervention.weeks_per_year` → « Semaines d'intervention par an »; '' → « Dossier ».
    A key it does not know is shown as is (never an error)."""
    parts = _parts(path or "")
    if not parts:
        return "Dossier"
    if len(parts) == 1 and parts[0] in SECTIONS:
        return SECTIONS[parts[0]]
    rows, field = [], None
    for i, part in enumerate(parts):
        if isinstance(part, int):
            continue
        following = parts[i + 1] if i + 1 < len(parts) else None
        if part in ROWS and isinstance(following, int):
            rows.append(f"{ROWS[part]} {following + 1}")
        elif part in SECTIONS and i == 0:
            continue
        else:
            field = FIELDS.get(part, part.replace("_", " "))
    text = ", ".join(rows)
    if field:
        text = f"{text} : {field}" if text else field
    return text[:1].upper() + text[1:]


def paths_label(paths, limit: int = 5) -> str:
    """« Lieu 1 : nom ; Financeur 2, montant de l'année 1 » for a list of paths (the first
    `limit`, « et 3 autres » after), duplicates dropped."""
    labels = list(dict.fromkeys(path_label(p) for p in paths))
    shown = " ; ".join(labels[:limit])
    rest = len(labels) - limit
    return shown + (f" et {rest} autre{'s' if rest > 1 else ''}" if rest > 0 else "")
