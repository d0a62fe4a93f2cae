"""Password reset never tells anyone whether an address has an account, even when
mail cannot be sent."""

import logging
import re
import socket

import pytest

pytestmark = pytest.mark.django_db

RESET_URL = "/accounts/password/reset/"


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(params=["test backend", "SMTP server down"])
def failing_mail(request, settings):
    if request.param == "test backend":
        settings.EMAIL_BACKEND = "tests.accounts.email_backends.RefusingEmailBackend"
    else:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = closed_port()
        settings.EMAIL_TIMEOUT = 5


def answer(client, email):
    """What the person asking sees: the response, then the page it leads to."""
    response = client.post(RESET_URL, {"email": email})
    page = client.get(response["Location"]) if response.status_code == 302 else response
    # Only the CSRF token differs between two renderings of the same page.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())
    return response.status_code, response.get("Location"), page.status_code, html


def test_a_failed_send_is_answered_exactly_as_an_unknown_address(
    client, user, failing_mail, caplog
):
    unknown = answer(client, "nobody@example.com")
    with caplog.at_level(logging.INFO):
        known = answer(client, user.email)
    assert known == unknown
    assert known[:3] == (302, "/accounts/password/reset/done/", 200)
    failures = [r for r in caplog.records if r.name == "accounts.adapter"]
    assert [r.levelno for r in failures] == [logging.ERROR]
    message = failures[0].getMessage()
    assert "password reset email could not be sent" in message
    assert f"user {user.pk}" in message
    assert "ConnectionRefusedError" in message
    assert user.email not in caplog.text  # no personal data in the logs


def test_failed_sends_count_towards_the_per_address_limit_like_any_other(
    client, user, failing_mail
):
    statuses = [client.post(RESET_URL, {"email": user.email}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
