"""Each usage event is recorded by the journey that causes it, through the views; nothing
recorded names a person, a trainee, a search or an email address; a failed write never
fails the page (research.events, research.middleware)."""

import json
from unittest import mock

import pytest
from django.db import DatabaseError

from providers.hat import HAT_SESSION_KEY
from research.keys import record_key, session_key, user_key
from research.models import UsageEvent
from tests.conftest import PASSWORD, wear
from tests.factories import PartnerFactory, TraineeFactory, complete, member_of, partnership
from tests.forms import form_values, hidden_fields, page_forms, submit
from tests.research.conftest import events, kinds, pin
from tests.routes import make_record
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


def only(kind):
    (event,) = events(kind)
    return event


def test_signing_in_is_recorded_with_the_users_model_and_hashed_keys(client, split, multi_user):
    pin(multi_user, "blended")
    multi_user.set_password(PASSWORD)
    multi_user.save()
    response = client.post("/accounts/login/", {"login": multi_user.email, "password": PASSWORD})
    assert response.status_code == 302
    event = only("signed_in")
    assert event.model == "blended"
    assert event.user_key == user_key(multi_user.pk) != str(multi_user.pk)
    assert event.session_key == session_key(client.session.session_key)
    stored = json.dumps(list(UsageEvent.objects.values()), default=str)
    assert client.session.session_key not in stored
    assert event.organisation_id is None


def test_the_first_choice_of_provider_comes_from_the_chooser(client, split, multi_user, birch):
    client.force_login(pin(multi_user, "hat"))
    chosen = client.post("/providers/choose/", {"provider": birch.pk})
    assert chosen.status_code == 302
    event = only("provider_chosen")
    assert event.detail == {"source": "chooser", "from_provider": None, "to_provider": birch.pk}
    assert event.organisation_id == birch.pk
    assert event.model == "hat"


def test_a_switch_through_the_headers_link_says_from_and_to(hat_user_client, alder, birch):
    assert 'href="/providers/choose/"' in hat_user_client.get("/trainees/").content.decode()
    hat_user_client.post("/providers/choose/", {"provider": birch.pk})
    event = only("provider_chosen")
    assert event.detail == {
        "source": "header",
        "from_provider": alder.pk,
        "to_provider": birch.pk,
    }
    assert event.organisation_id == birch.pk


def test_the_other_providers_record_page_and_switching_and_continuing(
    hat_user_client, alder, birch
):
    trainee = TraineeFactory(provider=birch)
    page = hat_user_client.get(trainee.get_absolute_url())
    assert "This record belongs to Birch University" in page.content.decode()
    assert kinds() == ["other_provider_page"]
    assert only("other_provider_page").organisation_id == alder.pk

    hat_user_client.post("/providers/choose/", hidden_fields(page.content.decode()))
    assert only("provider_chosen").detail == {
        "source": "switch_and_continue",
        "from_provider": alder.pk,
        "to_provider": birch.pk,
    }
    assert only("provider_chosen").organisation_id == birch.pk
    assert only("other_provider_answer").detail == {"choice": "switch"}


def test_staying_on_the_hat_after_the_other_providers_record_page(hat_user_client, birch):
    trainee = TraineeFactory(provider=birch)
    html = hat_user_client.get(trainee.get_absolute_url()).content.decode()
    assert 'href="/trainees/?stayed=other_record">Stay on Alder SCITT</a>' in html
    stayed = hat_user_client.get("/trainees/?stayed=other_record")
    # The list's own address does not carry the answer: its links would note it again.
    assert stayed["Location"] == "/trainees/"
    assert only("other_provider_answer").detail == {"choice": "stay"}
    assert "stayed" not in hat_user_client.get(stayed["Location"]).content.decode()
    assert "provider_chosen" not in kinds()


def refused_form(client, trainee, hat):
    """A section form drawn for ``trainee``'s provider, posted after another tab put on
    ``hat``."""
    url = f"/trainees/{trainee.public_id}/personal-details/"
    drawn = form_values(client.get(url).content.decode())
    data = {**drawn, "first_names": "Ada", "completion": "no"}
    wear(client, hat)
    return url, client.post(url, data)


def test_a_refused_form_and_switching_back_to_save(hat_user_client, alder, birch):
    trainee = TraineeFactory(provider=alder)
    url, refused = refused_form(hat_user_client, trainee, birch)
    assert refused.status_code == 409
    assert only("stale_form_refused").detail == {"for_record": True}
    assert only("stale_form_refused").organisation_id == birch.pk

    (choice,) = _posted(refused)
    saved = hat_user_client.post(url, choice)
    assert saved.status_code == 302
    assert only("stale_form_choice").detail == {"choice": "switch_and_save"}
    assert only("provider_chosen").detail == {
        "source": "stale_form",
        "from_provider": birch.pk,
        "to_provider": alder.pk,
    }
    assert only("provider_chosen").organisation_id == alder.pk
    trainee.refresh_from_db()
    assert trainee.first_names == "Ada"


