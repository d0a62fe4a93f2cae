import pytest

from providers.hat import HAT_SESSION_KEY
from tests.factories import ProviderFactory, member_of


@pytest.fixture
def alder(db):
    return ProviderFactory(name="Alder SCITT", code="1AL")


@pytest.fixture
def birch(db):
    return ProviderFactory(name="Birch University", code="2BI")


@pytest.fixture
def foreign(db):
    return ProviderFactory(name="Foreign Partnership", code="9FO")


@pytest.fixture
def multi_user(alder, birch):
    return member_of(alder, birch, first_name="Morgan", last_name="Multi")


def wear(client, provider):
    session = client.session
    session[HAT_SESSION_KEY] = provider.pk
    session.save()


@pytest.fixture
def hat_client(client, multi_user, alder, settings):
    """A user of two providers, in the hat model, acting for Alder."""
    settings.PROVIDER_MODEL = "hat"
    client.force_login(multi_user)
    wear(client, alder)
    return client


@pytest.fixture
def blended_client(client, multi_user, settings):
    settings.PROVIDER_MODEL = "blended"
    client.force_login(multi_user)
    return client
