"""The departments of the region by name (INSEE codes), for the pages that group dossiers
by department: the advisers' regional summary, the prefecture's programming table.

The mission serves the Hauts-de-France region; a code outside it reads « Département <code> »."""

NAMES = {"02": "Aisne", "59": "Nord", "60": "Oise", "62": "Pas-de-Calais", "80": "Somme"}


def department_label(code: str | None) -> str:
    """« Nord (59) », « Département 75 », « Sans département »."""
    if not code:
        return "Sans département"
    name = NAMES.get(code)
    return f"{name} ({code})" if name else f"Département {code}"
