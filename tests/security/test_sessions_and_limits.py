import datetime
import os
import runpy
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from accounts.middleware import ACTIVE_AT, SIGNED_IN_AT
from providers.hat import HAT_SESSION_KEY, MODEL_SESSION_KEY
from tests.factories import ProviderFactory, member_of

pytestmark = pytest.mark.django_db
PROJECT_DIR = Path(__file__).resolve().parents[2]


def sign_in(client, user, password):
    return client.post("/accounts/login/", {"login": user.email, "password": password})


def test_sign_in_rotates_the_session_key(client, user, password):
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen-session-key"
    sign_in(client, user, password)
    assert client.cookies["sessionid"].value != "attacker-chosen-session-key"
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    decoded = session.get_decoded()
    assert decoded[SIGNED_IN_AT] <= time.time()


def test_sign_out_ends_the_session_on_the_server_with_the_hat(client, password, settings):
    settings.DEMO_MODE = True
    alder, birch = ProviderFactory(), ProviderFactory()
    user = member_of(alder, birch, password=password)
    sign_in(client, user, password)
    client.post("/providers/choose/", {"provider": alder.pk})
    session = client.session
    session[MODEL_SESSION_KEY] = "blended"
    session.save()
    key = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # replaying the old cookie signs nobody in
    response = client.get("/trainees/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    sign_in(client, user, password)
    assert HAT_SESSION_KEY not in client.session
    assert MODEL_SESSION_KEY not in client.session


def test_an_idle_session_expires_after_two_hours(client, user, password, settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    sign_in(client, user, password)
    key = client.cookies["sessionid"].value
    session = Session.objects.get(session_key=key)
    remaining = session.expire_date.timestamp() - time.time()
    assert 2 * 60 * 60 - 60 < remaining <= 2 * 60 * 60
    # Two hours of inactivity later the database no longer honours it.
    Session.objects.filter(session_key=key).update(
        expire_date=session.expire_date.replace(year=session.expire_date.year - 1)
    )
    response = client.get("/trainees/")
    assert response["Location"].startswith("/accounts/login/")


def test_activity_keeps_the_session_alive(client, user, password):
    sign_in(client, user, password)
    key = client.cookies["sessionid"].value
    an_hour_ago = int(time.time()) - 3600
    session = client.session
    session[ACTIVE_AT] = an_hour_ago  # last seen an hour ago: an hour of its two left
    session.save()
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + datetime.timedelta(hours=1)
    )
    client.get("/trainees/")
    remaining = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert remaining > datetime.timedelta(hours=2) - datetime.timedelta(minutes=1)
    assert client.session[ACTIVE_AT] > int(time.time()) - 60


def test_activity_does_not_write_the_session_on_every_request(client, user, password):
    sign_in(client, user, password)
    client.get("/trainees/")
    stamped = client.session[ACTIVE_AT]
    key = client.cookies["sessionid"].value
    before = Session.objects.get(session_key=key).expire_date
    client.get("/trainees/")
    assert client.session[ACTIVE_AT] == stamped
    assert Session.objects.get(session_key=key).expire_date == before


def test_a_session_ends_twelve_hours_after_sign_in_whatever_the_activity(client, user, password):
    sign_in(client, user, password)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()
    response = client.get("/trainees/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/trainees/"
    page = client.get(response["Location"]).content.decode()
    assert "You have been signed out after 12 hours" in page
    assert client.get("/trainees/").status_code == 302


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
)
def test_rate_limits_live_in_the_shared_database_cache(client, user):
    call_command("createcachetable", verbosity=0)  # what migrate does in production
    cache.clear()
    statuses = [
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"}).status_code
        for _ in range(6)
    ]
    assert statuses[-1] == 429
    assert (
        "Sorry, there have been too many attempts"
        in client.post(
            "/accounts/login/", {"login": user.email, "password": "wrong"}
        ).content.decode()
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_cache")
        assert cursor.fetchone()[0] > 0
    cache.clear()


def production_setting(expression, **env):
    """``expression`` as a fresh production process, with these variables, evaluates it."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean.update(DJANGO_SETTINGS_MODULE="register_trainees.settings", SECRET_KEY="x" * 60, **env)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=PROJECT_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


REDIS = {"REDIS_URL": "redis://127.0.0.1:6379/0"}
CACHE_BACKEND = "settings.CACHES['default']['BACKEND']"


def test_production_shares_its_cache_between_workers():
    assert production_setting(CACHE_BACKEND) == "django.core.cache.backends.db.DatabaseCache"
    assert production_setting(CACHE_BACKEND, **REDIS) == (
        "django.core.cache.backends.redis.RedisCache"
    )


def test_sessions_are_read_from_redis_when_there_is_one_and_kept_in_the_database():
    engine = "settings.SESSION_ENGINE"
    assert production_setting(engine) == "django.contrib.sessions.backends.db"
    assert production_setting(engine, **REDIS) == "django.contrib.sessions.backends.cached_db"


PROXY = "10.0.0.5"  # every request reaches the service from the proxy's address


@pytest.fixture
def behind_proxy(monkeypatch, settings):
    """The settings a fresh process reads with BEHIND_PROXY=1, applied to this test."""
    monkeypatch.setenv("BEHIND_PROXY", "1")
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    fresh = runpy.run_path(str(PROJECT_DIR / "register_trainees" / "settings.py"))
    # Django's and allauth's defaults where the settings module leaves them unset.
    defaults = {"SECURE_PROXY_SSL_HEADER": None, "ALLAUTH_TRUSTED_PROXY_COUNT": 0}
    for name, default in defaults.items():
        setattr(settings, name, fresh.get(name, default))


def sign_in_through_proxy(client, email, password, forwarded_for):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_each_client_has_its_own_sign_in_limit(
    client, user, password, behind_proxy
):
    attacker = "203.0.113.66"
    # One address per try, so that only the per-IP limit (10 a minute) can stop it.
    statuses = [
        sign_in_through_proxy(client, f"guess{n}@example.com", "wrong", attacker).status_code
        for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    # Anyone else behind the same proxy signs in as usual.
    colleague = sign_in_through_proxy(client, user.email, password, "203.0.113.7")
    assert colleague.status_code == 302
    assert colleague["Location"] == "/trainees/"


def test_a_spoofed_forwarded_address_does_not_escape_the_limit(client, behind_proxy):
    attacker = "203.0.113.66"
    # The attacker writes an address of their choice into X-Forwarded-For on every try;
    # the proxy appends the address it really saw, which is the one that counts.
    statuses = [
        sign_in_through_proxy(
            client, f"guess{n}@example.com", "wrong", f"198.51.100.{n}, {attacker}"
        ).status_code
        for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    assert (
        sign_in_through_proxy(client, "another@example.com", "wrong", attacker).status_code == 429
    )
