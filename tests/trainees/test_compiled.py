"""The record page's reads compiled once a process (trainees.compiled) give what the ORM
gives: every field with its type, the provider and training partner, the degrees and the
Timeline's history rows, for users of any number of organisations."""

import datetime

import pytest
from django.forms.models import model_to_dict

from providers.context import ProviderContext
from providers.models import Role
from providers.selectors import providers_for_user
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    ProviderFactory,
    TraineeFactory,
    member_of,
    partnership,
    registered,
)
from trainees import history, selectors
from trainees.models import Degree, Trainee

pytestmark = pytest.mark.django_db


def context_of(user):
    return ProviderContext(user=user, providers=tuple(providers_for_user(user)), model="blended")


def fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.fixture
def record(alder):
    partner = PartnerFactory()
    partnership(alder, partner)
    trainee = registered(
        TraineeFactory(
            provider=alder,
            training_partner=partner,
            disabilities=["learning_difficulty", "other"],
            date_of_birth=datetime.date(1990, 2, 28),
        )
    )
    Degree.objects.create(
        trainee=trainee,
        subject="History",
        institution="University of York",
        grade="first",
        graduation_year=2012,
    )
    Degree.objects.create(
        trainee=trainee,
        subject="Art",
        institution="Goldsmiths",
        grade="upper_second",
        graduation_year=2010,
    )
    return Trainee.objects.get(pk=trainee.pk)


@pytest.mark.parametrize("organisations", [1, 3])
def test_a_record_is_read_as_the_orm_reads_it(record, alder, organisations):
    others = [ProviderFactory() for _ in range(organisations - 1)]
    found = selectors.find_trainee(context_of(member_of(alder, *others)), record.public_id)
    assert fields(found) == fields(record)
    assert isinstance(found.updated_at, datetime.datetime) and found.updated_at.tzinfo
    assert found.disabilities == ["learning_difficulty", "other"]
    assert fields(found.provider) == fields(record.provider)
    assert fields(found.training_partner) == fields(record.training_partner)
    degrees = selectors.degrees_of(found)
    assert [model_to_dict(d) for d in degrees] == [
        model_to_dict(d) for d in record.degrees.order_by("graduation_year", "id")
    ]


def test_a_record_is_found_only_within_the_users_organisations(record, alder):
    partner = record.training_partner
    assert (
        selectors.find_trainee(context_of(member_of(ProviderFactory())), record.public_id) is None
    )
    through_partner = member_of(partner, role=Role.VIEW)
    assert selectors.find_trainee(context_of(through_partner), record.public_id) == record
    # The same compiled query, with other organisations in its places.
    elsewhere = member_of(ProviderFactory())
    MembershipFactory(user=elsewhere, provider=PartnerFactory())
    assert selectors.find_trainee(context_of(elsewhere), record.public_id) is None


def test_the_timeline_reads_the_history_as_the_orm_does(record, alder):
    rows = history.timeline(record)
    orm = [
        (row.history_date, row.history_type, row.history_user_id, row.acting_provider_id)
        for row in record.history_entries.order_by("history_date", "history_id")
    ]
    trainee_history, degree_history = history._history_queries()
    compiled = trainee_history({history._TRAINEE_ID: record.pk})
    assert [
        (row.history_date, row.history_type, row.history_user_id, row.acting_provider_id)
        for row in compiled
    ] == orm
    assert all(row.acting_provider == alder for row in compiled if row.acting_provider_id)
    compiled_degrees = degree_history({history._TRAINEE_ID: record.pk})
    orm_degrees = Degree.history.filter(trainee_id=record.pk).order_by("history_date", "history_id")
    assert [(d.history_id, d.subject, d.history_type) for d in compiled_degrees] == [
        (d.history_id, d.subject, d.history_type) for d in orm_degrees
    ]
    assert len(compiled_degrees) == 3  # the factory's degree and the two added
    assert [entry.title for entry in rows][-1] == "Record created"
