import re

import pytest
from django.test import Client

from providers.hat import HAT_SESSION_KEY
from tests.factories import TraineeFactory, registered

pytestmark = pytest.mark.django_db


def session_for(user, provider):
    client = Client()
    client.force_login(user)
    session = client.session
    session[HAT_SESSION_KEY] = provider.pk
    session.save()
    return client


def drawn_version(html):
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def test_an_edit_from_a_stale_page_is_not_saved_and_can_be_reapplied(multi_user, alder, settings):
    settings.PROVIDER_MODEL = "hat"
    trainee = registered(TraineeFactory(provider=alder, email="first@example.com"))
    url = f"/trainees/{trainee.public_id}/contact-details/"
    tab_one, tab_two = session_for(multi_user, alder), session_for(multi_user, alder)
    version_one = drawn_version(tab_one.get(url).content.decode())
    version_two = drawn_version(tab_two.get(url).content.decode())
    assert version_one == version_two

    saved = tab_two.post(
        url, {"form_provider": alder.pk, "version": version_two, "email": "second@example.com"}
    )
    assert saved.status_code == 302

    stale = tab_one.post(
        url, {"form_provider": alder.pk, "version": version_one, "email": "mine@example.com"}
    )
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "This record has changed since you opened this page" in html
    assert "What changed since you opened this page" in html
    assert "Email address: first@example.com to second@example.com" in html
    assert 'value="mine@example.com"' in html  # the user's answer is kept on the page
    trainee.refresh_from_db()
    assert trainee.email == "second@example.com"

    reapplied = tab_one.post(
        url,
        {"form_provider": alder.pk, "version": drawn_version(html), "email": "mine@example.com"},
    )
    assert reapplied.status_code == 302
    trainee.refresh_from_db()
    assert trainee.email == "mine@example.com"


def test_a_degree_added_elsewhere_makes_the_degree_form_stale(multi_user, alder, settings):
    settings.PROVIDER_MODEL = "hat"
    trainee = TraineeFactory(provider=alder)
    degree = {
        "uk_degree": "yes",
        "subject": "History",
        "institution": "York",
        "grade": "first",
        "graduation_year": "2018",
        "form_provider": alder.pk,
    }
    tab_one, tab_two = session_for(multi_user, alder), session_for(multi_user, alder)
    add = f"/trainees/{trainee.public_id}/degrees/new/"
    version = drawn_version(tab_one.get(add).content.decode())
    tab_two.post(add, {**degree, "version": drawn_version(tab_two.get(add).content.decode())})
    stale = tab_one.post(add, {**degree, "subject": "Maths", "version": version})
    assert stale.status_code == 409
    assert trainee.degrees.count() == 1
