import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

PERSONAS_URL = "/accounts/personas/"
DEMO_EMAILS = {
    "admin@example.com",
    "single@example.com",
    "multi@example.com",
    "viewer@example.com",
    "partner@example.com",
    "drafter@example.com",
    "none@example.com",
}


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)


def test_persona_page_is_not_found_without_demo_mode(client, settings):
    settings.DEMO_MODE = False
    assert client.get(PERSONAS_URL).status_code == 404
    assert client.post(PERSONAS_URL, {"email": "single@example.com"}).status_code == 404


def test_sign_in_page_offers_personas_only_in_demo_mode(client, settings):
    settings.DEMO_MODE = False
    assert "Sign in as a persona" not in client.get("/accounts/login/").content.decode()
    settings.DEMO_MODE = True
    assert "sign in as a persona" in client.get("/accounts/login/").content.decode()


def test_persona_page_lists_every_demo_user(client, demo):
    html = client.get(PERSONAS_URL).content.decode()
    for email in DEMO_EMAILS:
        assert email in html


def test_choosing_a_persona_signs_in_as_that_user(client, demo):
    response = client.post(PERSONAS_URL, {"email": "single@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("trainees:list")
    home = client.get(response["Location"])
    assert home.wsgi_request.user.email == "single@example.com"


def test_only_demo_users_can_be_chosen(client, demo):
    User.objects.create_user("real.person@example.com", "A-real-password-1")
    response = client.post(PERSONAS_URL, {"email": "real.person@example.com"})
    assert response.status_code == 400
    assert "Select one of the personas on this page" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_seed_demo_twice_leaves_the_same_users(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)
    first = dict(User.objects.values_list("email", "pk"))
    call_command("seed_demo", verbosity=0)
    second = dict(User.objects.values_list("email", "pk"))
    assert first == second
    assert set(first) == DEMO_EMAILS
    admin = User.objects.get(email="admin@example.com")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.get(email="single@example.com").is_staff
    assert User.objects.get(email="multi@example.com").check_password("Register-demo-2026")


def test_seed_demo_refuses_in_production(settings):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEMO_MODE or DEBUG"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()