def test_a_refused_form_left_without_saving(hat_user_client, alder, birch):
    trainee = TraineeFactory(provider=alder)
    _, refused = refused_form(hat_user_client, trainee, birch)
    assert 'href="/trainees/?stayed=stale_form">Stay on' in refused.content.decode()
    stayed = hat_user_client.get("/trainees/?stayed=stale_form&sort=last_name")
    assert stayed["Location"] == "/trainees/?sort=last_name"
    assert only("stale_form_choice").detail == {"choice": "stay_without_saving"}
    assert hat_user_client.get("/trainees/?stayed=nonsense")["Location"] == "/trainees/"
    assert len(events("stale_form_choice")) == 1


def test_a_new_records_refused_form_saved_for_the_hat_instead(hat_user_client, alder, birch):
    url = "/trainees/new/route/"
    data = {**hidden_fields(hat_user_client.get(url).content.decode())}
    data["training_route"] = "assessment_only"
    wear(hat_user_client, birch)
    refused = hat_user_client.post(url, data)
    assert refused.status_code == 409
    assert only("stale_form_refused").detail == {"for_record": False}
    save_here = next(form for form in _posted(refused) if form.get("form_provider"))
    assert hat_user_client.post(url, save_here).status_code == 302
    assert only("stale_form_choice").detail == {"choice": "save_here"}
    assert Trainee.objects.get().provider == birch


def _posted(response):
    forms = page_forms(response.content.decode())
    return [
        {k: v for k, v in form["hidden"].items() if k != "csrfmiddlewaretoken"} for form in forms
    ]


def test_a_draft_started_each_section_saved_and_registered(hat_user_client, alder):
    created = hat_user_client.post(
        "/trainees/new/route/",
        {"form_provider": alder.pk, "training_route": "provider_led_postgrad"},
    )
    trainee = Trainee.objects.get()
    assert created["Location"] == trainee.get_absolute_url()
    started = only("draft_started")
    assert started.record_key == record_key(trainee.public_id)
    assert started.organisation_id == alder.pk

    saved = submit(
        hat_user_client,
        f"/trainees/{trainee.public_id}/trainee-id/",
        {"trainee_id": "T-1", "completion": "yes"},
    )
    assert saved.status_code == 302
    section = only("section_saved")
    assert section.detail == {"section": "trainee_id", "draft": True}
    assert section.record_key == started.record_key

    complete(trainee)
    check = f"/trainees/{trainee.public_id}/check/"
    registered = hat_user_client.post(
        check, hidden_fields(hat_user_client.get(check).content.decode())
    )
    assert registered.status_code == 302
    event = only("registered")
    assert event.record_key == started.record_key
    assert event.session_key == started.session_key


def test_marking_the_degrees_section_is_a_section_saved(hat_user_client, alder):
    trainee = complete(TraineeFactory(provider=alder, training_route="provider_led_postgrad"))
    url = f"/trainees/{trainee.public_id}/degrees/"
    assert submit(hat_user_client, url, {"completion": "yes"}).status_code == 302
    assert only("section_saved").detail == {"section": "degrees", "draft": True}


def test_a_partners_draft_sent_to_the_provider(client, split, alder):
    partner = PartnerFactory(name="Ash School")
    partnership(alder, partner, may_draft=True)
    client.force_login(pin(member_of(partner), "blended"))
    trainee = complete(
        TraineeFactory(provider=alder, drafting_partner=partner, training_partner=partner)
    )
    check = f"/trainees/{trainee.public_id}/check/"
    sent = client.post(check, hidden_fields(client.get(check).content.decode()))
    assert sent.status_code == 302
    event = only("sent_for_check")
    assert event.model == "blended"
    assert event.record_key == record_key(trainee.public_id)


def test_a_draft_moved_by_its_user_is_the_wrong_provider_signal(hat_user_client, alder, birch):
    trainee = TraineeFactory(provider=alder)
    url = f"/trainees/{trainee.public_id}/provider/"
    confirm = submit(hat_user_client, url, {"provider": birch.pk})
    hat_user_client.post(url, hidden_fields(confirm.content.decode()))
    trainee.refresh_from_db()
    assert trainee.provider == birch
    moved = only("record_moved")
    assert moved.detail == {
        "from_provider": alder.pk,
        "to_provider": birch.pk,
        "mover": "provider_user",
    }
    switched = only("provider_chosen")
    assert switched.detail == {
        "source": "after_move",
        "from_provider": alder.pk,
        "to_provider": birch.pk,
    }
    assert switched.organisation_id == birch.pk
    assert hat_user_client.session[HAT_SESSION_KEY] == birch.pk


def test_a_record_moved_by_support(client, split, alder, birch):
    staff = pin(member_of(alder, is_staff=True), "blended")
    client.force_login(staff)
    trainee = make_record(alder, "trn_received")
    url = f"/trainees/{trainee.public_id}/move/"
    moved = submit(client, url, {"provider": str(birch.pk), "reason": "Wrong provider"})
    assert moved.status_code == 302
    assert only("record_moved").detail == {
        "from_provider": alder.pk,
        "to_provider": birch.pk,
        "mover": "support",
    }


