import pytest

from providers.models import Provider
from tests.factories import TraineeFactory, complete
from trainees import services, trn
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


def test_a_failure_half_way_through_registration_saves_nothing(hat_client, alder, monkeypatch):
    trainee = complete(TraineeFactory(provider=alder))
    history_before = trainee.history_entries.count()

    def national_service_down(count=1):
        raise ConnectionError("TRN service unavailable")

    monkeypatch.setattr(trn, "allocate_trns", national_service_down)
    hat_client.raise_request_exception = False
    response = hat_client.post(
        f"/trainees/{trainee.public_id}/check/",
        {"form_provider": alder.pk, "version": trainee.version},
    )
    assert response.status_code == 500
    trainee.refresh_from_db()
    assert trainee.state == "draft"
    assert trainee.submitted_at is None and trainee.trn is None
    assert trainee.history_entries.count() == history_before


def test_a_failure_while_moving_a_draft_leaves_counts_and_provider_alone(alder, birch, monkeypatch):
    trainee = TraineeFactory(provider=alder)
    counts = dict(Provider.objects.values_list("pk", "trainee_count"))

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Trainee, "save", fail)
    with pytest.raises(RuntimeError):
        services.change_provider(trainee, birch, user=None)
    assert dict(Provider.objects.values_list("pk", "trainee_count")) == counts
    assert Trainee.objects.get(pk=trainee.pk).provider == alder
