"""The adultes-relais convention request of the budget step (`funding.adultes_relais`): the
QPVs the posts serve, the convention's length and the eligibility of the people to recruit,
declared by the holder (conditions and sources in wizard.document.adultes_relais)."""

from wizard.document import adultes_relais as ar
from wizard.forms import choices
from wizard.steps.base import Missing, compact, section_of


def offer_qpvs(form, doc: dict) -> None:
    """The QPV checkboxes: those the dossier names, then any the convention still holds."""
    options = ar.document_qpvs(doc)
    for code in ar.convention(doc).get("qpv_codes") or []:
        options.setdefault(code, f"{code} (n'est plus nommé dans le dossier)")
    form.ar_qpv_codes.choices = choices(options)


def load_convention(doc: dict) -> dict:
    conv = ar.convention(doc)
    return {"ar_qpv_codes": list(conv.get("qpv_codes") or []),
            "ar_duration": str(conv.get("duration_years") or ar.DURATION_YEARS),
            "ar_eligibility": list(conv.get("eligibility") or [])}


def save_convention(doc: dict, form) -> None:
    """Store the request with the posts; none without posts."""
    funding = section_of(doc, "funding")
    if not funding.get("adultes_relais_posts"):
        funding.pop("adultes_relais", None)
        return
    before = ar.convention(doc)
    duration = form.ar_duration.data
    conv = {
        "qpv_codes": before.get("qpv_codes") if form.ar_qpv_codes.errors
        else list(dict.fromkeys(form.ar_qpv_codes.data or [])),
        "duration_years": int(duration) if duration in ("1", "2", "3") and
        not form.ar_duration.errors else before.get("duration_years"),
        "eligibility": before.get("eligibility") if form.ar_eligibility.errors
        else [c for c in ar.ELIGIBILITY if c in (form.ar_eligibility.data or [])],
    }
    funding["adultes_relais"] = compact(conv)


def missing_convention(doc: dict) -> list[Missing]:
    """With posts: at least one QPV served, every eligibility condition declared."""
    if not (doc.get("funding") or {}).get("adultes_relais_posts"):
        return []
    conv, out = ar.convention(doc), []
    if not conv.get("qpv_codes"):
        if ar.document_qpvs(doc):
            out.append(Missing("Cocher les quartiers prioritaires que desservent les "
                               "adultes-relais.", "ar_qpv_codes"))
        else:
            out.append(Missing("Les adultes-relais interviennent en quartier prioritaire : "
                               "nommer un QPV à l'étape « Porteur et territoire » ou dans le "
                               "diagnostic, puis le cocher ici.", "ar_qpv_codes"))
    if set(conv.get("eligibility") or []) != set(ar.ELIGIBILITY):
        out.append(Missing("Déclarer que les personnes à recruter comme adultes-relais "
                           "remplissent chacune des conditions d'éligibilité.", "ar_eligibility"))
    return out


def convention_rows(doc: dict) -> list[tuple[str, object]]:
    """(label, value) rows of the request for the recap and the PDF (none without posts)."""
    posts = (doc.get("funding") or {}).get("adultes_relais_posts")
    if not posts:
        return []
    conv, names = ar.convention(doc), ar.document_qpvs(doc)
    years = conv.get("duration_years") or ar.DURATION_YEARS
    declared = [text for code, text in ar.ELIGIBILITY.items()
                if code in (conv.get("eligibility") or [])]
    return [
        ("Postes d'adultes-relais demandés", str(posts)),
        ("Quartiers prioritaires desservis",
         [names.get(c, c) for c in conv.get("qpv_codes") or []] or None),
        ("Durée de la convention", f"{years} an{'s' if years > 1 else ''}"),
        ("Conditions d'éligibilité déclarées pour les personnes à recruter", declared or None),
        ("Source des conditions", ar.SOURCE_TEXT),
    ]
