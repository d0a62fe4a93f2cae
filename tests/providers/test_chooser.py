import re

import pytest

from providers.hat import HAT_SESSION_KEY
from tests.factories import ProviderFactory, member_of

pytestmark = pytest.mark.django_db

CHOOSER = "/providers/choose/"


@pytest.fixture
def providers():
    return [
        ProviderFactory(name="Alder SCITT", code="1AL"),
        ProviderFactory(name="Birch University", code="2BU"),
    ]


@pytest.fixture
def multi_client(client, providers):
    client.force_login(member_of(*providers))
    return client


def checked_values(html):
    return re.findall(r'value="(\d+)" checked', html)


def test_lists_only_the_users_providers_with_their_codes(multi_client):
    ProviderFactory(name="Foreign SCITT")
    response = multi_client.get(CHOOSER)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "<title>Which provider are you working on? - Register trainee teachers - GOV.UK</title>"
        in html
    )
    assert '<h1 class="govuk-fieldset__heading">Which provider are you working on?</h1>' in html
    assert "Alder SCITT (1AL)" in html
    assert "Birch University (2BU)" in html
    assert "Foreign SCITT" not in html
    assert checked_values(html) == []


def test_pre_selects_the_current_hat(multi_client, providers):
    session = multi_client.session
    session[HAT_SESSION_KEY] = providers[1].pk
    session.save()
    html = multi_client.get(CHOOSER).content.decode()
    assert checked_values(html) == [str(providers[1].pk)]


def test_choosing_nothing_shows_an_error(multi_client):
    response = multi_client.post(CHOOSER, {})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Error: Which provider are you working on?" in html
    assert '<a href="#id_provider_0">Select a provider</a>' in html
    assert HAT_SESSION_KEY not in multi_client.session


def test_a_foreign_provider_is_refused_and_the_hat_stays(multi_client, providers):
    session = multi_client.session
    session[HAT_SESSION_KEY] = providers[0].pk
    session.save()
    foreign = ProviderFactory(name="Foreign SCITT")
    response = multi_client.post(CHOOSER, {"provider": foreign.pk})
    assert response.status_code == 400
    assert "Select one of the providers you work for" in response.content.decode()
    assert multi_client.session[HAT_SESSION_KEY] == providers[0].pk


def test_choosing_switches_and_goes_home(multi_client, providers):
    response = multi_client.post(CHOOSER, {"provider": providers[1].pk})
    assert response.status_code == 302
    assert response["Location"] == "/trainees/"
    assert multi_client.get("/trainees/").wsgi_request.provider_context.active == providers[1]


def test_the_chooser_needs_sign_in(client):
    response = client.get(CHOOSER)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_without_providers_is_told_they_are_not_linked(client):
    client.force_login(member_of())
    response = client.get(CHOOSER)
    assert response.status_code == 403
    assert "You are not linked to a provider yet" in response.content.decode()
