"""Default reference parameters of the costing, as data, each with its source.

Each parameter says its value, the year the figure holds for, whether it is confirmed by
its source, seen second-hand (a secondary source quoting the official text) or an
estimate, and the bounds an override must respect. Advisers maintain the live values in
the reference data; these are the seeds and the fallback of `flask dossier cost`.
`optional` parameters (the explicit employer rates) have no default: absent, the rate is
derived from the employer (docs/costing.md). Source addresses should be re-checked against
official texts before release.
"""

from __future__ import annotations

from dataclasses import dataclass

SP_SMIC = "https://www.service-public.fr/particuliers/vosdroits/F2300"
SP_DUREE = "https://www.service-public.fr/particuliers/vosdroits/F1911"
SP_NUIT = "https://www.service-public.fr/particuliers/vosdroits/F573"
SP_ADULTES_RELAIS = "https://www.service-public.fr/professionnels-entreprises/vosdroits/F1019"
SP_CERFA_12156 = "https://www.service-public.fr/associations/vosdroits/R1271"
SP_TVA = "https://www.service-public.fr/professionnels-entreprises/vosdroits/F23567"
URSSAF_RG = ("https://www.urssaf.fr/accueil/employeur/beneficier-exonerations/"
             "reduction-generale-cotisation.html")
RGDU_SOURCE = "https://blog-minute-rh.nibelis.com"
ECLAT_SOURCE = "https://assem17.opentalent.fr"

STATUSES = ("confirmed", "second-hand", "estimate")


@dataclass(frozen=True)
class ParameterSpec:
    """One reference parameter: value as a string ("" for an optional one without default),
    provenance and bounds (inclusive)."""

    key: str
    label_fr: str
    unit: str
    value: str
    status: str  # one of STATUSES
    source_title: str
    source_url: str
    min: str | None
    max: str | None
    kind: str  # "money" | "fraction" | "hours" | "time" | "ratio" | "count" | "coefficient"
    year: int = 2026
    optional: bool = False
    # "costing": read by the costing (parse.py); "report": a rule of the year-end report,
    # kept in the same sets but neither costed nor listed among the costing's assumptions
    scope: str = "costing"
    help_fr: str = ""  # what the advisers read under the field, before its bounds
    above_min: bool = False  # the minimum itself is refused (0 < value)


def _p(key, label, unit, value, status, title, url, lo, hi, kind, year=2026,
       optional=False) -> ParameterSpec:
    return ParameterSpec(key, label, unit, value, status, title, url, lo, hi, kind, year,
                         optional)


MAX_MONEY = "10000000"

