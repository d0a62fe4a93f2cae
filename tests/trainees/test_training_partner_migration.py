"""Migration 0008 links free-text lead partner schools to the provider's training partners
where the names match, and keeps the text where none does."""

import importlib

import pytest
from django.apps import apps

from tests.factories import PartnerFactory, ProviderFactory, TraineeFactory, partnership

pytestmark = pytest.mark.django_db

link = importlib.import_module("trainees.migrations.0008_link_training_partners").link


def test_matching_names_are_linked_and_others_kept():
    alder, birch = ProviderFactory(), ProviderFactory()
    oak = PartnerFactory(name="Oak Hill Academy")
    partnership(alder, oak)
    matched = TraineeFactory(provider=alder, lead_partner_school="  oak hill   ACADEMY ")
    unknown = TraineeFactory(provider=alder, lead_partner_school="Ash Grove School")
    # Oak is not Birch's partner: the same name stays text there.
    elsewhere = TraineeFactory(provider=birch, lead_partner_school="Oak Hill Academy")
    link(apps, None)
    for trainee in (matched, unknown, elsewhere):
        trainee.refresh_from_db()
    assert (matched.training_partner, matched.lead_partner_school) == (oak, "")
    assert (unknown.training_partner, unknown.lead_partner_school) == (None, "Ash Grove School")
    assert (elsewhere.training_partner, elsewhere.lead_partner_school) == (None, "Oak Hill Academy")
