import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_a_lost_database_gets_the_govuk_503_page(hat_client, monkeypatch):
    hat_client.raise_request_exception = False

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(1)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = hat_client.get("/trainees/")
    assert response.status_code == 503
    # One attempt only: each one can wait DB_CONNECT_TIMEOUT while the database is down.
    assert len(attempts) == 1
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Sorry, the service is unavailable" in html
    assert 'class="govuk-header"' in html
    monkeypatch.undo()
    assert hat_client.get("/trainees/").status_code == 200


def test_other_errors_still_get_the_500_page(hat_client, monkeypatch):
    hat_client.raise_request_exception = False
    from trainees import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.selectors, "trainee_page", broken)
    response = hat_client.get("/trainees/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
