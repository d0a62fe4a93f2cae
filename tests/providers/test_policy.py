"""The access policy, table-driven and without HTTP: who (organisation kind and role) may
do what to which record (its provider, its partner, draft or registered, sent to check)."""

from pathlib import Path

import pytest

from providers import policy
from providers.access_table import markdown
from providers.context import ProviderContext
from providers.models import Role
from tests.factories import (
    PartnerFactory,
    ProviderFactory,
    TraineeFactory,
    UserFactory,
    member_of,
    partnership,
    registered,
)
from trainees.constants import PartnerReview

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world():
    alder, foreign = ProviderFactory(name="Alder SCITT"), ProviderFactory()
    oak, elm = PartnerFactory(name="Oak Academy"), PartnerFactory(name="Elm School")
    partnership(alder, oak, may_draft=True)
    partnership(alder, elm)
    return {"alder": alder, "foreign": foreign, "oak": oak, "elm": elm}


def context_for(user) -> ProviderContext:
    """The context the middleware builds, without HTTP."""
    from providers.selectors import providers_for_user

    return ProviderContext(user=user, providers=tuple(providers_for_user(user)), model="blended")


def record(world, situation):
    alder, oak, elm = world["alder"], world["oak"], world["elm"]
    if situation == "own draft":
        return TraineeFactory(provider=alder)
    if situation == "own registered":
        return registered(TraineeFactory(provider=alder))
    if situation == "partner's draft":
        return TraineeFactory(provider=alder, drafting_partner=oak, training_partner=oak)
    if situation == "partner's draft to check":
        return TraineeFactory(
            provider=alder,
            drafting_partner=oak,
            training_partner=oak,
            partner_review=PartnerReview.TO_CHECK,
        )
    if situation == "registered, linked to Elm":
        return registered(TraineeFactory(provider=alder, training_partner=elm))
    if situation == "registered, linked to Oak":
        return registered(TraineeFactory(provider=alder, training_partner=oak))
    return TraineeFactory(provider=world["foreign"])


ACTOR_SETUP = {
    "viewer": ("alder", Role.VIEW),
    "editor": ("alder", Role.EDIT),
    "manager": ("alder", Role.MANAGE),
    "partner viewer": ("elm", Role.VIEW),
    "partner editor (no drafting)": ("elm", Role.EDIT),
    "drafter": ("oak", Role.EDIT),
    "drafter viewing only": ("oak", Role.VIEW),
}

# (actor, record, action, allowed): written from the issue, not from the policy.
TABLE = [
    # Accredited provider members see their provider's records; only editors change them.
    ("viewer", "own registered", "view", True),
    ("viewer", "own registered", "defer", False),
    ("viewer", "own draft", "change", False),
    ("viewer", "own draft", "register", False),
    ("viewer", "own draft", "delete", False),
    ("viewer", "foreign", "view", False),
    ("editor", "own draft", "change", True),
    ("editor", "own draft", "register", True),
    ("editor", "own registered", "defer", True),
    ("editor", "own registered", "withdraw", True),
    ("editor", "own registered", "recommend", True),
    ("editor", "own registered", "reinstate", True),
    ("editor", "own registered", "award", False),
    ("editor", "own registered", "move_registered", False),
    ("editor", "own draft", "move_draft", True),
    ("editor", "foreign", "view", False),
    ("editor", "foreign", "change", False),
    ("editor", "partner's draft", "change", True),
    ("editor", "partner's draft to check", "register", True),
    ("editor", "partner's draft to check", "return_to_partner", True),
    ("editor", "own draft", "return_to_partner", False),
    ("editor", "partner's draft", "send_for_check", False),
    ("manager", "own registered", "defer", True),
    ("manager", "own draft", "change", True),
    # Training partners see what is linked to them, and change nothing...
    ("partner viewer", "registered, linked to Elm", "view", True),
    ("partner viewer", "registered, linked to Elm", "defer", False),
    ("partner viewer", "registered, linked to Oak", "view", False),
    ("partner viewer", "own draft", "view", False),
    ("partner editor (no drafting)", "registered, linked to Elm", "change", False),
    ("partner editor (no drafting)", "registered, linked to Elm", "register", False),
    # ...unless the partnership lets them draft: their own drafts, until sent to check.
    ("drafter", "partner's draft", "view", True),
    ("drafter", "partner's draft", "change", True),
    ("drafter", "partner's draft", "delete", True),
    ("drafter", "partner's draft", "send_for_check", True),
    ("drafter", "partner's draft", "register", False),
    ("drafter", "partner's draft", "move_draft", False),
    ("drafter", "partner's draft to check", "change", False),
    ("drafter", "partner's draft to check", "send_for_check", False),
    ("drafter", "partner's draft to check", "return_to_partner", False),
    ("drafter", "registered, linked to Oak", "view", True),
    ("drafter", "registered, linked to Oak", "change", False),
    ("drafter", "registered, linked to Oak", "defer", False),
    ("drafter", "own draft", "change", False),
    ("drafter viewing only", "partner's draft", "change", False),
    ("drafter viewing only", "partner's draft", "send_for_check", False),
]


