import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/accounts/login/", "/trainees/", "/no-such-page/", "/cookies/"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(signed_in_client, path):
    response = signed_in_client.get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_scripts_or_styles(signed_in_client, settings):
    settings.DEMO_MODE = True
    for path in (
        "/",
        "/accounts/login/",
        "/trainees/",
        "/accounts/personas/",
        "/trainees/new/route/",
    ):
        html = signed_in_client.get(path).content.decode()
        assert "<script>" not in html, path
        assert " style=" not in html, path
        assert "<style" not in html, path


def test_hsts_with_preload_on_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_health_check_sends_no_cookies_and_is_not_sniffed(client):
    response = client.get("/healthz")
    assert "Set-Cookie" not in response.headers
    assert len(response.cookies) == 0
    assert response["X-Content-Type-Options"] == "nosniff"
