"""The demo dossiers' content: one realistic document per commune (interchange format v2,
docs/dossier-format.md), built in code. Names of people, identifiers (SIRET, RNA) and
amounts are fictitious; places are the communes' own.

- Lille: the station square and the tram at night (the commune employs the mediators);
- Roubaix: a market and a shopping street (an association applies and employs them);
- Arras: a park and a housing estate (renewal; a service provider under a public contract);
- Lille again: a draft, its first steps only.
"""

FORMAT = {"format": "mediation-dossier", "version": 2}


def slots(days: str, start: str, end: str, mediators: int | None = None) -> list[dict]:
    """One slot per day of `days` (« fri sat »), with `mediators` when given."""
    extra = {} if mediators is None else {"mediators": mediators}
    return [{"day": day, "start": start, "end": end, **extra} for day in days.split()]


def place(name, kind, priority, need, qpv_code=None, qpv=False) -> dict:
    out = {"name": name, "kind": kind, "priority": priority, "qpv": qpv or bool(qpv_code),
           "need_slots": need}
    if qpv_code:
        out["qpv_code"] = qpv_code
    return out


def indicator(name, kind, baseline, target, source, frequency) -> dict:
    return {"name": name, "kind": kind, "baseline": baseline, "target": target,
            "source": source, "frequency": frequency}


def partner(name, category, roles, agreement, **more) -> dict:
    return {"name": name, "category": category, "roles": roles.split(), "agreement": agreement,
            **more}


