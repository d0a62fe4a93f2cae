import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import User
from providers.models import Membership, Partnership, Provider
from trainees.models import Degree, Trainee

pytestmark = pytest.mark.django_db(transaction=True)

ARGS = [
    "--providers",
    "5",
    "--trainees",
    "2000",
    "--seed",
    "7",
    "--bench-hat-size",
    "150",
    "--bench-scope",
    "600",
    "--no-progress",
]


def snapshot():
    return sorted(
        Trainee.objects.values_list(
            "trainee_id",
            "public_id",
            "first_names",
            "last_name",
            "state",
            "training_route",
            "course_subject",
            "trn",
            "itt_start_date",
            "provider__code",
        )
    )


def test_seed_scale_loads_counts_memberships_and_is_deterministic():
    call_command("seed_scale", *ARGS, verbosity=0)
    assert Provider.objects.filter(kind=Provider.Kind.ACCREDITED).count() == 5
    assert Trainee.objects.count() == 2000
    assert Degree.objects.count() > 1000
    assert Trainee.history.count() == 2000
    bench = User.objects.get(email="bench@example.com")
    assert bench.check_password("Register-demo-2026")
    bench_providers = Provider.objects.filter(
        memberships__user=bench, kind=Provider.Kind.ACCREDITED
    ).order_by("pk")
    assert bench_providers.count() == 4
    # Roles as in a real team: managing at the hat provider, viewing only at the last ones.
    roles = dict(Membership.objects.filter(user=bench).values_list("provider__code", "role"))
    assert [roles[p.code] for p in bench_providers] == ["manage", "edit", "edit", "view"]
    # Two training partners; the first also works with a provider the bench user is not in.
    hub, academy = Provider.objects.filter(kind=Provider.Kind.TRAINING_PARTNER).order_by("pk")
    assert (roles[hub.code], roles[academy.code]) == ("edit", "view")
    outside = Provider.objects.filter(partnerships__training_partner=hub).exclude(
        pk__in=bench_providers
    )
    assert outside.count() == 1
    assert Partnership.objects.get(training_partner=hub, accredited_provider=bench_providers[0])
    linked = Trainee.objects.filter(training_partner=hub, provider__in=outside).count()
    assert linked == (outside.get().trainee_count + 1) // 2
    assert Trainee.objects.filter(training_partner=academy, provider=bench_providers[1]).exists()
    sizes = sorted(
        Trainee.objects.filter(provider__in=bench_providers)
        .values("provider")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert sum(sizes) == 600 - (600 - 150) % 3
    assert 150 in sizes
    # Counts kept on providers match the records.
    for provider in Provider.objects.all():
        assert provider.trainee_count == provider.trainees.count()
    # Every state and TRNs are unique and present once registered.
    assert Trainee.objects.values("state").distinct().count() >= 6
    trns = list(Trainee.objects.exclude(trn=None).values_list("trn", flat=True))
    assert len(trns) == len(set(trns)) > 1000
    first = snapshot()

    with pytest.raises(CommandError, match="use --reset"):
        call_command("seed_scale", *ARGS, verbosity=0)
    call_command("seed_scale", *ARGS, "--reset", verbosity=0)
    assert snapshot() == first
    assert Membership.objects.filter(user__email="bench@example.com").count() == 6


def test_seeded_records_show_in_the_list_and_search(client, settings):
    call_command("seed_scale", *ARGS, verbosity=0)
    settings.PROVIDER_MODEL = "blended"
    client.force_login(User.objects.get(email="bench@example.com"))
    html = client.get("/trainees/").content.decode()
    own = Trainee.objects.filter(provider__memberships__user__email="bench@example.com").count()
    assert own in (600, 598)
    linked = (
        Trainee.objects.filter(training_partner__memberships__user__email="bench@example.com")
        .exclude(provider__memberships__user__email="bench@example.com")
        .count()
    )
    assert linked > 0
    assert f"{own + linked:,} records" in html
    trainee = Trainee.objects.filter(provider__memberships__user__email="bench@example.com").first()
    found = client.get(f"/trainees/?q={trainee.last_name[:4]}").content.decode()
    assert trainee.last_name in found
