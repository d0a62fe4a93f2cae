"""The test OpenID provider (tests/oidc/provider.mjs, the npm package oidc-provider) run
for the tests: start it, point the service at it, and sign in through it over HTTP."""

import os
import re
import shutil
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from accounts.sign_in import OIDC, PROVIDER_ID, openid_connect_providers
from edge.headers import content_security_policy, origin_of
from tests.conftest import browser_required

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT_DIR / "tests" / "oidc" / "provider.mjs"
PACKAGE = PROJECT_DIR / "node_modules" / "oidc-provider" / "package.json"
CLIENT_ID = "register-trainee-teachers"
CLIENT_SECRET = "test-secret-do-not-use-in-production"
CALLBACK_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
SIGNED_OUT_PATH = "/accounts/signed-out/"
LOGIN_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/"


def missing_reason() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed (the test OpenID provider runs on it)"
    if not PACKAGE.is_file():
        return "node_modules/oidc-provider is missing: run `npm ci`"
    return None


@dataclass
class OpenIDProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    def fault(self, kind: str) -> None:
        """Spoil the next token response (see provider.mjs)."""
        response = requests.post(f"{self.issuer}/test-control/fault", params={"kind": kind})
        assert response.status_code == 204, response.text

    def configure(self, settings, issuer: str | None = None) -> None:
        """Switch the service to sign in through this provider (or ``issuer``)."""
        settings.SIGN_IN_METHOD = OIDC
        settings.OIDC_ISSUER = issuer or self.issuer
        settings.OIDC_CLIENT_ID = self.client_id
        settings.OIDC_CLIENT_SECRET = self.client_secret
        settings.SOCIALACCOUNT_PROVIDERS = openid_connect_providers(
            settings.OIDC_ISSUER, self.client_id, self.client_secret
        )
        settings.CONTENT_SECURITY_POLICY = content_security_policy(
            [origin_of(settings.OIDC_ISSUER)]
        )


@contextmanager
def running_provider(service_urls: list[str]):
    reason = missing_reason()
    if reason:
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but the test OpenID provider cannot run: {reason}")
        pytest.skip(reason)
    env = {
        **os.environ,
        "OIDC_TEST_PORT": "0",
        "OIDC_TEST_CLIENT_ID": CLIENT_ID,
        "OIDC_TEST_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_TEST_REDIRECT_URIS": ",".join(url + CALLBACK_PATH for url in service_urls),
        "OIDC_TEST_LOGOUT_URIS": ",".join(url + SIGNED_OUT_PATH for url in service_urls),
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT)],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=open(os.environ.get("OIDC_TEST_LOG", os.devnull), "a"),  # noqa: SIM115
        text=True,
    )
    try:
        line = _first_line(process, timeout=20)
        if not line.startswith("listening "):
            raise RuntimeError(f"the test OpenID provider did not start: {line!r}")
        yield OpenIDProvider(issuer=line.split(" ", 1)[1].strip())
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _first_line(process, timeout: float) -> str:
    found = []
    reader = threading.Thread(target=lambda: found.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not found or not found[0]:
        process.kill()
        raise RuntimeError("the test OpenID provider did not start (OIDC_TEST_LOG=file to see why)")
    return found[0]


FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"[^>]*method="post"', re.I)
ABORT_LINK = re.compile(r'href="([^"]*/abort)"', re.I)


def sign_in_at_provider(client, login: str, *, cancel: bool = False):
    """Press "Sign in with DfE Sign-in" on the service, sign in (or cancel) on the
    provider's own login page as ``login`` (the subject of one of its test accounts), and
    bring its answer back to the service. Returns the service's response to the callback."""
    return client.get(callback_from_provider(client, login, cancel=cancel))


def callback_from_provider(client, login: str, *, cancel: bool = False, data=None) -> str:
    """The path and query the provider sends the user back to the service with.
    ``data``: what the sign-in page's form sends with the button (``next``)."""
    service = "http://testserver"
    start = client.post(LOGIN_PATH, data or {})
    assert start.status_code == 302, start.status_code
    url = start["Location"]
    with requests.Session() as browser:
        for _ in range(10):
            if url.startswith(service):
                parts = urlsplit(url)
                return f"{parts.path}?{parts.query}"
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                continue
            assert response.status_code == 200, (response.status_code, response.text[:500])
            page = response.text
            if cancel:
                url = urljoin(url, unescape(ABORT_LINK.search(page).group(1)))
                continue
            action = urljoin(url, unescape(FORM_ACTION.search(page).group(1)))
            posted = browser.post(
                action,
                data={"prompt": "login", "login": login, "password": "any password"},
                allow_redirects=False,
                timeout=10,
            )
            assert posted.is_redirect, (posted.status_code, posted.text[:500])
            url = urljoin(action, posted.headers["Location"])
    raise AssertionError("the provider never sent the user back to the service")
