"""The built-in pick-list of the prevention strategy, saved by `strategy.ensure_defaults`.

Sources, as read when the list was written (docs/strategy.md):

- SNPD 2020-2024: four axes, circular of the Prime Minister n° 6238-SG of 23 December 2020
  (NOR PRMX2036891C), wording quoted by the trade press; the strategy ended in 2024, so its
  axes are inactive (kept for the dossiers that name them; an adviser may reactivate them).
- SNPD 2025-2030: five axes announced by the FIPD instruction of 10 June 2025 (NOR
  INTQ2515076J), as reported by the Banque des territoires; the strategy itself was not
  found published: « à confirmer ».
- FIPD 2025 priorities: the same instruction, as summarised by the trade press (weka.fr,
  lemediasocial.fr). The 2026 instruction was not found: the advisers add its priorities.
"""

from wizard.models.strategy import SourceStatus, StrategyKind

_AXIS, _FIPD = StrategyKind.NATIONAL_AXIS, StrategyKind.FIPD_PRIORITY

SNPD_2020 = {
    "year": 2020, "kind": _AXIS, "active": False, "status": SourceStatus.SECOND_HAND,
    "source_title": "Stratégie nationale de prévention de la délinquance 2020-2024 "
                    "(circulaire n° 6238-SG du 23 décembre 2020)",
    "source_url": "https://www.cipdr.gouv.fr/prevenir-la-delinquance/20202024-2/",
}
SNPD_2025 = {
    "year": 2025, "kind": _AXIS, "active": True, "status": SourceStatus.TO_CONFIRM,
    "source_title": "Stratégie nationale de prévention de la délinquance 2025-2030, axes "
                    "annoncés par l'instruction FIPD du 10 juin 2025 — à confirmer",
    "source_url": "https://www.banquedesterritoires.fr/"
                  "lensauvagement-de-la-societe-au-menu-de-la-nouvelle-circulaire-fipd",
}
FIPD_2025 = {
    "year": 2025, "kind": _FIPD, "active": True, "status": SourceStatus.SECOND_HAND,
    "source_title": "Instruction du 10 juin 2025 relative aux orientations stratégiques du "
                    "FIPD pour 2025 (NOR INTQ2515076J)",
    "source_url": "https://www.weka.fr/actualite/securite/article/"
                  "prevention-de-la-delinquance-les-orientations-strategiques-pour-2025-201229/",
}


def _entries(common: dict, rows: list[tuple[str, str]]) -> list[dict]:
    return [{**common, "code": code, "label": label, "position": i}
            for i, (code, label) in enumerate(rows, start=1)]


DEFAULTS: list[dict] = [
    *_entries(SNPD_2025, [
        ("snpd-2025-autorite", "Restaurer l'autorité pour mieux prévenir la délinquance des "
                               "jeunes"),
        ("snpd-2025-reperer", "Repérer, orienter et sanctionner plus tôt"),
        ("snpd-2025-victimes", "Mieux repérer, accueillir et accompagner les victimes"),
        ("snpd-2025-maire", "Renforcer le rôle du maire et des élus locaux dans les instances "
                            "de prévention de la délinquance"),
        ("snpd-2025-pilotage", "Renforcer le pilotage de la prévention de la délinquance"),
    ]),
    *_entries(SNPD_2020, [
        ("snpd-2020-jeunes", "Les jeunes : agir plus tôt et aller plus loin dans la "
                             "prévention"),
        ("snpd-2020-vulnerables", "Aller vers les personnes vulnérables pour mieux les "
                                  "protéger"),
        ("snpd-2020-population", "La population, nouvel acteur de la prévention de la "
                                 "délinquance"),
        ("snpd-2020-territoire", "Le territoire : vers une nouvelle gouvernance rénovée et "
                                 "efficace"),
    ]),
    *_entries(FIPD_2025, [
        ("fipd-2025-parentalite", "Soutien à l'exercice et à la restauration de l'autorité "
                                  "parentale"),
        ("fipd-2025-civisme", "Apprentissage du civisme et de la citoyenneté"),
        ("fipd-2025-enrolement", "Prévenir l'enrôlement des plus jeunes et des plus "
                                 "vulnérables dans la criminalité organisée"),
        ("fipd-2025-prostitution", "Lutter contre la prostitution des adolescents"),
        ("fipd-2025-armes-blanches", "Lutter contre le port et l'usage d'armes blanches par "
                                     "des mineurs"),
        ("fipd-2025-violences-intrafamiliales",
         "Prévenir les violences intrafamiliales et accompagner les victimes (dont les "
         "intervenants sociaux en commissariat et gendarmerie)"),
    ]),
]
