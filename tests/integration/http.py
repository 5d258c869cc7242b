"""A tiny HTTP browser for integration tests (stdlib only): cookies, forms, no redirects."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

from tests.helpers import TEST_PASSWORD, csrf_token


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def token_and_version(self, path):
        status, html = self.request(path)
        assert status == 200, (path, status)
        version = re.search(r'name="version"[^>]*value="(\d+)"', html)
        return csrf_token(html), int(version.group(1)) if version else None

    def login(self, email="porteur@lille.fr"):
        token, _ = self.token_and_version("/connexion")
        status, _ = self.request("/connexion", {"email": email, "password": TEST_PASSWORD,
                                                "csrf_token": token})
        assert status == 302
        return self
