"""The demo dossiers of Roubaix (a market and a shopping street, carried by an association)
and Arras (a park and a housing estate, a renewal); see wizard/cli/demo_documents.py."""

from wizard.cli.demo_documents import FORMAT, indicator, partner, place, slots


def roubaix() -> dict:
    """Roubaix: the Épeule market and the Grand-Rue, an association applying."""
    market, street = "Marché de l'Épeule (boulevard de Metz)", "Grand-Rue"
    return {
        **FORMAT,
        "title": "Médiation sociale au marché de l'Épeule et dans la Grand-Rue",
        "start_date": "2027-03-01", "years": 2, "commune": {"insee_code": "59512"},
        "holder": {
            "kind": "association", "name": "Association Roubaix Médiation Solidaire",
            "siret": "81234560100007", "rna": "W595012345",
            "address": "12 rue de l'Épeule", "postal_code": "59100", "city": "Roubaix",
            "representative": {"name": "Nadia Benali", "quality": "Présidente"},
            "application": "premiere", "contact_name": "Julien Vermeersch, coordinateur",
            "contact_email": "contact@roubaix-mediation.example.org",
            "contact_phone": "03 20 11 22 33",
        },
        "territory": {
            "scope": "quartiers", "prevention_council": "clspd",
            "neighbourhoods": [{"name": "Épeule — Alma", "qpv_code": "QN05940M"},
                               {"name": "Centre-ville"}],
            "strategy_axis": "Tranquillité des espaces commerçants et lien avec les habitants",
        },
        "diagnosis": {
            "summary": "Le marché de l'Épeule attire jusqu'à 3 000 personnes les jours de "
                       "marché ; les commerçants signalent des altercations au remballage et "
                       "des dépôts sauvages. Dans la Grand-Rue, des vitrines vides et des "
                       "regroupements en fin d'après-midi inquiètent riverains et clients.",
            "problems": [
                {"kind": "conflits_voisinage", "severity": 2,
                 "evidence": "Altercations au remballage relevées chaque semaine.",
                 "source": "Association des commerçants non sédentaires"},
                {"kind": "dysfonctionnements_urbains", "severity": 2,
                 "evidence": "Dépôts sauvages après chaque marché (6 tonnes par mois).",
                 "source": "Service propreté de la Ville"},
                {"kind": "tensions_jeunes", "severity": 1,
                 "evidence": "Regroupements devant les commerces entre 16 h et 19 h.",
                 "source": "Union des commerçants du centre"},
            ],
            "target_groups": ["commercants", "familles", "jeunes", "tout_public"],
            "places": [
                place(market, "commerces", 1, slots("tue thu sun", "07:30", "13:30"),
                      "QN05940M"),
                place(street, "commerces", 1, slots("mon tue wed thu fri sat", "15:00",
                                                    "19:30")),
            ],
        },
        "objectives": {
            "missions": ["dialogue_social", "veille_technique", "promotion_territoire"],
            "domains": ["espaces_publics"],
            "specific": ["Apaiser le remballage du marché",
                         "Faire revenir les clients dans la Grand-Rue en fin de journée"],
        },
        "partners": [
            partner("Ville de Roubaix", "commune", "financier signalement", "signee"),
            partner("Police nationale — commissariat de Roubaix", "etat_police", "signalement",
                    "envisagee"),
            partner("Délégué du préfet", "etat_prefecture", "financier orientation",
                    "en_cours"),
            partner("Union des commerçants du centre", "commercants", "operationnel",
                    "envisagee", contribution_in_kind="Local de permanence rue de Lannoy"),
        ],
        "governance": {"steering_body": "Comité de suivi de la médiation commerciale",
                       "steering_members": "Ville de Roubaix, délégué du préfet, commerçants",
                       "meetings_per_year": 3, "operational_group": "Réunion des placiers",
                       "operational_meetings_per_year": 10},
        "intervention": {
            "employer": "association", "recruitment_months": 1, "weeks_per_year": 46,
            "qualification": ["tp_amis"],
            "rounds": [
                {"name": "Marché", "places": [market],
                 "slots": slots("tue thu sun", "07:00", "14:00", 2)},
                {"name": "Grand-Rue", "places": [street],
                 "slots": slots("tue wed thu fri sat", "14:30", "19:30", 2)},
            ],
            "team_leader_fte": 0.5, "new_mediators_to_train": 3, "vehicles": 0,
            "other_costs": [{"label": "Chasubles et cartes professionnelles", "account": "606",
                             "amount": "900", "one_time": True}],
        },
        "parameters": {},
        "funding": {
            "adultes_relais_posts": 1,
            "funders": [
                {"name": "Politique de la ville (BOP 147)", "category": "etat",
                 "scheme": "politique_ville", "request": "demande",
                 "amounts": ["32000", "32000"]},
                {"name": "Ville de Roubaix", "category": "commune", "scheme": "autre",
                 "request": "propre", "amounts": ["38000", "38000"]},
            ],
            "adultes_relais": {"qpv_codes": ["QN05940M"], "duration_years": 2,
                               "eligibility": ["age", "residence", "situation"]},
            "in_kind": [{"label": "Local de permanence rue de Lannoy",
                         "partner": "Union des commerçants du centre",
                         "amounts": ["3600", "3600"]}],
        },
        "evaluation": {
            "indicators": [
                indicator("Médiations au remballage du marché", "activite", "0",
                          "30 par mois", "Fiches d'intervention", "mensuelle"),
                indicator("Dépôts sauvages après le marché", "resultat", "6 tonnes par mois",
                          "Moins de 3 tonnes", "Service propreté", "trimestrielle"),
                indicator("Commerçants satisfaits de la présence des médiateurs", "resultat",
                          "À établir", "75 %", "Questionnaire annuel", "annuelle"),
            ],
            "difficulties": "Horaires très matinaux du marché ; turnover des commerçants.",
            "suggestions": "Associer les placiers à la réunion mensuelle.",
        },
    }


