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

from tests.factories import (
    MembershipFactory,
    ProviderFactory,
    TraineeFactory,
    UserFactory,
    member_of,
)
from tests.routes import (
    NOT_RECORD_ROUTES,
    RECORD_PARAMETERS,
    ROUTE_STATES,
    STAFF_ONLY_ROUTES,
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


@pytest.fixture
def world():
    alder = ProviderFactory(name="Alder SCITT")
    birch = ProviderFactory(name="Birch University")
    foreign = ProviderFactory(name="Foreign Partnership")
    staff = UserFactory(is_staff=True)
    for provider in (alder, birch):
        MembershipFactory(user=staff, provider=provider)
    return {
        "alder": alder,
        "birch": birch,
        "foreign": foreign,
        "member": member_of(alder, birch),
        "staff": staff,
        "outsider": member_of(foreign),
    }


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
    client.force_login(world["member"])
    wear(client, world["alder"])
    methods = accepted_methods(client, url_for(namespace, name, parameters, probe))
    allowed_actor = "staff" if name in STAFF_ONLY_ROUTES else "member"
    for method in methods:
        trainee = make_record(world["alder"], state)
        url = url_for(namespace, name, parameters, trainee)
        client.force_login(world[allowed_actor])
        wear(client, world["alder"])
        drawn = as_drawn(client, url, trainee, world["alder"]) if method == "POST" else {}

        # Anonymous: sent to sign in, nothing changed.
        client.logout()
        before = snapshot(trainee)
        response = send(client, method, url, drawn)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response["Location"].startswith("/accounts/login/"), (method, url)
        assert snapshot(trainee) == before

        # Not a member of the record's provider: 404, nothing changed.
        client.force_login(world["outsider"])
        foreign_form = {**drawn, "form_provider": world["foreign"].pk}
        assert_refused_and_unchanged(client, method, url, foreign_form, trainee, 404)

        if name in STAFF_ONLY_ROUTES:
            # A member whose role does not allow the action: 403, nothing changed.
            client.force_login(world["member"])
            wear(client, world["alder"])
            assert_refused_and_unchanged(client, method, url, drawn, trainee, 403)

        client.force_login(world[allowed_actor])
        if model == "hat":
            # Wearing another of their providers' hats: offered a switch, nothing saved.
            wear(client, world["birch"])
            other_hat = {**drawn, "form_provider": world["birch"].pk}
            if method == "POST":
                assert_refused_and_unchanged(
                    client,
                    method,
                    url,
                    other_hat,
                    trainee,
                    409,
                    "You changed provider while this form was open",
                )
            else:
                assert_refused_and_unchanged(
                    client, method, url, {}, trainee, 200, "This record belongs to Alder SCITT"
                )
            wear(client, world["alder"])

        # Allowed: the page, or the action done (or its form redrawn with errors).
        response = send(client, method, url, drawn)
        expected = (200, 302) if method == "POST" else (200,)
        assert response.status_code in expected, (method, url, response.status_code)


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
    client.force_login(world["member"])

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
