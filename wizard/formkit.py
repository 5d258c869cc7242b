"""Small WTForms helpers shared by every form of the application."""

from wtforms import SelectChoice


def choices(mapping, blank: str | None = None) -> list[SelectChoice]:
    """SelectChoice list from a {code: French label} mapping (order kept).

    `blank` adds a first empty option with that label (e.g. « Choisir… »).
    """
    items = [SelectChoice(code, label) for code, label in dict(mapping).items()]
    return ([SelectChoice("", blank)] if blank is not None else []) + items
