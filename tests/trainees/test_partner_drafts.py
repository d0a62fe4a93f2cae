"""A training partner that drafts: starts a draft for its accredited provider, sends it to
be checked; the provider returns it with a comment, the partner changes it and sends it
again, the provider registers it; then the partner only sees it."""

import re

import pytest
from django.test import Client

from providers.hat import HAT_SESSION_KEY
from providers.models import Role
from tests.factories import PartnerFactory, ProviderFactory, complete, member_of, partnership
from tests.forms import submit
from trainees.history import timeline
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PROVIDER_MODEL = "hat"
    alder = ProviderFactory(name="Alder SCITT")
    oak = PartnerFactory(name="Oak Academy")
    partnership(alder, oak, may_draft=True)
    return {
        "alder": alder,
        "oak": oak,
        "drafter": member_of(oak, role=Role.EDIT, first_name="Dana", last_name="Drafter"),
        "editor": member_of(alder, role=Role.EDIT, first_name="Eddie", last_name="Editor"),
    }


def signed_in(user, organisation):
    client = Client()
    client.force_login(user)
    session = client.session
    session[HAT_SESSION_KEY] = organisation.pk
    session.save()
    return client


def test_partner_drafts_provider_returns_partner_sends_again_provider_registers(world):
    drafter = signed_in(world["drafter"], world["oak"])
    editor = signed_in(world["editor"], world["alder"])

    # The partner starts a draft: it is Alder's, linked to and started by Oak.
    assert drafter.get("/trainees/new/")["Location"] == "/trainees/new/route/"
    route_page = drafter.get("/trainees/new/route/").content.decode()
    assert "Adding a trainee for Alder SCITT" in route_page
    submit(drafter, "/trainees/new/route/", {"training_route": "provider_led_postgrad"})
    trainee = Trainee.objects.get()
    assert (trainee.provider, trainee.drafting_partner, trainee.training_partner) == (
        world["alder"],
        world["oak"],
        world["oak"],
    )
    complete(trainee)
    check = f"/trainees/{trainee.public_id}/check/"
    page = drafter.get(check).content.decode()
    assert "Send to Alder SCITT to check" in page
    assert "Register trainee and request TRN" not in page

    # Sent: the partner can no longer change it; the provider sees it to check.
    assert submit(drafter, check)["Location"] == trainee.get_absolute_url()
    trainee.refresh_from_db()
    assert trainee.partner_review == "to_check"
    section = f"/trainees/{trainee.public_id}/contact-details/"
    assert drafter.get(section).status_code == 403
    listing = editor.get("/trainees/").content.decode()
    assert "1 draft from training partners to check" in listing
    assert "Started by Oak Academy" in editor.get(trainee.get_absolute_url()).content.decode()

    # The provider returns it with a comment the partner sees.
    returned = submit(
        editor,
        f"/trainees/{trainee.public_id}/return-to-partner/",
        {"comment": "Add the trainee's second degree"},
    )
    assert returned["Location"] == trainee.get_absolute_url()
    task_list = drafter.get(trainee.get_absolute_url()).content.decode()
    assert "Returned by Alder SCITT." in task_list
    assert "Add the trainee&#39;s second degree" in task_list

    # The partner changes it and sends it again; the provider registers it.
    assert submit(drafter, section, {"email": "changed@example.com"}).status_code == 302
    assert submit(drafter, check)["Location"] == trainee.get_absolute_url()
    registered = submit(editor, check)
    assert registered["Location"] == f"/trainees/{trainee.public_id}/registered/"
    trainee.refresh_from_db()
    assert trainee.state == "trn_received" and trainee.trn

    # Registered: the partner sees it, and changes nothing.
    record = drafter.get(trainee.get_absolute_url())
    assert record.status_code == 200
    assert "Change<span" not in record.content.decode()
    refused = drafter.post(
        section, {"form_provider": world["oak"].pk, "version": trainee.version, "email": "x@y.z"}
    )
    assert refused.status_code == 403
    assert "You can view this record but not change it" in refused.content.decode()
    trainee.refresh_from_db()
    assert trainee.email == "changed@example.com"

    # Both organisations are in the Timeline.
    entries = {(entry.title, entry.provider_name) for entry in timeline(trainee)}
    assert ("Sent to Alder SCITT to check", "Oak Academy") in entries
    assert ("Returned to Oak Academy", "Alder SCITT") in entries
    assert ("Registered and TRN requested", "Alder SCITT") in entries


