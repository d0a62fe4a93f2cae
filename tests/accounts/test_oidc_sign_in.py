"""Signing in through an OpenID Connect identity provider (SIGN_IN_METHOD=oidc), against
a real one: the npm package oidc-provider, run by tests/oidc/provider.mjs.

Who gets in: a returning user by the provider's subject id; a first sign-in by verified
email address (any case) to an existing account, once; nobody else, and no account is
ever created by signing in.
"""

import logging
import socket
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount

from accounts.models import AccessRequest, User
from accounts.oidc import ID_TOKEN_SESSION_KEY
from accounts.sign_in import PROVIDER_ID
from providers.hat import HAT_SESSION_KEY
from tests.factories import ProviderFactory, UserFactory, member_of
from tests.oidc.server import LOGIN_PATH, callback_from_provider, sign_in_at_provider

pytestmark = pytest.mark.django_db

AUTH_USER = "_auth_user_id"


def signed_in_user(client):
    user_id = client.session.get(AUTH_USER)
    return User.objects.get(pk=user_id) if user_id else None


def assert_nobody_signed_in(client, users_before: int):
    assert AUTH_USER not in client.session
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    assert client.get("/trainees/")["Location"].startswith("/accounts/login/")


def heading(response) -> str:
    html = response.content.decode()
    start = html.index("<h1")
    return html[html.index(">", start) + 1 : html.index("</h1>")].strip()


# --- Matching ----------------------------------------------------------------------------


def test_a_first_sign_in_matches_the_verified_email_and_stores_the_subject(client, dfe_sign_in):
    user = member_of(ProviderFactory(), email="single@example.com")
    users_before = User.objects.count()

    response = sign_in_at_provider(client, "sub-single")

    assert response.status_code == 302
    assert response["Location"] == "/trainees/"
    assert signed_in_user(client) == user
    assert client.get("/trainees/").status_code == 200
    account = SocialAccount.objects.get()
    assert (account.user, account.provider, account.uid) == (user, PROVIDER_ID, "sub-single")
    assert User.objects.count() == users_before


def test_the_email_address_is_matched_whatever_its_case(client, dfe_sign_in):
    user = member_of(ProviderFactory(), email="shouting@example.com")
    response = sign_in_at_provider(client, "sub-shouting")  # Shouting@Example.COM
    assert response.status_code == 302
    assert signed_in_user(client) == user
    assert SocialAccount.objects.get().uid == "sub-shouting"


def test_a_returning_user_is_found_by_subject_not_by_email(client, dfe_sign_in):
    """Once stored, the subject decides: an email address changed here, or another
    account now holding the address, makes no difference."""
    provider = ProviderFactory()
    linked = member_of(provider, email="renamed@example.com")
    SocialAccount.objects.create(user=linked, provider=PROVIDER_ID, uid="sub-single")
    member_of(provider, email="single@example.com")

    response = sign_in_at_provider(client, "sub-single")

    assert response.status_code == 302
    assert signed_in_user(client) == linked
    assert SocialAccount.objects.count() == 1


def test_an_unknown_person_is_offered_a_request_for_access_and_no_account(client, dfe_sign_in):
    UserFactory(email="someone.else@example.com")
    users_before = User.objects.count()

    response = sign_in_at_provider(client, "sub-stranger")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/no-access/"
    assert_nobody_signed_in(client, users_before)
    page = client.get("/accounts/no-access/")
    assert page.status_code == 200
    assert heading(page) == "You do not have access to Register trainee teachers yet"
    html = page.content.decode()
    # The form starts with what the identity provider said about them.
    assert 'value="Stella Ranger"' in html
    assert 'value="stranger@example.com"' in html


def test_two_identities_are_never_merged_into_one_account(client, dfe_sign_in, caplog):
    """Someone else at the provider with the same email address does not get into an
    account already linked to another subject."""
    user = member_of(ProviderFactory(), email="single@example.com")
    SocialAccount.objects.create(user=user, provider=PROVIDER_ID, uid="sub-single")
    caplog.set_level(logging.WARNING, logger="accounts.adapter")

    response = sign_in_at_provider(client, "sub-impostor")  # also single@example.com

    assert response.status_code == 400
    assert heading(response) == "Sorry, we could not sign you in"
    assert AUTH_USER not in client.session
    assert list(SocialAccount.objects.values_list("uid", flat=True)) == ["sub-single"]
    assert f"user {user.pk} is linked to another subject" in caplog.text


def test_an_unverified_email_address_matches_nobody(client, dfe_sign_in):
    member_of(ProviderFactory(), email="unverified@example.com")
    users_before = User.objects.count()

    response = sign_in_at_provider(client, "sub-unverified")

    assert response.status_code == 403
    assert heading(response) == "Your email address has not been confirmed"
    assert 'href="/accounts/login/">Try signing in again</a>' in response.content.decode()
    assert_nobody_signed_in(client, users_before)


