"""In-service feedback: the phase banner's link, the GOV.UK question, stored with the
model and a pseudonymous key, never the user's name or email; the retention command."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from research.keys import user_key
from research.models import Feedback, UsageEvent
from research.services import give_feedback
from tests.research.conftest import pin

pytestmark = pytest.mark.django_db

FEEDBACK = "/feedback/"


def test_the_phase_banner_links_signed_in_users_to_the_feedback_page(signed_in_client):
    html = signed_in_client.get("/organisations/").content.decode()
    assert (
        'This is a new service. Help us improve it and <a class="govuk-link" '
        'href="/feedback/">give your feedback</a>.'
    ) in html
    assert "mailto:" not in html.split('class="govuk-phase-banner')[1].split("</div>")[0]


def test_signed_out_users_are_offered_email(client):
    html = client.get("/").content.decode()
    assert "give your feedback by email</a>" in html


def test_the_question_answers_and_warning(signed_in_client):
    html = signed_in_client.get(FEEDBACK).content.decode()
    assert "How easy was it to work across your providers today?" in html
    for label in ("Very easy", "Easy", "Neither easy nor difficult", "Difficult", "Very difficult"):
        assert f">{label}</label>" in html
    assert "Do not include personal information, such as a trainee’s name" in html
    assert 'data-module="govuk-character-count" data-maxlength="1200"' in html


def test_feedback_is_kept_with_the_model_and_a_pseudonymous_key(client, split, multi_user):
    client.force_login(pin(multi_user, "blended"))
    sent = client.post(FEEDBACK, {"score": "2", "comment": "  Filtering is slow  "})
    assert sent["Location"] == "/feedback/sent/"
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.comment, feedback.model) == (2, "Filtering is slow", "blended")
    assert feedback.user_key == user_key(multi_user.pk)
    stored = str(list(Feedback.objects.values())).lower()
    assert multi_user.email not in stored and "morgan" not in stored
    assert "Thank you for your feedback" in client.get(sent["Location"]).content.decode()


def test_the_comment_is_optional(signed_in_client):
    assert signed_in_client.post(FEEDBACK, {"score": "5"}).status_code == 302
    assert Feedback.objects.get().comment == ""


def test_no_answer_and_too_long_a_comment_are_gov_uk_errors_that_keep_the_comment(
    signed_in_client,
):
    missing = signed_in_client.post(FEEDBACK, {"comment": "Kept"})
    html = missing.content.decode()
    assert missing.status_code == 400
    assert "govuk-error-summary" in html
    assert "Select how easy it was to work across your providers today" in html
    assert ">Kept</textarea>" in html
    long = signed_in_client.post(FEEDBACK, {"score": "3", "comment": "x" * 1201})
    assert long.status_code == 400
    assert "Your comments must be 1,200 characters or fewer" in long.content.decode()
    assert "x" * 1201 in long.content.decode()
    bad = signed_in_client.post(FEEDBACK, {"score": "9"})
    assert bad.status_code == 400
    assert Feedback.objects.count() == 0


def test_signing_in_is_needed(client):
    assert client.get(FEEDBACK)["Location"].startswith("/accounts/login/")


def test_a_hat_user_without_a_hat_can_give_feedback(client, multi_user, settings):
    settings.PROVIDER_MODEL = "hat"
    client.force_login(multi_user)
    assert client.get(FEEDBACK).status_code == 200


def test_old_events_and_feedback_are_deleted_after_the_retention_period(db, settings, capsys):
    settings.RESEARCH_RETENTION_DAYS = 90
    now = timezone.now()
    for days in (91, 89):
        at = now - datetime.timedelta(days=days)
        UsageEvent.objects.create(
            kind="signed_in", model="hat", user_key="u", session_key="s", occurred_at=at
        )
        Feedback.objects.create(score=3, model="hat", user_key="u", created_at=at)
    call_command("purge_research_events")
    assert UsageEvent.objects.count() == 1 and Feedback.objects.count() == 1
    assert UsageEvent.objects.get().occurred_at > now - datetime.timedelta(days=90)
    assert "Deleted 1 usage events and 1 feedback answers" in capsys.readouterr().out
    call_command("purge_research_events", days=1)
    assert UsageEvent.objects.count() == 0 and Feedback.objects.count() == 0


@pytest.mark.parametrize("days", [0, -5])
def test_a_retention_period_under_a_day_is_a_command_error_that_deletes_nothing(db, days):
    at = timezone.now() - datetime.timedelta(days=400)
    UsageEvent.objects.create(
        kind="signed_in", model="hat", user_key="u", session_key="s", occurred_at=at
    )
    with pytest.raises(CommandError, match=f"--days must be 1 or more, not {days}"):
        call_command("purge_research_events", days=days)
    assert UsageEvent.objects.count() == 1


def test_the_settings_retention_period_is_named_when_it_is_the_one_refused(db, settings):
    settings.RESEARCH_RETENTION_DAYS = 0
    with pytest.raises(CommandError, match="RESEARCH_RETENTION_DAYS must be 1 or more"):
        call_command("purge_research_events")


def test_feedback_is_given_without_a_request(multi_user):
    """research.services: the write, callable and testable with no HTTP."""
    feedback = give_feedback(user=multi_user, model="hat", score=4, comment="")
    assert (feedback.score, feedback.model, feedback.user_key) == (
        4,
        "hat",
        user_key(multi_user.pk),
    )
    with pytest.raises(ValueError, match="'split' is not a valid Group"):
        give_feedback(user=multi_user, model="split", score=4, comment="")
    assert Feedback.objects.count() == 1