def test_list_views_say_whether_filtered_by_provider_and_searched_never_what(
    blended_user_client, alder, birch
):
    TraineeFactory(provider=alder, last_name="Lovelace")
    blended_user_client.get("/trainees/")
    blended_user_client.get(f"/trainees/?provider={alder.pk}&q=Lovelace&status=draft")
    blended_user_client.get("/trainees/export/?q=Lovelace")
    plain, filtered = events("list_viewed")
    assert plain.detail == {
        "filtered_by_provider": False,
        "providers": 0,
        "searched": False,
        "filters": 0,
    }
    assert filtered.detail == {
        "filtered_by_provider": True,
        "providers": 1,
        "searched": True,
        "filters": 2,
    }
    assert only("exported").detail == {
        "filtered_by_provider": False,
        "providers": 0,
        "searched": True,
        "filters": 0,
    }
    assert plain.model == "blended" and plain.organisation_id is None


def test_no_event_names_a_person_a_trainee_a_search_or_an_email(
    hat_user_client, alder, birch, multi_user
):
    trainee = TraineeFactory(
        provider=alder, first_names="Augusta", last_name="Lovelace", email="ada@example.com"
    )
    hat_user_client.get("/trainees/?q=Lovelace")
    hat_user_client.get("/trainees/export/?q=Augusta")
    submit(
        hat_user_client,
        f"/trainees/{trainee.public_id}/personal-details/",
        {"first_names": "Secretname", "completion": "no"},
    )
    hat_user_client.get(TraineeFactory(provider=birch, last_name="Hidden").get_absolute_url())
    hat_user_client.post("/providers/choose/", {"provider": birch.pk})
    assert len(events()) >= 5
    stored = json.dumps(list(UsageEvent.objects.values()), default=str).lower()
    for secret in (
        "augusta",
        "lovelace",
        "secretname",
        "hidden",
        "ada@example.com",
        multi_user.email,
        "morgan",
        "multi",
        str(trainee.public_id),
        hat_user_client.session.session_key,
    ):
        assert secret.lower() not in stored, secret
    assert {event.user_key for event in events()} == {user_key(multi_user.pk)}


def test_a_failed_event_write_never_fails_the_page(hat_user_client, alder, caplog):
    with mock.patch.object(
        UsageEvent.objects, "bulk_create", side_effect=DatabaseError("disk full")
    ) as write:
        created = hat_user_client.post(
            "/trainees/new/route/",
            {"form_provider": alder.pk, "training_route": "assessment_only"},
        )
        listed = hat_user_client.get("/trainees/")
    assert write.call_count == 2
    assert created.status_code == 302
    assert Trainee.objects.get().provider == alder
    assert listed.status_code == 200
    assert UsageEvent.objects.count() == 0
    assert "could not record 1 usage events" in caplog.text
    # The request's connection is still usable afterwards.
    assert hat_user_client.get("/trainees/").status_code == 200
    assert kinds() == ["list_viewed"]


def test_a_server_error_records_nothing(hat_user_client, alder):
    """The draft is started and noted, then the page fails: no event is written."""
    hat_user_client.raise_request_exception = False
    with mock.patch("trainees.views.redirect", side_effect=RuntimeError("boom")):
        response = hat_user_client.post(
            "/trainees/new/route/",
            {"form_provider": alder.pk, "training_route": "assessment_only"},
        )
    assert response.status_code == 500
    assert Trainee.objects.count() == 1
    assert kinds() == []


def test_nothing_is_recorded_unless_the_deployment_records_research(
    hat_user_client, alder, settings
):
    settings.RESEARCH_EVENTS = False
    hat_user_client.get("/trainees/")
    hat_user_client.post(
        "/trainees/new/route/", {"form_provider": alder.pk, "training_route": "assessment_only"}
    )
    assert kinds() == []


def test_a_detail_that_could_carry_free_text_is_refused():
    from research.events import clean_detail

    assert clean_detail({"section": "personal_details", "providers": 2}) == {
        "section": "personal_details",
        "providers": 2,
    }
    for bad in (
        {"search": "x"},
        {"section": "Ada Lovelace"},
        {"section": "ada@example.com"},
        {"providers": "2"},
        {"searched": 1},
        {"providers": True},
    ):
        with pytest.raises(ValueError, match="usage event"):
            clean_detail(bad)


def test_a_real_database_error_in_the_write_leaves_the_requests_transaction_usable(
    hat_user_client, alder
):
    """On PostgreSQL a failed statement aborts the whole transaction unless it ran in a
    savepoint: the write's own savepoint keeps the request's (here, the test's) usable."""
    from django.db import connection

    def broken_insert(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO research_no_such_table (id) VALUES (1)")

    with mock.patch.object(UsageEvent.objects, "bulk_create", side_effect=broken_insert):
        created = hat_user_client.post(
            "/trainees/new/route/",
            {"form_provider": alder.pk, "training_route": "assessment_only"},
        )
    assert created.status_code == 302
    assert Trainee.objects.get().provider == alder  # the connection still answers
    assert UsageEvent.objects.count() == 0
