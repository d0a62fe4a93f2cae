import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers.hat import HAT_SESSION_KEY
from providers.models import Membership, Role
from tests.factories import ProviderFactory, TraineeFactory, member_of

pytestmark = pytest.mark.django_db

HOME = "/trainees/"
CHOOSER = "/providers/choose/"


@pytest.fixture
def providers():
    return [
        ProviderFactory(name=name)
        for name in ("Alder SCITT", "Birch University", "Cedar Partnership")
    ]


def signed_in(client, user):
    client.force_login(user)
    return client


def set_hat(client, provider_id):
    session = client.session
    session[HAT_SESSION_KEY] = provider_id
    session.save()


@pytest.mark.parametrize("model", ["hat", "blended"])
def test_a_user_with_no_provider_sees_the_not_linked_page(client, settings, model):
    settings.PROVIDER_MODEL = model
    signed_in(client, member_of())
    response = client.get(HOME)
    assert response.status_code == 403
    html = response.content.decode()
    assert "You are not linked to a provider yet" in html
    assert "becomingateacher@digital.education.gov.uk" in html
    assert "govuk-service-navigation__item--active" not in html
    assert 'aria-current="true"' not in html


@pytest.mark.parametrize("demo", [True, False])
def test_staff_without_a_provider_are_pointed_to_where_they_can_link_themselves(
    client, settings, demo
):
    settings.DEMO_MODE = demo
    staff = member_of(is_staff=True)
    signed_in(client, staff)
    html = client.get(HOME).content.decode()
    assert "You are not linked to a provider yet" in html
    assert "To get access, email" not in html
    assert f'href="/admin/accounts/user/{staff.pk}/change/">support admin</a>' in html
    assert ('href="/support/scenario/">Scenario settings</a>' in html) is demo


def test_a_user_with_one_provider_wears_it_without_choosing(client, providers):
    signed_in(client, member_of(providers[0]))
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.wsgi_request.provider_context.active == providers[0]
    html = response.content.decode()
    assert 'aria-label="Provider you are working on"' in html
    assert "Alder SCITT" in html
    assert "Change provider" not in html
    # Nothing to choose: the chooser sends them to their records.
    assert client.get(CHOOSER)["Location"] == HOME


def test_a_user_with_several_providers_chooses_first_then_returns(client, providers):
    signed_in(client, member_of(*providers))
    response = client.get("/trainees/?page=2")
    assert response.status_code == 302
    assert response["Location"] == f"{CHOOSER}?next=%2Ftrainees%2F%3Fpage%3D2"

    chooser = client.get(response["Location"])
    assert 'name="next" value="/trainees/?page=2"' in chooser.content.decode()

    chosen = client.post(CHOOSER, {"provider": providers[1].pk, "next": "/trainees/?page=2"})
    assert chosen.status_code == 302
    assert chosen["Location"] == "/trainees/?page=2"
    home = client.get(HOME)
    assert home.wsgi_request.provider_context.active == providers[1]
    html = home.content.decode()
    assert "You are now working on Birch University" in html
    assert (
        '<a class="govuk-link govuk-link--no-visited-state app-provider-header__link" '
        'href="/providers/choose/"><span class="app-provider-header__name">'
        '<span class="govuk-visually-hidden">Working on </span>Birch University</span> '
        '<span class="app-provider-header__action">Change provider</span></a>'
    ) in html
    # Said once: the next page has no banner.
    assert "You are now working on" not in client.get(HOME).content.decode()


def test_blended_model_has_no_hat(client, providers, settings):
    settings.PROVIDER_MODEL = "blended"
    signed_in(client, member_of(*providers))
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.wsgi_request.provider_context.model == "blended"
    assert response.wsgi_request.provider_context.active is None
    assert list(response.wsgi_request.provider_context.providers) == providers
    html = response.content.decode()
    assert "Provider you are working on" not in html
    assert "Change provider" not in html


def test_blended_model_sends_the_chooser_to_the_list(client, providers, settings):
    settings.PROVIDER_MODEL = "blended"
    signed_in(client, member_of(*providers))
    response = client.get(CHOOSER)
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_a_removed_membership_takes_effect_on_the_next_request(client, providers):
    user = member_of(*providers)
    signed_in(client, user)
    set_hat(client, providers[0].pk)
    assert client.get(HOME).wsgi_request.provider_context.active == providers[0]

    Membership.objects.filter(user=user, provider=providers[0]).delete()
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(CHOOSER)
    assert HAT_SESSION_KEY not in client.session
    chooser = client.get(response["Location"]).content.decode()
    assert "Alder SCITT" not in chooser


