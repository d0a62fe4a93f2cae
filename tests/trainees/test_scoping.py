import re
import uuid
from urllib.parse import urlencode

import pytest
from django.urls import get_resolver, reverse

from tests.factories import TraineeFactory, complete, member_of, registered
from tests.trainees.conftest import wear

pytestmark = pytest.mark.django_db


def listed_names(response):
    return set(
        re.findall(
            r'<a class="govuk-link" href="/trainees/[0-9a-f-]+/">([^<]+)</a>',
            response.content.decode(),
        )
    )


def test_hat_user_sees_only_the_active_providers_records(hat_client, alder, birch, foreign):
    TraineeFactory(provider=alder, first_names="Ada", last_name="Alder")
    TraineeFactory(provider=birch, first_names="Ben", last_name="Birch")
    TraineeFactory(provider=foreign, first_names="Fay", last_name="Foreign")
    response = hat_client.get("/trainees/")
    assert listed_names(response) == {"Ada Alder"}
    assert "1 record" in response.content.decode()

    wear(hat_client, birch)
    assert listed_names(hat_client.get("/trainees/")) == {"Ben Birch"}


def test_blended_user_sees_all_their_providers_records(blended_client, alder, birch, foreign):
    TraineeFactory(provider=alder, first_names="Ada", last_name="Alder")
    TraineeFactory(provider=birch, first_names="Ben", last_name="Birch")
    TraineeFactory(provider=foreign, first_names="Fay", last_name="Foreign")
    response = blended_client.get("/trainees/")
    html = response.content.decode()
    assert listed_names(response) == {"Ada Alder", "Ben Birch"}
    assert "2 records" in html
    # The provider column and filter appear for a user with two or more providers.
    assert '<th scope="col" class="govuk-table__header">Provider</th>' in html
    assert "Alder SCITT (1)" in html and "Birch University (1)" in html
    assert "Foreign Partnership" not in html


def test_the_provider_filter_narrows_to_one_provider(blended_client, alder, birch):
    for _ in range(3):
        TraineeFactory(provider=alder)
    for _ in range(2):
        TraineeFactory(provider=birch)
    html = blended_client.get(f"/trainees/?provider={birch.pk}").content.decode()
    assert "2 records" in html
    assert html.count('<td class="govuk-table__cell">Birch University</td>') == 2
    assert '<td class="govuk-table__cell">Alder SCITT</td>' not in html


def test_a_foreign_provider_in_the_filter_matches_nothing(blended_client, alder, foreign):
    TraineeFactory(provider=alder)
    TraineeFactory(provider=foreign)
    html = blended_client.get(f"/trainees/?provider={foreign.pk}").content.decode()
    assert "0 records" in html
    assert "No records match your filters" in html


def test_single_provider_blended_user_has_no_provider_filter(client, alder, settings):
    settings.PROVIDER_MODEL = "blended"
    client.force_login(member_of(alder))
    TraineeFactory(provider=alder)
    html = client.get("/trainees/").content.decode()
    assert "Provider</legend>" not in html
    assert '<th scope="col" class="govuk-table__header">Provider</th>' not in html


def trainee_routes():
    """Every trainees URL that takes a record id, with the HTTP methods its view accepts."""
    routes = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "trainees":
            continue
        for inner in pattern.url_patterns:
            if "<uuid:public_id>" in str(inner.pattern):
                routes.append(inner)
    return routes


def url_for(route, trainee, degree_id=None):
    kwargs = {"public_id": trainee.public_id}
    if "degree_id" in str(route.pattern):
        kwargs["degree_id"] = degree_id or 1
    return reverse(f"trainees:{route.name}", kwargs=kwargs)


def accepted_methods(client, url):
    """The methods a view accepts, from the Allow header of a method none of them take."""
    response = client.generic("PATCH", url)
    assert response.status_code == 405, url
    return [method.strip() for method in response["Allow"].split(",") if method.strip() != "HEAD"]


def test_every_record_url_is_not_found_for_a_non_member(client, foreign):
    trainee = complete(TraineeFactory(provider=foreign))
    degree_id = trainee.degrees.first().pk
    outsider = member_of(TraineeFactory().provider)
    client.force_login(outsider)
    routes = trainee_routes()
    assert len(routes) >= 15
    checked = 0
    for route in routes:
        url = url_for(route, trainee, degree_id)
        for method in accepted_methods(client, url):
            data = {"form_provider": outsider.providers.get().pk} if method == "POST" else None
            response = client.generic(
                method,
                url,
                data=urlencode(data or {}),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code == 404, f"{method} {url}: {response.status_code}"
            checked += 1
    assert checked > len(routes)
    trainee.refresh_from_db()
    assert trainee.first_names and trainee.state == "draft"


def test_an_unknown_record_id_is_not_found(hat_client):
    assert hat_client.get(f"/trainees/{uuid.uuid4()}/").status_code == 404
    assert hat_client.get("/trainees/not-a-uuid/").status_code == 404


def test_hat_model_record_of_another_of_your_providers_offers_to_switch(hat_client, birch):
    trainee = registered(TraineeFactory(provider=birch, first_names="Ben", last_name="Birch"))
    response = hat_client.get(trainee.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "This record belongs to Birch University" in html
    assert "Ben Birch" not in html
    switched = hat_client.post(
        "/providers/choose/",
        {
            "provider": birch.pk,
            "next": trainee.get_absolute_url(),
        },
    )
    assert switched["Location"] == trainee.get_absolute_url()
    assert "Ben Birch" in hat_client.get(trainee.get_absolute_url()).content.decode()


def test_export_is_scoped(blended_client, alder, foreign):
    TraineeFactory(provider=alder, last_name="Inside")
    TraineeFactory(provider=foreign, last_name="Outside")
    body = b"".join(blended_client.get("/trainees/export/").streaming_content).decode()
    assert "Inside" in body
    assert "Outside" not in body