def test_a_closed_account_does_not_sign_in_nor_gets_the_subject(client, dfe_sign_in):
    member_of(ProviderFactory(), email="single@example.com", is_active=False)
    response = sign_in_at_provider(client, "sub-single")
    assert AUTH_USER not in client.session
    assert response["Location"] == "/accounts/inactive/"
    assert not SocialAccount.objects.exists()


def test_a_closed_account_with_a_stored_subject_does_not_sign_in(client, dfe_sign_in):
    user = member_of(ProviderFactory(), email="single@example.com", is_active=False)
    SocialAccount.objects.create(user=user, provider=PROVIDER_ID, uid="sub-single")
    response = sign_in_at_provider(client, "sub-single")
    assert AUTH_USER not in client.session
    assert response["Location"] == "/accounts/inactive/"


def test_the_page_asked_for_before_signing_in_is_where_the_user_lands(client, dfe_sign_in):
    member_of(ProviderFactory(), email="single@example.com")
    page = client.get("/trainees/new/")
    assert page["Location"] == "/accounts/login/?next=/trainees/new/"
    html = client.get(page["Location"]).content.decode()
    assert '<input type="hidden" name="next" value="/trainees/new/">' in html
    callback = callback_from_provider(client, "sub-single", data={"next": "/trainees/new/"})
    assert client.get(callback)["Location"] == "/trainees/new/"


def test_a_link_to_start_signing_in_leads_to_the_sign_in_page(client, dfe_sign_in):
    response = client.get(LOGIN_PATH)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


# --- Asking for access -------------------------------------------------------------------


