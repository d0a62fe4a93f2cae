"""Pages for a signed-in user hold personal data: browsers and proxies must not store them.

Every response to a signed-in user says ``Cache-Control: no-store`` unless its view chose
its own caching; static assets and signed-out pages keep theirs. The walk reads the
URLconf, so a new page is covered without being listed here.
"""

import pytest
from django.test import Client

from tests.factories import ProviderFactory, member_of
from tests.routes import signed_in_pages, wear

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize("provider_model", ["hat", "blended"])
def test_every_signed_in_page_says_no_store(client, settings, provider_model):
    settings.PROVIDER_MODEL = provider_model
    settings.DEMO_MODE = True
    alder, birch = ProviderFactory(name="Alder SCITT"), ProviderFactory(name="Birch University")
    client.force_login(member_of(alder, birch, is_staff=True))
    wear(client, alder)
    pages = sorted({url for _, url in signed_in_pages(alder)})
    for url in pages:
        response = client.get(url)
        assert "no-store" in cache_directives(response), (url, response.status_code)
    # The list, a record, a section form and the chooser are among them.
    for url in ("/trainees/", "/providers/choose/", "/trainees/export/"):
        assert url in pages
    assert any(url.endswith("/personal-details/") for url in pages)
    assert len(pages) > 40
    # Not found and other error pages too.
    assert "no-store" in cache_directives(client.get("/no-such-page/"))


def test_signing_in_answers_no_store(client, user, password):
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    assert "no-store" in cache_directives(response)


def test_signed_out_pages_and_static_assets_keep_their_caching(signed_in_client):
    for path in ("/", "/accessibility/", "/cookies/"):
        assert "no-store" not in cache_directives(Client().get(path)), path
    asset = signed_in_client.get("/assets/css/application.css")
    assert asset.status_code == 200
    assert "no-store" not in cache_directives(asset)


@pytest.mark.urls("tests.security.cache_urls")
def test_a_view_that_sets_its_own_caching_keeps_it(signed_in_client):
    response = signed_in_client.get("/own-caching/")
    assert response["Cache-Control"] == "private, max-age=60"
