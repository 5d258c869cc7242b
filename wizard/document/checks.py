"""Checks of the dossier document beyond plain validation, for wizard.document.

French messages for JSON Schema errors, and the cross-field rules the schema cannot express.

`translate(error)` turns one jsonschema ValidationError into `(path parts, message)` pairs:
usually one, several for `required` and `additionalProperties` (one per key concerned).
"""

from wizard.document import identifiers, vocabulary

TYPES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "vrai ou faux (true / false)",
    "array": "une liste",
    "object": "un objet",
    "null": "vide (null)",
}

# Keyed by the patterns of docs/dossier.schema.json; a test checks every pattern has a hint.
PATTERN_HINTS = {
    "^([01][0-9]|2[0-3]):[0-5][0-9]$": "format attendu HH:MM, de 00:00 à 23:59",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "date attendue au format AAAA-MM-JJ",
    "^([0-9]{5}|2[AB][0-9]{3})$": "code INSEE attendu : 5 caractères (ex. 59350, 2A004)",
    "^QN([0-9]{3}|02[AB])[0-9]{2,3}[MNI]$": "code QPV attendu : QN, département sur "
    "3 caractères, numéro d’ordre et lettre N, M ou I (ex. QN05926M)",
    "^([^@\\s]+@[^@\\s]+\\.[^@\\s]+)?$": "adresse électronique invalide (ex. nom@ville.fr)",
    "^[0-9+(). -]*$": "numéro de téléphone : chiffres, espaces, +, ., - et parenthèses",
    "^[0-9]{14}$": "SIRET attendu : 14 chiffres sans espace (ex. 21590350100017)",
    "^W[0-9][0-9ABM][0-9]{7}$": "numéro RNA attendu : W suivi de 9 chiffres (ex. W595012345)",
    "^[0-9]{5}$": "code postal attendu : 5 chiffres (ex. 59000)",
    "^6[0-9]{1,5}$": "numéro de compte de charges attendu (classe 6, ex. 613)",
    "^[0-9]{1,9}(\\.[0-9]{1,2})?$": "montant attendu en euros, point décimal et 2 décimales "
    "au plus (ex. 1234.50)",
    "^[a-z0-9][a-z0-9-]{1,39}$": "code de la liste attendu : de 2 à 40 lettres minuscules sans "
    "accent, chiffres et tirets (ex. snpd-2025-autorite)",
}
MONEY_MESSAGE = ("montant attendu en euros : nombre positif ou texte comme « 1234.50 » "
                 "(point décimal, 2 décimales au plus, moins d’un milliard)")

# Enum value sets → vocabulary lists, to show the allowed codes with their French labels.
_LISTS_BY_CODES = {frozenset(codes): codes for codes in vocabulary.CODE_LISTS.values()}


def translate(error) -> list[tuple[list, str]]:
    """`(path parts, French message)` pairs for one jsonschema ValidationError."""
    parts = list(error.absolute_path)
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if "propertyNames" in error.relative_schema_path:
        return [(parts + [instance], f"nom de paramètre invalide : {instance} (lettres "
                 "minuscules, chiffres et _, 60 caractères au plus)")]
    if keyword == "required":
        missing = [key for key in value if isinstance(instance, dict) and key not in instance]
        return [(parts + [key], "champ obligatoire manquant") for key in missing]
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = [key for key in instance if key not in known]
        return [(parts + [key], f"clé inconnue : {key}") for key in extra]
    return [(parts, _message(keyword, value, instance, error.schema))]


def _message(keyword, value, instance, schema) -> str:
    if keyword == "type":
        types = value if isinstance(value, list) else [value]
        return "doit être " + " ou ".join(TYPES.get(t, t) for t in types)
    if keyword == "enum":
        return f"valeur inconnue : « {instance} » ; valeurs possibles : {_allowed(value)}"
    if keyword == "const":
        return f"doit valoir « {value} »"
    if keyword == "pattern":
        return PATTERN_HINTS.get(value, f"format invalide (motif attendu {value})")
    if keyword == "format":
        return "date invalide : format attendu AAAA-MM-JJ, date existante"
    if keyword == "maxLength":
        return f"{value} caractères au maximum (actuellement {len(instance)})"
    if keyword == "minLength":
        return "ne doit pas être vide"
    if keyword == "minimum":
        return f"doit être supérieur ou égal à {value}"
    if keyword == "maximum":
        return f"doit être inférieur ou égal à {value}"
    if keyword == "maxItems":
        return f"{value} éléments au maximum (actuellement {len(instance)})"
    if keyword == "uniqueItems":
        return "contient des valeurs en double"
    if keyword == "maxProperties":
        return f"{value} clés au maximum"
    if keyword == "anyOf" and any("pattern" in s and s["pattern"] in PATTERN_HINTS
                                  for s in schema.get("anyOf", [])):
        return MONEY_MESSAGE
    return "valeur invalide"


