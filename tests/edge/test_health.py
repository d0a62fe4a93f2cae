import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_is_ok_with_a_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_connection_fails(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_healthz_only_reads(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
