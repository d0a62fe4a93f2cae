"""What each role sees: no Change links or actions it may not use, the chooser's groups,
the blended list's view-only rows and its organisation type filter, the Schools section's
training partners, and support staff moving a registered record."""

import re

import pytest

from providers.models import Role
from tests.conftest import wear
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    ProviderFactory,
    TraineeFactory,
    UserFactory,
    member_of,
    partnership,
    registered,
)
from tests.forms import submit
from tests.routes import make_record, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    alder = ProviderFactory(name="Alder SCITT", code="1AL")
    birch = ProviderFactory(name="Birch University", code="2BI")
    elm = PartnerFactory(name="Elm School", code="EMS")
    partnership(alder, elm)
    return {"alder": alder, "birch": birch, "elm": elm}


@pytest.mark.parametrize("model", ["hat", "blended"])
def test_a_viewer_sees_no_change_links_and_no_actions(client, world, settings, model):
    settings.PROVIDER_MODEL = model
    client.force_login(member_of(world["alder"], role=Role.VIEW))
    for state in ("draft", "trn_received"):
        trainee = make_record(world["alder"], state)
        html = client.get(trainee.get_absolute_url()).content.decode()
        assert "Change<span" not in html
        assert 'role="button"' not in html.split("<main", 1)[1]
        for action in ("defer", "withdraw", "recommend", "delete"):
            assert f"/{trainee.public_id}/{action}/" not in html


def test_the_chooser_groups_organisations_and_says_what_each_lets_the_user_do(client, world):
    user = member_of(world["alder"])
    MembershipFactory(user=user, provider=world["birch"], role=Role.VIEW)
    MembershipFactory(user=user, provider=world["elm"], role=Role.VIEW)
    client.force_login(user)
    html = client.get("/providers/choose/").content.decode()
    accredited = html.index("Accredited providers</h2>")
    partners = html.index("Training partners</h2>")
    assert accredited < html.index("Alder SCITT (1AL)") < html.index("Birch University (2BI)")
    assert partners < html.index("Elm School (EMS)")
    assert "0 trainee records, View only" in html  # Birch
    assert "Training partner, View only" in html  # Elm
    wear(client, world["elm"])
    header = client.get("/trainees/").content.decode()
    assert "Elm School" in header and "View only</strong>" in header


def test_the_blended_list_says_which_rows_are_view_only_and_filters_by_type(
    client, world, settings
):
    settings.PROVIDER_MODEL = "blended"
    user = member_of(world["alder"])
    MembershipFactory(user=user, provider=world["birch"], role=Role.VIEW)
    MembershipFactory(user=user, provider=world["elm"], role=Role.VIEW)
    client.force_login(user)
    TraineeFactory(provider=world["alder"], first_names="Ada", last_name="Editable")
    TraineeFactory(provider=world["birch"], first_names="Vic", last_name="Viewonly")
    html = client.get("/trainees/").content.decode()
    rows = dict(re.findall(r'href="/trainees/[0-9a-f-]+/">([^<]+)</a>(.{0,120})', html))
    assert "View only" not in rows["Ada Editable"]
    assert "View only" in rows["Vic Viewonly"]
    assert "Organisation type" in html
    partners_only = client.get("/trainees/?organisation_type=training_partner").content.decode()
    assert "Ada Editable" not in partners_only and "Vic Viewonly" not in partners_only


def test_the_organisation_type_filter_keeps_each_kinds_records(client, world, settings):
    settings.PROVIDER_MODEL = "blended"
    user = member_of(world["alder"])
    MembershipFactory(user=user, provider=world["elm"], role=Role.VIEW)
    client.force_login(user)
    TraineeFactory(provider=world["alder"], first_names="Ada", last_name="Own")
    outside = ProviderFactory()
    TraineeFactory(
        provider=outside, first_names="Lin", last_name="Linked", training_partner=world["elm"]
    )

    def listed(query):
        html = client.get(f"/trainees/?{query}").content.decode()
        return sorted(re.findall(r'href="/trainees/[0-9a-f-]+/">([^<]+)</a>', html))

    assert listed("") == ["Ada Own", "Lin Linked"]
    assert listed("organisation_type=accredited") == ["Ada Own"]
    assert listed("organisation_type=training_partner") == ["Lin Linked"]
    both = "organisation_type=accredited&organisation_type=training_partner"
    assert listed(both) == ["Ada Own", "Lin Linked"]


def test_a_partner_sees_only_the_records_linked_to_it(client, world, settings):
    settings.PROVIDER_MODEL = "blended"
    linked = registered(TraineeFactory(provider=world["alder"], training_partner=world["elm"]))
    TraineeFactory(provider=world["alder"], last_name="Unlinked")
    client.force_login(member_of(world["elm"], role=Role.VIEW))
    html = client.get("/trainees/").content.decode()
    assert linked.last_name in html
    assert "Unlinked" not in html
    assert "1 record" in html
    assert "Alder SCITT" in client.get(linked.get_absolute_url()).content.decode()


def test_the_schools_section_offers_the_providers_training_partners(hat_client, alder):
    oak = PartnerFactory(name="Oak Academy")
    partnership(alder, oak)
    PartnerFactory(name="Not A Partner")
    trainee = TraineeFactory(provider=alder, training_route="school_direct_fee_funded")
    url = f"/trainees/{trainee.public_id}/schools/"
    page = hat_client.get(url).content.decode()
    assert "Oak Academy" in page and "Not A Partner" not in page
    assert "Another school, not one of Alder SCITT&#39;s training partners" in page
    assert submit(hat_client, url, {"training_partner": str(oak.pk), "completion": "yes"})[
        "Location"
    ]
    trainee.refresh_from_db()
    assert (trainee.training_partner, trainee.lead_partner_school) == (oak, "")
    other = submit(
        hat_client,
        url,
        {"training_partner": "other", "lead_partner_school": "Ash Grove", "completion": "yes"},
    )
    assert other.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.training_partner, trainee.lead_partner_school) == (None, "Ash Grove")


def test_support_staff_move_a_registered_record_saying_why(client, world):
    staff = UserFactory(is_staff=True, first_name="Alex", last_name="Admin")
    MembershipFactory(user=staff, provider=world["alder"])
    client.force_login(staff)
    trainee = make_record(world["alder"], "trn_received")
    page = client.get(trainee.get_absolute_url()).content.decode()
    assert f"/trainees/{trainee.public_id}/move/" in page
    url = f"/trainees/{trainee.public_id}/move/"
    missing = submit(client, url, {"provider": str(world["birch"].pk)})
    assert "Enter why you are moving the record" in missing.content.decode()
    moved = submit(client, url, {"provider": str(world["birch"].pk), "reason": "Wrong provider"})
    assert moved.status_code == 302
    trainee.refresh_from_db()
    assert trainee.provider == world["birch"]
    assert (
        trainee.history_entries.first().history_change_reason == "Moved by support: Wrong provider"
    )


def test_an_editor_cannot_move_a_registered_record(client, world):
    client.force_login(member_of(world["alder"], world["birch"]))
    wear(client, world["alder"])
    trainee = make_record(world["alder"], "trn_received")
    before = snapshot(trainee)
    response = client.post(
        f"/trainees/{trainee.public_id}/move/",
        {
            "form_provider": world["alder"].pk,
            "version": trainee.version,
            "provider": world["birch"].pk,
            "reason": "x",
        },
    )
    assert response.status_code == 403
    assert snapshot(trainee) == before
