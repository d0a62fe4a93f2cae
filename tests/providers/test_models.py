import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from providers.models import Membership, Provider
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def make(**fields):
    values = {"name": "Test SCITT", "code": "1ts", "ukprn": "10012345", "accreditation_id": "5123"}
    values.update(fields)
    return Provider(**values)


def test_a_valid_provider_is_saved_with_an_upper_case_code():
    provider = make()
    provider.full_clean()
    provider.save()
    assert Provider.objects.get().code == "1TS"
    assert str(provider) == "Test SCITT (1TS)"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "1T", "Provider code must be 3 letters or numbers, like 1TZ"),
        ("code", "1T!", "Provider code must be 3 letters or numbers, like 1TZ"),
        ("ukprn", "20012345", "UKPRN must be 8 digits starting with 1, like 10012345"),
        ("ukprn", "1001234", "UKPRN must be 8 digits starting with 1, like 10012345"),
        (
            "accreditation_id",
            "123",
            "Accreditation ID must be 4 digits starting with 1 (university) or 5 (SCITT)",
        ),
        (
            "accreditation_id",
            "3123",
            "Accreditation ID must be 4 digits starting with 1 (university) or 5 (SCITT)",
        ),
        ("name", "", "This field cannot be blank."),
    ],
)
def test_fields_are_validated_with_clear_messages(field, value, message):
    with pytest.raises(ValidationError) as error:
        make(**{field: value}).full_clean()
    assert message in error.value.message_dict[field]


def test_codes_and_ukprns_are_unique():
    ProviderFactory(code="ABC", ukprn="10000001")
    with pytest.raises(ValidationError) as error:
        make(code="abc", ukprn="10000001").full_clean()
    assert "Another provider already has this provider code" in error.value.message_dict["code"]
    assert "Another provider already has this UKPRN" in error.value.message_dict["ukprn"]


def test_a_user_is_a_member_of_a_provider_once():
    user, provider = UserFactory(), ProviderFactory()
    Membership.objects.create(user=user, provider=provider)
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, provider=provider)
