import pytest

from providers.hat import HAT_SESSION_KEY
from tests.factories import ProviderFactory, member_of
from tests.providers import guard_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.providers.guard_urls")]


@pytest.fixture
def providers():
    return ProviderFactory(name="Alder SCITT"), ProviderFactory(name="Birch University")


@pytest.fixture
def multi_client(client, providers):
    guard_urls.SAVED.clear()
    client.force_login(member_of(*providers))
    return client


def wear(client, provider):
    session = client.session
    session[HAT_SESSION_KEY] = provider.pk
    session.save()


def test_the_form_carries_the_provider_it_was_drawn_for(multi_client, providers):
    wear(multi_client, providers[0])
    html = multi_client.get("/note/").content.decode()
    assert f'<input type="hidden" name="form_provider" value="{providers[0].pk}">' in html


def test_a_form_for_the_current_hat_is_saved(multi_client, providers):
    wear(multi_client, providers[0])
    response = multi_client.post("/note/", {"form_provider": providers[0].pk, "note": "hi"})
    assert response.status_code == 200
    assert [(providers[0].pk, "hi")] == guard_urls.SAVED


def test_a_form_drawn_for_a_then_submitted_under_b_saves_nothing_and_explains(
    multi_client, providers
):
    alder, birch = providers
    wear(multi_client, alder)
    multi_client.get("/note/")
    wear(multi_client, birch)  # another tab switched provider

    response = multi_client.post("/note/", {"form_provider": alder.pk, "note": "<b>mine</b>"})
    html = response.content.decode()
    assert response.status_code == 409
    assert guard_urls.SAVED == []
    assert "This form was for <strong>Alder SCITT</strong>" in html
    assert "you are now working on <strong>Birch University</strong>" in html
    assert "Switch back to Alder SCITT and save" in html
    assert "Save for Birch University instead" in html
    # The answers come back escaped, ready to resubmit.
    assert 'value="&lt;b&gt;mine&lt;/b&gt;"' in html


def test_switching_back_saves_for_the_original_provider(multi_client, providers):
    alder, birch = providers
    wear(multi_client, birch)
    response = multi_client.post("/note/", {"switch_to_provider": alder.pk, "note": "hi"})
    assert response.status_code == 200
    assert [(alder.pk, "hi")] == guard_urls.SAVED
    assert multi_client.session[HAT_SESSION_KEY] == alder.pk


def test_switching_to_a_foreign_provider_is_refused(multi_client, providers):
    wear(multi_client, providers[1])
    foreign = ProviderFactory()
    response = multi_client.post("/note/", {"switch_to_provider": foreign.pk, "note": "hi"})
    assert response.status_code == 400
    assert guard_urls.SAVED == []
    assert multi_client.session[HAT_SESSION_KEY] == providers[1].pk


def test_a_post_without_the_provider_field_is_refused(multi_client, providers):
    wear(multi_client, providers[0])
    response = multi_client.post("/note/", {"note": "hi"})
    assert response.status_code == 400
    assert guard_urls.SAVED == []


def test_a_form_for_a_provider_no_longer_yours_is_not_saved(multi_client, providers):
    wear(multi_client, providers[0])
    gone = ProviderFactory()
    response = multi_client.post("/note/", {"form_provider": gone.pk, "note": "hi"})
    assert response.status_code == 409
    assert "a provider you no longer work for" in response.content.decode()
    assert guard_urls.SAVED == []
