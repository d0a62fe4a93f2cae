import pytest
from django.core.management import call_command
from django.db.models import Count

from trainees.constants import TraineeState, TrainingRoute
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEMO_MODE = True
    call_command("seed_demo", verbosity=0)


def test_demo_trainees_are_spread_across_providers_states_and_routes(seeded):
    per_provider = list(
        Trainee.objects.values("provider").annotate(n=Count("id")).values_list("n", flat=True)
    )
    assert len(per_provider) >= 8
    assert all(15 <= n <= 60 for n in per_provider)
    assert len(set(per_provider)) == len(per_provider)
    states = set(Trainee.objects.values_list("state", flat=True))
    assert states == set(TraineeState.values)
    routes = set(Trainee.objects.values_list("training_route", flat=True))
    assert routes == set(TrainingRoute.values)
    assert Trainee.objects.values("course_subject").distinct().count() >= 15
    registered = Trainee.objects.exclude(state__in=["draft", "submitted_for_trn"])
    assert not registered.filter(trn__isnull=True).exists()
    assert Trainee.objects.filter(state="draft", trn__isnull=False).count() == 0


def test_rerunning_seed_demo_adds_no_trainees_and_is_deterministic(seeded):
    before = sorted(Trainee.objects.values_list("trainee_id", "first_names", "last_name", "state"))
    call_command("seed_demo", verbosity=0)
    after = sorted(Trainee.objects.values_list("trainee_id", "first_names", "last_name", "state"))
    assert before == after
