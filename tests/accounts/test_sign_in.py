import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
LOGOUT_URL = "/accounts/logout/"


def sign_in(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_sign_in_with_the_right_password_lands_on_home(client, user, password):
    response = sign_in(client, user.email, password)
    assert response.status_code == 302
    assert response["Location"] == reverse("trainees:list")
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert home.wsgi_request.user == user


def test_email_is_matched_whatever_its_case(client, password):
    user = UserFactory(email="Mixed.Case@Example.com", password=password)
    assert user.email == "mixed.case@example.com"
    response = sign_in(client, "MIXED.case@example.COM", password)
    assert response.status_code == 302
    assert client.get(response["Location"]).wsgi_request.user == user


def test_wrong_password_shows_the_error_summary_and_keeps_the_email(client, user):
    response = sign_in(client, user.email, "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in - Register trainee teachers - GOV.UK</title>" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_login">Enter a correct email address and password</a>' in html
    assert f'value="{user.email}"' in html
    assert not response.wsgi_request.user.is_authenticated


def test_empty_sign_in_form_links_each_error_to_its_field(client):
    response = client.post(LOGIN_URL, {"login": "", "password": ""})
    html = response.content.decode()
    assert '<a href="#id_login">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    # Each field carries the GOV.UK error state and points at its message.
    assert "govuk-form-group--error" in html
    assert re.search(r'<input[^>]*aria-describedby="id_login-error"[^>]*id="id_login"', html)
    assert 'id="id_login-error" class="govuk-error-message"' in html


def test_sign_out_is_a_post(client, user, password):
    client.force_login(user)
    confirm = client.get(LOGOUT_URL)
    assert confirm.status_code == 200
    assert confirm.wsgi_request.user.is_authenticated
    assert client.get(reverse("trainees:list")).status_code == 200

    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("start")
    after = client.get(reverse("trainees:list"))
    assert after.status_code == 302
    assert after["Location"].startswith(LOGIN_URL)


def test_home_needs_sign_in(client):
    response = client.get(reverse("trainees:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/trainees/"


def test_sign_up_is_closed(client):
    page = client.get("/accounts/signup/")
    assert "You cannot create an account here" in page.content.decode()
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": "A-long-password-1",
            "password2": "A-long-password-1",
        },
    )
    assert not User.objects.filter(email="new@example.com").exists()


def test_self_service_email_management_is_not_available(signed_in_client):
    assert signed_in_client.get("/accounts/email/").status_code == 404


def test_password_reset_sends_an_email_whose_link_sets_a_new_password(client, user):
    response = client.post("/accounts/password/reset/", {"email": user.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Register trainee teachers: Reset your password"
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "A-brand-new-password-42"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    assert sign_in(client, user.email, new_password).status_code == 302


def test_password_reset_for_an_unknown_email_does_not_reveal_it(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_repeated_failed_sign_ins_get_the_too_many_attempts_page(client, user):
    statuses = [sign_in(client, user.email, "wrong-password").status_code for _ in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    page = sign_in(client, user.email, "wrong-password")
    html = page.content.decode()
    assert page.status_code == 429
    assert "Sorry, there have been too many attempts" in html
    assert "govuk-header" in html


def test_admin_sign_in_goes_through_the_service_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"], follow=True)
    assert login.redirect_chain[-1][0].startswith(LOGIN_URL)


def test_staff_reach_the_admin(client, password):
    staff = UserFactory(is_staff=True, is_superuser=True, password=password)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_email_addresses_are_unique_whatever_their_case(client, password):
    staff = UserFactory(is_staff=True, is_superuser=True, password=password)
    UserFactory(email="taken@example.com")
    client.force_login(staff)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "TAKEN@example.com",
            "first_name": "Dup",
            "last_name": "Licate",
            "usable_password": "true",
            "password1": "A-long-password-77",
            "password2": "A-long-password-77",
        },
    )
    assert response.status_code == 200
    assert "A user with this email address already exists." in response.content.decode()
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


@pytest.mark.parametrize("signed_in_by", ["password", "persona"])
def test_an_account_closed_or_deleted_is_signed_out_on_its_next_request(
    client, user, password, settings, signed_in_by
):
    """The signed-in user is read again on every request (accounts.backends): closing an
    account, or deleting it, takes effect at once."""
    if signed_in_by == "password":
        sign_in(client, user.email, password)
    else:
        settings.DEMO_MODE = True
        client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[0])
    assert client.get(reverse("trainees:list")).wsgi_request.user == user
    User.objects.filter(pk=user.pk).update(is_active=False)
    closed = client.get(reverse("trainees:list"))
    assert closed.status_code == 302
    assert closed["Location"].startswith(LOGIN_URL)
    User.objects.filter(pk=user.pk).update(is_active=True)
    assert client.get(reverse("trainees:list")).wsgi_request.user == user
    user.delete()
    gone = client.get(reverse("trainees:list"))
    assert gone.status_code == 302
    assert gone.wsgi_request.user.is_anonymous
