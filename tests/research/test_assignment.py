"""Split mode: each user gets the hat or the blended model, stably, in the share asked
for; staff can pin a user; the scenario page still overrides it in demo mode only; users
never see that there is a split."""

import pytest
from django.core.cache import caches

from accounts.models import User
from providers.provider_models import BLENDED, HAT, PROVIDER_MODELS
from research.assignment import assigned_model, drawn_model
from research.models import Group
from tests.factories import ProviderFactory, TraineeFactory, member_of
from tests.research.conftest import pin

pytestmark = pytest.mark.django_db


def test_the_groups_are_the_provider_models():
    assert tuple(Group.values) == PROVIDER_MODELS
    assert [value for value, _ in User._meta.get_field("pinned_provider_model").choices] == list(
        PROVIDER_MODELS
    )


def test_a_users_model_is_stable(settings):
    first = [drawn_model(user_id) for user_id in range(1, 200)]
    assert [drawn_model(user_id) for user_id in range(1, 200)] == first
    assert set(first) == {HAT, BLENDED}


@pytest.mark.parametrize("share", [0.5, 0.2, 0.8])
def test_the_share_given_the_blended_model_is_close_to_the_setting(settings, share):
    settings.RESEARCH_BLENDED_SHARE = share
    blended = sum(drawn_model(user_id) == BLENDED for user_id in range(1, 10_001))
    # 4 standard deviations of a binomial share of 10,000: never wrong by chance.
    tolerance = 4 * (share * (1 - share) / 10_000) ** 0.5
    assert abs(blended / 10_000 - share) < tolerance, blended


def test_everyone_or_no_one_at_the_ends(settings):
    settings.RESEARCH_BLENDED_SHARE = 0
    assert {drawn_model(user_id) for user_id in range(1, 500)} == {HAT}
    settings.RESEARCH_BLENDED_SHARE = 1
    assert {drawn_model(user_id) for user_id in range(1, 500)} == {BLENDED}


def test_another_salt_gives_another_split(settings):
    before = [drawn_model(user_id) for user_id in range(1, 200)]
    settings.RESEARCH_SALT = "another secret"
    assert [drawn_model(user_id) for user_id in range(1, 200)] != before


def users_given(model):
    user = next(
        user
        for user in (member_of(ProviderFactory(), ProviderFactory()) for _ in range(40))
        if drawn_model(user.pk) == model
    )
    return user


def test_split_mode_gives_each_user_their_model_on_every_page(client, split):
    for model in (HAT, BLENDED):
        user = users_given(model)
        client.force_login(user)
        response = client.get("/trainees/")
        assert response.wsgi_request.provider_context.model == model
        # The hat model sends a user of two providers to choose one first.
        assert response.status_code == (302 if model == HAT else 200)
        client.logout()


def test_a_pin_wins_over_the_assignment(client, split):
    user = users_given(HAT)
    pin(user, BLENDED)
    assert assigned_model(user) == BLENDED
    client.force_login(user)
    assert client.get("/trainees/").wsgi_request.provider_context.model == BLENDED


def test_the_split_costs_no_query(client, split, django_assert_num_queries):
    user = users_given(BLENDED)
    TraineeFactory(provider=user.memberships.first().provider)
    client.force_login(user)
    client.get("/trainees/")
    caches["lists"].clear()  # the page read afresh, as the first time it is asked for
    # Session, user, memberships, the page, and the list view's usage event (its savepoint,
    # insert and release: the test runs in a transaction).
    with django_assert_num_queries(7):
        assert client.get("/trainees/").status_code == 200


def test_the_list_costs_its_usual_queries_when_research_is_off(
    client, split, settings, django_assert_num_queries
):
    settings.RESEARCH_EVENTS = False
    user = users_given(BLENDED)
    TraineeFactory(provider=user.memberships.first().provider)
    client.force_login(user)
    client.get("/trainees/")
    caches["lists"].clear()  # the page read afresh, as the first time it is asked for
    with django_assert_num_queries(4):  # as in tests/trainees/test_list.py
        assert client.get("/trainees/").status_code == 200


def test_the_scenario_page_overrides_the_split_in_demo_mode_only(client, split, settings):
    user = users_given(HAT)
    user.is_staff = True
    user.save()
    client.force_login(user)
    session = client.session
    session["providers.model_override"] = BLENDED
    session.save()
    assert client.get("/trainees/").wsgi_request.provider_context.model == HAT
    settings.DEMO_MODE = True
    assert client.get("/trainees/").wsgi_request.provider_context.model == BLENDED


def test_signed_out_pages_have_a_model(client, split):
    assert client.get("/").wsgi_request.provider_context.model == HAT


def test_users_never_see_the_split_or_their_group(client, split):
    for model in (HAT, BLENDED):
        user = users_given(model)
        client.force_login(user)
        if model == HAT:
            client.post("/providers/choose/", {"provider": user.memberships.first().provider_id})
        for url in ("/trainees/", "/feedback/", "/organisations/"):
            html = client.get(url).content.decode().lower()
            for word in ("split", "hat model", "blended model", "research"):
                assert word not in html, (model, url, word)
        client.logout()


def test_staff_see_and_pin_each_users_model_in_the_support_admin(client, split):
    hat_user = users_given(HAT)
    blended_user = users_given(BLENDED)
    staff = User.objects.create_superuser("support@example.com", "Support-password-2026")
    client.force_login(staff)
    listing = client.get("/admin/accounts/user/").content.decode()
    assert "Hat model (assigned)" in listing and "Blended model (assigned)" in listing
    page = client.get(f"/admin/accounts/user/{hat_user.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="pinned_provider_model"' in html
    assert "Hat model (assigned)" in html
    pin(hat_user, BLENDED)
    listing = client.get("/admin/accounts/user/").content.decode()
    assert "Blended model (pinned)" in listing
    assert blended_user.email in listing
