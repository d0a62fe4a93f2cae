import pytest

from research.models import UsageEvent
from tests.conftest import wear


@pytest.fixture
def split(settings):
    """A deployment that splits its users between the models and records their use."""
    settings.PROVIDER_MODEL = "split"
    settings.RESEARCH_EVENTS = True
    settings.DEMO_MODE = False


def pin(user, model):
    user.pinned_provider_model = model
    user.save(update_fields=["pinned_provider_model"])
    return user


@pytest.fixture
def hat_user_client(client, split, multi_user, alder):
    """A user of Alder and Birch given the hat model, acting for Alder."""
    client.force_login(pin(multi_user, "hat"))
    wear(client, alder)
    return client


@pytest.fixture
def blended_user_client(client, split, multi_user):
    client.force_login(pin(multi_user, "blended"))
    return client


def events(kind=None):
    rows = UsageEvent.objects.order_by("pk")
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows)


def kinds():
    return [event.kind for event in events()]
