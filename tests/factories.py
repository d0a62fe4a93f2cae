import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from providers.models import Membership, Provider


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


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    provider = factory.SubFactory(ProviderFactory)


def _base36(number: int, width: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(width):
        number, remainder = divmod(number, 36)
        out = digits[remainder] + out
    return out


def member_of(*providers, **user_fields):
    """A user who works for exactly these providers."""
    user = UserFactory(**user_fields)
    for provider in providers:
        MembershipFactory(user=user, provider=provider)
    return user
