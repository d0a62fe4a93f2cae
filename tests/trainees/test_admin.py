"""Support staff record awards from the admin; the admin edits nothing else."""

import pytest
from django.utils.html import escape

from tests.factories import TraineeFactory, UserFactory, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, first_name="Alex"))
    return client


def test_support_staff_mark_recommended_trainees_as_awarded(support, alder):
    recommended = registered(TraineeFactory(provider=alder), state="recommended_for_award")
    not_yet = registered(TraineeFactory(provider=alder))
    response = support.post(
        "/admin/trainees/trainee/",
        {"action": "mark_awarded", "_selected_action": [recommended.pk, not_yet.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 marked as awarded" in html
    # The message is HTML: a name such as O'Neill arrives escaped.
    assert escape(f"Not recommended for an award, so not marked: {not_yet}") in html
    recommended.refresh_from_db()
    not_yet.refresh_from_db()
    assert (recommended.state, recommended.awarded_by.first_name) == ("awarded", "Alex")
    assert not_yet.state == "trn_received"


def test_the_admin_does_not_change_records(support, alder):
    trainee = TraineeFactory(provider=alder)
    page = support.get(f"/admin/trainees/trainee/{trainee.pk}/change/")
    assert page.status_code == 200
    assert 'name="first_names"' not in page.content.decode()  # read only
    assert support.get("/admin/trainees/trainee/add/").status_code == 403
