"""No user ever sees or changes another organisation's records.

The matrix is built from the URLconf itself: every route that takes a parameter must be
either a record route whose parameters this file knows how to fill, or listed below as not
a record route, with the reason. A new route that takes an id fails
``test_every_route_with_parameters_is_covered`` until it is added here.
"""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.urls import URLResolver, get_resolver, reverse

from providers.hat import HAT_SESSION_KEY
from tests.factories import ProviderFactory, TraineeFactory, complete, member_of, registered

pytestmark = pytest.mark.django_db

# Routes whose parameters are not records of a provider.
NOT_RECORD_ROUTES = {
    "account_confirm_email": "allauth's e-mail confirmation key (e-mail verification is off)",
    "account_reset_password_from_key": "a signed, single-use password reset token",
}
# Record parameters the matrix knows how to fill, from a trainee and its degree.
RECORD_PARAMETERS = {"public_id", "degree_id"}
ADMIN_NAMESPACE = "admin"  # staff only, behind allauth's sign-in: tested in tests/providers


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        else:
            yield prefix + str(pattern.pattern), namespace, pattern


def routes_with_parameters():
    found = []
    for route, namespace, pattern in walk(get_resolver().url_patterns):
        if namespace == ADMIN_NAMESPACE:
            continue
        parameters = set(pattern.pattern.regex.groupindex)
        if parameters:
            found.append((route, namespace, pattern.name, parameters))
    return found


def record_routes():
    return [
        (namespace, name, parameters)
        for _, namespace, name, parameters in routes_with_parameters()
        if name not in NOT_RECORD_ROUTES
    ]


def test_every_route_with_parameters_is_covered():
    uncovered = [
        f"{route} ({name})"
        for route, _, name, parameters in routes_with_parameters()
        if name not in NOT_RECORD_ROUTES and not parameters <= RECORD_PARAMETERS
    ]
    assert uncovered == [], f"add these routes to the isolation matrix: {uncovered}"
    assert len(record_routes()) >= 20


@pytest.fixture
def world():
    alder = ProviderFactory(name="Alder SCITT")
    birch = ProviderFactory(name="Birch University")
    foreign = ProviderFactory(name="Foreign Partnership")
    return {
        "alder": alder,
        "birch": birch,
        "foreign": foreign,
        "member": member_of(alder, birch),
        "outsider": member_of(foreign),
    }


def make_record(provider, registered_record: bool):
    # A route on which every section applies, so that every section's page exists.
    trainee = complete(
        TraineeFactory(
            provider=provider,
            training_route="school_direct_salaried",
            funding_type="grant",
            lead_partner_school="Oak School",
            employing_school="Elm School",
        )
    )
    if registered_record:
        registered(trainee)
    return trainee


def url_for(namespace, name, parameters, trainee):
    kwargs = {"public_id": trainee.public_id}
    if "degree_id" in parameters:
        kwargs["degree_id"] = trainee.degrees.first().pk
    return reverse(f"{namespace}:{name}", kwargs=kwargs)


def accepted_methods(client, url):
    """The methods a view accepts, from the Allow header of a method none of them take."""
    response = client.generic("PATCH", url)
    assert response.status_code == 405, (url, response.status_code)
    return [m.strip() for m in response["Allow"].split(",") if m.strip() not in ("HEAD", "")]


def send(client, method, url, provider):
    data = urlencode({"form_provider": provider.pk}) if method == "POST" else ""
    return client.generic(method, url, data, content_type="application/x-www-form-urlencoded")


def wear(client, provider):
    session = client.session
    session[HAT_SESSION_KEY] = provider.pk
    session.save()


@pytest.mark.parametrize("registered_record", [False, True], ids=["draft", "registered"])
def test_isolation_matrix(client, world, settings, registered_record):
    settings.PROVIDER_MODEL = "hat"
    checked = 0
    for namespace, name, parameters in record_routes():
        probe = make_record(world["alder"], registered_record)
        client.force_login(world["member"])
        wear(client, world["alder"])
        methods = accepted_methods(client, url_for(namespace, name, parameters, probe))
        for method in methods:
            # Anonymous: sent to sign in.
            trainee = make_record(world["alder"], registered_record)
            url = url_for(namespace, name, parameters, trainee)
            client.logout()
            response = send(client, method, url, world["alder"])
            assert response.status_code == 302, (method, url, response.status_code)
            assert response["Location"].startswith("/accounts/login/"), (method, url)

            # Not a member of the record's provider: 404, nothing else, nothing changed.
            client.force_login(world["outsider"])
            before = trainee.version
            response = send(client, method, url, world["foreign"])
            assert response.status_code == 404, (method, url, response.status_code)
            trainee.refresh_from_db()
            assert trainee.version == before

            # A member wearing another of their providers' hats: offered a switch.
            client.force_login(world["member"])
            wear(client, world["birch"])
            response = send(client, method, url, world["birch"])
            assert response.status_code == 200, (method, url, response.status_code)
            assert "This record belongs to Alder SCITT" in response.content.decode()

            # A member acting for the record's provider: allowed.
            wear(client, world["alder"])
            response = send(client, method, url, world["alder"])
            assert response.status_code in (200, 302, 409), (method, url, response.status_code)
            checked += 1
    assert checked > len(record_routes())


def test_blended_member_and_outsider(client, world, settings):
    settings.PROVIDER_MODEL = "blended"
    trainee = make_record(world["birch"], True)
    client.force_login(world["member"])
    assert client.get(trainee.get_absolute_url()).status_code == 200
    client.force_login(world["outsider"])
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
