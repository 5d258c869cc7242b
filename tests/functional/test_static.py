"""Static files served as in production (WhiteNoise, wizard.web.assets): versioned URLs kept
a year, compressed copies, conditional requests; the old unversioned URLs are gone."""

import re

import pytest
from flask import url_for

from wizard.web import assets

YEAR = "max-age=31536000"


def urls(client) -> list[str]:
    page = client.get("/connexion").text
    return re.findall(r'(?:href|src)="(/(?:dsfr|static)/[^"]+)"', page)


def test_every_asset_url_carries_a_version(client, app):
    found = urls(client)
    version = assets.dsfr_version(app.config["DSFR_DIST"])
    assert f"/dsfr/{version}/dsfr.min.css" in found
    assert f"/static/{assets.static_version()}/css/app.css" in found
    assert all(re.match(r"/(dsfr/[\d.]+|static/[0-9a-f]{12})/", url) for url in found), found


def test_assets_are_kept_a_year_and_not_sniffed(client):
    for url in urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        assert YEAR in response.headers["Cache-Control"], url
        assert "immutable" in response.headers["Cache-Control"], url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Access-Control-Allow-Origin" not in response.headers
        response.close()


@pytest.mark.parametrize("accept, encoding", [("br, gzip", "br"), ("gzip", "gzip"), ("", None)])
def test_the_app_css_is_sent_compressed_as_the_browser_accepts(client, accept, encoding):
    url = next(u for u in urls(client) if u.endswith("app.css"))
    response = client.get(url, headers={"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    response.close()


def test_a_repeat_visit_revalidates_to_304(client):
    url = next(u for u in urls(client) if u.endswith("app.css"))
    first = client.get(url)
    first.close()
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_unversioned_and_unknown_asset_urls_are_404(client, app):
    assert client.get("/dsfr/dsfr.min.css").status_code == 404
    assert client.get("/static/css/app.css").status_code == 404
    with app.test_request_context():
        url = url_for("static", filename="css/nothing.css")
    assert client.get(url).status_code == 404


def test_the_static_build_is_content_addressed(tmp_path):
    source = tmp_path / "static"
    (source / "css").mkdir(parents=True)
    (source / "css" / "a.css").write_text(".a { color: red; }\n" * 200)
    version = assets.static_version(source)
    built = assets.build_static(tmp_path / "out", version, source)
    assert built.name == f"static-{version}"
    assert (built / "css" / "a.css.gz").exists() and (built / "css" / "a.css.br").exists()
    (source / "css" / "a.css").write_text(".a { color: blue; }\n" * 200)
    assert assets.static_version(source) != version  # a change is a new URL, never a stale copy


def test_compress_dsfr_writes_the_copies_once(tmp_path):
    (tmp_path / "utility" / "icons").mkdir(parents=True)
    (tmp_path / "dsfr.min.css").write_text(".fr-header { display: block; }\n" * 300)
    (tmp_path / "utility" / "icons" / "icons.min.css").write_text(".fr-icon { x: y; }\n" * 300)
    (tmp_path / "dsfr.min.css.map").write_text("{}" * 300)
    assert assets.compress_dsfr(tmp_path) == 2
    assert (tmp_path / "dsfr.min.css.br").exists() and (tmp_path / "dsfr.min.css.gz").exists()
    assert not (tmp_path / "dsfr.min.css.map.gz").exists()
    assert assets.compress_dsfr(tmp_path) == 0


def test_the_dsfr_is_sent_compressed(client, app):
    """`make install` runs `flask assets compress` (required in CI)."""
    dist = app.config["DSFR_DIST"]
    if not (dist / "dsfr.min.css.br").exists():
        if __import__("os").environ.get("CI"):
            pytest.fail("the DSFR's compressed copies are missing: make install runs flask assets compress")
        pytest.skip("run `flask --app wizard assets compress` (make install does)")
    url = next(u for u in urls(client) if u.endswith("/dsfr.min.css"))
    response = client.get(url, headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] == "br"
    assert int(response.headers["Content-Length"]) < (dist / "dsfr.min.css").stat().st_size / 5
    response.close()