SESSION_ENGINES = [
    "django.contrib.sessions.backends.db",
    # What production uses with REDIS_URL: the session itself is cached, so nothing about
    # memberships or roles may be kept in it.
    "django.contrib.sessions.backends.cached_db",
]


@pytest.fixture(params=SESSION_ENGINES, ids=["db sessions", "cached sessions"])
def session_engine(request, settings):
    settings.SESSION_ENGINE = request.param
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    return request.param


def test_a_removed_membership_hides_its_records_on_the_next_request(
    client, providers, settings, session_engine
):
    settings.PROVIDER_MODEL = "blended"
    user = member_of(*providers)
    gone = TraineeFactory(provider=providers[0], last_name="Ashdown")
    kept = TraineeFactory(provider=providers[1], last_name="Bramley")
    signed_in(client, user)
    listing = client.get(HOME).content.decode()
    assert "Ashdown" in listing and "Bramley" in listing
    assert client.get(gone.get_absolute_url()).status_code == 200

    Membership.objects.filter(user=user, provider=providers[0]).delete()
    listing = client.get(HOME).content.decode()
    assert "Ashdown" not in listing and "Bramley" in listing
    assert "Alder SCITT" not in listing
    assert client.get(gone.get_absolute_url()).status_code == 404
    assert client.get(kept.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("model", ["hat", "blended"])
def test_a_lowered_role_takes_effect_on_the_next_request(
    client, providers, settings, session_engine, model
):
    settings.PROVIDER_MODEL = model
    user = member_of(providers[0])
    draft = TraineeFactory(provider=providers[0])
    edit_page = f"{draft.get_absolute_url()}personal-details/"
    signed_in(client, user)
    assert client.get(edit_page).status_code == 200
    assert edit_page in client.get(draft.get_absolute_url()).content.decode()

    Membership.objects.filter(user=user).update(role=Role.VIEW)
    assert client.get(edit_page).status_code == 403
    assert client.get("/trainees/new/").status_code == 403
    assert edit_page not in client.get(draft.get_absolute_url()).content.decode()


def test_with_one_membership_left_the_user_wears_it(client, providers):
    user = member_of(providers[0], providers[1])
    signed_in(client, user)
    set_hat(client, providers[0].pk)
    Membership.objects.filter(user=user, provider=providers[0]).delete()
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.wsgi_request.provider_context.active == providers[1]
    assert "Alder SCITT" not in response.content.decode()


@pytest.mark.parametrize("tampered", ["foreign", "garbage", "huge"])
def test_a_tampered_hat_is_dropped(client, providers, tampered):
    foreign = ProviderFactory(name="Someone Else's SCITT")
    signed_in(client, member_of(providers[0], providers[1]))
    value = {"foreign": foreign.pk, "garbage": "1 OR 1=1", "huge": 10**30}[tampered]
    set_hat(client, value)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(CHOOSER)
    assert response.wsgi_request.provider_context.active is None
    assert HAT_SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_an_unsafe_next_is_ignored(client, providers, next_url):
    signed_in(client, member_of(*providers))
    response = client.post(CHOOSER, {"provider": providers[0].pk, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_query_count_does_not_grow_with_the_number_of_providers(client):
    few = [ProviderFactory() for _ in range(2)]
    many = [ProviderFactory() for _ in range(20)]

    def count_for(providers):
        client.force_login(member_of(*providers))
        set_hat(client, providers[1].pk)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
        client.logout()
        return len(queries)

    assert count_for(few) == count_for(many)


def test_the_provider_model_default_comes_from_settings(client, providers, settings):
    settings.PROVIDER_MODEL = "blended"
    for _ in range(2):
        user = member_of(*providers)
        client.force_login(user)
        assert client.get(HOME).wsgi_request.provider_context.model == "blended"
    settings.PROVIDER_MODEL = "hat"
    assert client.get(HOME).status_code == 302


def test_a_session_override_is_ignored_outside_demo_mode(client, providers, settings):
    settings.DEMO_MODE = False
    signed_in(client, member_of(*providers))
    session = client.session
    session["providers.model_override"] = "blended"
    session.save()
    assert client.get(HOME).wsgi_request.provider_context.model == "hat"


def test_exempt_pages_work_without_a_provider(client):
    signed_in(client, member_of())
    for path in ("/accounts/logout/", "/accessibility/", "/cookies/", "/accounts/password/change/"):
        assert client.get(path).status_code == 200, path
