"""Bounded waits: a held row lock or a slow statement costs one request a few seconds and
gets a GOV.UK page that keeps the user's answers; other pages answer meanwhile."""

import re
import threading
import time
from contextlib import nullcontext

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.test import Client, RequestFactory

from edge.database_waits import (
    STATEMENT_TIMEOUT,
    longer_statement_timeout,
    timeout_kind,
)
from edge.views import server_error
from tests.conftest import wear
from tests.factories import TraineeFactory, registered
from trainees import views

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks, lock_timeout and statement_timeout are PostgreSQL's "
    "(SQLite locks the whole database file and has neither)",
)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def hidden_fields(html: str) -> dict:
    return dict(HIDDEN.findall(html))


def drawn_form(client, url) -> dict:
    html = client.get(url).content.decode()
    return {
        "form_provider": re.search(r'name="form_provider" value="(\d+)"', html).group(1),
        "version": re.search(r'name="version" value="(\d+)"', html).group(1),
    }


def wrapped(psycopg_error):
    """A psycopg error as Django raises it: an OperationalError with the cause behind it."""
    try:
        try:
            raise psycopg_error
        except psycopg.Error as cause:
            raise OperationalError(str(cause)) from cause
    except OperationalError as error:
        return error


@pytest.fixture
def row_lock():
    """Another session's SELECT ... FOR UPDATE on a trainee, held until released."""
    params = connection.settings_dict
    holder = psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"] or 5432,
    )

    def take(trainee):
        holder.execute("SELECT id FROM trainees_trainee WHERE id = %s FOR UPDATE", [trainee.pk])
        return holder

    yield take
    holder.rollback()
    holder.close()


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_each_connection_starts_with_the_configured_bounds():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        lock_timeout = cursor.fetchone()[0]
        cursor.execute("SHOW statement_timeout")
        statement_timeout = cursor.fetchone()[0]
    assert lock_timeout == f"{settings.DB_LOCK_TIMEOUT}s"
    assert statement_timeout == f"{settings.DB_STATEMENT_TIMEOUT}s"


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_a_save_blocked_by_a_held_row_lock_gets_the_409_page_and_others_carry_on(
    hat_client, multi_user, alder, row_lock
):
    trainee = registered(TraineeFactory(provider=alder, email="before@example.com"))
    url = f"/trainees/{trainee.public_id}/contact-details/"
    answers = {**drawn_form(hat_client, url), "email": "mine@example.com", "completion": "yes"}
    holder = row_lock(trainee)

    outcome = {}

    def save():
        started = time.monotonic()
        try:
            outcome["response"] = hat_client.post(url, answers)
        finally:
            outcome["seconds"] = time.monotonic() - started
            connections.close_all()  # this thread's connection

    saving = threading.Thread(target=save)
    saving.start()
    time.sleep(0.3)  # the save is now waiting for the lock

    # Meanwhile another user of the service is served at once: list, record, health check.
    other = Client()
    other.force_login(multi_user)
    wear(other, alder)
    for page in ("/healthz", "/trainees/", f"/trainees/{trainee.public_id}/"):
        started = time.monotonic()
        assert other.get(page).status_code == 200
        assert time.monotonic() - started < 1, page
    assert saving.is_alive(), "the save should still be waiting for the lock"

    saving.join(timeout=settings.DB_LOCK_TIMEOUT + 10)
    response = outcome["response"]
    html = response.content.decode()
    assert response.status_code == 409
    assert settings.DB_LOCK_TIMEOUT - 0.5 < outcome["seconds"] < settings.DB_LOCK_TIMEOUT + 2
    assert '<h1 class="govuk-heading-l">Someone else is saving this record</h1>' in html
    assert 'class="govuk-header' in html
    assert "Your answers have been kept" in html
    kept = hidden_fields(html)
    assert kept.pop("csrfmiddlewaretoken")  # drawn afresh by the page
    assert kept == {key: str(value) for key, value in answers.items()}
    assert f'<form method="post" action="{url}"' in html
    trainee.refresh_from_db()
    assert trainee.email == "before@example.com"

    # Once the lock is released, "Try again" posts the same answers and saves them.
    holder.rollback()
    retried = hat_client.post(url, kept)
    assert retried.status_code == 302
    trainee.refresh_from_db()
    assert trainee.email == "mine@example.com"


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_a_statement_timeout_gets_the_too_slow_page_with_the_answers_kept(
    hat_client, alder, row_lock
):
    trainee = registered(TraineeFactory(provider=alder, email="before@example.com"))
    url = f"/trainees/{trainee.public_id}/contact-details/"
    answers = {**drawn_form(hat_client, url), "email": "mine@example.com", "completion": "yes"}
    row_lock(trainee)
    # The statement bound runs out before the lock bound: PostgreSQL cancels the statement.
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 300")
        cursor.execute("SET lock_timeout = 0")
    try:
        started = time.monotonic()
        response = hat_client.post(url, answers)
        seconds = time.monotonic() - started
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
            cursor.execute("RESET lock_timeout")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert seconds < 2
    assert "Sorry, this is taking too long" in html
    assert "Nothing has been saved, and your answers have been kept" in html
    assert "Someone else is saving" not in html
    assert "Sorry, the service is unavailable" not in html
    assert hidden_fields(html)["email"] == "mine@example.com"


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_transaction", [True, False])
def test_a_task_can_run_longer_than_the_web_bound_and_the_bound_comes_back(in_transaction):
    def statement_timeout():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    def sleep(seconds):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(%s)", [seconds])

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 100")
    try:
        with pytest.raises(OperationalError) as cancelled:
            sleep(0.3)
        assert timeout_kind(cancelled.value) == STATEMENT_TIMEOUT
        with transaction.atomic() if in_transaction else nullcontext():
            with longer_statement_timeout(5):
                sleep(0.3)  # would be cancelled at 100 ms
                assert statement_timeout() == "5s"
            if in_transaction:
                assert statement_timeout() == "5s"  # SET LOCAL: until the transaction ends
        assert statement_timeout() == "100ms"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_the_export_copy_runs_under_its_own_longer_bound(blended_client, alder):
    TraineeFactory._meta.model.objects.bulk_create(TraineeFactory.build_batch(400, provider=alder))
    response = blended_client.get("/trainees/export/")
    assert response.status_code == 200
    # The page's queries are done; the CSV streams now. A bound no COPY of 400 rows could
    # meet: the export must lift it for its own transaction, and put it back after.
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 1")
    try:
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            after = cursor.fetchone()[0]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert len(body.strip().splitlines()) == 401  # the header and every record
    assert after == "1ms"


