"""No user ever sees or changes a record they may not.

The matrix is built from the URLconf itself (tests/routes.py): every route that takes a
parameter must be either a record route whose parameters the matrix knows how to fill, or
listed as not a record route, with the reason. A new route that takes an id fails
``test_every_route_with_parameters_is_covered`` until it is added, with the state a
record must be in for the route's action to make sense (``ROUTE_STATES``).

For every record route, every method it accepts and both provider models, each kind of
user gets exactly one answer, and a refusal leaves the trainee, its degrees and their
history exactly as they were.
"""

import csv
import io

import pytest

from providers.models import Role
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    ProviderFactory,
    TraineeFactory,
    UserFactory,
    member_of,
    partnership,
)
from tests.routes import (
    NOT_RECORD_ROUTES,
    RECORD_PARAMETERS,
    ROUTE_STATES,
    SECTION_ROUTES,
    STAFF_ONLY_ROUTES,
    TO_CHECK,
    accepted_methods,
    as_drawn,
    make_record,
    record_routes,
    routes_with_parameters,
    send,
    snapshot,
    url_for,
    wear,
)

pytestmark = pytest.mark.django_db


def test_every_route_with_parameters_is_covered():
    uncovered = [
        f"{route} ({name})"
        for route, _, name, parameters in routes_with_parameters()
        if name not in NOT_RECORD_ROUTES
        and (not parameters <= RECORD_PARAMETERS or name not in ROUTE_STATES)
    ]
    assert uncovered == [], f"add these routes to the isolation matrix: {uncovered}"
    assert len(record_routes()) >= 20


def cases():
    return [
        pytest.param(namespace, name, parameters, state, id=f"{name}-{state}")
        for namespace, name, parameters in record_routes()
        for state in ROUTE_STATES.get(name, ())
    ]


# Who the matrix asks, and through which organisation each sees Alder SCITT's records.
ACTORS = ("outsider", "viewer", "editor", "manager", "partner", "drafter", "staff")
# Pages anyone who may see a record may open.
VIEW_PAGES = {("record", "GET"), ("check", "GET"), ("registered", "GET")}
# What a training partner that drafts does to its own drafts (not once sent to be checked).
DRAFTER_ROUTES = SECTION_ROUTES | {
    "degrees",
    "degree_add",
    "degree_edit",
    "degree_remove",
    "change_route",
    "delete",
    "check",
}


@pytest.fixture
def world():
    alder = ProviderFactory(name="Alder SCITT")
    birch = ProviderFactory(name="Birch University")
    foreign = ProviderFactory(name="Foreign Partnership")
    oak, elm = PartnerFactory(name="Oak Academy"), PartnerFactory(name="Elm School")
    partnership(alder, oak, may_draft=True)
    partnership(alder, elm)
    staff = UserFactory(is_staff=True)
    MembershipFactory(user=staff, provider=alder, role=Role.EDIT)
    return {
        "alder": alder,
        "birch": birch,
        "foreign": foreign,
        "oak": oak,
        "elm": elm,
        "outsider": member_of(foreign),
        "viewer": member_of(alder, role=Role.VIEW),
        "editor": member_of(alder, birch),
        "manager": member_of(alder, role=Role.MANAGE),
        "partner": member_of(elm, role=Role.VIEW),
        "drafter": member_of(oak, role=Role.EDIT),
        "staff": staff,
    }


def hat_of(world, actor):
    """The organisation each actor works through."""
    return {"outsider": "foreign", "partner": "elm", "drafter": "oak"}.get(actor, "alder")


def record_for(world, actor, state):
    """A fresh record of Alder SCITT that ``actor`` is asked about: linked to the partner
    they work for (the drafter's drafts are its own)."""
    partner = world["oak"] if actor == "drafter" else world["elm"]
    if state == TO_CHECK:
        partner = world["oak"]
    return make_record(world["alder"], state, partner=partner)


def expected(actor, name, method, state) -> set[int]:
    """The answer ``actor`` must get: 404 outside their organisations, 403 for an action
    their role does not allow, else the page (200) or the action done or redrawn."""
    # The page, the action done, its form redrawn with errors, or (a move with nowhere to
    # move to) a redirect back to the record.
    allowed = {200, 302}
    if actor == "outsider" or (actor == "partner" and state == TO_CHECK):
        return {404}  # not theirs: a partner's draft to check is linked to that partner
    if actor == "staff":
        return allowed
    if actor in ("editor", "manager"):
        return {403} if name in STAFF_ONLY_ROUTES else allowed
    if (name, method) in VIEW_PAGES:
        return allowed
    if actor == "drafter" and state == "draft" and name in DRAFTER_ROUTES:
        return allowed
    return {403}


def assert_refused_and_unchanged(client, method, url, data, trainee, status, text=None):
    before = snapshot(trainee)
    response = send(client, method, url, data)
    assert response.status_code == status, (method, url, response.status_code)
    if text:
        assert text in response.content.decode(), (method, url)
    assert snapshot(trainee) == before, (method, url)