def _allowed(codes) -> str:
    labels = _LISTS_BY_CODES.get(frozenset(codes), {})
    return ", ".join(f"{code} ({labels[code]})" if code in labels else str(code)
                     for code in codes)


def cross_field(doc) -> list[tuple[str, str]]:
    """`(path, French message)` pairs for the rules the schema cannot express: unique place
    names (ignoring case), rounds naming known places, one funder or in-kind amount per year,
    in-kind contributions naming a partner, slots whose end differs from their start, the
    SIRET's control key and places linked to a QPV marked as such. Skips values the schema
    already refuses."""
    if not isinstance(doc, dict):
        return []
    problems = []
    holder = doc.get("holder")
    siret = holder.get("siret") if isinstance(holder, dict) else None
    if isinstance(siret, str) and len(siret) == 14 and siret.isdigit() \
            and identifiers.siret_problem(siret):
        problems.append(("holder.siret", "clé de contrôle du SIRET fausse : ce SIRET n’existe pas"))
    places = items(doc.get("diagnosis"), "places")
    known = {}  # casefolded name -> (index, name as written)
    for i, place in enumerate(places):
        name = place.get("name")
        if isinstance(name, str) and name.strip().casefold() in known:
            first = known[name.strip().casefold()][0] + 1
            problems.append((f"diagnosis.places[{i}].name",
                             f"le lieu « {name} » est déjà déclaré (lieu n° {first}) ; "
                             "chaque lieu doit avoir un nom différent"))
        elif isinstance(name, str):
            known[name.strip().casefold()] = (i, name)
        if place.get("qpv_code") and place.get("qpv") is False:
            problems.append((f"diagnosis.places[{i}].qpv",
                             f"lieu rattaché au quartier prioritaire {place['qpv_code']} : qpv "
                             "doit valoir true"))
        problems += _slot_problems(f"diagnosis.places[{i}].need_slots", place, "need_slots")
    exact = {name for _, name in known.values()}
    intervention = doc.get("intervention")
    for i, round_ in enumerate(items(intervention, "rounds")):
        names = round_.get("places") if isinstance(round_.get("places"), list) else []
        for j, name in enumerate(names):
            if not isinstance(name, str) or name in exact:
                continue
            hint = known.get(name.strip().casefold())
            message = (f"écrire le nom exactement comme dans le diagnostic : « {hint[1]} »"
                       if hint else f"lieu inconnu : « {name} » ; il doit figurer parmi les "
                       "lieux du diagnostic")
            problems.append((f"intervention.rounds[{i}].places[{j}]", message))
        problems += _slot_problems(f"intervention.rounds[{i}].slots", round_, "slots")
    for i, extra in enumerate(items(intervention, "reinforcements")):
        problems += _slot_problems(f"intervention.reinforcements[{i}].slots", extra, "slots")
    years = doc.get("years")
    if years in (1, 2, 3) and not isinstance(years, bool):  # else the schema reports years
        for key in ("funders", "in_kind"):
            for i, funder in enumerate(items(doc.get("funding"), key)):
                amounts = funder.get("amounts")
                if isinstance(amounts, list) and len(amounts) != years:
                    problems.append((f"funding.{key}[{i}].amounts",
                                     f"{_count(len(amounts), 'montant')} pour un projet de "
                                     f"{_count(years, 'an')} : il faut un montant par année"))
    return problems + _in_kind_partners(doc)


def _in_kind_partners(doc: dict) -> list[tuple[str, str]]:
    """Every contribution in kind names, written exactly the same, a partner."""
    partners = {p.get("name") for p in items(doc, "partners") if isinstance(p.get("name"), str)}
    folded = {name.strip().casefold(): name for name in partners}
    problems = []
    for i, gift in enumerate(items(doc.get("funding"), "in_kind")):
        name = gift.get("partner")
        if not isinstance(name, str) or name in partners:
            continue
        hint = folded.get(name.strip().casefold())
        problems.append((f"funding.in_kind[{i}].partner",
                         f"écrire le nom exactement comme dans les partenaires : « {hint} »"
                         if hint else f"partenaire inconnu : « {name} » ; il doit figurer "
                         "parmi les partenaires du projet"))
    return problems


def items(container, key) -> list[dict]:
    """The items of the list `container[key]`, non-dict items replaced by {} (the schema
    reports those); [] when there is no such list."""
    values = container.get(key) if isinstance(container, dict) else None
    if not isinstance(values, list):
        return []
    return [v if isinstance(v, dict) else {} for v in values]


def _slot_problems(path: str, owner: dict, key: str) -> list[tuple[str, str]]:
    return [(f"{path}[{k}].end", "l’heure de fin doit différer de l’heure de début")
            for k, slot in enumerate(items(owner, key))
            if isinstance(slot.get("start"), str) and slot.get("start") == slot.get("end")]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"