PARAMETER_SPECS: tuple[ParameterSpec, ...] = (
    _p("annual_hours", "Heures travaillées d'un temps plein par an", "h", "1607", "confirmed",
       "Durée légale annuelle : 1 607 h (1 600 h + journée de solidarité)", SP_DUREE,
       "1000", "2200", "hours"),
    _p("paid_hours_annual", "Heures payées d'un temps plein par an", "h", "1820", "confirmed",
       "Code du travail, art. L3121-27 : 35 h × 52 semaines = 1 820 h payées (151,67 h par "
       "mois) ; le taux horaire est le brut annuel / 1 820", SP_DUREE, "1000", "2600", "hours"),
    _p("non_field_share", "Part du temps hors terrain (réunions, rapports, formation)", "fraction",
       "0.10", "estimate",
       "Estimation : 1 − 1 450 h productives / 1 607 h ≈ 0,10", SP_DUREE, "0", "0.9", "fraction"),
    _p("mediator_gross_annual", "Salaire brut annuel d'un médiateur (ETP)", "€", "22869",
       "estimate", "Estimation : convention ÉCLAT (IDCC 1518) groupe C, 245 points × 6,85 € "
       "+ 35 points × 6,50 € = 1 905,75 € brut mensuel × 12 (valeurs 2023, avenant 194) ; "
       "ALISFA (IDCC 1261) : socle 22 100 € par an ; au moins le Smic 2026",
       ECLAT_SOURCE, "1", MAX_MONEY, "money", 2023),
    _p("team_leader_gross_annual", "Salaire brut annuel d'un coordinateur (ETP)", "€",
       "30626.90", "estimate", "Estimation : 1,4 × le Smic annuel 2026 (fourchette 1,3–1,5)",
       SP_SMIC, "1", MAX_MONEY, "money"),
    _p("employer_rate_public", "Charges patronales d'un employeur public (part du brut)",
       "fraction", "0.40", "estimate",
       "Estimation ≈ 40 % pour un contractuel de commune (maladie, vieillesse, famille, AT, "
       "FNAL, CSA, IRCANTEC, CNFPT, centre de gestion, versement mobilité) ; l'URSSAF exclut "
       "de la réduction générale l'État, les collectivités et leurs établissements publics "
       "administratifs", URSSAF_RG, "0", "1", "fraction"),
    _p("employer_rate_private", "Charges patronales d'un employeur privé avant réduction "
       "générale (part du brut)", "fraction", "0.45", "estimate",
       "Estimation ≈ 45 % aux taux pleins maladie et famille, que la RGDU absorbe désormais",
       URSSAF_RG, "0", "1", "fraction"),
    _p("smic_annual", "Smic annuel d'un temps plein (35 h)", "€", "21876.36", "confirmed",
       "Smic 2026 : 12,02 € de l'heure, 1 823,03 € brut mensuel × 12 (décret n° 2025-1228)",
       SP_SMIC, "1", MAX_MONEY, "money"),
    _p("rgdu_tmin", "RGDU : coefficient minimal (Tmin)", "coefficient", "0.02", "second-hand",
       "Décret n° 2025-887 du 4 septembre 2025 (RGDU au 1er janvier 2026) : Tmin = 0,02, "
       "rapporté par nibelis.com et ffbatiment.fr", RGDU_SOURCE, "0", "1", "coefficient"),
    _p("rgdu_tdelta", "RGDU : amplitude du coefficient (Tdelta)", "coefficient", "0.3773",
       "second-hand", "Décret n° 2025-887 : coefficient maximal 0,3973 (moins de 50 salariés) "
       "= Tmin + Tdelta, soit Tdelta = 0,3773 (0,3813 à partir de 50 salariés)", RGDU_SOURCE,
       "0", "1", "coefficient"),
    _p("rgdu_power", "RGDU : puissance (P)", "coefficient", "1.75", "second-hand",
       "Décret n° 2025-887 : P = 1,75 ; coefficient nul à partir de 3 Smic", RGDU_SOURCE,
       "0.1", "10", "coefficient"),
    _p("employer_rate_mediator", "Taux de charges imposé d'un médiateur (part du brut, "
       "facultatif)", "fraction", "", "estimate",
       "Facultatif : vide, le taux découle de l'employeur (public, ou privé moins la RGDU)",
       URSSAF_RG, "0", "1", "fraction", optional=True),
    _p("employer_rate_team_leader", "Taux de charges imposé d'un coordinateur (part du brut, "
       "facultatif)", "fraction", "", "estimate",
       "Facultatif : vide, le taux découle de l'employeur (public, ou privé moins la RGDU)",
       URSSAF_RG, "0", "1", "fraction", optional=True),
    _p("night_start", "Début de la plage de nuit", "HH:MM", "21:00", "confirmed",
       "Code du travail, art. L3122-2 et L3122-20 : travail de nuit de 21 h à 6 h", SP_NUIT,
       None, None, "time"),
    _p("night_end", "Fin de la plage de nuit", "HH:MM", "06:00", "confirmed",
       "Code du travail, art. L3122-2 et L3122-20 : travail de nuit de 21 h à 6 h", SP_NUIT,
       None, None, "time"),
    _p("night_premium", "Majoration de nuit (part du brut horaire)", "fraction", "0.10",
       "estimate", "Estimation : contrepartie salariale facultative, fixée par accord (L3122-8)",
       SP_NUIT, "0", "1", "fraction"),
    _p("sunday_premium", "Majoration du dimanche (part du brut horaire)", "fraction", "0",
       "estimate", "Estimation : aucune majoration légale trouvée, paramétrable",
       "https://www.service-public.fr/particuliers/vosdroits/F2336", "0", "1", "fraction"),
    _p("mediators_per_team_leader", "ETP de médiateurs encadrés par un coordinateur", "ratio",
       "6", "estimate",
       "Repères : Saint-Denis et Aubervilliers 4, Argenteuil 6,5, Lille 7",
       "https://www.lejsd.com", "1", "50", "ratio"),
    _p("initial_training_cost", "Formation initiale d'un médiateur recruté (année 1)", "€",
       "3000", "estimate", "Estimation : 20 jours de formation × 150 €",
       "https://www.francecompetences.fr", "0", MAX_MONEY, "money"),
    _p("continuous_training_per_fte", "Formation continue par ETP et par an", "€", "600",
       "estimate", "Estimation : 3 jours par an (analyse de pratiques, recyclage) × 200 €",
       "https://www.francemediation.fr", "0", MAX_MONEY, "money"),
    _p("equipment_per_new_mediator", "Tenue et équipement d'un poste (année 1)", "€", "500",
       "estimate", "Estimation : tenue identifiable, chaussures, sac, lampe, petit matériel",
       "https://www.francemediation.fr", "0", MAX_MONEY, "money"),
    _p("phone_annual_per_mediator", "Téléphone d'un poste par an", "€", "300", "estimate",
       "Estimation : forfait et terminal ≈ 25 € par mois", "https://www.francemediation.fr",
       "0", MAX_MONEY, "money"),
    _p("vehicle_annual_cost", "Véhicule par an (location, carburant, assurance)", "€", "7200",
       "estimate",
       "Estimation : location longue durée d'un utilitaire ≈ 600 € par mois tout compris",
       "https://www.francemediation.fr", "0", MAX_MONEY, "money"),
    _p("overhead_rate", "Frais de structure (part des coûts directs)", "fraction", "0.10",
       "estimate", "Estimation : ligne « Charges indirectes affectées au projet » du cerfa 12156, "
       "10–15 %", SP_CERFA_12156, "0", "1", "fraction"),
    _p("indexation_rate", "Revalorisation annuelle des salaires et de l'aide à partir de "
       "l'année 2", "fraction", "0.02", "estimate",
       "Estimation : revalorisations du Smic 2024–2026", SP_SMIC, "0", "1", "fraction"),
    _p("adultes_relais_aid_per_post", "Aide de l'État par poste d'adulte-relais à temps plein "
       "et par an", "€", "23261", "estimate",
       "Estimation : 22 810,61 € (fiche F1019, 2024) revalorisé comme le Smic au 1er juillet "
       "2025 (× 11,88 / 11,65)", SP_ADULTES_RELAIS, "0", MAX_MONEY, "money", 2025),
    _p("contractor_margin_rate", "Marge du prestataire (part de ses coûts et frais de "
       "structure)", "fraction", "0.08", "estimate",
       "Estimation : marge d'un prestataire de services, à vérifier sur son devis",
       SP_CERFA_12156, "0", "1", "fraction"),
    _p("vat_rate", "TVA sur le prix du prestataire (0 si la prestation est exonérée)",
       "fraction", "0.20", "confirmed",
       "Taux normal de TVA : 20 % (CGI, art. 278), non récupérable par la commune sur une "
       "dépense de fonctionnement ; une association peut en être exonérée", SP_TVA,
       "0", "1", "fraction"),
    _p("fipd_max_share", "Part maximale du coût financée par le FIPD", "fraction", "0.50",
       "estimate", "Estimation : aucun plafond officiel trouvé ; cofinancement exigé",
       "https://www.cipdr.gouv.fr", "0", "1", "fraction"),
    ParameterSpec(
        "report_gap_threshold", "Écart toléré entre le prévu et le réalisé du compte rendu "
        "annuel (part du montant prévu)", "%", "0.15", "confirmed",
        "Choix de la mission régionale", "", "0", "1", "fraction", scope="report",
        above_min=True,
        help_fr="Au-delà de cet écart, le porteur doit l'expliquer ligne par ligne dans son "
                "compte rendu de fin d'année (annexe du cerfa 15059). Un dossier suit le "
                "seuil du jeu qu'il utilise ; 15 % pour un jeu publié avant ce paramètre."),
)

SPECS_BY_KEY: dict[str, ParameterSpec] = {spec.key: spec for spec in PARAMETER_SPECS}

# The parameters the costing reads (the others are rules of the year-end report).
COSTING_SPECS: tuple[ParameterSpec, ...] = tuple(
    spec for spec in PARAMETER_SPECS if spec.scope == "costing")
COSTING_SPECS_BY_KEY: dict[str, ParameterSpec] = {spec.key: spec for spec in COSTING_SPECS}

# Keys the costing rules 2 may go without (the rate is then derived from the employer).
OPTIONAL_KEYS = frozenset(spec.key for spec in PARAMETER_SPECS if spec.optional)

# Keys the costing rules 1 (sets published before v2) may go without.
V2_KEYS = frozenset({
    "paid_hours_annual", "employer_rate_public", "employer_rate_private", "smic_annual",
    "rgdu_tmin", "rgdu_tdelta", "rgdu_power", "contractor_margin_rate", "vat_rate",
})

DEFAULT_PARAMETERS: dict[str, str] = {
    spec.key: spec.value for spec in PARAMETER_SPECS if spec.value != ""
}
