"""Ids too large for the database's integer columns are a 404, never an overflow 500."""

import pytest

BIG = "99999999999999999999999"


@pytest.fixture
def commune(create_commune):
    return create_commune()


@pytest.mark.parametrize("value", [BIG, str(2**63), str(2**31)])
def test_lead_step_page(client, login_as, commune, value):
    login_as("lead", communes=[commune])
    assert client.get(f"/dossiers/{value}/etapes/porteur-territoire").status_code == 404
    assert client.get(f"/dossiers/{value}").status_code == 404


@pytest.mark.parametrize("value", [BIG, str(2**31)])
def test_adviser_dossier(client, login_as, value):
    login_as("adviser")
    assert client.get(f"/conseiller/dossiers/{value}").status_code == 404
    assert client.get(f"/conseiller/parametres/{value}").status_code == 404


@pytest.mark.parametrize("value", [BIG, str(2**31)])
def test_prefecture_dossier(client, login_as, value):
    login_as("prefecture", departments=["59"])
    assert client.get(f"/prefecture/dossiers/{value}").status_code == 404


def test_admin_user_page(client, login_as):
    login_as("admin")
    assert client.get(f"/admin/utilisateurs/{BIG}").status_code == 404


def test_every_int_route_is_bounded(app):
    """The replacement converter applies to every `<int:…>` of the application."""
    from wizard.app import MAX_ID

    bounded = [
        rule.rule for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if type(converter).__name__ != "UnicodeConverter" and getattr(converter, "max", 0) == MAX_ID
    ]
    ints = [rule.rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule]
    assert ints and sorted(set(bounded)) == sorted(set(ints))


def test_largest_id_still_matches(client, login_as, commune):
    login_as("lead", communes=[commune])
    assert client.get(f"/dossiers/{2**31 - 1}").status_code == 404  # matched, then not found