@pytest.mark.parametrize("model", ["hat", "blended"])
@pytest.mark.parametrize(("namespace", "name", "parameters", "state"), cases())
def test_isolation_matrix(client, world, settings, model, namespace, name, parameters, state):
    settings.PROVIDER_MODEL = model
    probe = make_record(world["alder"], state)
    client.force_login(world["staff"])
    wear(client, world["alder"])
    methods = accepted_methods(client, url_for(namespace, name, parameters, probe))
    checked = 0
    for method in methods:
        trainee = record_for(world, "staff", state)
        url = url_for(namespace, name, parameters, trainee)
        client.logout()
        before = snapshot(trainee)
        response = send(client, method, url, {"version": trainee.version})
        assert response.status_code == 302, (method, url, response.status_code)
        assert response["Location"].startswith("/accounts/login/"), (method, url)
        assert snapshot(trainee) == before

        for actor in ACTORS:
            trainee = record_for(world, actor, state)
            url = url_for(namespace, name, parameters, trainee)
            organisation = world[hat_of(world, actor)]
            client.force_login(world[actor])
            wear(client, organisation)
            drawn = {"form_provider": organisation.pk, "version": trainee.version}
            if method == "POST":
                drawn = {**drawn, **as_drawn(client, url, trainee, organisation)}
            answers = expected(actor, name, method, state)
            if answers <= {403, 404}:
                (status,) = answers
                assert_refused_and_unchanged(client, method, url, drawn, trainee, status)
            else:
                response = send(client, method, url, drawn)
                assert response.status_code in answers, (actor, method, url, response.status_code)
            checked += 1

        if model == "hat":
            # An editor wearing another of their providers' hats: offered a switch, and a
            # form sent from there saves nothing.
            trainee = record_for(world, "editor", state)
            url = url_for(namespace, name, parameters, trainee)
            client.force_login(world["editor"])
            wear(client, world["alder"])
            drawn = as_drawn(client, url, trainee, world["alder"]) if method == "POST" else {}
            wear(client, world["birch"])
            if method == "POST":
                assert_refused_and_unchanged(
                    client,
                    method,
                    url,
                    {**drawn, "form_provider": world["birch"].pk},
                    trainee,
                    409,
                    "You changed provider while this form was open",
                )
            else:
                assert_refused_and_unchanged(
                    client, method, url, {}, trainee, 200, "This record belongs to Alder SCITT"
                )
    assert checked == len(methods) * len(ACTORS)


def test_a_record_not_linked_to_a_training_partner_is_not_found_by_it(client, world, settings):
    trainee = make_record(world["alder"], "trn_received")  # no partner
    for model in ("hat", "blended"):
        settings.PROVIDER_MODEL = model
        for actor in ("partner", "drafter"):
            client.force_login(world[actor])
            assert client.get(trainee.get_absolute_url()).status_code == 404


@pytest.fixture
def counted(world):
    for _ in range(2):
        TraineeFactory(provider=world["alder"], last_name="Ashdown")
    for _ in range(3):
        TraineeFactory(provider=world["birch"], last_name="Ashdown")
    for _ in range(7):
        TraineeFactory(provider=world["foreign"], last_name="Ashdown")
    return world


def test_counts_and_export_never_include_records_outside_the_scope(client, counted, settings):
    world = counted
    client.force_login(world["editor"])

    settings.PROVIDER_MODEL = "hat"
    chooser = client.get("/providers/choose/").content.decode()
    assert "2 trainee records" in chooser and "3 trainee records" in chooser
    assert "7 trainee records" not in chooser
    wear(client, world["alder"])
    assert "2 records" in client.get("/trainees/").content.decode()
    assert "2 records" in client.get("/trainees/?q=ashdown").content.decode()
    # The hat model has no provider filter: the parameter is ignored, never widening.
    assert "2 records" in client.get(f"/trainees/?provider={world['foreign'].pk}").content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get("/trainees/export/").streaming_content).decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 3

    settings.PROVIDER_MODEL = "blended"
    html = client.get("/trainees/").content.decode()
    assert "5 records" in html
    assert "Alder SCITT (2)" in html and "Birch University (3)" in html
    assert "Foreign Partnership" not in html
    assert "5 records" in client.get("/trainees/?q=ashdown").content.decode()
    assert (
        "5 records"
        in client.get(
            f"/trainees/?provider={world['foreign'].pk}&provider={world['alder'].pk}"
            f"&provider={world['birch'].pk}"
        ).content.decode()
    )
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(
                        f"/trainees/export/?provider={world['foreign'].pk}"
                    ).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 1  # the header alone
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get("/trainees/export/").streaming_content).decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 6
    assert {row[0] for row in rows[1:]} == {"Alder SCITT", "Birch University"}
