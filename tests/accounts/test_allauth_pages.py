"""Only the sign-in pages the service offers have URLs, and each is ours, in Jinja2.

django-allauth's views render templates by name: a view of allauth's that the service
did not list would draw allauth's own Django templates. Django's test client lists the
Django templates a response rendered (``response.templates``); Jinja2 ones are not listed.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from accounts.urls import urlpatterns as account_urls
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OFFERED = {
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_email",
    "account_signed_out",
    # Sign-in through the identity provider (SIGN_IN_METHOD=oidc): allauth's
    # openid_connect sign-in and callback through our views, and the request for access.
    "openid_connect_login",
    "openid_connect_callback",
    "account_no_access",
    "account_access_requested",
}
# Pages of allauth's that the service does not offer (e-mail management and
# verification, reauthentication, sign-in by code, phone numbers).
NOT_OFFERED = (
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_confirm_login_code",
    "account_request_login_code",
    "account_verify_phone",
    # allauth's socialaccount pages: connecting identities, sign-up, its own error pages.
    "socialaccount_connections",
    "socialaccount_signup",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
)


def test_the_accounts_urls_are_the_pages_the_service_offers():
    assert {pattern.name for pattern in account_urls} == OFFERED


@pytest.mark.parametrize("name", NOT_OFFERED)
def test_allauths_other_pages_have_no_url(name):
    with pytest.raises(NoReverseMatch):
        reverse(name)


@pytest.mark.parametrize(
    "path", ["/accounts/reauthenticate/", "/accounts/confirm-email/", "/accounts/login/code/"]
)
def test_allauths_other_paths_are_not_found(signed_in_client, path):
    response = signed_in_client.get(path)
    assert response.status_code == 404
    assert response.templates == []


def pages_without_parameters():
    return [
        f"/accounts/{pattern.pattern}"
        for pattern in account_urls
        if not pattern.pattern.regex.groupindex
    ]


@pytest.mark.parametrize("path", pages_without_parameters())
def test_every_sign_in_page_renders_jinja2_templates_only(client, signed_in_client, path, settings):
    settings.DEMO_MODE = True
    for who in (client, signed_in_client):
        response = who.get(path, follow=True)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert response.templates == [], (path, [t.name for t in response.templates])


@pytest.mark.parametrize("path", pages_without_parameters())
def test_every_sign_in_page_renders_jinja2_templates_only_with_oidc(
    client, signed_in_client, path, settings, dfe_sign_in
):
    settings.DEMO_MODE = True
    for who in (client, signed_in_client):
        response = who.get(path, follow=True)
        assert response.status_code in (200, 404, 405), (path, response.status_code)
        assert response.templates == [], (path, [t.name for t in response.templates])


def test_a_password_reset_link_renders_jinja2_templates_only(client):
    response = client.get("/accounts/password/reset/key/1-not-a-key/", follow=True)
    assert "This link has expired" in response.content.decode()
    assert response.templates == []


def test_an_account_without_a_password_is_asked_to_set_one(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.get("/accounts/password/change/", follow=True)
    assert response.redirect_chain == [("/accounts/password/set/", 302)]
    html = response.content.decode()
    assert "<title>Set your password - Register trainee teachers - GOV.UK</title>" in html
    assert '<h1 class="govuk-heading-l">Set your password</h1>' in html
    assert response.templates == []
    saved = client.post(
        "/accounts/password/set/",
        {"password1": "Correct-horse-battery-9", "password2": "Correct-horse-battery-9"},
    )
    assert saved.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Correct-horse-battery-9")


def test_the_admin_keeps_djangos_templates(admin_client):
    # The guard above can fail: Django's own pages do list their templates.
    response = admin_client.get("/admin/")
    assert "admin/index.html" in [template.name for template in response.templates]


def test_allauths_messages_are_ours_too(client, user, password):
    """allauth renders a message's text from a template when it adds it, while answering
    the form; the next page shows it."""
    client.force_login(user)
    changed = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": password,
            "password1": "Another-horse-battery-7",
            "password2": "Another-horse-battery-7",
        },
    )
    assert changed.status_code == 302
    assert changed.templates == []
    assert "Password successfully changed." in client.get(changed["Location"]).content.decode()
    signed_out = client.post("/accounts/logout/")
    assert signed_out.status_code == 302
    assert signed_out.templates == []
    assert "You have signed out." in client.get(signed_out["Location"]).content.decode()
