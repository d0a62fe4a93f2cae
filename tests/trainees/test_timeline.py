"""The Timeline speaks the service's language: labels and values as users see them
elsewhere, no entry without a visible change, and system events credited to the service."""

import datetime

import pytest

from tests.factories import TraineeFactory, complete
from tests.forms import submit
from trainees.history import timeline

pytestmark = pytest.mark.django_db


def timeline_html(client, trainee):
    html = client.get(trainee.get_absolute_url()).content.decode()
    return html[html.index('<h2 class="govuk-heading-m">Timeline</h2>') :]


@pytest.fixture
def registered_record(hat_client, alder):
    trainee = complete(
        TraineeFactory(
            provider=alder,
            first_names="Ada",
            last_name="Lovelace",
            itt_start_date=datetime.date(2025, 9, 1),
            training_route="early_years_graduate_entry",
        )
    )
    assert submit(hat_client, f"/trainees/{trainee.public_id}/check/").status_code == 302
    trainee.refresh_from_db()
    return trainee


def test_labels_and_values_read_as_elsewhere_in_the_service(hat_client, registered_record):
    trainee = registered_record
    submit(
        hat_client,
        f"/trainees/{trainee.public_id}/diversity/",
        {
            "diversity_disclosed": "yes",
            "ethnic_group": "mixed",
            "disability_disclosure": "yes",
            "disabilities": ["deaf", "learning_difficulty"],
        },
    )
    submit(
        hat_client,
        f"/trainees/{trainee.public_id}/defer/",
        {"deferred_on_day": "5", "deferred_on_month": "1", "deferred_on_year": "2026"},
    )
    html = timeline_html(hat_client, trainee)
    assert "Disabilities: Not provided" in html and "Deaf, Learning difficulty" in html
    assert "Diversity information shared: No" in html
    assert "Ethnic group: Not provided" in html and "Mixed or multiple ethnic groups" in html
    assert "Date of deferral: Not provided" in html and "5 January 2026" in html
    assert "Status: TRN received" in html and "Deferred" in html
    assert "Status: Pending TRN" in html  # EYTS routes have no QTS labels, and none shows
    for raw in ("deaf", "Trn received at", "Deferred on", "Diversity disclosed", "_"):
        assert f"{raw}:" not in html, raw
    assert "learning_difficulty" not in html
    assert "2026-01-05" not in html


def test_the_trn_is_credited_to_the_service(registered_record, multi_user):
    entries = {entry.title: entry for entry in timeline(registered_record)}
    assert entries["TRN received"].user_name == "Register trainee teachers"
    assert entries["Registered and TRN requested"].user_name == "Morgan Multi"
    trn_change = [(c.label, c.new) for c in entries["TRN received"].changes]
    assert ("TRN", registered_record.trn) in trn_change


def test_a_save_that_changes_nothing_visible_adds_no_entry(hat_client, registered_record):
    trainee = registered_record
    before = len(timeline(trainee))
    url = f"/trainees/{trainee.public_id}/contact-details/"
    assert submit(hat_client, url).status_code == 302  # saved as it was
    assert len(timeline(trainee)) == before
    assert submit(hat_client, url, {"email": "new@example.com"}).status_code == 302
    assert len(timeline(trainee)) == before + 1


def test_marking_a_draft_section_complete_adds_no_entry(hat_client, alder):
    trainee = TraineeFactory(provider=alder)
    before = len(timeline(trainee))
    submit(hat_client, f"/trainees/{trainee.public_id}/contact-details/", {"completion": "yes"})
    trainee.refresh_from_db()
    assert trainee.contact_details_completed
    assert len(timeline(trainee)) == before
