"""search_key: the accent-, case- and punctuation-insensitive form used for name search."""

import pytest

from wizard.reference.communes import search_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Lille", "lille"),
        ("Saint-Étienne", "saint etienne"),
        ("saint etienne", "saint etienne"),
        ("SAINT   ÉTIENNE", "saint etienne"),
        ("Évry-Courcouronnes", "evry courcouronnes"),
        ("ÉVRY", "evry"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("L’Île-Saint-Denis", "l ile saint denis"),  # typographic apostrophe
        ("Œuilly", "oeuilly"),
        ("Lœuilly", "loeuilly"),
        ("Saint-Andéol-le-Château", "saint andeol le chateau"),
        ("Ménil-la-Horgne", "menil la horgne"),
        ("Lyon 1er Arrondissement", "lyon 1er arrondissement"),
        ("  -Lille-  ", "lille"),
        ("50%_de (test)", "50 de test"),
        ("", ""),
    ],
)
def test_search_key(name, key):
    assert search_key(name) == key


def test_search_key_keeps_saint_unabbreviated():
    assert search_key("St-Étienne") == "st etienne"
    assert search_key("Saint-Étienne") == "saint etienne"


def test_search_key_of_none_is_empty():
    assert search_key(None) == ""


def test_search_key_is_idempotent():
    for name in ("Saint-Étienne-du-Rouvray", "L'Haÿ-les-Roses", "Œuilly"):
        assert search_key(search_key(name)) == search_key(name)
