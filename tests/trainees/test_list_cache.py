"""The list's cache of pages (PostgreSQL): a page asked for again is not read again, and
no change to a record, a membership or a role is ever hidden by it."""

import re
import threading
from contextlib import suppress

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from providers.models import Membership, Provider, Role
from tests.conftest import wear
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    ProviderFactory,
    TraineeFactory,
    UserFactory,
    member_of,
    partnership,
)
from trainees import services
from trainees.models import Trainee

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="records versions come from a PostgreSQL sequence; SQLite keeps no cache",
    ),
]

QUERIES = ("", "q=ashd", "sort=last_name", "study_mode=full_time")
NAME = re.compile(r'<a class="govuk-link" href="/trainees/[0-9a-f-]+/">([^<]+)</a>')


def visit(client, query=""):
    """The names the list shows and the statements that read trainee records for it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/trainees/?{query}")
    assert response.status_code == 200
    reads = [q["sql"] for q in queries if "trainees_trainee" in q["sql"]]
    return NAME.findall(response.content.decode()), reads


@pytest.fixture
def ashdown(alder):
    return TraineeFactory(provider=alder, first_names="Ash", last_name="Ashdown")


@pytest.mark.parametrize("model", ["hat", "blended"])
def test_a_page_asked_for_again_is_not_read_again(
    client, multi_user, alder, ashdown, settings, model
):
    settings.PROVIDER_MODEL = model
    client.force_login(multi_user)
    if model == "hat":
        wear(client, alder)
    for query in QUERIES:
        shown, reads = visit(client, query)
        assert shown == ["Ash Ashdown"], query
        assert len(reads) == 1, query
        assert visit(client, query) == (shown, []), query
    # Kept by what is read, not by the address: the same page asked for another way.
    assert visit(client, "sort=last_name&page=1&q=") == (["Ash Ashdown"], [])


def rename(trainee):
    Trainee.objects.filter(pk=trainee.pk).update(last_name="Zephyr")


def rename_in_sql(trainee):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE trainees_trainee SET last_name = %s WHERE id = %s", ["Zephyr", trainee.pk]
        )


def rename_and_save(trainee):
    trainee.last_name = "Zephyr"
    trainee.save()


def move_away(trainee):
    Trainee.objects.filter(pk=trainee.pk).update(provider=ProviderFactory())


def truncate(trainee):
    with connection.cursor() as cursor:
        # The test's transaction defers its foreign keys' checks, which TRUNCATE refuses.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE trainees_trainee CASCADE")


def add_another(trainee):
    TraineeFactory(provider=trainee.provider, first_names="Ash", last_name="Zephyr")


CHANGES = {
    "renamed by a query": (rename, ["Ash Zephyr"]),
    "renamed in SQL": (rename_in_sql, ["Ash Zephyr"]),
    "renamed and saved": (rename_and_save, ["Ash Zephyr"]),
    "deleted": (Trainee.delete, []),
    "moved to a provider the user is not in": (move_away, []),
    "every record removed at once": (truncate, []),
    "another added": (add_another, ["Ash Zephyr", "Ash Ashdown"]),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_changed_record_is_seen_on_the_next_request(blended_client, ashdown, change):
    make_change, names_after = change
    assert visit(blended_client)[0] == ["Ash Ashdown"]
    assert visit(blended_client, "sort=last_name")[0] == ["Ash Ashdown"]
    make_change(ashdown)
    assert sorted(visit(blended_client)[0]) == sorted(names_after)
    assert visit(blended_client, "sort=last_name")[0] == sorted(
        names_after, key=lambda name: name.split()[-1]
    )


def test_a_training_partners_list_follows_the_records_linked_to_it(client, settings):
    settings.PROVIDER_MODEL = "blended"
    provider, partner = ProviderFactory(), PartnerFactory()
    partnership(provider, partner)
    record = TraineeFactory(provider=provider, last_name="Linked")
    user = member_of()
    MembershipFactory(user=user, provider=partner, role=Role.VIEW)
    client.force_login(user)

    def last_names():
        return sorted(name.split()[-1] for name in visit(client)[0])

    # The provider's records are not the partner's: each change must reach the version
    # of the partner the record is linked to, before or after the change.
    assert last_names() == []
    Trainee.objects.filter(pk=record.pk).update(training_partner=partner)
    assert last_names() == ["Linked"]
    added = TraineeFactory(provider=provider, training_partner=partner, last_name="Added")
    assert last_names() == ["Added", "Linked"]
    added.delete()
    assert last_names() == ["Linked"]
    Trainee.objects.filter(pk=record.pk).update(training_partner=None)
    assert last_names() == []


def test_a_removed_membership_is_seen_on_the_next_request_of_the_same_page(
    blended_client, multi_user, alder, birch, ashdown
):
    TraineeFactory(provider=birch, first_names="Bea", last_name="Bramley")
    assert sorted(visit(blended_client, "sort=last_name")[0]) == ["Ash Ashdown", "Bea Bramley"]
    Membership.objects.filter(user=multi_user, provider=alder).delete()
    assert visit(blended_client, "sort=last_name")[0] == ["Bea Bramley"]


def test_a_lowered_role_is_seen_on_the_next_request_of_the_same_page(
    blended_client, multi_user, alder, ashdown
):
    def view_only_rows():
        return blended_client.get("/trainees/").content.decode().count(">View only</span>")

    assert view_only_rows() == 0
    Membership.objects.filter(user=multi_user, provider=alder).update(role=Role.VIEW)
    assert view_only_rows() == 1


def test_a_rolled_back_change_never_gives_its_version_again(alder, ashdown):
    before = Provider.objects.get(pk=alder.pk).records_version
    with suppress(RuntimeError), transaction.atomic():
        rename(ashdown)
        rolled_back = Provider.objects.get(pk=alder.pk).records_version
        raise RuntimeError("undo the change")
    assert Provider.objects.get(pk=alder.pk).records_version == before
    add_another(ashdown)
    assert Provider.objects.get(pk=alder.pk).records_version not in (before, rolled_back)


def test_a_provider_saved_from_an_old_read_keeps_what_its_records_changed(alder, ashdown):
    read_before = Provider.objects.get(pk=alder.pk)
    add_another(ashdown)
    changed = Provider.objects.get(pk=alder.pk)
    read_before.name = "Alder Teaching School SCITT"
    read_before.save()
    saved = Provider.objects.get(pk=alder.pk)
    assert saved.name == "Alder Teaching School SCITT"
    assert (saved.trainee_count, saved.records_version) == (2, changed.records_version)
    assert saved.records_version != read_before.records_version


def beside_a_partners_new_draft(change, held, provider, partner, user) -> dict:
    """Makes ``change`` in one thread and, once ``held`` is set (while the change holds its
    locks), starts the training partner's new draft for ``provider`` in another; what
    each came to."""
    outcome = {}

    def make_change():
        try:
            change()
            outcome["change"] = "made"
        except Exception as error:  # noqa: BLE001 - the outcome says which
            outcome["change"] = repr(error)
        finally:
            held.set()
            connections.close_all()

    def start_draft():
        held.wait(10)
        try:
            services.create_draft(
                provider=provider,
                training_route="provider_led_postgrad",
                user=user,
                drafting_partner=partner,
            )
            outcome["draft"] = "started"
        except Exception as error:  # noqa: BLE001
            outcome["draft"] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=make_change), threading.Thread(target=start_draft)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcome


def mark_degrees(record, user):
    services.mark_degrees(record, completed=True, user=user)


def move_to_another_provider(record, user):
    services.change_provider(record, ProviderFactory(), user=user)


# A change, and the step of it after which it is held while the draft is started: the
# record locked (a save that only updates it), or a first counter changed (a move).
CHANGES_HELD = {
    "a save": (mark_degrees, "_locked"),
    "a move": (move_to_another_provider, "_count"),
}


@pytest.mark.parametrize("change", CHANGES_HELD.values(), ids=CHANGES_HELD.keys())
@pytest.mark.django_db(transaction=True)
def test_a_change_and_a_partners_new_draft_at_once_both_succeed(monkeypatch, change):
    """The triggers lock a change's organisations in id order; a service that changes a
    record locks them at its start, in the same order, so a change and a training
    partner's new draft for the same provider wait for each other instead of deadlocking
    (the partner, made first, has the lower id)."""
    make_change, held_after = change
    partner = PartnerFactory()
    provider = ProviderFactory()
    partnership(provider, partner, may_draft=True)
    record = TraineeFactory(provider=provider, training_partner=partner)
    user = UserFactory()
    held = threading.Event()
    step = getattr(services, held_after)

    def step_then_hold(*args, **kwargs):
        done = step(*args, **kwargs)
        if not held.is_set():
            held.set()
            threading.Event().wait(1.0)  # the draft is started while the change holds
        return done

    monkeypatch.setattr(services, held_after, step_then_hold)
    outcome = beside_a_partners_new_draft(
        lambda: make_change(record, user), held, provider, partner, user
    )
    assert outcome == {"change": "made", "draft": "started"}
    assert Trainee.objects.filter(drafting_partner=partner).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_new_partnership_and_a_partners_new_draft_at_once_both_succeed():
    """A provider changed with a new partnership (as its admin page saves them) holds the
    provider, and its partnership's reference to the partner is checked at commit; the
    triggers' lock on the partner must let that check through, or the two deadlock."""
    partner = PartnerFactory()
    provider = ProviderFactory()
    saved = threading.Event()

    def save_provider_with_partnership():
        with transaction.atomic():
            changed = Provider.objects.get(pk=provider.pk)
            changed.name = "Renamed SCITT"
            changed.save()
            saved.set()
            threading.Event().wait(1.0)  # the draft is started meanwhile
            partnership(changed, partner, may_draft=True)

    outcome = beside_a_partners_new_draft(
        save_provider_with_partnership, saved, provider, partner, UserFactory()
    )
    assert outcome == {"change": "made", "draft": "started"}
    assert Trainee.objects.filter(provider=provider, training_partner=partner).count() == 1
