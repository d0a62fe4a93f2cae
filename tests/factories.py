import datetime

import factory
from django.db import transaction
from factory.django import DjangoModelFactory

from accounts.models import User
from providers.models import Membership, Partnership, Provider, Role
from trainees.constants import TraineeState, TrainingRoute
from trainees.models import Degree, Trainee


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "Factory-password-2026")
        if create:
            self.save(update_fields=["password"])


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Provider {n:03d} SCITT")
    code = factory.Sequence(lambda n: "P" + _base36(n, 2))
    ukprn = factory.Sequence(lambda n: f"1{n:07d}")
    accreditation_id = factory.Sequence(lambda n: f"5{n % 1000:03d}")


class PartnerFactory(ProviderFactory):
    """A training partner: a lead or employing school, with no accreditation ID."""

    name = factory.Sequence(lambda n: f"Partner School {n:03d}")
    kind = Provider.Kind.TRAINING_PARTNER
    accreditation_id = ""


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    provider = factory.SubFactory(ProviderFactory)
    role = Role.EDIT


def partnership(provider, partner, *, may_draft=False):
    return Partnership.objects.create(
        accredited_provider=provider, training_partner=partner, partner_may_draft=may_draft
    )


def _base36(number: int, width: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(width):
        number, remainder = divmod(number, 36)
        out = digits[remainder] + out
    return out


def member_of(*providers, role=Role.EDIT, **user_fields):
    """A user who works for exactly these organisations, in ``role`` at each."""
    user = UserFactory(**user_fields)
    for provider in providers:
        MembershipFactory(user=user, provider=provider, role=role)
    return user


class TraineeFactory(DjangoModelFactory):
    """A draft with every section answered but none marked complete. See ``complete()``."""

    class Meta:
        model = Trainee

    provider = factory.SubFactory(ProviderFactory)
    training_route = TrainingRoute.PROVIDER_LED_POSTGRAD
    first_names = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(1995, 5, 17)
    sex = "female"
    nationality = "British"
    email = factory.LazyAttribute(lambda t: f"{t.first_names}.{t.last_name}@example.com".lower())
    diversity_disclosed = False
    course_subject = "mathematics"
    age_range = "11_to_16"
    education_phase = "secondary"
    study_mode = "full_time"
    itt_start_date = datetime.date(2026, 9, 1)
    itt_end_date = datetime.date(2027, 7, 31)
    trainee_id = factory.Sequence(lambda n: f"T{n:05d}")
    funding_type = "bursary"


def complete(trainee, *, with_degree=True):
    """Mark every section complete (adding a degree where the route needs one)."""
    from trainees.sections import sections_for

    if with_degree and not trainee.degrees.exists():
        Degree.objects.create(
            trainee=trainee,
            subject="Mathematics",
            institution="University of Leeds",
            grade="first",
            graduation_year=2020,
        )
    for section in sections_for(trainee):
        setattr(trainee, section.completed_field, True)
    trainee.save()
    return trainee


def registered(trainee, state=None, **fields):
    """A registered record with a TRN, optionally in a later state."""
    from trainees.trn import allocate_trns

    with transaction.atomic():
        trainee.trn = allocate_trns(1)[0]
    trainee.state = state or TraineeState.TRN_RECEIVED
    for name, value in fields.items():
        setattr(trainee, name, value)
    complete(trainee)
    return trainee