def test_a_request_for_access_is_saved_for_support(client, dfe_sign_in, admin_client):
    sign_in_at_provider(client, "sub-stranger")
    response = client.post(
        "/accounts/no-access/",
        {
            "name": "Stella Ranger",
            "email": "stranger@example.com",
            "organisation": "Cedar Teaching School Hub",
            "reason": "I register our School Direct trainees.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/no-access/requested/"
    request = AccessRequest.objects.get()
    assert (request.name, request.email, request.organisation) == (
        "Stella Ranger",
        "stranger@example.com",
        "Cedar Teaching School Hub",
    )
    confirmation = client.get(response["Location"])
    assert "Request sent" in confirmation.content.decode()
    assert AUTH_USER not in client.session
    assert User.objects.filter(email="stranger@example.com").count() == 0
    listing = admin_client.get("/admin/accounts/accessrequest/").content.decode()
    assert "Cedar Teaching School Hub" in listing


def test_a_request_for_access_with_answers_missing_shows_each_error(client, dfe_sign_in):
    sign_in_at_provider(client, "sub-stranger")
    response = client.post(
        "/accounts/no-access/",
        {"name": "", "email": "not an address", "organisation": "", "reason": "Kept"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: You do not have access" in html
    assert '<a href="#id_name">Enter your full name</a>' in html
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert '<a href="#id_organisation">Enter the organisation you work for</a>' in html
    assert "Kept</textarea>" in html
    assert not AccessRequest.objects.exists()


def test_only_people_the_identity_provider_knows_can_ask_for_access(client, dfe_sign_in):
    assert client.get("/accounts/no-access/")["Location"] == "/accounts/login/"
    answers = {"name": "A", "email": "a@example.com", "organisation": "B", "reason": "C"}
    response = client.post("/accounts/no-access/", answers)
    assert response["Location"] == "/accounts/login/"
    assert not AccessRequest.objects.exists()


def test_a_request_for_access_is_sent_once(client, dfe_sign_in):
    sign_in_at_provider(client, "sub-stranger")
    answers = {"name": "A", "email": "a@example.com", "organisation": "B", "reason": "C"}
    client.post("/accounts/no-access/", answers)
    client.post("/accounts/no-access/", answers)
    assert AccessRequest.objects.count() == 1


# --- What goes wrong ---------------------------------------------------------------------


def test_cancelling_at_the_provider_gives_a_way_back(client, dfe_sign_in):
    users_before = User.objects.count()
    response = sign_in_at_provider(client, "sub-single", cancel=True)
    assert response.status_code == 200
    assert heading(response) == "You have not signed in"
    assert 'href="/accounts/login/">Sign in</a>' in response.content.decode()
    assert_nobody_signed_in(client, users_before)


def test_a_state_that_is_not_ours_is_refused(client, dfe_sign_in):
    member_of(ProviderFactory(), email="single@example.com")
    users_before = User.objects.count()
    callback = callback_from_provider(client, "sub-single")
    state = parse_qs(urlsplit(callback).query)["state"][0]

    response = client.get(callback.replace(f"state={state}", "state=forged-state"))

    assert response.status_code == 400
    assert heading(response) == "Sorry, we could not sign you in"
    assert_nobody_signed_in(client, users_before)


def test_a_callback_used_twice_is_refused(client, dfe_sign_in):
    member_of(ProviderFactory(), email="single@example.com")
    callback = callback_from_provider(client, "sub-single")
    assert client.get(callback).status_code == 302
    client.post("/accounts/logout/")
    assert client.get(callback).status_code == 400
    assert AUTH_USER not in client.session


@pytest.mark.parametrize("fault", ["nonce", "issuer", "audience", "expired", "signature"])
def test_an_id_token_that_fails_a_check_signs_nobody_in(client, dfe_sign_in, fault):
    """The provider signs the ID token again with one claim changed (or with a key it
    never published): the service's own checks must refuse it."""
    member_of(ProviderFactory(), email="single@example.com")
    users_before = User.objects.count()
    callback = callback_from_provider(client, "sub-single")
    dfe_sign_in.fault(fault)

    response = client.get(callback)

    assert response.status_code == 400
    assert heading(response) == "Sorry, we could not sign you in"
    assert 'href="/accounts/login/">Try signing in again</a>' in response.content.decode()
    assert_nobody_signed_in(client, users_before)


def test_an_unspoilt_id_token_passes_the_same_checks(client, dfe_sign_in):
    """The control for the test above: the same steps without a fault sign in."""
    member_of(ProviderFactory(), email="single@example.com")
    callback = callback_from_provider(client, "sub-single")
    assert client.get(callback).status_code == 302
    assert AUTH_USER in client.session


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_a_provider_that_is_down_gives_the_not_available_page(client, settings, dfe_sign_in):
    dfe_sign_in.configure(settings, issuer=f"http://127.0.0.1:{closed_port()}")
    response = client.post(LOGIN_PATH)
    assert response.status_code == 503
    assert heading(response) == "Sorry, DfE Sign-in is not available at the moment"
    assert 'href="/accounts/login/">Try signing in again</a>' in response.content.decode()
    assert AUTH_USER not in client.session


def test_a_provider_that_does_not_answer_is_given_up_after_the_timeout(
    client, settings, dfe_sign_in, silent_server
):
    dfe_sign_in.configure(settings, issuer=silent_server)
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 1
    started = time.monotonic()
    response = client.post(LOGIN_PATH)
    assert response.status_code == 503
    assert time.monotonic() - started < 4
    assert heading(response) == "Sorry, DfE Sign-in is not available at the moment"


def test_a_slow_token_endpoint_gives_the_not_available_page(client, settings, dfe_sign_in):
    member_of(ProviderFactory(), email="single@example.com")
    users_before = User.objects.count()
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 1
    callback = callback_from_provider(client, "sub-single")
    dfe_sign_in.fault("slow")
    started = time.monotonic()

    response = client.get(callback)

    assert time.monotonic() - started < 4
    assert response.status_code == 503
    assert heading(response) == "Sorry, DfE Sign-in is not available at the moment"
    assert_nobody_signed_in(client, users_before)


# --- The organisation chosen at DfE Sign-in ----------------------------------------------


@pytest.fixture
def alder_and_birch(db):
    alder = ProviderFactory(name="Alder SCITT", code="1AL", ukprn="10000001")
    birch = ProviderFactory(name="Birch University", code="2BI", ukprn="10000002")
    return alder, birch


def test_the_organisation_chosen_at_sign_in_is_worn_at_once(
    client, settings, dfe_sign_in, alder_and_birch
):
    settings.PROVIDER_MODEL = "hat"
    alder, birch = alder_and_birch
    member_of(alder, birch, email="multi@example.com")

    response = sign_in_at_provider(client, "sub-multi")  # organisation: UKPRN 10000002

    assert response["Location"] == "/trainees/"
    assert client.session[HAT_SESSION_KEY] == birch.pk
    home = client.get("/trainees/")
    assert home.status_code == 200
    assert "Birch University" in home.content.decode()


def test_an_organisation_the_user_is_not_a_member_of_is_ignored_and_logged(
    client, settings, dfe_sign_in, alder_and_birch, caplog
):
    settings.PROVIDER_MODEL = "hat"
    alder, birch = alder_and_birch
    ProviderFactory(name="Another Provider", code="3AN", ukprn="10009999")
    user = member_of(alder, birch, email="elsewhere@example.com")
    caplog.set_level(logging.WARNING, logger="providers.signals")

    sign_in_at_provider(client, "sub-elsewhere")  # organisation: UKPRN 10009999

    assert signed_in_user(client) == user
    assert HAT_SESSION_KEY not in client.session
    assert client.get("/trainees/")["Location"].startswith("/providers/choose/")
    assert f"UKPRN 10009999) user {user.pk} is not a member of: ignored" in caplog.text


def test_without_an_organisation_claim_a_user_of_several_providers_chooses(
    client, settings, dfe_sign_in, alder_and_birch
):
    settings.PROVIDER_MODEL = "hat"
    member_of(*alder_and_birch, email="single@example.com")
    sign_in_at_provider(client, "sub-single")
    assert HAT_SESSION_KEY not in client.session
    assert client.get("/trainees/")["Location"].startswith("/providers/choose/")


# --- Signing out -------------------------------------------------------------------------


def test_signing_out_ends_the_session_here_and_at_the_provider(client, dfe_sign_in):
    member_of(ProviderFactory(), email="single@example.com")
    sign_in_at_provider(client, "sub-single")
    id_token = client.session[ID_TOKEN_SESSION_KEY]

    response = client.post("/accounts/logout/")

    assert AUTH_USER not in client.session
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == dfe_sign_in.issuer
    assert location.path == "/session/end"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/signed-out/"]
    # The provider accepts the hint and the address to come back to (its error page is
    # "oops! something went wrong"); the browser test goes all the way round.
    confirm = requests.get(response["Location"], timeout=5)
    assert confirm.status_code == 200
    assert "something went wrong" not in confirm.text
    signed_out = client.get("/accounts/signed-out/")
    assert heading(signed_out) == "You have signed out"


def test_signing_out_while_the_provider_is_down_still_ends_the_session_here(
    client, settings, dfe_sign_in
):
    member_of(ProviderFactory(), email="single@example.com")
    sign_in_at_provider(client, "sub-single")
    dfe_sign_in.configure(settings, issuer=f"http://127.0.0.1:{closed_port()}")

    response = client.post("/accounts/logout/")

    assert response["Location"] == "http://testserver/accounts/signed-out/"
    assert AUTH_USER not in client.session


# --- The sign-in page and password pages in each mode -------------------------------------


def test_with_oidc_the_sign_in_page_offers_dfe_sign_in_and_no_password(client, dfe_sign_in):
    html = client.get("/accounts/login/").content.decode()
    assert f'action="{LOGIN_PATH}"' in html
    assert ">Sign in with DfE Sign-in</button>" in html
    assert 'type="password"' not in html
    assert "forgotten your password" not in html


def test_with_oidc_a_password_does_not_sign_in(client, dfe_sign_in, user, password):
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert AUTH_USER not in client.session


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/change/",
        "/accounts/password/set/",
        "/accounts/password/reset/key/done/",
    ],
)
def test_with_oidc_there_are_no_password_pages(client, dfe_sign_in, path):
    assert client.get(path).status_code == 404


def test_with_oidc_the_too_many_attempts_page_offers_no_password_reset(client, dfe_sign_in):
    from allauth.core.ratelimit import respond_429
    from django.test import RequestFactory

    request = RequestFactory().get("/accounts/login/")
    request.user = UserFactory.build()
    request.session = client.session
    html = respond_429(request).content.decode()
    assert "reset your password" not in html


def test_with_oidc_demo_mode_still_offers_personas(client, settings, dfe_sign_in):
    settings.DEMO_MODE = True
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/personas/"' in html


def test_an_identity_provider_that_is_not_configured_is_not_found(client, dfe_sign_in):
    assert client.post("/accounts/oidc/another-provider/login/").status_code == 404
    callback = "/accounts/oidc/another-provider/login/callback/?code=x&state=y"
    assert client.get(callback).status_code == 404


def test_with_passwords_the_identity_provider_pages_do_not_exist(client, settings):
    settings.SIGN_IN_METHOD = "password"
    assert client.post(LOGIN_PATH).status_code == 404
    assert client.get(LOGIN_PATH + "callback/?code=x&state=y").status_code == 404
    assert client.get("/accounts/no-access/").status_code == 404
    assert client.get("/accounts/no-access/requested/").status_code == 404
    html = client.get("/accounts/login/").content.decode()
    assert 'type="password"' in html
    assert "DfE Sign-in" not in html


def test_the_signed_out_pages_of_sign_in_read_only_the_session(
    client, dfe_sign_in, django_assert_max_num_queries
):
    sign_in_at_provider(client, "sub-stranger")
    for path in ("/accounts/login/", "/accounts/no-access/", "/accounts/signed-out/"):
        with django_assert_max_num_queries(1):
            assert client.get(path).status_code == 200
