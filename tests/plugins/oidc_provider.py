"""A real OpenID Connect provider for the ProConnect tests (a pytest plugin, registered by the
root conftest): tests/oidc/provider.mjs, the npm package oidc-provider run by node on a free
loopback port, once per session, killed at teardown.

`oidc_provider` gives its issuer, the client's credentials and `set(**claims)` to choose the
account (and misbehaviours) of the next sign-in; `browser_at_provider()` is a fresh
`requests` session, the user's browser on the provider's side (its own cookies).
`running_provider(redirect_uri, post_logout_redirect_uri)` starts one for other addresses
(the browser test's live server), stopped on exit.
"""

import os
import shutil
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "mediation-wizard-test"
CLIENT_SECRET = "a-test-secret-that-is-long-enough-for-oidc-provider"
PUBLIC_URL = "http://localhost"  # TestConfig's
REDIRECT_URI = f"{PUBLIC_URL}/connexion/proconnect/retour"
POST_LOGOUT_REDIRECT_URI = f"{PUBLIC_URL}/connexion"


@dataclass
class OidcProvider:
    issuer: str
    process: subprocess.Popen

    def config(self, **overrides) -> dict:
        """The app's settings for this provider."""
        return {
            "PROCONNECT_ISSUER": self.issuer,
            "PROCONNECT_CLIENT_ID": CLIENT_ID,
            "PROCONNECT_CLIENT_SECRET": CLIENT_SECRET,
            **overrides,
        }

    def set(self, **settings) -> None:
        """Choose the next sign-in's account claims (sub, email, …) and misbehaviours
        (token_delay_ms, tamper); `reset()` puts the defaults back."""
        response = requests.get(f"{self.issuer}/test/set", params=settings, timeout=5)
        response.raise_for_status()

    def reset(self) -> None:
        requests.get(f"{self.issuer}/test/reset", timeout=5).raise_for_status()


def _node() -> str | None:
    node = shutil.which("node")
    if node and (ROOT / "node_modules" / "oidc-provider").is_dir():
        return node
    return None


@contextmanager
def running_provider(redirect_uri=REDIRECT_URI, post_logout_redirect_uri=POST_LOGOUT_REDIRECT_URI):
    """The provider process, its client registered with these addresses (the application's
    callback and where the end-session comes back): yields its `OidcProvider`; on exit the
    process is terminated (killed after 10 s) and waited for, its pipes closed. Skips the
    test without node and npm ci's node_modules outside CI (required in CI)."""
    node = _node()
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node and node_modules/oidc-provider are required in CI (make install)")
        pytest.skip("node or node_modules/oidc-provider missing (run make install)")
    env = {
        **os.environ,
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": redirect_uri,
        "POST_LOGOUT_REDIRECT_URI": post_logout_redirect_uri,
        "NODE_ENV": "test",
    }
    process = subprocess.Popen(
        [node, str(SCRIPT)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    drains = []
    try:
        port = _wait_ready(process)
        # drain its output so a chatty provider never blocks on a full pipe
        drains = [threading.Thread(target=stream.read, daemon=True)
                  for stream in (process.stdout, process.stderr)]
        for drain in drains:
            drain.start()
        yield OidcProvider(issuer=f"http://127.0.0.1:{port}", process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for drain in drains:
            drain.join(timeout=5)
        for stream in (process.stdout, process.stderr):
            stream.close()


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider for the whole session, its client registered for the test config's
    PUBLIC_URL (the Flask test client's callback)."""
    with running_provider() as provider:
        yield provider


def _wait_ready(process) -> int:
    result = {}

    def read():
        line = process.stdout.readline()
        result["line"] = line

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=30)
    line = result.get("line", "")
    if not line.startswith("READY "):
        process.kill()
        process.wait()
        raise RuntimeError(f"the OIDC provider did not start: {line!r} {process.stderr.read()}")
    return int(line.split()[1])


@pytest.fixture
def browser_at_provider():
    """The user's browser on the provider's side: a requests session with its own cookies."""
    with requests.Session() as session:
        yield session