# The same pages without PostgreSQL: the error as Django raises it, from psycopg.


@pytest.mark.django_db
def test_a_lock_timeout_in_any_view_is_told_apart_from_an_outage(hat_client, alder, monkeypatch):
    trainee = registered(TraineeFactory(provider=alder))
    url = f"/trainees/{trainee.public_id}/contact-details/"
    answers = {**drawn_form(hat_client, url), "email": "a&b@example.com", "completion": "yes"}

    def locked(*args, **kwargs):
        raise wrapped(psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"))

    monkeypatch.setattr(views.services, "update_section", locked)
    response = hat_client.post(url, answers)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else is saving this record" in html
    assert "Sorry, the service is unavailable" not in html
    assert '<input type="hidden" name="email" value="a&amp;b@example.com">' in html
    assert 'name="csrfmiddlewaretoken"' in html  # a fresh token, drawn by the page


@pytest.mark.django_db
def test_a_statement_timeout_on_a_page_offers_to_load_it_again(hat_client, monkeypatch):
    def cancelled(*args, **kwargs):
        raise wrapped(psycopg.errors.QueryCanceled("canceling statement due to statement timeout"))

    monkeypatch.setattr(views.selectors, "trainee_page", cancelled)
    response = hat_client.get("/trainees/?status=draft")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Sorry, this is taking too long" in html
    assert 'href="/trainees/?status=draft" role="button"' in html


def test_a_timeout_outside_a_view_gets_the_too_slow_page_and_says_to_check():
    request = RequestFactory().post("/trainees/")
    try:
        raise wrapped(psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"))
    except OperationalError:
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 503
    assert "Sorry, this is taking too long" in html
    assert "check it was saved before you continue" in html
    assert "Sorry, the service is unavailable" not in html
