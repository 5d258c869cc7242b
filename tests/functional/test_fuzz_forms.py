"""Fuzzing every step form with random and hostile values (hypothesis): never a 500;
a refused value is answered at a field (error summary); what is saved stays a valid
document."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import page_form
from wizard.db import db
from wizard.document import validate
from wizard.models import Dossier
from wizard.steps import STEPS

HOSTILE = st.sampled_from([
    "", " ", "<script>alert(1)</script>", "<b>gras</b>", "&amp;", "</para><para>", "' OR 1=1 --",
    "\x00\x07\x1b", "🎉" * 50, "مرحبا بالعالم", "שלום", "x" * 6000, "25:00", "-1", "0", "1e309",
    "NaN", "12,5", "99999999999999999999", "2027-02-30", "QN00000X", "../../etc/passwd",
    "__index__", "__sub__", "y", "on", "mon", "sun", "commune", "etat", "financier",
])
VALUES = st.one_of(HOSTILE, st.text(max_size=60), st.integers(-5, 10**6).map(str),
                   st.times().map(lambda t: t.strftime("%H:%M")))


def _field_names(slug):
    """Every input name of a step's form with one row in each list (deterministic)."""
    from wtforms import FieldList

    from wizard.steps import get_step

    def walk(container):
        for f in container:
            if isinstance(f, FieldList):
                entry = f.append_entry()
                yield from walk(entry.form) if hasattr(entry, "form") else [entry.name]
            elif f.type not in ("CSRFTokenField", "HiddenField"):
                yield f.name

    form = get_step(slug).form(formdata=None, meta={"csrf": False})
    return sorted(set(walk(form)))


@pytest.fixture
def dossier_url(client, login_as, create_commune):
    lille = create_commune()
    login_as("lead", communes=[lille])
    from tests.helpers import submit

    submit(client, "/dossiers/nouveau", page_form(client, "/dossiers/nouveau"),
           commune="59350", title="Fuzz")
    return f"/dossiers/{Dossier.query.one().id}/etapes"


@pytest.mark.parametrize("slug", [s.slug for s in STEPS])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_step_forms_never_fail(client, dossier_url, slug, data):
    url = f"{dossier_url}/{slug}"
    form = page_form(client, url)
    names = _field_names(slug)
    for name in data.draw(st.lists(st.sampled_from(names), max_size=12, unique=True)):
        form.setlist(name, [data.draw(VALUES)])
    form["action"] = data.draw(st.sampled_from([
        "draft", "continue", "add:places", "remove:places-0", "add:places-0-need_slots",
        "cover:rounds-0", "cover:rounds-9", "cover:places-0"]))
    response = client.post(url, data=form)
    assert response.status_code in (200, 302, 400, 409), response.status_code
    if response.status_code == 400:
        assert "fr-alert--error" in response.text  # the error summary names the fields
    dossier = Dossier.query.one()
    db.session.refresh(dossier)
    assert validate(dossier.document) == []