@pytest.mark.parametrize(("actor", "situation", "action", "allowed"), TABLE)
def test_the_policy(world, actor, situation, action, allowed):
    organisation, role = ACTOR_SETUP[actor]
    context = context_for(member_of(world[organisation], role=role))
    assert policy.can(context, action, record(world, situation)) is allowed


@pytest.mark.parametrize(
    ("actor", "situation", "action", "allowed"),
    [
        ("staff with a membership", "own registered", "award", True),
        ("staff with a membership", "own registered", "move_registered", True),
        ("staff without a membership", "own registered", "award", False),
    ],
)
def test_support_staff_award_and_move_records_they_can_see(
    world, actor, situation, action, allowed
):
    staff = UserFactory(is_staff=True)
    if actor == "staff with a membership":
        member = member_of(world["alder"], role=Role.VIEW)
        staff = member
        staff.is_staff = True
        staff.save()
    assert policy.can(context_for(staff), action, record(world, situation)) is allowed


@pytest.mark.parametrize(
    ("organisations", "expected"),
    [
        ([("alder", Role.EDIT)], ["Alder SCITT"]),
        ([("alder", Role.VIEW)], []),
        ([("oak", Role.EDIT)], ["Alder SCITT"]),  # drafts for Alder
        ([("oak", Role.VIEW)], []),
        ([("elm", Role.EDIT)], []),  # Elm's partnership does not let it draft
        ([("alder", Role.VIEW), ("oak", Role.EDIT)], ["Alder SCITT"]),
    ],
)
def test_who_can_add_a_trainee_and_for_whom(world, organisations, expected):
    user = UserFactory()
    from tests.factories import MembershipFactory

    for organisation, role in organisations:
        MembershipFactory(user=user, provider=world[organisation], role=role)
    context = context_for(user)
    assert [p.name for p in policy.providers_to_add_for(context)] == expected
    assert policy.can(context, "add") is bool(expected)


def test_only_managers_manage_their_team(world):
    for role, manages in ((Role.VIEW, False), (Role.EDIT, False), (Role.MANAGE, True)):
        context = context_for(member_of(world["alder"], role=role))
        assert policy.manages_team(context, world["alder"]) is manages
        assert policy.manages_team(context, world["foreign"]) is False


def test_an_unknown_action_is_a_mistake_not_a_refusal(world):
    context = context_for(member_of(world["alder"]))
    with pytest.raises(KeyError):
        policy.can(context, "teleport")


def test_docs_access_md_is_printed_from_the_policy():
    written = (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
    assert written == markdown(), (
        "docs/access.md differs from the policy: run "
        "`python manage.py print_access_policy --write docs/access.md`"
    )
