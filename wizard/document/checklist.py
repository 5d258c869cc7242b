"""The supporting documents (pièces justificatives) a dossier carries: the checklist by
holder kind and scheme. Pure module: no Flask, no database.

Sources (reference data, copied here in our own words):

- the notice of cerfa n° 12156*06 (demande de subvention) lists what an association joins:
  its statutes, a RIB, its last approved accounts and, for a renewal, the report of the
  previous year;
- a commune applying (or employing the mediators itself, « en régie ») joins the délibération
  of its municipal council approving the project and its financing plan, as the FIPD calls
  for projects ask of local authorities; a GIP joins its convention constitutive (its
  statutes) and accounts like an association;
- FIPD and politique de la ville renewals ask for the report of the past year (activity
  report and cerfa n° 15059, the compte rendu financier), evaluation being the condition of
  renewal (2025 FIPD instruction);
- the mediators' job descriptions (fiches de poste) are asked for every post the project
  pays, and by the adultes-relais convention for each post under it;
- partners' letters of commitment support the partnership step and are welcome, not
  required.

The holder kind is read from `intervention.employer` (regie, association, gip, prestataire:
the commune buying a service keeps the project); a renewal from `holder.application`
(`renouvellement`; absent or `premiere`: a first application); the adultes-relais scheme from
`funding.adultes_relais_posts` > 0.
"""

from dataclasses import dataclass

from wizard.document.renewal import RENEWAL


@dataclass(frozen=True)
class Piece:
    """One kind of supporting document: its code (stored with each file) and French label."""

    code: str
    label: str
    hint: str = ""


PIECES = {p.code: p for p in (
    Piece("deliberation", "Délibération du conseil municipal",
          "Approuvant le projet et son plan de financement."),
    Piece("rib", "Relevé d'identité bancaire (RIB)",
          "De la structure qui reçoit la subvention."),
    Piece("statuts", "Statuts à jour",
          "Pour un GIP : sa convention constitutive."),
    Piece("comptes", "Derniers comptes approuvés",
          "Bilan et compte de résultat du dernier exercice clos."),
    Piece("bilan", "Bilan de l'année écoulée",
          "Rapport d'activité et compte rendu financier (cerfa n° 15059)."),
    Piece("fiches_poste", "Fiches de poste",
          "Une fiche par poste de médiateur ou d'encadrant."),
    Piece("engagements", "Lettres d'engagement des partenaires", ""),
    Piece("autre", "Autre pièce", "Tout document utile à l'instruction."),
    Piece("convention", "Convention ou arrêté signé",
          "Joint par la préfecture avec la décision de financement."),
)}

COMMUNE_HELD = frozenset({None, "regie", "prestataire"})  # the commune holds the project
BODY_HELD = frozenset({"association", "gip"})


@dataclass(frozen=True)
class Expected:
    """A line of a dossier's checklist: the piece and whether submission needs it."""

    piece: Piece
    required: bool


def _facts(document: dict) -> tuple[str | None, bool, bool]:
    employer = (document.get("intervention") or {}).get("employer")
    renewal = (document.get("holder") or {}).get("application") == RENEWAL
    posts = (document.get("funding") or {}).get("adultes_relais_posts") or 0
    return employer, renewal, isinstance(posts, int) and posts > 0


def checklist(document: dict) -> list[Expected]:
    """The pieces this dossier shows, in PIECES order, each required or optional."""
    employer, renewal, adultes_relais = _facts(document)
    required = {"rib"}
    shown = {"rib", "fiches_poste", "engagements", "autre"}
    if employer in COMMUNE_HELD:
        required.add("deliberation")
    else:
        shown.add("deliberation")  # a co-funding commune may still join its délibération
    if employer in BODY_HELD:
        required |= {"statuts", "comptes"}
    if renewal:
        required.add("bilan")
    if employer != "prestataire" or adultes_relais:
        required.add("fiches_poste")
    shown |= required
    return [Expected(p, p.code in required) for code, p in PIECES.items() if code in shown]


def missing_pieces(document: dict, present: set[str]) -> list[Piece]:
    """The required pieces of which no file is attached (`present`: the attached codes)."""
    return [e.piece for e in checklist(document) if e.required and e.piece.code not in present]
