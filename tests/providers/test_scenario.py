import logging

import pytest
from django.test import Client

from providers.models import Membership
from tests.factories import PartnerFactory, ProviderFactory, UserFactory, member_of, partnership

pytestmark = pytest.mark.django_db

SCENARIO = "/support/scenario/"


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True


@pytest.fixture
def all_providers():
    return [ProviderFactory(name=f"Provider {letter}") for letter in "ABCDEFG"]


@pytest.fixture
def staff(all_providers):
    return member_of(all_providers[0], is_staff=True)


def test_not_found_without_demo_mode(client, staff, settings):
    settings.DEMO_MODE = False
    client.force_login(staff)
    assert client.get(SCENARIO).status_code == 404
    assert client.post(SCENARIO, {"provider_model": "blended"}).status_code == 404


def test_forbidden_for_non_staff(client, demo, all_providers):
    client.force_login(member_of(all_providers[0]))
    assert client.get(SCENARIO).status_code == 403
    assert client.post(SCENARIO, {"provider_model": "blended"}).status_code == 403


def test_needs_sign_in(client, demo):
    assert client.get(SCENARIO)["Location"].startswith("/accounts/login/")


def test_shows_the_deployment_default_and_every_provider(
    client, demo, staff, all_providers, settings
):
    settings.PROVIDER_MODEL = "blended"
    client.force_login(staff)
    html = client.get(SCENARIO).content.decode()
    assert "This deployment uses the <strong>blended model</strong> by default" in html
    for provider in all_providers:
        assert provider.name in html


def test_switching_model_affects_only_that_session(demo, staff, all_providers):
    mine, other_session = Client(), Client()
    mine.force_login(staff)
    other_session.force_login(staff)
    response = mine.post(
        SCENARIO,
        {"provider_model": "blended", **{f"role_{p.pk}": "edit" for p in all_providers[:3]}},
    )
    assert response.status_code == 302
    assert mine.get("/trainees/").wsgi_request.provider_context.model == "blended"
    colleague = Client()
    colleague.force_login(member_of(*all_providers[:2]))
    assert colleague.get("/trainees/").wsgi_request.provider_context.model == "hat"
    assert other_session.get("/providers/choose/").wsgi_request.provider_context.model == "hat"


def test_membership_changes_take_effect(client, demo, staff, all_providers, caplog):
    client.force_login(staff)
    with caplog.at_level(logging.INFO, logger="providers"):
        client.post(
            SCENARIO,
            {
                "provider_model": "hat",
                f"role_{all_providers[2].pk}": "edit",
                f"role_{all_providers[4].pk}": "view",
            },
        )
    assert set(Membership.objects.filter(user=staff).values_list("provider", flat=True)) == {
        all_providers[2].pk,
        all_providers[4].pk,
    }
    assert f"scenario changed by user {staff.pk}" in caplog.text
    assert list(client.get("/providers/choose/").wsgi_request.provider_context.providers) == [
        all_providers[2],
        all_providers[4],
    ]


@pytest.fixture
def partners(all_providers):
    drafting, viewing = PartnerFactory(name="Oak Academy"), PartnerFactory(name="Elm School")
    partnership(all_providers[0], drafting, may_draft=True)
    partnership(all_providers[0], viewing)
    return {"drafting": drafting, "viewing": viewing}


def roles_of(user):
    return sorted(
        Membership.objects.filter(user=user).values_list("provider__name", "role"),
    )


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("none", []),
        ("one", [("Provider A", "edit")]),
        (
            "five",
            [
                ("Provider A", "manage"),
                ("Provider B", "edit"),
                ("Provider C", "edit"),
                ("Provider D", "edit"),
                ("Provider E", "view"),
            ],
        ),
        ("partner_view", [("Elm School", "view")]),
        ("partner_drafts", [("Oak Academy", "edit")]),
    ],
)
def test_quick_presets(client, demo, staff, partners, preset, expected):
    client.force_login(staff)
    response = client.post(SCENARIO, {"provider_model": "hat", "preset": preset})
    assert response.status_code == 302
    assert roles_of(staff) == expected


def test_a_role_at_each_organisation(client, demo, staff, all_providers, partners):
    client.force_login(staff)
    page = client.get(SCENARIO).content.decode()
    assert f'name="role_{partners["drafting"].pk}"' in page
    assert '<option value="edit" selected>Add and change records</option>' in page  # A
    response = client.post(
        SCENARIO,
        {
            "provider_model": "blended",
            f"role_{all_providers[0].pk}": "manage",
            f"role_{partners['viewing'].pk}": "view",
        },
    )
    assert response.status_code == 302
    assert roles_of(staff) == [("Elm School", "view"), ("Provider A", "manage")]
    history = Membership.history.filter(user_id=staff.pk).order_by("history_id")
    assert history.last().history_user == staff


def test_an_unknown_role_is_a_form_error(client, demo, staff, all_providers):
    client.force_login(staff)
    response = client.post(
        SCENARIO, {"provider_model": "hat", f"role_{all_providers[1].pk}": "owner"}
    )
    assert response.status_code == 400
    assert "Select a role from the list" in response.content.decode()
    assert roles_of(staff) == [("Provider A", "edit")]


def test_staff_with_no_provider_can_still_reach_it(client, demo, all_providers):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(SCENARIO).status_code == 200


def test_bad_input_is_a_form_error(client, demo, staff):
    client.force_login(staff)
    response = client.post(SCENARIO, {"provider_model": "sideways", "providers": ["999999"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert Membership.objects.filter(user=staff).count() == 1


def test_staff_see_the_scenario_link_in_demo_mode(client, demo, staff):
    client.force_login(staff)
    assert "Scenario settings" in client.get("/trainees/").content.decode()
