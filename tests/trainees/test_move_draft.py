"""A draft started under the wrong provider can be moved to another of the user's providers,
in both models, after a confirmation that names both; the Timeline records the move."""

import pytest

from providers.hat import HAT_SESSION_KEY
from providers.models import Provider
from tests.factories import TraineeFactory, member_of
from tests.forms import hidden_fields, submit
from trainees.history import timeline

pytestmark = pytest.mark.django_db


def counts():
    return dict(Provider.objects.values_list("name", "trainee_count"))


def test_a_hat_user_moves_a_draft_to_another_of_their_providers(hat_client, alder, birch):
    trainee = TraineeFactory(provider=alder, first_names="Ada", last_name="Lovelace")
    TraineeFactory(provider=birch)
    assert counts() == {"Alder SCITT": 1, "Birch University": 1}
    task_list = hat_client.get(trainee.get_absolute_url()).content.decode()
    url = f"/trainees/{trainee.public_id}/provider/"
    assert f'href="{url}">Change<span class="govuk-visually-hidden"> provider</span>' in task_list

    confirm = submit(hat_client, url, {"provider": birch.pk})
    html = confirm.content.decode()
    assert '<h1 class="govuk-heading-l">Move this draft to Birch University?</h1>' in html
    assert "is for <strong>Alder SCITT</strong>" in html
    assert "and you will be working on Birch University" in html
    trainee.refresh_from_db()
    assert trainee.provider == alder

    moved = hat_client.post(url, hidden_fields(html))
    assert moved["Location"] == trainee.get_absolute_url()
    trainee.refresh_from_db()
    assert trainee.provider == birch
    assert counts() == {"Alder SCITT": 0, "Birch University": 2}
    assert hat_client.session[HAT_SESSION_KEY] == birch.pk
    page = hat_client.get(moved["Location"]).content.decode()
    assert "Draft moved from Alder SCITT to Birch University" in page
    assert "You are now working on Birch University" in page

    entry = timeline(trainee)[0]
    assert entry.title == "Provider changed"
    assert [(c.label, c.old, c.new) for c in entry.changes] == [
        ("Provider", "Alder SCITT", "Birch University")
    ]


def test_keeping_the_same_provider_changes_nothing(hat_client, alder):
    trainee = TraineeFactory(provider=alder)
    version = trainee.version
    url = f"/trainees/{trainee.public_id}/provider/"
    response = submit(hat_client, url, {"provider": alder.pk})
    assert response["Location"] == trainee.get_absolute_url()
    trainee.refresh_from_db()
    assert trainee.version == version


def test_a_user_with_one_provider_is_not_offered_a_move(client, alder):
    client.force_login(member_of(alder))
    trainee = TraineeFactory(provider=alder)
    url = f"/trainees/{trainee.public_id}/provider/"
    assert url not in client.get(trainee.get_absolute_url()).content.decode()
    assert client.get(url)["Location"] == trainee.get_absolute_url()


def test_a_registered_record_is_not_moved_by_its_provider(hat_client, alder, birch):
    from tests.routes import make_record, snapshot

    trainee = make_record(alder, "trn_received")
    before = snapshot(trainee)
    response = hat_client.post(
        f"/trainees/{trainee.public_id}/provider/",
        {
            "form_provider": alder.pk,
            "version": trainee.version,
            "provider": birch.pk,
            "confirmed": "on",
        },
    )
    assert response.status_code == 409
    assert snapshot(trainee) == before
