"""The provider header: on every signed-in page of the hat model, whatever the view passes.

The pages are walked from the URLconf (tests/routes.py), as the isolation matrix does, so
that a new page cannot leave the header out.
"""

import pytest
from django.template import engines

from providers.template_globals import provider_header_state
from tests.conftest import wear
from tests.factories import member_of
from tests.routes import signed_in_pages

pytestmark = pytest.mark.django_db

LINK = (
    '<a class="govuk-link govuk-link--no-visited-state app-provider-header__link" '
    'href="/providers/choose/"><span class="app-provider-header__name">'
    '<span class="govuk-visually-hidden">Working on </span>Alder SCITT</span> '
    '<span class="app-provider-header__action">Change provider</span></a>'
)
# The chooser is where the link goes: it shows the provider, without a link to itself.
CHOOSER = "providers:choose"


def test_every_signed_in_page_shows_the_provider_and_the_link_to_change_it(hat_client, alder):
    checked = []
    for name, url in signed_in_pages(alder):
        wear(hat_client, alder)
        response = hat_client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if name == CHOOSER:
            assert "Working on: </span>Alder SCITT" in html
            assert LINK not in html
        else:
            assert LINK in html, f"{name} ({url}) has no provider header link"
        checked.append(name)
    # The list, the record, every section, the task list, check your answers, every action.
    assert len(checked) >= 25, checked
    assert {"trainees:record", "trainees:check", "trainees:list"} <= set(checked)


def test_a_view_cannot_hide_the_header_by_passing_variables_of_the_same_name(hat_client, alder):
    request = hat_client.get("/trainees/").wsgi_request
    state = provider_header_state(request)
    assert state == {"provider": alder, "change_url": "/providers/choose/", "view_only": False}
    html = (
        engines["jinja2"]
        .from_string("{{ provider_header() }}")
        .render({"header": None, "can_change_provider": False}, request=request)
    )
    assert LINK in html


def test_one_provider_shows_the_name_without_a_link(client, alder):
    client.force_login(member_of(alder))
    html = client.get("/trainees/").content.decode()
    assert "Working on: </span>Alder SCITT" in html
    assert "Change provider" not in html


def test_the_blended_model_has_no_provider_header(blended_client):
    html = blended_client.get("/trainees/").content.decode()
    assert "app-provider-header" not in html
