"""Signing in through an OpenID Connect identity provider (SIGN_IN_METHOD=oidc), against
a real one: the npm package oidc-provider, run by tests/oidc/provider.mjs."""

import pytest
from allauth.socialaccount.models import SocialAccount

from accounts.models import User
from tests.factories import ProviderFactory, member_of
from tests.oidc.server import sign_in_at_provider

pytestmark = pytest.mark.django_db


def test_smoke(client, dfe_sign_in):
    user = member_of(ProviderFactory(), email="single@example.com")
    response = sign_in_at_provider(client, "sub-single")
    print(response.status_code, response.get("Location"), response.content[:3000])
    assert response.status_code == 302