def arras() -> dict:
    """Arras: the Crinchon park and the Baudimont housing estate, a renewal."""
    park, estate = "Parc Crinchon", "Résidences de Baudimont"
    return {
        **FORMAT,
        "title": "Médiation sociale au parc Crinchon et dans les résidences de Baudimont",
        "start_date": "2027-01-01", "years": 3, "commune": {"insee_code": "62041"},
        "holder": {
            "kind": "commune", "name": "Ville d'Arras", "siret": "21620410700009",
            "address": "Place Guy-Mollet", "postal_code": "62000", "city": "Arras",
            "representative": {"name": "Frédéric Lambert", "quality": "Maire"},
            "application": "renouvellement",
            "previous_dossier": {"title": "Médiation sociale au parc Crinchon (2024-2026)"},
            "contact_name": "Sophie Caron, direction de la cohésion sociale",
            "contact_email": "cohesion.sociale@ville-arras.example.fr",
        },
        "territory": {"scope": "quartiers", "prevention_council": "cispd",
                      "neighbourhoods": [{"name": "Baudimont"}, {"name": "Centre — Crinchon"}],
                      "strategy_axis": "Prévention de la délinquance des jeunes exposés"},
        "diagnosis": {
            "summary": "Le parc Crinchon connaît l'été des rassemblements tardifs et des "
                       "nuisances sonores ; dans les résidences de Baudimont, les locataires "
                       "âgés se sentent isolés et les halls sont occupés en soirée.",
            "problems": [
                {"kind": "tensions_jeunes", "severity": 2,
                 "evidence": "47 interventions de la police municipale au parc en 2025.",
                 "source": "Police municipale"},
                {"kind": "isolement", "severity": 2,
                 "evidence": "80 locataires de plus de 75 ans vivant seuls.",
                 "source": "Bailleur social et CCAS"},
            ],
            "target_groups": ["jeunes", "personnes_agees", "locataires_parc_social"],
            "places": [
                place(park, "parc", 1, slots("wed sat sun", "14:00", "21:00")),
                place(estate, "residence_sociale", 1, slots("mon tue fri", "16:00", "21:00"),
                      qpv=True),
            ],
        },
        "objectives": {
            "missions": ["dialogue_social", "veille_sociale", "aide_directe"],
            "domains": ["espaces_publics", "habitat_social"],
            "specific": ["Rompre l'isolement des locataires âgés",
                         "Apaiser les soirées d'été au parc"],
        },
        "partners": [
            partner("Pas-de-Calais habitat", "bailleur", "operationnel financier signalement",
                    "signee", contribution_in_kind="Loge en pied d'immeuble"),
            partner("Délégué du préfet", "etat_prefecture", "financier", "en_cours"),
            partner("Communauté urbaine d'Arras", "epci", "financier orientation", "signee"),
            partner("CCAS d'Arras", "commune", "orientation", "signee"),
        ],
        "governance": {"steering_body": "Comité de pilotage du CISPD",
                       "steering_members": "Préfecture, CUA, Ville d'Arras, bailleur",
                       "meetings_per_year": 2, "operational_group": "Cellule de veille",
                       "operational_meetings_per_year": 6},
        "intervention": {
            "employer": "prestataire", "weeks_per_year": 44, "qualification": ["cap_apm"],
            "rounds": [
                {"name": "Parc", "places": [park], "slots": slots("wed sat", "14:00", "20:00", 2)},
                {"name": "Baudimont", "places": [estate],
                 "slots": slots("mon tue fri", "16:00", "21:00", 2)},
            ],
            "reinforcements": [{"label": "Été au parc", "weeks": 8,
                                "slots": slots("sun", "15:00", "22:00", 2)}],
            "team_leader_fte": None, "new_mediators_to_train": 0, "vehicles": 0,
            "other_costs": [],
        },
        "parameters": {},
        "funding": {
            "funders": [
                {"name": "FIPD", "category": "etat", "scheme": "fipd", "request": "demande",
                 "amounts": ["20000", "20000", "20000"]},
                {"name": "Communauté urbaine d'Arras", "category": "epci", "scheme": "epci",
                 "request": "demande", "amounts": ["15000", "15000", "15000"]},
                {"name": "Pas-de-Calais habitat", "category": "bailleur", "status": "public",
                 "scheme": "bailleur", "request": "demande",
                 "amounts": ["8000", "8000", "8000"]},
            ],
            "in_kind": [{"label": "Loge en pied d'immeuble", "partner": "Pas-de-Calais habitat",
                         "amounts": ["2400", "2400", "2400"]}],
        },
        "evaluation": {
            "indicators": [
                indicator("Visites à domicile de locataires âgés", "activite", "35 par mois",
                          "50 par mois", "Fiches de visite", "mensuelle"),
                indicator("Interventions de la police municipale au parc", "resultat",
                          "47 en 2025", "Moins de 30 par an", "Police municipale", "annuelle"),
            ],
            "difficulties": "Le bilan 2024-2026 montre un creux de présence en hiver.",
            "suggestions": "Ouvrir la loge aux permanences du CCAS.",
        },
    }
