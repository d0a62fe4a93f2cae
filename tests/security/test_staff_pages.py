"""Every support page (under /support/) is for staff only: declared in tests/routes.py's
STAFF_ONLY_PAGES, refused to anyone else signed in, and sends signed-out visitors to
sign in."""

import pytest
from django.urls import reverse

from tests.factories import ProviderFactory, member_of
from tests.routes import STAFF_ONLY_PAGES, walk_urlconf

pytestmark = pytest.mark.django_db


def support_pages():
    return {
        f"{namespace}:{pattern.name}" if namespace else pattern.name
        for route, namespace, pattern in walk_urlconf()
        if route.startswith("support/")
    }


def test_every_support_page_is_declared_staff_only():
    assert support_pages() == set(STAFF_ONLY_PAGES)


@pytest.mark.parametrize("demo_mode", [True, False])
@pytest.mark.parametrize("name", sorted(STAFF_ONLY_PAGES))
def test_support_pages_refuse_everyone_but_staff(client, settings, name, demo_mode):
    settings.DEMO_MODE = demo_mode
    url = reverse(name)
    assert client.get(url)["Location"].startswith("/accounts/login/")
    provider = ProviderFactory()
    client.force_login(member_of(provider))
    assert client.get(url).status_code in (403, 404)
    assert client.post(url).status_code in (403, 404, 405)
    client.force_login(member_of(provider, is_staff=True))
    expected = 404 if name == "providers:scenario" and not demo_mode else 200
    assert client.get(url).status_code == expected
