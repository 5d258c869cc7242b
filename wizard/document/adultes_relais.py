"""The adultes-relais convention a dossier requests (pure): who may be recruited, how long a
convention lasts, and which of the dossier's priority neighbourhoods (QPV) it may serve.

Sources of the conditions (reference data, checked in December 2026):
- Code du travail, article L5134-102: the adulte-relais is at least 26 years old, without
  employment or in a contrat unique d'insertion (CUI-CAE), and resides in a quartier
  prioritaire de la politique de la ville or another priority territory of a contrat de ville
  (older texts and pages said 30 years);
- service-public.fr, fiche F1019 « Adulte-relais » (checked 27 September 2024): the same
  conditions; the convention between the employer and the préfet de département lasts 3 years.
"""

SOURCE_TEXT = ("Code du travail, article L5134-102 ; service-public.fr, fiche F1019 "
               "« Adulte-relais » (https://www.service-public.fr/particuliers/vosdroits/F1019)")

MINIMUM_AGE = 26
DURATION_YEARS = 3  # a convention adulte-relais is signed for three years

# The conditions the people to recruit must meet, as the holder declares them.
ELIGIBILITY = {
    "age": f"Être âgé d'au moins {MINIMUM_AGE} ans",
    "residence": "Résider dans un quartier prioritaire de la politique de la ville (QPV) ou un "
                 "autre territoire prioritaire du contrat de ville",
    "situation": "Être sans emploi, ou bénéficier d'un contrat unique d'insertion – contrat "
                 "d'accompagnement dans l'emploi (CUI-CAE)",
}


def document_qpvs(doc: dict) -> dict[str, str]:
    """{QPV code: « name (code) »} of the priority neighbourhoods the dossier names, in the
    order it names them: the territory's neighbourhoods, then the places' QPVs."""
    out: dict[str, str] = {}
    territory = doc.get("territory") or {}
    diagnosis = doc.get("diagnosis") or {}
    for item in [*(territory.get("neighbourhoods") or []), *(diagnosis.get("places") or [])]:
        if not isinstance(item, dict):
            continue
        code = item.get("qpv_code")
        if code and code not in out:
            name = item.get("name")
            out[code] = f"{name} ({code})" if name else code
    return out


def convention(doc: dict) -> dict:
    """`funding.adultes_relais` (QPV codes served, duration, eligibility declared), {} when
    absent."""
    value = (doc.get("funding") or {}).get("adultes_relais")
    return value if isinstance(value, dict) else {}