def lille() -> dict:
    """Lille: the square of the Lille-Flandres station and the tram in the evening."""
    gare, tram = "Parvis de la gare Lille-Flandres", "Tramway en soirée (gare – Croisé-Laroche)"
    fives = "Rue Pierre-Legrand (Fives)"
    return {
        **FORMAT,
        "title": "Médiation de soirée — gare Lille-Flandres et tramway de nuit",
        "start_date": "2027-01-01", "years": 3, "commune": {"insee_code": "59350"},
        "holder": {
            "kind": "commune", "name": "Ville de Lille", "siret": "21590350100017",
            "address": "Place Augustin-Laurent", "postal_code": "59000", "city": "Lille",
            "representative": {"name": "Camille Leroy", "quality": "Maire"},
            "signatory": {"name": "Dominique Lefebvre",
                          "quality": "Adjointe au maire chargée de la tranquillité publique",
                          "delegation": "Arrêté de délégation n° 2026-045 du 12 janvier 2026"},
            "application": "premiere", "contact_name": "Claire Dubois, service prévention",
            "contact_email": "prevention@mairie-lille.example.fr",
            "contact_phone": "03 20 00 00 00",
        },
        "territory": {
            "scope": "quartiers", "prevention_council": "clspd",
            "neighbourhoods": [{"name": "Centre — quartier de la gare"},
                               {"name": "Fives", "qpv_code": "QN05928M"}],
            "strategy_axis": "Axe 3 de la stratégie territoriale : la tranquillité des "
                             "transports et des pôles d'échanges",
        },
        "diagnosis": {
            "summary": "Le parvis de la gare Lille-Flandres concentre en soirée des "
                       "regroupements, de la mendicité et des conflits d'usage ; les "
                       "conducteurs du tramway signalent des incivilités après 21 h, et les "
                       "commerçants de la rue Pierre-Legrand à Fives des tensions à la "
                       "fermeture.",
            "problems": [
                {"kind": "sentiment_insecurite", "severity": 3,
                 "evidence": "58 % des usagers interrogés évitent le parvis après 21 h.",
                 "source": "Enquête auprès des usagers, octobre 2025"},
                {"kind": "incivilites", "severity": 2,
                 "evidence": "212 incidents signalés dans le tramway entre 21 h et 1 h en 2025.",
                 "source": "Ilévia, main courante 2025"},
                {"kind": "grande_precarite", "severity": 2,
                 "evidence": "Une quarantaine de personnes sans abri repérées autour de la gare.",
                 "source": "Maraude du CCAS"},
            ],
            "target_groups": ["usagers_transports", "grande_precarite", "jeunes", "commercants"],
            "places": [
                place(gare, "gare_pole_echanges", 1,
                      slots("thu", "19:00", "23:00") + slots("fri sat", "19:00", "01:00")),
                place(tram, "ligne_transport", 1, slots("fri sat", "21:00", "00:30")),
                place(fives, "commerces", 2, slots("tue thu", "16:00", "20:00"), "QN05928M"),
            ],
        },
        "objectives": {
            "missions": ["sentiment_insecurite", "dialogue_social", "aide_directe",
                         "veille_technique"],
            "domains": ["espaces_publics", "transports"],
            "specific": ["Rassurer les voyageurs du parvis et du tramway en soirée",
                         "Orienter les personnes sans abri vers les maraudes et le 115"],
        },
        "partners": [
            partner("Police nationale — commissariat central", "etat_police",
                    "operationnel signalement", "envisagee"),
            partner("Délégué du préfet", "etat_prefecture", "financier orientation", "en_cours"),
            partner("Ilévia", "transport", "operationnel signalement", "signee",
                    contribution_in_kind="Titres de transport des médiateurs"),
            partner("SNCF Gares & Connexions", "transport", "operationnel signalement",
                    "en_cours"),
            partner("CCAS de Lille", "commune", "orientation", "signee"),
        ],
        "governance": {"steering_body": "Comité de pilotage de la médiation de soirée",
                       "steering_members": "Délégué du préfet, Ville de Lille, Ilévia, SNCF",
                       "meetings_per_year": 2, "operational_group": "Cellule de veille gare",
                       "operational_meetings_per_year": 12},
        "intervention": {
            "employer": "regie", "recruitment_months": 2, "weeks_per_year": 47,
            "qualification": ["tp_msads", "cap_apm"],
            "rounds": [
                {"name": "Gare et tramway de nuit", "places": [gare, tram],
                 "slots": slots("tue wed thu", "18:30", "23:30", 2)
                 + slots("fri sat", "19:00", "01:00", 2)},
                {"name": "Fives", "places": [fives],
                 "slots": slots("mon tue wed thu fri", "15:30", "20:30", 2)},
            ],
            "reinforcements": [{"label": "Braderie et fêtes de fin d'année", "weeks": 4,
                                "slots": slots("sun", "15:00", "21:00", 2)}],
            "team_leader_fte": None, "new_mediators_to_train": 4, "vehicles": 0,
            "other_costs": [
                {"label": "Tenues et lampes de nuit", "account": "606", "amount": "1800",
                 "one_time": True},
                {"label": "Supervision et analyse de pratiques", "account": "622",
                 "amount": "2400", "one_time": False},
            ],
        },
        "parameters": {},
        "funding": {
            "adultes_relais_posts": 1,
            "funders": [
                {"name": "FIPD", "category": "etat", "scheme": "fipd", "request": "demande",
                 "amounts": ["40000", "40000", "35000"]},
                {"name": "Métropole Européenne de Lille", "category": "epci", "scheme": "epci",
                 "request": "demande", "amounts": ["25000", "25000", "25000"]},
                {"name": "Ilévia", "category": "transport", "status": "prive",
                 "scheme": "transport", "request": "accorde",
                 "amounts": ["10000", "10000", "10000"]},
            ],
            "adultes_relais": {"qpv_codes": ["QN05928M"], "duration_years": 3,
                               "eligibility": ["age", "residence", "situation"]},
            "in_kind": [{"label": "Titres de transport des médiateurs", "partner": "Ilévia",
                         "amounts": ["1500", "1500", "1500"]}],
        },
        "evaluation": {
            "indicators": [
                indicator("Contacts avec les voyageurs et passants", "activite", "0",
                          "400 par mois", "Main courante", "mensuelle"),
                indicator("Personnes orientées vers le 115 ou une maraude", "activite",
                          "Non mesuré", "20 par mois", "Main courante", "mensuelle"),
                indicator("Incidents signalés dans le tramway après 21 h", "resultat",
                          "212 en 2025", "Moins de 150 en 2028", "Ilévia", "trimestrielle"),
                indicator("Usagers qui évitent le parvis le soir", "resultat", "58 %",
                          "Moins de 40 % en 2029", "Enquête auprès des usagers", "annuelle"),
            ],
            "difficulties": "Recruter des médiateurs pour des horaires de nuit ; coordonner "
                            "les interventions avec la sûreté ferroviaire.",
            "suggestions": "Une permanence commune avec la maraude du CCAS un soir par semaine.",
        },
    }


def lille_draft() -> dict:
    """A second Lille project, still a draft: the first two steps, partly filled."""
    return {
        **FORMAT,
        "title": "Médiation dans les résidences de Moulins",
        "start_date": "2027-09-01", "years": 2, "commune": {"insee_code": "59350"},
        "holder": {"kind": "commune", "name": "Ville de Lille", "siret": "21590350100017",
                   "application": "premiere"},
        "territory": {"scope": "quartiers", "prevention_council": "clspd",
                      "neighbourhoods": [{"name": "Moulins", "qpv_code": "QN05927M"}]},
        "diagnosis": {
            "summary": "Les locataires des résidences de Moulins se plaignent de halls "
                       "occupés le soir et de dégradations des parties communes.",
            "problems": [{"kind": "degradations", "severity": 2,
                          "evidence": "Une centaine de signalements au bailleur en 2025.",
                          "source": "Bailleur social"}],
            "target_groups": ["locataires_parc_social", "jeunes"],
            "places": [
                place("Résidences de la rue d'Arras", "residence_sociale", 1,
                      slots("wed fri", "17:00", "22:00"), "QN05927M"),
                place("Square Rameau", "parc", 2, []),
            ],
        },
    }
