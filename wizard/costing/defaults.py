"""Default reference parameters of the costing, as data, each with its source.

Each parameter says its value, whether it is confirmed by a source or an estimate,
and the bounds an override must respect. Advisers maintain the live values in the
reference data; these are the seeds and the fallback of `flask dossier cost`.
Source addresses should be re-checked against official texts before release.
"""

from __future__ import annotations

from dataclasses import dataclass

SP_SMIC = "https://www.service-public.fr/particuliers/vosdroits/F2300"
SP_DUREE = "https://www.service-public.fr/particuliers/vosdroits/F1911"
SP_NUIT = "https://www.service-public.fr/particuliers/vosdroits/F573"
SP_ADULTES_RELAIS = "https://www.service-public.fr/professionnels-entreprises/vosdroits/F1019"
SP_CERFA_12156 = "https://www.service-public.fr/associations/vosdroits/R1271"


@dataclass(frozen=True)
class ParameterSpec:
    """One reference parameter: value as a string, provenance and bounds (inclusive)."""

    key: str
    label_fr: str
    unit: str
    value: str
    status: str  # "confirmed" | "estimate"
    source_title: str
    source_url: str
    min: str | None
    max: str | None
    kind: str  # "money" | "fraction" | "hours" | "time" | "ratio" | "count"


def _p(key, label, unit, value, status, title, url, lo, hi, kind) -> ParameterSpec:
    return ParameterSpec(key, label, unit, value, status, title, url, lo, hi, kind)


MAX_MONEY = "10000000"

PARAMETER_SPECS: tuple[ParameterSpec, ...] = (
    _p("annual_hours", "Heures payées d'un temps plein par an", "h", "1607", "confirmed",
       "Durée légale annuelle : 1 607 h (1 600 h + journée de solidarité)", SP_DUREE,
       "1000", "2200", "hours"),
    _p("non_field_share", "Part du temps hors terrain (réunions, rapports, formation)", "fraction",
       "0.10", "estimate",
       "Estimation : 1 − 1 450 h productives / 1 607 h ≈ 0,10", SP_DUREE, "0", "0.9", "fraction"),
    _p("mediator_gross_annual", "Salaire brut annuel d'un médiateur (ETP)", "€", "21876.36",
       "confirmed", "Smic 2026 : 1 823,03 € brut mensuel × 12", SP_SMIC, "1", MAX_MONEY, "money"),
    _p("team_leader_gross_annual", "Salaire brut annuel d'un coordinateur (ETP)", "€",
       "30626.90", "estimate", "Estimation : 1,4 × le Smic annuel 2026 (fourchette 1,3–1,5)",
       SP_SMIC, "1", MAX_MONEY, "money"),
    _p("employer_rate_mediator", "Charges patronales d'un médiateur (part du brut)", "fraction",
       "0.12", "estimate",
       "Estimation prudente au niveau du Smic après réduction générale (RGDU 2026)",
       "https://www.urssaf.fr", "0", "1", "fraction"),
    _p("employer_rate_team_leader", "Charges patronales d'un coordinateur (part du brut)",
       "fraction", "0.25", "estimate",
       "Estimation : réduction RGDU ≈ 13 % du brut à 1,5 Smic", "https://www.urssaf.fr",
       "0", "1", "fraction"),
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
    _p("indexation_rate", "Revalorisation annuelle des salaires à partir de l'année 2",
       "fraction", "0.02", "estimate", "Estimation : revalorisations du Smic 2024–2026",
       SP_SMIC, "0", "1", "fraction"),
    _p("adultes_relais_aid_per_post", "Aide de l'État par poste d'adulte-relais et par an", "€",
       "23261", "estimate",
       "Estimation : 22 810,61 € (2024) indexé comme le Smic au 1er juillet 2025",
       SP_ADULTES_RELAIS, "0", MAX_MONEY, "money"),
    _p("fipd_max_share", "Part maximale du coût financée par le FIPD", "fraction", "0.50",
       "estimate", "Estimation : aucun plafond officiel trouvé ; cofinancement exigé",
       "https://www.cipdr.gouv.fr", "0", "1", "fraction"),
)

SPECS_BY_KEY: dict[str, ParameterSpec] = {spec.key: spec for spec in PARAMETER_SPECS}

DEFAULT_PARAMETERS: dict[str, str] = {spec.key: spec.value for spec in PARAMETER_SPECS}