def test_a_partner_that_may_not_draft_cannot_add(world):
    elm = PartnerFactory(name="Elm School")
    partnership(world["alder"], elm)
    client = signed_in(member_of(elm, role=Role.EDIT), elm)
    assert "Add a trainee" not in client.get("/trainees/").content.decode()
    assert client.get("/trainees/new/").status_code == 403
    assert (
        client.post("/trainees/new/route/", {"training_route": "assessment_only"}).status_code
        == 403
    )
    assert not Trainee.objects.exists()


def test_a_viewer_sees_no_add_button_and_cannot_add(world):
    client = signed_in(member_of(world["alder"], role=Role.VIEW), world["alder"])
    html = client.get("/trainees/").content.decode()
    assert "Add a trainee" not in html
    assert "View only" in html  # the header says so
    assert client.get("/trainees/new/route/").status_code == 403
    assert not Trainee.objects.exists()


def test_only_those_who_edit_for_the_provider_are_told_of_drafts_to_check(world):
    from tests.factories import TraineeFactory
    from trainees import services

    draft = complete(TraineeFactory(provider=world["alder"], drafting_partner=world["oak"]))
    services.send_for_check(draft, user=world["drafter"])
    told = "1 draft from training partners to check"
    assert told in signed_in(world["editor"], world["alder"]).get("/trainees/").content.decode()
    viewer = signed_in(member_of(world["alder"], role=Role.VIEW), world["alder"])
    assert told not in viewer.get("/trainees/").content.decode()
    # The partner that sent it edits too, but it is not the one to check it.
    assert (
        "to check"
        not in signed_in(world["drafter"], world["oak"]).get("/trainees/").content.decode()
    )


def test_the_to_check_filter_lists_only_drafts_sent_to_be_checked(world):
    from tests.factories import TraineeFactory
    from trainees import services

    sent = complete(TraineeFactory(provider=world["alder"], drafting_partner=world["oak"]))
    services.send_for_check(sent, user=world["drafter"])
    complete(TraineeFactory(provider=world["alder"], drafting_partner=world["oak"]))  # not sent
    TraineeFactory(provider=world["alder"])  # the provider's own draft
    editor = signed_in(world["editor"], world["alder"])
    html = editor.get("/trainees/?status=to_check").content.decode()
    shown = re.findall(r'href="/trainees/([0-9a-f-]+)/"', html)
    assert shown == [str(sent.public_id)]


def test_the_drafts_to_check_are_counted_as_they_come_and_go(world):
    from providers.models import Provider
    from tests.factories import TraineeFactory
    from trainees import services

    def to_check():
        return Provider.objects.get(pk=world["alder"].pk).drafts_to_check

    drafter, editor = world["drafter"], world["editor"]
    draft = complete(TraineeFactory(provider=world["alder"], drafting_partner=world["oak"]))
    services.send_for_check(draft, user=drafter)
    assert to_check() == 1
    services.return_to_partner(draft, comment="Fix it", user=editor)
    assert to_check() == 0
    services.send_for_check(draft, user=drafter)
    assert to_check() == 1
    services.submit_for_trn(draft, user=editor)
    assert to_check() == 0

    other = complete(TraineeFactory(provider=world["alder"], drafting_partner=world["oak"]))
    services.send_for_check(other, user=drafter)
    assert to_check() == 1
    services.delete_draft(other, user=editor)
    assert to_check() == 0
    services.recount_trainees()
    assert to_check() == 0
